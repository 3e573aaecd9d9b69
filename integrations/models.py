"""Partner systems: API keys per organisation, webhook endpoints and their outbox of deliveries."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import Organisation

KEY_PREFIX = "smv_"


class ApiKeyQuerySet(models.QuerySet["ApiKey"]):
    def usable(self, now: object = None) -> ApiKeyQuerySet:
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, organisation__is_active=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )


class ApiKey(models.Model):
    """A secret a partner system sends with each request; only its SHA-256 is stored.

    Each key acts as its own service identity: a user of the organisation (role member, no password)
    named "API key <name> of <organisation>", so a key sees exactly what the organisation's members
    see, through the same selectors, and the audit log names the key.
    """

    class Scope(models.TextChoices):
        READ = "read", _("Read")
        WRITE = "write", _("Write")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="api_keys"
    )
    name = models.CharField(_("name"), max_length=80)
    key_hash = models.CharField(max_length=64, unique=True)
    # The first characters of the key, shown so a person can tell their keys apart.
    hint = models.CharField(max_length=16)
    scopes = models.CharField(_("scopes"), max_length=32, default=Scope.READ)
    service_user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_key"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "name", "id"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @property
    def audit_label(self) -> str:
        return f"API key {self.name} of {self.organisation.name}"

    @staticmethod
    def new_secret() -> str:
        return KEY_PREFIX + secrets.token_urlsafe(32)

    @staticmethod
    def hash(secret: str) -> str:
        # A key is 256 random bits, so a plain SHA-256 cannot be reversed by guessing.
        return hashlib.sha256(secret.encode()).hexdigest()

    @property
    def scope_list(self) -> list[str]:
        return [scope for scope in self.scopes.split(",") if scope]

    def allows(self, scope: str) -> bool:
        return scope in self.scope_list

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return not self.is_revoked and not self.is_expired and self.organisation.is_active


class WebhookEvent(models.TextChoices):
    ROUTED = "report.routed", _("A report was routed to us")
    STATUS_CHANGED = "report.status_changed", _("A report of ours changed status")
    FORWARDED_AWAY = "report.forwarded_away", _("A report was forwarded away from us")
    ESCALATION_ANSWERED = "escalation.answered", _("Our escalation was answered")


class WebhookEndpoint(models.Model):
    """An organisation's HTTPS address that receives signed event deliveries."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="webhooks"
    )
    url = models.URLField(_("address"), max_length=400)
    events = models.CharField(_("events"), max_length=200)
    # Needed in clear to sign each delivery; shown once when the endpoint is created.
    secret = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    paused_at = models.DateTimeField(_("paused"), null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["organisation__name", "url", "id"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self) -> str:
        return self.url

    @property
    def audit_label(self) -> str:
        return f"webhook {self.url} of {self.organisation.name}"

    @property
    def event_list(self) -> list[str]:
        return [event for event in self.events.split(",") if event]

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None

    @staticmethod
    def new_secret() -> str:
        return secrets.token_hex(32)


# Waits between attempts; the last repeats until RETRY_FOR has passed since the event.
RETRY_DELAYS = [
    timedelta(seconds=30),
    timedelta(minutes=2),
    timedelta(minutes=10),
    timedelta(minutes=30),
    timedelta(hours=1),
    timedelta(hours=2),
    timedelta(hours=4),
]
RETRY_FOR = timedelta(hours=25)


class WebhookDelivery(models.Model):
    """One event for one endpoint: written in the event's transaction (outbox), sent by the worker."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Given up")

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(_("event"), max_length=40, choices=WebhookEvent.choices)
    body = models.TextField()
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_due_idx")]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint_id} ({self.status})"

    def delay_after(self, attempts: int) -> timedelta:
        return RETRY_DELAYS[min(attempts, len(RETRY_DELAYS)) - 1]


class WebhookAttempt(models.Model):
    """One try at sending a delivery: what the receiver answered, kept for the log."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="tries")
    at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    response_excerpt = models.CharField(max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.delivery_id} {self.status_code or self.error}"

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class CalendarFeed(models.Model):
    """A person's secret iCalendar address; only the token's SHA-256 is stored."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"calendar of {self.user_id}"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()
