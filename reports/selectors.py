"""Read paths for reports: every list starts from Report.objects.visible_to(user)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from partners import permissions as partner_permissions
from partners.models import Organisation, User
from reports.models import Report, ReportEvent, ReportPhoto, RoutingRule

LIST_RELATED = ("area", "organisation", "responsible_organisation")


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def reports_for(user: User, filters: dict[str, Any] | None = None) -> QuerySet[Report]:
    """The reports a user may see, narrowed by the list filters (area, category, status,
    responsible organisation, and a range of days on which they occurred)."""
    reports = Report.objects.visible_to(user).select_related(*LIST_RELATED)
    filters = filters or {}
    if filters.get("area"):
        reports = reports.filter(area=filters["area"])
    if filters.get("category"):
        reports = reports.filter(category=filters["category"])
    if filters.get("status"):
        status = filters["status"]
        if status == "overdue":
            return reports.overdue().order_by("due_at", "id")
        reports = reports.open() if status == "open" else reports.filter(status=status)
    if filters.get("organisation"):
        reports = reports.filter(responsible_organisation=filters["organisation"])
    if filters.get("date_from"):
        reports = reports.filter(occurred_at__gte=_day_start(filters["date_from"]))
    if filters.get("date_to"):
        reports = reports.filter(occurred_at__lt=_day_start(filters["date_to"]) + timedelta(days=1))
    return reports.order_by("-occurred_at", "-id")


def get_report_for(user: User, pk: int) -> Report:
    """The report if the user may see it; the same 404 for a missing one and one that is not theirs."""
    report = (
        Report.objects.visible_to(user)
        .select_related(*LIST_RELATED, "reporter", "reporter__membership__organisation")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404
    return report


def get_photo_for(user: User, pk: int) -> ReportPhoto:
    photo = ReportPhoto.objects.filter(pk=pk, report__in=Report.objects.visible_to(user)).first()
    if photo is None:
        raise Http404
    return photo


def history_of(report: Report) -> QuerySet[ReportEvent]:
    return report.events.select_related("actor", "from_organisation", "to_organisation").order_by(
        "created_at", "id"
    )


def photos_of(report: Report) -> QuerySet[ReportPhoto]:
    return report.photos.order_by("id")


def queue_for(user: User) -> QuerySet[Report]:
    """Open reports the user's organisation must act on, the most urgent first."""
    membership = partner_permissions.membership_of(user)
    if membership is None or not partner_permissions.is_member(user):
        return Report.objects.none()
    return (
        Report.objects.open()
        .filter(responsible_organisation_id=membership.organisation_id)
        .select_related(*LIST_RELATED)
        .order_by("due_at", "id")
    )


def unassigned_reports() -> QuerySet[Report]:
    """Open reports no rule routed, waiting for a coordinator."""
    return (
        Report.objects.open()
        .filter(responsible_organisation__isnull=True)
        .select_related(*LIST_RELATED)
        .order_by("created_at", "id")
    )


def latest_feedback_for(user: User, limit: int = 5) -> QuerySet[ReportEvent]:
    """What others have done lately on the reports this user filed (återkoppling)."""
    return (
        ReportEvent.objects.filter(report__reporter=user)
        .exclude(actor=user)
        .exclude(kind__in=ReportEvent.LADDER)
        .select_related("report", "actor", "to_organisation")
        .order_by("-created_at", "-id")[:limit]
    )


def routing_rules() -> QuerySet[RoutingRule]:
    return RoutingRule.objects.select_related("area", "organisation").order_by("category", "area__name")


@dataclass
class OverdueByOrganisation:
    organisation: Organisation
    count: int
    oldest_due: datetime
    reports: list[Report]


def overdue_overview(user: User, *, per_organisation: int = 20) -> list[OverdueByOrganisation]:
    """Every overdue report in the network by responsible organisation, the most overdue
    organisation and report first (coordinators only: the view checks can_see_overdue_overview)."""
    overdue = list(
        Report.objects.visible_to(user)
        .overdue()
        .filter(responsible_organisation__isnull=False)
        .select_related(*LIST_RELATED)
        .order_by("due_at", "id")
    )
    groups: dict[int, OverdueByOrganisation] = {}
    for report in overdue:
        organisation, due_at = report.responsible_organisation, report.due_at
        if organisation is None or due_at is None:  # excluded by the query; narrows the types
            continue
        group = groups.get(organisation.pk)
        if group is None:
            group = groups[organisation.pk] = OverdueByOrganisation(organisation, 0, due_at, [])
        group.count += 1
        if len(group.reports) < per_organisation:
            group.reports.append(report)
    return sorted(groups.values(), key=lambda group: group.oldest_due)
