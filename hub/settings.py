"""Settings for the Samverkan hub, read from the environment with embedded defaults for the demo."""

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    """A setting from the environment, or from the file named by NAME_FILE (for container secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    if not value:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = env(name)
    return int(value) if value else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = env(name)
    return [item.strip() for item in value.split(",") if item.strip()] if value else default


DEBUG = env_bool("DJANGO_DEBUG", False)
# The demo that `make run` serves on loopback: the hub's own error pages (DEBUG off), but a demo
# secret, demo data, plain HTTP and no two-factor requirement are allowed. Never in production.
HUB_DEMO = env_bool("HUB_DEMO", False)
TESTING = env_bool("HUB_TESTING", False) or "pytest" in sys.modules

SECRET_KEY = env("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or TESTING or HUB_DEMO):
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (production).")
    SECRET_KEY = "insecure-demo-key-only-for-local-development-and-tests-0123456789"

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG or TESTING or HUB_DEMO else []
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    # Domain apps, base first: later apps may import earlier ones only as DESIGN.md allows.
    "partners",
    "realtime",
    "agreements",
    "forum",
    "reports",
    "escalations",
    "situation",
    "integrations",
    "intake",
    "meetings",
    "hub",
]

MIDDLEWARE = [
    "hub.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "partners.audit_middleware.AuditContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hub.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "partners.middleware.RequireMfaMiddleware",
    "hub.middleware.SessionLifetimeMiddleware",
    "hub.middleware.WriteRateLimitMiddleware",
    "hub.middleware.DuplicateSubmissionMiddleware",
    "hub.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "hub.urls"
ASGI_APPLICATION = "hub.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hub.context_processors.hub",
                "hub.context_processors.maps",
            ],
            "builtins": ["hub.templatetags.submission"],
        },
    },
]

# Database: embedded SQLite in WAL mode by default; DATABASE_URL switches to PostgreSQL.
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_health_checks=True)}
    DATABASES["default"].setdefault("OPTIONS", {})
    if DATABASES["default"]["ENGINE"].endswith("postgresql"):
        # Under ASGI every request runs in a thread of its own, so persistent per-thread
        # connections would pile up; a pool lends one per request and takes it back.
        DATABASES["default"]["OPTIONS"]["pool"] = {
            "min_size": 1,
            "max_size": env_int("HUB_DB_POOL_SIZE", 12),
            "timeout": 20,
        }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
            "OPTIONS": {},
        }
    }
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets readers run beside one writer; IMMEDIATE transactions take the write lock up front
    # so two writers queue on the busy timeout instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": ("PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
    # Requests run on a few long-lived threads (hub/concurrency.py) and sockets on one, so each keeps
    # its connection instead of opening one, registering functions and running the PRAGMAs every time.
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("HUB_DB_CONN_MAX_AGE", 600)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# HTTP requests running Django code at once per process (hub/concurrency.py); the rest wait in line.
HUB_HTTP_CONCURRENCY = env_int("HUB_HTTP_CONCURRENCY", 8)
# Sign-ins (POST to LOGIN_URL) at once per process, beside the pages' slots (hub/concurrency.py).
HUB_LOGIN_CONCURRENCY = env_int("HUB_LOGIN_CONCURRENCY", 2)
# Under Daphne, sockets send at once rather than on the reactor's next poll (hub/transport.py).
HUB_DIRECT_SOCKET_WRITES = env_bool("HUB_DIRECT_SOCKET_WRITES", True)
# Allocations between young-generation collections in a serving process (Python's default: 700).
HUB_GC_YOUNG_THRESHOLD = env_int("HUB_GC_YOUNG_THRESHOLD", 20000)
AUTH_USER_MODEL = "partners.User"

# Channel layer: in-process by default; Redis when REDIS_URL is set (several Daphne processes).
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            # channels_redis plus group_send_many(): a fan-out in a few round trips (realtime/redis_layer.py).
            "BACKEND": "realtime.redis_layer.BulkRedisChannelLayer",
            # redis-py 8 reads with a 5 s socket timeout by default, which races channels_redis's 5 s
            # BZPOPMIN and kills idle consumers; read timeout above it, connect fast on an outage.
            "CONFIG": {
                "hosts": [{"address": REDIS_URL, "socket_timeout": 15, "socket_connect_timeout": 2}],
                # Each process has one inbox for all its sockets: it must hold a whole fan-out.
                "capacity": 20000,
                "expiry": 60,
            },
        }
    }
    CACHES = {
        "default": {
            # Fails open (logs, treats as a miss) so a Redis outage never turns a POST into a 500.
            "BACKEND": "realtime.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    # Our own in-process layer: linear group_send, no silent drops (see realtime/layers.py and
    # docs/PERFORMANCE.md); InMemoryChannelLayer is quadratic in the group size and drops when full.
    # HUB_CHANNEL_LAYER lets bench/fanout.py measure the stock InMemoryChannelLayer for comparison.
    CHANNEL_LAYERS = {"default": {"BACKEND": env("HUB_CHANNEL_LAYER", "realtime.layers.LocalChannelLayer")}}
    # Locmem's default of 300 entries is less than one fragment per panel for 200 people signed in;
    # past it, it throws away a third of everything at random (fragments, rate-limit counters).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }

AUTHENTICATION_BACKENDS = [
    "partners.backends.HubModelBackend",
    "partners.backends.HubAuthenticationBackend",
    # Sessions signed in before these existed name the stock backends; they stay valid.
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

PASSWORD_HASHERS = [
    "partners.hashers.LowPriorityArgon2idPasswordHasher",
    "partners.hashers.LowPriorityPBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# allauth: a closed network. Nobody signs up; people arrive through an invitation.
ACCOUNT_ADAPTER = "partners.adapters.ClosedNetworkAccountAdapter"
USERSESSIONS_ADAPTER = "partners.adapters.SocketClosingUserSessionsAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGIN_BY_CODE_ENABLED = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Samverkan] "
# allauth's limits, with the per-address login limit configurable: a municipality's offices may sit
# behind one NAT address (and the load test logs in hundreds of users from 127.0.0.1).
ACCOUNT_RATE_LIMITS = {
    "change_password": "5/m/user",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "reauthenticate": "10/m/user",
    "login": env("HUB_LOGIN_RATE", "30/m/ip"),
    # allauth counts an attempt against this before checking the password and gives it back on success.
    "login_failed": env("HUB_LOGIN_FAILED_RATE", "10/m/ip,5/300s/key"),
    "signup": "20/m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Samverkan"
# Tracking activity would write to the database on every request; the list shows login times.
USERSESSIONS_TRACK_ACTIVITY = False
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"

# Leadership, coordinators and chairs must use two-factor login when this is on.
HUB_MFA_REQUIRED_FOR_PRIVILEGED = env_bool("HUB_MFA_REQUIRED", not (DEBUG or HUB_DEMO))
HUB_INVITATION_DAYS = env_int("HUB_INVITATION_DAYS", 7)
HUB_SITE_URL = env("HUB_SITE_URL", "http://127.0.0.1:8000")
# How many reverse proxies in front of the hub append to X-Forwarded-For; 0 trusts none, so a
# forged header cannot change the address rate limits and the audit log see.
HUB_TRUSTED_PROXIES = env_int("HUB_TRUSTED_PROXIES", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = HUB_TRUSTED_PROXIES
# The addresses of the reverse proxies whose X-Forwarded-Proto is believed (the proxy on this host
# by default); from anyone else the header is dropped, so a client cannot claim HTTPS.
HUB_PROXY_ADDRESSES = env_list("HUB_PROXY_ADDRESSES", ["127.0.0.1/32", "::1/128"])

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "hub" / "locale"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
# The hub runs its scheduled jobs itself (hub/scheduler.py) when no cron or timer does: `make run`
# turns it on; every process that has it competes for each slot and one runs it.
HUB_SCHEDULER = env_bool("HUB_SCHEDULER", False)
# Daphne serves static files itself unless a proxy in front does (HUB_SERVE_STATIC=0).
HUB_SERVE_STATIC = env_bool("HUB_SERVE_STATIC", True)

# Email: console by default; SMTP when EMAIL_HOST is set.
EMAIL_HOST = env("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
elif env("EMAIL_FILE_PATH"):
    # Each message as a file in this folder (browser tests read the resident's mail from it).
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env("EMAIL_FILE_PATH")
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Samverkan <noreply@samverkan.local>")

# Sessions end after 30 minutes without a request (a warning offers to extend two minutes before)
# and in any case 12 hours after login.
HUB_SESSION_IDLE_SECONDS = env_int("HUB_SESSION_IDLE_MINUTES", 30) * 60
HUB_SESSION_MAX_SECONDS = env_int("HUB_SESSION_MAX_HOURS", 12) * 3600
HUB_SESSION_WARNING_SECONDS = 120
SESSION_COOKIE_AGE = HUB_SESSION_MAX_SECONDS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Map tiles (Leaflet, static/vendor/leaflet): OpenStreetMap's by default; empty for no tiles (the
# maps still show area outlines and pins). The CSP allows images from exactly this host.
HUB_MAP_TILE_URL = env("HUB_MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
HUB_MAP_TILE_ATTRIBUTION = env("HUB_MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors")
# Where a map opens before it has pins: the municipality's centre (Haninge by default).
HUB_MAP_CENTRE = (float(env("HUB_MAP_CENTRE_LAT", "59.1687")), float(env("HUB_MAP_CENTRE_LON", "18.1437")))
_TILE_HOST = urlsplit(HUB_MAP_TILE_URL.replace("{s}", "a")) if HUB_MAP_TILE_URL else None
HUB_MAP_TILE_ORIGIN = f"{_TILE_HOST.scheme}://{_TILE_HOST.netloc}" if _TILE_HOST and _TILE_HOST.netloc else ""
HUB_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": f"'self' data: {HUB_MAP_TILE_ORIGIN}".strip(),
    # connect-src is built per request: 'self' and this hub's own socket origin, nothing else.
    "font-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# Pages with police-sensitive or personal content are never stored by browsers or proxies.
HUB_NO_STORE_PREFIXES = ["/reports/", "/escalations/", "/accounts/", "/partners/audit/", "/notifications/"]
# POSTs per person per window (prefix, count, seconds); allauth limits login, MFA and password reset.
HUB_WRITE_RATE_LIMITS = [
    ("/partners/", env_int("HUB_RATE_INVITATIONS_PER_HOUR", 60), 3600),
    ("/forum/", env_int("HUB_RATE_FORUM_POSTS_PER_MINUTE", 20), 60),
    ("/reports/", env_int("HUB_RATE_REPORTS_PER_MINUTE", 20), 60),
    ("/escalations/", env_int("HUB_RATE_ESCALATION_ACTIONS_PER_MINUTE", 20), 60),
]
# Partner systems (integrations): API keys' request rate (requests, seconds), webhook sending.
INTEGRATIONS_API_RATE_LIMIT = (env_int("INTEGRATIONS_API_REQUESTS_PER_MINUTE", 600), 60)
INTEGRATIONS_CONTACT = env("INTEGRATIONS_CONTACT", "trygghetssamordnare@haninge.se")
# Plain http:// webhook addresses only when debugging or when a test (loopback) says so.
INTEGRATIONS_WEBHOOK_ALLOW_HTTP = env_bool("INTEGRATIONS_WEBHOOK_ALLOW_HTTP", False)
# A CA bundle to trust for webhook receivers instead of the system's (a private CA).
INTEGRATIONS_WEBHOOK_CA_FILE = env("INTEGRATIONS_WEBHOOK_CA_FILE")
INTEGRATIONS_WEBHOOK_TIMEOUT = env_int("INTEGRATIONS_WEBHOOK_TIMEOUT", 10)
INTEGRATIONS_WEBHOOK_WORKERS = env_int("INTEGRATIONS_WEBHOOK_WORKERS", 16)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if not (DEBUG or TESTING or HUB_DEMO):
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "WARNING")},
}

# --- reports ---
# Reports whose category and area match no routing rule go to this organisation (by name); empty
# leaves them unassigned for the coordinators to route by hand.
REPORTS_FALLBACK_ORGANISATION_NAME = env("REPORTS_FALLBACK_ORGANISATION_NAME", "")
# Response time in hours per incident category, used until the Handslag agreement in force sets
# a response target for the category (wired in hub.apps through reports.hooks).
REPORTS_DEFAULT_RESPONSE_HOURS = {
    "vandalism": 48,
    "graffiti": 72,
    "littering": 72,
    "lighting": 120,
    "unsafe_place": 72,
    "drugs": 24,
    "youth_unrest": 24,
    "fire": 4,
    "other": 120,
}
# The overdue ladder (manage.py report_overdue): at the due time the responsible organisation's
# admins are told; REPORTS_GRACE_HOURS after it the coordinators; a high-severity report still
# open REPORTS_LEADERSHIP_HOURS after the due time is raised to leadership.
REPORTS_GRACE_HOURS = env_int("REPORTS_GRACE_HOURS", 24)
REPORTS_LEADERSHIP_HOURS = env_int("REPORTS_LEADERSHIP_HOURS", 48)
REPORTS_MAX_PHOTOS = 5
REPORTS_MAX_PHOTO_BYTES = env_int("REPORTS_MAX_PHOTO_MB", 10) * 1024 * 1024

# --- realtime ---
# Client messages per socket: a token bucket of REALTIME_SOCKET_BURST refilled at RATE per second;
# a socket that exceeds it is closed with code 4429 (docs/REALTIME.md).
REALTIME_SOCKET_RATE = float(env("REALTIME_SOCKET_RATE", "5"))
REALTIME_SOCKET_BURST = env_int("REALTIME_SOCKET_BURST", 20)

# --- escalations ---
# Time for leadership to acknowledge an escalation, per urgency (hours, or working days Mon-Fri).
ESCALATION_TARGETS = {
    "acute": {"hours": env_int("ESCALATION_ACUTE_HOURS", 1)},
    "urgent": {"hours": env_int("ESCALATION_URGENT_HOURS", 4)},
    "normal": {"working_days": env_int("ESCALATION_NORMAL_WORKING_DAYS", 3)},
}
# New escalations per organisation per hour; the next one is refused with a clear message.
ESCALATION_RATE_LIMIT_PER_HOUR = env_int("ESCALATION_RATE_LIMIT_PER_HOUR", 5)
# Models an escalation may link to as its source (app_label.model); each has visible_to(user).
ESCALATION_SOURCE_MODELS = ["forum.thread", "reports.report"]

# --- forum ---
# A post flagged by members of this many different organisations is hidden at once until a chair looks.
FORUM_FLAG_HIDE_ORGANISATIONS = 3
FORUM_POSTS_PER_PAGE = 30
FORUM_THREADS_PER_PAGE = 30

# --- situation ---
# The weekly picture names organisations and walk participants: never cached by a browser or proxy;
# filing walk findings creates reports, so its writes are rate-limited like the reports part's.
HUB_NO_STORE_PREFIXES = [*HUB_NO_STORE_PREFIXES, "/situation/"]
HUB_WRITE_RATE_LIMITS = [
    *HUB_WRITE_RATE_LIMITS,
    ("/situation/", env_int("HUB_RATE_SITUATION_PER_MINUTE", 30), 60),
]

# --- intake (felanmälan from residents) ---
# A resident's report enters triage once its confirmation link is followed; limits per e-mail
# address (a day) and per sender address (an hour) are shown as a clear message, the POST rate limit
# catches floods before any work is done.
INTAKE_MAX_PER_EMAIL_PER_DAY = env_int("INTAKE_MAX_PER_EMAIL_PER_DAY", 5)
INTAKE_MAX_PER_ADDRESS_PER_HOUR = env_int("INTAKE_MAX_PER_ADDRESS_PER_HOUR", 30)
INTAKE_MAX_PHOTOS = 3
HUB_WRITE_RATE_LIMITS = [
    *HUB_WRITE_RATE_LIMITS,
    ("/felanmalan/", env_int("HUB_RATE_INTAKE_PER_MINUTE", 20), 60),
]
# The tracking page is behind a secret link: never stored by a browser or proxy.
HUB_NO_STORE_PREFIXES = [*HUB_NO_STORE_PREFIXES, "/felanmalan/"]

# --- retention ---
# Resolved or rejected reports are anonymised this many days after they were closed (resolved_at,
# or the last event of a rejected one) by `manage.py anonymise_reports` (run daily): reporter,
# place, description, coordinates, photos and history notes go; organisation, area, category,
# severity, status and times stay, so the weekly lägesbild's counts do not change. Open reports never.
REPORTS_RETENTION_DAYS = env_int("REPORTS_RETENTION_DAYS", 365)
