"""Every change to partner-system integrations: API keys, webhook endpoints, the outbox and its
deliveries, personal calendar feeds. Each writes its audit event inside its transaction."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from integrations import permissions
from integrations.models import (
    ApiKey,
    CalendarFeed,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from partners import audit
from partners.models import Membership, Organisation, User
from realtime.messages import Message
from realtime.services import notify
from reports.permissions import admins_of

# An endpoint that failed this many times in a row without one success is paused.
PAUSE_AFTER_FAILURES = 50


# --- API keys -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IssuedKey:
    key: ApiKey
    secret: str  # shown once, never stored


def _clean_scopes(scopes: list[str]) -> str:
    chosen = [scope for scope in ApiKey.Scope.values if scope in scopes]
    unknown = set(scopes) - set(ApiKey.Scope.values)
    if unknown or not chosen:
        raise ValidationError({"scopes": _("Choose read, write or both.")})
    return ",".join(chosen)


def create_api_key(
    *,
    organisation: Organisation,
    by: User | None,
    name: str,
    scopes: list[str],
    expires_at: datetime | None = None,
) -> IssuedKey:
    """A new key for the organisation with its own service identity; by=None is the operator's
    command line (manage.py create_api_key)."""
    if by is not None and not permissions.can_manage_integrations(by, organisation):
        raise PermissionDenied
    name = name.strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Give the key a name.")
    if not organisation.is_active:
        errors["organisation"] = _("The organisation is not active.")
    if expires_at is not None and expires_at <= timezone.now():
        errors["expires_at"] = _("The expiry must be in the future.")
    try:
        scope_text = _clean_scopes(scopes)
    except ValidationError as error:
        errors.update({key: value[0] for key, value in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    secret = ApiKey.new_secret()
    with transaction.atomic():
        service_user = User.objects.create_user(
            email=f"key-{secrets.token_hex(8)}@{audit.SERVICE_ACCOUNT_DOMAIN}",
            full_name=f"API key {name} of {organisation.name}"[:150],
            is_service_account=True,
        )
        service_user.set_unusable_password()
        service_user.save(update_fields=["password"])
        Membership.objects.create(user=service_user, organisation=organisation, role=Membership.Role.MEMBER)
        key = ApiKey.objects.create(
            organisation=organisation,
            name=name,
            key_hash=ApiKey.hash(secret),
            hint=secret[:10],
            scopes=scope_text,
            service_user=service_user,
            created_by=by,
            expires_at=expires_at,
        )
        audit.record(
            actor=by,
            actor_label="" if by else "manage.py",
            action="api_key.create",
            target=key,
            data={"scopes": key.scope_list, "expires": expires_at.isoformat() if expires_at else None},
        )
    return IssuedKey(key=key, secret=secret)


def revoke_api_key(*, key: ApiKey, by: User) -> ApiKey:
    """The key stops working at once; its service identity is deactivated, the log keeps its name."""
    if not permissions.can_manage_integrations(by, key.organisation):
        raise PermissionDenied
    if key.is_revoked:
        raise ValidationError(_("This key is already revoked."))
    with transaction.atomic():
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        User.objects.filter(pk=key.service_user_id).update(is_active=False)
        audit.record(actor=by, action="api_key.revoke", target=key)
    return key


def record_api_key_use(*, key: ApiKey, method: str, path: str, status: int) -> None:
    """Every request made with a key is in the audit log, in the key's name."""
    now = timezone.now()
    with transaction.atomic():
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        audit.record(
            actor=key.service_user,
            action="api_key.use",
            target=key,
            data={"method": method, "path": path[:200], "status": status},
        )
    key.last_used_at = now


# --- webhooks -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IssuedEndpoint:
    endpoint: WebhookEndpoint
    secret: str  # shown once


def _check_url(url: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    allow_http = settings.DEBUG or settings.INTEGRATIONS_WEBHOOK_ALLOW_HTTP
    if parts.scheme != "https" and not (allow_http and parts.scheme == "http"):
        raise ValidationError({"url": _("The address must start with https://.")})
    if not parts.hostname:
        raise ValidationError({"url": _("The address has no host name.")})
    if parts.username or parts.password:
        raise ValidationError({"url": _("The address must not contain a user name or password.")})
    return url


def _clean_events(events: list[str]) -> str:
    chosen = [event for event in WebhookEvent.values if event in events]
    if not chosen or set(events) - set(WebhookEvent.values):
        raise ValidationError({"events": _("Choose at least one event.")})
    return ",".join(chosen)


def create_webhook(*, organisation: Organisation, by: User, url: str, events: list[str]) -> IssuedEndpoint:
    if not permissions.can_manage_integrations(by, organisation):
        raise PermissionDenied
    endpoint = WebhookEndpoint(
        organisation=organisation,
        url=_check_url(url),
        events=_clean_events(events),
        secret=WebhookEndpoint.new_secret(),
        created_by=by,
    )
    with transaction.atomic():
        endpoint.save()
        audit.record(actor=by, action="webhook.create", target=endpoint, data={"events": endpoint.event_list})
    return IssuedEndpoint(endpoint=endpoint, secret=endpoint.secret)


def delete_webhook(*, endpoint: WebhookEndpoint, by: User) -> None:
    if not permissions.can_manage_integrations(by, endpoint.organisation):
        raise PermissionDenied
    with transaction.atomic():
        audit.record(actor=by, action="webhook.delete", target=endpoint)
        endpoint.delete()


def resume_webhook(*, endpoint: WebhookEndpoint, by: User) -> WebhookEndpoint:
    """Send again to a paused endpoint; what waited while it was paused goes out on the next round."""
    if not permissions.can_manage_integrations(by, endpoint.organisation):
        raise PermissionDenied
    if not endpoint.is_paused:
        raise ValidationError(_("This endpoint is not paused."))
    with transaction.atomic():
        endpoint.paused_at = None
        endpoint.consecutive_failures = 0
        endpoint.save(update_fields=["paused_at", "consecutive_failures"])
        WebhookDelivery.objects.filter(endpoint=endpoint, status=WebhookDelivery.Status.PENDING).update(
            next_attempt_at=timezone.now()
        )
        audit.record(actor=by, action="webhook.resume", target=endpoint)
    return endpoint


def resend_delivery(*, delivery: WebhookDelivery, by: User) -> WebhookDelivery:
    """Queue a delivery again by hand (delivered or given up): the same body, a fresh try."""
    if not permissions.can_manage_integrations(by, delivery.endpoint.organisation):
        raise PermissionDenied
    with transaction.atomic():
        delivery.status = WebhookDelivery.Status.PENDING
        delivery.next_attempt_at = timezone.now()
        delivery.save(update_fields=["status", "next_attempt_at"])
        audit.record(
            actor=by, action="webhook.resend", target=delivery.endpoint, data={"delivery": delivery.pk}
        )
    return delivery


def enqueue_event(*, organisation_id: int, event: str, payload: dict[str, Any]) -> list[WebhookDelivery]:
    """The outbox: one pending delivery per endpoint of the organisation subscribed to the event,
    written in the caller's transaction so it commits (or rolls back) with the event itself."""
    endpoints = [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(organisation_id=organisation_id)
        if event in endpoint.event_list
    ]
    now = timezone.now()
    deliveries = []
    for endpoint in endpoints:
        delivery = WebhookDelivery(endpoint=endpoint, event=event, created_at=now, next_attempt_at=now)
        delivery.save()
        body = {"id": delivery.pk, "event": event, "created": now.isoformat(), "data": payload}
        delivery.body = json.dumps(body, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        delivery.save(update_fields=["body"])
        deliveries.append(delivery)
    return deliveries


@dataclass(frozen=True)
class AttemptResult:
    """What one POST of a delivery came back with."""

    delivery: WebhookDelivery
    status_code: int | None
    error: str = ""
    response_excerpt: str = ""
    duration_ms: int = 0


def record_attempts(*, results: list[AttemptResult], now: datetime | None = None) -> list[WebhookAttempt]:
    """What the worker learned from one round of tries, in one transaction: each delivery delivered,
    or its next try scheduled with backoff, or given up after RETRY_FOR; an endpoint failing
    PAUSE_AFTER_FAILURES times in a row is paused and its organisation's admins are told."""
    from integrations.models import RETRY_FOR

    now = now or timezone.now()
    with transaction.atomic():
        endpoint_ids = {result.delivery.endpoint_id for result in results}
        endpoints = {
            endpoint.pk: endpoint
            for endpoint in WebhookEndpoint.objects.select_for_update()
            .select_related("organisation")
            .filter(pk__in=endpoint_ids)
        }
        attempts = []
        for result in results:
            delivery = result.delivery
            endpoint = endpoints[delivery.endpoint_id]
            attempt = WebhookAttempt(
                delivery=delivery,
                at=now,
                status_code=result.status_code,
                error=result.error[:300],
                response_excerpt=result.response_excerpt[:500],
                duration_ms=result.duration_ms,
            )
            attempts.append(attempt)
            delivery.attempts += 1
            if attempt.ok:
                delivery.status = WebhookDelivery.Status.DELIVERED
                delivery.delivered_at = now
                endpoint.consecutive_failures = 0
                continue
            endpoint.consecutive_failures += 1
            give_up_at = delivery.created_at + RETRY_FOR
            if now >= give_up_at:
                delivery.status = WebhookDelivery.Status.FAILED
            # The last try falls on give_up_at itself, so a receiver down for a day still gets it.
            delivery.next_attempt_at = min(now + delivery.delay_after(delivery.attempts), give_up_at)
            if endpoint.consecutive_failures >= PAUSE_AFTER_FAILURES and not endpoint.is_paused:
                endpoint.paused_at = now
                notify(
                    admins_of(endpoint.organisation),
                    kind="webhook.paused",
                    text=Message(
                        gettext_noop(
                            "Webhook deliveries to %(url)s are paused after %(count)s failures in a row."
                        ),
                        url=endpoint.url,
                        count=endpoint.consecutive_failures,
                    ),
                    url="/integrations/",
                )
                audit.record(actor=None, actor_label="hub", action="webhook.pause", target=endpoint)
        WebhookAttempt.objects.bulk_create(attempts)
        WebhookDelivery.objects.bulk_update(
            [result.delivery for result in results], ["attempts", "status", "delivered_at", "next_attempt_at"]
        )
        WebhookEndpoint.objects.bulk_update(list(endpoints.values()), ["consecutive_failures", "paused_at"])
    return attempts


def record_attempt(
    *,
    delivery: WebhookDelivery,
    status_code: int | None,
    error: str,
    response_excerpt: str,
    duration_ms: int,
    now: datetime | None = None,
) -> WebhookAttempt:
    """One try's outcome (record_attempts for one)."""
    result = AttemptResult(delivery, status_code, error, response_excerpt, duration_ms)
    return record_attempts(results=[result], now=now)[0]


# --- calendar feeds -------------------------------------------------------------------------------


@dataclass(frozen=True)
class IssuedFeed:
    feed: CalendarFeed
    token: str


def issue_calendar_feed(*, by: User) -> IssuedFeed:
    """A new secret calendar address for the person; an earlier one stops working."""
    if not permissions.can_use_calendar_feed(by):
        raise PermissionDenied
    token = CalendarFeed.new_token()
    with transaction.atomic():
        feed, _created = CalendarFeed.objects.update_or_create(
            user=by, defaults={"token_hash": CalendarFeed.hash(token), "created_at": timezone.now()}
        )
        audit.record(actor=by, action="calendar_feed.issue", target=feed)
    return IssuedFeed(feed=feed, token=token)


def revoke_calendar_feed(*, by: User) -> None:
    with transaction.atomic():
        deleted, _rows = CalendarFeed.objects.filter(user=by).delete()
        if deleted:
            audit.record(actor=by, action="calendar_feed.revoke")
