"""The exports other tools read: GeoJSON for QGIS (WGS84, the same visibility as the pages) and a
person's iCalendar feed for Outlook and Thunderbird."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from agreements import permissions as agreement_permissions
from agreements import selectors as agreement_selectors
from agreements.models import FollowUpPeriod, Measure
from meetings import calendar as meeting_calendar
from meetings import selectors as meeting_selectors
from meetings import yearwheel
from partners import permissions as partner_permissions
from partners.models import User
from reports import permissions as report_permissions
from reports.models import Report
from reports.selectors import queue_for
from situation.models import Walk, WalkFinding

GEOJSON_LIMIT = 20_000
CALENDAR_QUEUE_LIMIT = 500
WALK_HOURS = 2


def _site(path: str) -> str:
    return settings.HUB_SITE_URL.rstrip("/") + path


def _point(latitude: Any, longitude: Any) -> dict[str, Any]:
    # GeoJSON (RFC 7946) is WGS84 with longitude first.
    return {"type": "Point", "coordinates": [float(longitude), float(latitude)]}


def reports_geojson(reports: QuerySet[Report]) -> dict[str, Any]:
    """The report list's current filter, only reports with coordinates; no free text but the place."""
    rows = reports.filter(latitude__isnull=False, longitude__isnull=False).values_list(
        "pk",
        "category",
        "status",
        "severity",
        "place_text",
        "occurred_at",
        "latitude",
        "longitude",
        "area__name",
        "responsible_organisation__name",
    )[:GEOJSON_LIMIT]
    categories = dict(Report._meta.get_field("category").choices or [])
    statuses = dict(Report.Status.choices)
    features = [
        {
            "type": "Feature",
            "id": pk,
            "geometry": _point(lat, lon),
            "properties": {
                "id": pk,
                "category": category,
                "category_name": str(categories.get(category, category)),
                "status": status,
                "status_name": str(statuses.get(status, status)),
                "severity": severity,
                "place": place,
                "occurred": occurred.isoformat(),
                "area": area,
                "responsible": responsible or "",
                "url": _site(f"/reports/{pk}/"),
            },
        }
        for pk, category, status, severity, place, occurred, lat, lon, area, responsible in rows
    ]
    return {"type": "FeatureCollection", "features": features}


def dark_spots_geojson(areas: list[tuple[Any, list[WalkFinding]]]) -> dict[str, Any]:
    features = []
    for area, findings in areas:
        for finding in findings:
            report = finding.report
            if report.latitude is None or report.longitude is None:
                continue
            features.append(
                {
                    "type": "Feature",
                    "id": finding.pk,
                    "geometry": _point(report.latitude, report.longitude),
                    "properties": {
                        "report": report.pk,
                        "area": area.name,
                        "category": report.category,
                        "place": report.place_text,
                        "status": report.status,
                        "walk": finding.walk.get_kind_display(),
                        "found_on": finding.walk.starts_at.date().isoformat(),
                        "responsible": report.responsible_organisation.name
                        if report.responsible_organisation
                        else "",
                        "url": _site(report.get_absolute_url()),
                    },
                }
            )
    return {"type": "FeatureCollection", "features": features}


def geojson_bytes(collection: dict[str, Any]) -> bytes:
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode()


# --- iCalendar ------------------------------------------------------------------------------------


def _event(
    uid: str,
    summary: str,
    start: datetime,
    end: datetime,
    url: str,
    description: str = "",
    location: str = "",
) -> Event:
    event = Event()
    event.add("uid", f"{uid}@samverkan")
    event.add("dtstamp", timezone.now())
    # Times in UTC ("Z"): every client places them right without a VTIMEZONE block.
    event.add("dtstart", start.astimezone(UTC))
    event.add("dtend", end.astimezone(UTC))
    event.add("summary", summary)
    event.add("url", url)
    if description:
        event.add("description", description)
    if location:
        event.add("location", location)
    return event


def _day_end(day: Any) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(16, 0)))


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Samverkan//Samverkan kalender//SV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def year_wheel_for(today: Any) -> bytes:
    """The forum's årshjul, this year and the next, for a calendar that subscribes to it."""
    calendar = _calendar(_("Samverkan: the forum's year"))
    for year in (today.year, today.year + 1):
        for event in yearwheel.events(year):
            calendar.add_component(meeting_calendar.year_event(event))
    return calendar.to_ical()


def calendar_for(user: User) -> bytes:
    """The person's meetings and walks, their organisation's report due times, signing and follow-up
    deadlines."""
    calendar = _calendar(_("Samverkan: %(name)s") % {"name": user.full_name})
    now = timezone.now()
    meetings = meeting_selectors.meetings_for(user).filter(
        invitations__user=user, ends_at__gte=now - timedelta(days=30)
    )
    for meeting in meetings.order_by("starts_at"):
        calendar.add_component(meeting_calendar.meeting_event(meeting))
    walks = (
        Walk.objects.visible_to(user)
        .filter(signups__user=user, starts_at__gte=now - timedelta(days=30))
        .select_related("area")
        .order_by("starts_at")
    )
    for walk in walks:
        calendar.add_component(
            _event(
                f"walk-{walk.pk}",
                f"{walk.get_kind_display()}: {walk.area.name}",
                walk.starts_at,
                walk.starts_at + timedelta(hours=WALK_HOURS),
                _site(walk.get_absolute_url()),
                location=walk.meeting_point,
            )
        )
    if report_permissions.can_see_queue(user):
        for report in queue_for(user).filter(due_at__isnull=False)[:CALENDAR_QUEUE_LIMIT]:
            due = report.due_at
            assert due is not None
            calendar.add_component(
                _event(
                    f"report-due-{report.pk}-{int(due.timestamp())}",
                    _("Due: report #%(id)s, %(category)s, %(area)s")
                    % {"id": report.pk, "category": report.get_category_display(), "area": report.area.name},
                    due,
                    due + timedelta(minutes=30),
                    _site(report.get_absolute_url()),
                )
            )
    membership = partner_permissions.membership_of(user)
    version = agreement_selectors.open_version()
    if (
        version is not None
        and membership is not None
        and partner_permissions.is_signatory_of(user, membership.organisation)
        and agreement_selectors.signature_of(version, membership.organisation) is None
        and version.valid_from >= now.date() - timedelta(days=1)
    ):
        start = timezone.make_aware(datetime.combine(version.valid_from, time(9, 0)))
        calendar.add_component(
            _event(
                f"agreement-sign-{version.pk}",
                _("Sign before it takes effect: %(version)s") % {"version": version},
                start,
                start + timedelta(minutes=30),
                _site(version.get_absolute_url()),
            )
        )
    if membership is not None or partner_permissions.is_coordinator(user):
        measures = Measure.objects.select_related("programme")
        if not partner_permissions.is_coordinator(user) and membership is not None:
            measures = measures.filter(responsible_id=membership.organisation_id)
        periods = list(FollowUpPeriod.objects.filter(is_open=True).select_related("programme"))
        for measure in measures[:200]:
            if not agreement_permissions.can_record_follow_up(user, measure):
                continue
            for period in periods:
                if period.programme_id != measure.programme_id or period.ends_on < now.date():
                    continue
                end = _day_end(period.ends_on)
                calendar.add_component(
                    _event(
                        f"follow-up-{measure.pk}-{period.pk}",
                        _("Follow-up due: %(measure)s (%(period)s)") % {"measure": measure, "period": period},
                        end - timedelta(hours=1),
                        end,
                        _site(measure.get_absolute_url()),
                    )
                )
    return calendar.to_ical()
