"""Hub-wide protections: security headers, session lifetimes, and rate limits on writes."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from ipaddress import ip_address, ip_network
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from partners import permissions as partner_permissions
from partners.audit import client_ip
from partners.middleware import must_set_up_mfa

Handler = Callable[[HttpRequest], HttpResponse]


class LanguageMiddleware:
    """Swedish unless the person chose otherwise (the language form sets a cookie). The browser's
    Accept-Language is ignored: a municipal hub speaks Swedish by default on any browser."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


NO_STORE = "private, no-store"


def cache_allowed(view: Handler) -> Handler:
    """Lets a page a logged-in person sees be cached after all (it holds nothing restricted)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response.hub_cache_allowed = True  # type: ignore[attr-defined]
        return response

    return wrapped


class SecurityHeadersMiddleware:
    """A Content-Security-Policy without inline scripts whose sockets reach only this hub, and
    no-store on every page a logged-in person sees (and on the sensitive prefixes for anyone)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        self.directives = {name: value for name, value in settings.HUB_CSP.items() if name != "connect-src"}

    def policy(self, request: HttpRequest) -> str:
        socket_origin = f"{'wss' if request.is_secure() else 'ws'}://{request.get_host()}"
        directives = {**self.directives, "connect-src": f"'self' {socket_origin}"}
        return "; ".join(f"{name} {value}" for name, value in directives.items())

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", self.policy(request))
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)")
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        sensitive = request.path.startswith(tuple(settings.HUB_NO_STORE_PREFIXES))
        if sensitive or (signed_in and not getattr(response, "hub_cache_allowed", False)):
            response["Cache-Control"] = NO_STORE
        return response


class TrustedProxyMiddleware:
    """X-Forwarded-Proto says "this came over HTTPS" only when a proxy we run says it: the header is
    dropped unless the connection comes from an address in HUB_PROXY_ADDRESSES."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        self.proxies = [ip_network(value, strict=False) for value in settings.HUB_PROXY_ADDRESSES]

    def trusted(self, address: str) -> bool:
        try:
            peer = ip_address(address)
        except ValueError:
            return False
        return any(peer in network for network in self.proxies)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "HTTP_X_FORWARDED_PROTO" in request.META and not self.trusted(request.META.get("REMOTE_ADDR", "")):
            del request.META["HTTP_X_FORWARDED_PROTO"]
        return self.get_response(request)


REFRESH_HEADER = "X-Hub-Refresh"


def _refreshing(request: HttpRequest) -> bool:
    return bool(request.headers.get(REFRESH_HEADER))


class SessionLifetimeMiddleware:
    """Ends a logged-in session after HUB_SESSION_IDLE_SECONDS without a request, and in any case
    HUB_SESSION_MAX_SECONDS after login. The activity stamp is written at most once a minute; a page
    refreshing its own parts (refresh.js, header X-Hub-Refresh) is not the person acting, so it
    never keeps an abandoned session alive."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.setdefault("hub_started_at", now)
            seen = session.get("hub_seen_at", now)
            if (
                now - seen > settings.HUB_SESSION_IDLE_SECONDS
                or now - started > settings.HUB_SESSION_MAX_SECONDS
            ):
                logout(request)
                request.session["hub_session_expired"] = True
            elif "hub_seen_at" not in session or (
                now - seen >= 60 and not request.headers.get(REFRESH_HEADER)
            ):
                session["hub_seen_at"] = now
        return self.get_response(request)


def session_ends_at(session: Any) -> int | None:
    """Unix time at which the idle or the absolute lifetime ends this session if nothing else happens."""
    seen = session.get("hub_seen_at") if session is not None else None
    if seen is None:
        return None
    return min(
        seen + settings.HUB_SESSION_IDLE_SECONDS,
        session.get("hub_started_at", seen) + settings.HUB_SESSION_MAX_SECONDS,
    )


def session_seconds_left(session: Any) -> float | None:
    """Seconds until the session ends; 0 or less: it has ended."""
    ends = session_ends_at(session)
    return None if ends is None else ends - time.time()


def socket_account_problem(user: Any, session: Any) -> str | None:
    """The account rules HTTP applies (login, active user and organisation, two-factor set-up where
    required, session lifetime), for a socket: None when it may stay, else why not."""
    if user is None or not user.is_authenticated or not user.is_active:
        return "unauthenticated"
    if partner_permissions.is_shut_out(user):
        return "organisation_inactive"
    if must_set_up_mfa(user):
        return "mfa_required"
    left = session_seconds_left(session)
    if left is not None and left <= 0:
        return "session_expired"
    return None


def session_expiry(request: HttpRequest) -> int | None:
    """Unix time at which this session ends if the user does nothing more (for the warning)."""
    return session_ends_at(request.session)


class WriteRateLimitMiddleware:
    """Limits POSTs per person (or per address when anonymous) to the URL prefixes listed in
    HUB_WRITE_RATE_LIMITS: floods of posts, reports, escalations, invitations and uploads get a 429."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST":
            for prefix, limit, seconds in settings.HUB_WRITE_RATE_LIMITS:
                if request.path.startswith(prefix) and not self._allow(request, prefix, limit, seconds):
                    return render(request, "429.html", {"retry_after": seconds}, status=429)
        return self.get_response(request)

    @staticmethod
    def _allow(request: HttpRequest, prefix: str, limit: int, seconds: int) -> bool:
        user = getattr(request, "user", None)
        who = f"u{user.pk}" if user is not None and user.is_authenticated else f"ip{client_ip(request)}"
        window = int(time.time()) // seconds
        key = f"ratelimit:{prefix}:{who}:{window}"
        cache.add(key, 0, timeout=seconds + 1)
        try:
            count = cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=seconds + 1)
            count = 1
        return count <= limit


class DuplicateSubmissionMiddleware:
    """A form posted twice with the same one-time submission id is acted on once.

    The first POST claims the id (cache.add is atomic, also in Redis across processes); a repeat
    waits for the first to finish and is sent where the first one went, so a double click or a
    back-and-resubmit creates one object. A first POST that does not redirect (a form with errors)
    releases the id, since the page it shows carries a new one anyway.
    """

    WAIT_SECONDS = 10.0
    TTL = 3600

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        submission = request.POST.get("_submission", "") if request.method == "POST" else ""
        if not (len(submission) == 32 and submission.isalnum()):
            return self.get_response(request)
        user = getattr(request, "user", None)
        who = user.pk if user is not None and user.is_authenticated else request.session.session_key
        key = f"submission:{who}:{submission}"
        if not cache.add(key, "pending", timeout=self.TTL):
            return self._repeat(request, key)
        response = self.get_response(request)
        if response.status_code in (301, 302, 303) and response.has_header("Location"):
            cache.set(key, response["Location"], timeout=self.TTL)
        else:
            cache.delete(key)
        return response

    def _repeat(self, request: HttpRequest, key: str) -> HttpResponse:
        deadline = time.monotonic() + self.WAIT_SECONDS
        outcome = cache.get(key)
        while outcome == "pending" and time.monotonic() < deadline:
            time.sleep(0.05)
            outcome = cache.get(key)
        if outcome and outcome != "pending":
            messages.info(request, _("This form was already sent; it was handled once."))
            return redirect(outcome)
        if outcome is None:
            # The first attempt showed the form again (e.g. with errors): this one may proceed.
            return self.get_response(request)
        return render(request, "409.html", status=409)
