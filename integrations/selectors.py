"""Read paths for integrations: keys by their secret, an organisation's keys and webhooks, and the
Open311 view of reports, always through reports' own selectors (the same visibility as the web)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from integrations.models import ApiKey, CalendarFeed, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from partners.models import Organisation, User
from reports.models import Report, ReportEvent
from reports.selectors import reports_for

# GeoReport v2: without start_date a list covers the last 90 days, and at most 1000 requests.
DEFAULT_WINDOW = timedelta(days=90)
MAX_PAGE_SIZE = 1000
DEFAULT_PAGE_SIZE = 100
STATUS_KINDS = [
    ReportEvent.Kind.ACKNOWLEDGED,
    ReportEvent.Kind.STARTED,
    ReportEvent.Kind.RESOLVED,
    ReportEvent.Kind.REJECTED,
    ReportEvent.Kind.FORWARDED,
    ReportEvent.Kind.REOPENED,
]


def api_key_for_secret(secret: str) -> ApiKey | None:
    """The key with this secret, whatever its state (the caller tells revoked from unknown)."""
    if not secret:
        return None
    return (
        ApiKey.objects.select_related("organisation", "service_user__membership__organisation")
        .filter(key_hash=ApiKey.hash(secret))
        .first()
    )


def api_keys_of(organisation: Organisation) -> QuerySet[ApiKey]:
    return (
        ApiKey.objects.filter(organisation=organisation)
        .select_related("created_by")
        .order_by("revoked_at", "-created_at", "-id")
    )


def get_api_key_of(organisation: Organisation, pk: int) -> ApiKey:
    key = ApiKey.objects.select_related("organisation").filter(organisation=organisation, pk=pk).first()
    if key is None:
        raise Http404
    return key


def webhooks_of(organisation: Organisation) -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.filter(organisation=organisation).order_by("url", "id")


def get_webhook_of(organisation: Organisation, pk: int) -> WebhookEndpoint:
    endpoint = (
        WebhookEndpoint.objects.select_related("organisation")
        .filter(organisation=organisation, pk=pk)
        .first()
    )
    if endpoint is None:
        raise Http404
    return endpoint


def deliveries_of(endpoint: WebhookEndpoint, limit: int = 50) -> list[WebhookDelivery]:
    """The latest deliveries, each with its latest attempt (two queries however many)."""
    deliveries = list(endpoint.deliveries.order_by("-created_at", "-id")[:limit])
    latest: dict[int, WebhookAttempt] = {}
    for attempt in WebhookAttempt.objects.filter(delivery__in=deliveries).order_by("delivery_id", "at", "id"):
        latest[attempt.delivery_id] = attempt
    for delivery in deliveries:
        delivery.latest_attempt = latest.get(delivery.pk)  # type: ignore[attr-defined]
    return deliveries


def get_delivery_of(organisation: Organisation, pk: int) -> WebhookDelivery:
    delivery = (
        WebhookDelivery.objects.select_related("endpoint__organisation")
        .filter(endpoint__organisation=organisation, pk=pk)
        .first()
    )
    if delivery is None:
        raise Http404
    return delivery


def due_deliveries(now: datetime | None = None, limit: int = 500) -> QuerySet[WebhookDelivery]:
    return (
        WebhookDelivery.objects.filter(
            status=WebhookDelivery.Status.PENDING,
            next_attempt_at__lte=now or timezone.now(),
            endpoint__paused_at__isnull=True,
        )
        .select_related("endpoint")
        .order_by("next_attempt_at", "id")[:limit]
    )


def user_for_calendar_token(token: str) -> User | None:
    if not token:
        return None
    feed = (
        CalendarFeed.objects.select_related("user__membership__organisation")
        .filter(token_hash=CalendarFeed.hash(token), user__is_active=True)
        .first()
    )
    return feed.user if feed else None


# --- Open311 --------------------------------------------------------------------------------------


def service_requests_for(
    user: User,
    *,
    ids: list[int] | None = None,
    category: str = "",
    start: datetime | None = None,
    end: datetime | None = None,
    status: str = "",
    offset: int = 0,
    limit: int = DEFAULT_PAGE_SIZE,
) -> list[Report]:
    """The reports the key's organisation sees (reports.selectors.reports_for), GeoReport filters
    applied, newest first, one page; each report carries its latest status note."""
    if ids:
        reports = reports_for(user).filter(pk__in=ids)
    else:
        filters: dict[str, Any] = {"category": category}
        if status == "open":
            filters["status"] = "open"
        reports = reports_for(user, filters)
        if status == "closed":
            reports = reports.filter(status__in=Report.FINAL_STATUSES)
        if start is None and end is None:
            start = timezone.now() - DEFAULT_WINDOW
        if start is not None:
            reports = reports.filter(created_at__gte=start)
        if end is not None:
            reports = reports.filter(created_at__lte=end)
    page = list(reports.order_by("-created_at", "-id")[offset : offset + limit])
    attach_status_notes(page)
    return page


def attach_status_notes(reports: list[Report]) -> None:
    """status_notes on each report: the note of its latest status step (one query per page)."""
    notes: dict[int, str] = {}
    events = ReportEvent.objects.filter(report__in=[r.pk for r in reports], kind__in=STATUS_KINDS)
    for report_id, note in events.order_by("report_id", "created_at", "id").values_list("report_id", "note"):
        notes[report_id] = note
    for report in reports:
        report.status_notes = notes.get(report.pk, "")  # type: ignore[attr-defined]
