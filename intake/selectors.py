"""Read paths of the intake: the triage queue, duplicates near a pin, and the tracking page."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from intake import permissions
from intake.models import PUBLIC_CATEGORIES, CitizenEvent, CitizenReport
from partners import geo
from partners.types import Viewer
from reports.models import Report

NEARBY_METRES = 50
NEARBY_DAYS = 30


def triage_queue(user: Viewer) -> Any:
    if not permissions.can_triage(user):
        raise PermissionDenied
    return (
        CitizenReport.objects.in_triage()
        .select_related("area")
        .prefetch_related("photos")
        .order_by("confirmed_at", "pk")
    )


def get_for_triage(user: Viewer, pk: int) -> CitizenReport:
    if not permissions.can_triage(user):
        raise PermissionDenied
    citizen_report = CitizenReport.objects.select_related("area").filter(pk=pk, follows__isnull=True).first()
    if citizen_report is None or citizen_report.confirmed_at is None:
        raise Http404
    return citizen_report


def public_reports() -> Any:
    """Every report the public may see something of (no reporter, no free text beyond the place)."""
    return Report.objects.filter(
        visibility=Report.Visibility.NETWORK, category__in=PUBLIC_CATEGORIES, anonymised_at__isnull=True
    )


@dataclass(frozen=True)
class Nearby:
    report: Report
    metres: int


def nearby_open_reports(*, category: str, latitude: float, longitude: float) -> list[Nearby]:
    """Open reports of the category within NEARBY_METRES filed in the last NEARBY_DAYS, nearest first."""
    if category not in PUBLIC_CATEGORIES:
        return []
    south, north, west, east = geo.box_around(latitude, longitude, NEARBY_METRES)
    candidates = public_reports().filter(
        category=category,
        status__in=Report.OPEN_STATUSES,
        created_at__gte=timezone.now() - timedelta(days=NEARBY_DAYS),
        latitude__gte=south,
        latitude__lte=north,
        longitude__gte=west,
        longitude__lte=east,
    )
    found = []
    for report in candidates.order_by("-created_at")[:50]:
        assert report.latitude is not None and report.longitude is not None
        metres = geo.distance_m(latitude, longitude, float(report.latitude), float(report.longitude))
        if metres <= NEARBY_METRES:
            found.append(Nearby(report, round(metres)))
    return sorted(found, key=lambda item: item.metres)


def get_followable(pk: int) -> Report:
    report = public_reports().filter(pk=pk).first()
    if report is None or not permissions.is_followable(report):
        raise Http404
    return report


def get_tracked(public_id: Any, key: str) -> CitizenReport:
    """The resident's report behind the secret link; the same 404 for a wrong key and a missing one."""
    citizen_report = (
        CitizenReport.objects.select_related("report", "area", "report__responsible_organisation")
        .filter(public_id=public_id, confirmed_at__isnull=False)
        .first()
    )
    if citizen_report is None or not hmac.compare_digest(citizen_report.tracking_key(), key):
        raise Http404
    return citizen_report


def history_of(citizen_report: CitizenReport) -> list[CitizenEvent]:
    return list(citizen_report.events.all())


# --- the public map and "Det här gör vi" ------------------------------------------------------

RECENTLY_FIXED_DAYS = 30


def public_map_reports() -> Any:
    """Open reports and those fixed in the last RECENTLY_FIXED_DAYS, with a position; no reporter."""
    from django.db.models import Q

    since = timezone.now() - timedelta(days=RECENTLY_FIXED_DAYS)
    return (
        public_reports()
        .filter(latitude__isnull=False)
        .filter(Q(status__in=Report.OPEN_STATUSES) | Q(status=Report.Status.RESOLVED, resolved_at__gte=since))
    )


def cluster_cell_degrees(zoom: int) -> float:
    """A grid cell about 60 screen pixels wide at this zoom (256-pixel tiles)."""
    zoom = max(0, min(zoom, 19))
    return 360 / (2**zoom) * 60 / 256


def public_map_data(*, bbox: tuple[float, float, float, float] | None, zoom: int) -> dict[str, Any]:
    """The public map's data for a view, the same for everyone: the view is widened to a 0.01° grid
    (so nearby views share an answer) and the answer kept for PUBLIC_FIGURES_SECONDS."""
    import math

    from django.core.cache import cache

    zoom = max(0, min(int(zoom), 19))
    if bbox is not None:
        south, west, north, east = bbox
        bbox = (
            math.floor(south * 100) / 100,
            math.floor(west * 100) / 100,
            math.ceil(north * 100) / 100,
            math.ceil(east * 100) / 100,
        )
    key = f"intake:map:{zoom}:{bbox}"
    data = cache.get(key)
    if data is None:
        data = _public_map_data(bbox=bbox, zoom=zoom)
        cache.set(key, data, PUBLIC_FIGURES_SECONDS)
    return dict(data)


def _public_map_data(*, bbox: tuple[float, float, float, float] | None, zoom: int) -> dict[str, Any]:
    """Grid clusters of the public map's reports inside bbox (south, west, north, east), counted in the
    database: each cell with more than one report is a count at the mean position of its reports; a
    lone report is a point with its category and status. From zoom 17 every report is a point."""
    from django.db.models import Avg, Count, F, FloatField, Max, Min
    from django.db.models.functions import Cast, Floor

    rows = public_map_reports()
    if bbox is not None:
        south, west, north, east = bbox
        rows = rows.filter(latitude__gte=south, latitude__lte=north, longitude__gte=west, longitude__lte=east)
    if zoom >= 17:
        points = [
            {"id": pk, "lat": float(lat), "lon": float(lon), "category": category, "status": status}
            for pk, lat, lon, category, status in rows.values_list(
                "pk", "latitude", "longitude", "category", "status"
            )[:5000]
        ]
        return {"clusters": [], "points": points}
    cell = cluster_cell_degrees(zoom)
    cells = (
        rows.annotate(
            cell_y=Floor(Cast(F("latitude"), FloatField()) / cell),
            cell_x=Floor(Cast(F("longitude"), FloatField()) / cell),
        )
        .values("cell_y", "cell_x")
        .annotate(
            count=Count("pk"),
            lat=Avg(Cast(F("latitude"), FloatField())),
            lon=Avg(Cast(F("longitude"), FloatField())),
            first=Min("pk"),
            category=Max("category"),
            status=Max("status"),
        )
        .order_by()
    )
    clusters, points = [], []
    for row in cells:
        if row["count"] == 1:
            points.append(
                {
                    "id": row["first"],
                    "lat": round(row["lat"], 6),
                    "lon": round(row["lon"], 6),
                    "category": row["category"],
                    "status": row["status"],
                }
            )
        else:
            clusters.append({"count": row["count"], "lat": round(row["lat"], 6), "lon": round(row["lon"], 6)})
    return {"clusters": clusters, "points": points}


PUBLIC_FIGURES_SECONDS = 60


def public_counts_by_area() -> list[dict[str, Any]]:
    """The public map as a table (for screen readers and without the map): open and recently fixed.
    The same for everyone, so kept for PUBLIC_FIGURES_SECONDS."""
    from django.core.cache import cache

    rows = cache.get_or_set("intake:public_counts", _public_counts_by_area, PUBLIC_FIGURES_SECONDS)
    return list(rows or [])


def _public_counts_by_area() -> list[dict[str, Any]]:
    from django.db.models import Count, Q

    rows = (
        public_map_reports()
        .values("area__name")
        .annotate(
            open=Count("pk", filter=Q(status__in=Report.OPEN_STATUSES)),
            fixed=Count("pk", filter=Q(status=Report.Status.RESOLVED)),
        )
        .order_by("area__name")
    )
    return list(rows)


@dataclass(frozen=True)
class OrganisationRecord:
    organisation: str
    fixed: int
    median_hours: float | None
    within_target: float | None  # share 0..1


def performance_by_organisation(*, days: int = 365) -> list[OrganisationRecord]:
    """The figures of "Det här gör vi", kept for PUBLIC_FIGURES_SECONDS (a year's statistic)."""
    from django.core.cache import cache

    records = cache.get_or_set(
        f"intake:performance:{days}", lambda: _performance_by_organisation(days=days), PUBLIC_FIGURES_SECONDS
    )
    return list(records or [])


def _performance_by_organisation(*, days: int = 365) -> list[OrganisationRecord]:
    """Per responsible organisation, for public reports fixed in the last `days`: the median time
    from report to fixed and the share fixed within the Handslag response target of the category
    (reports.services.response_hours, which reads the agreement through reports.hooks)."""
    from statistics import median

    from reports.services import response_hours

    since = timezone.now() - timedelta(days=days)
    rows = (
        public_reports()
        .filter(status=Report.Status.RESOLVED, resolved_at__gte=since, responsible_organisation__isnull=False)
        .values_list("responsible_organisation__name", "category", "created_at", "resolved_at")
    )
    targets: dict[str, int] = {}
    grouped: dict[str, list[tuple[float, bool]]] = {}
    for organisation, category, created_at, resolved_at in rows.iterator(chunk_size=2000):
        if category not in targets:
            targets[category] = response_hours(category)
        hours = (resolved_at - created_at).total_seconds() / 3600
        grouped.setdefault(organisation, []).append((hours, hours <= targets[category]))
    records = []
    for organisation in sorted(grouped):
        durations = grouped[organisation]
        records.append(
            OrganisationRecord(
                organisation=organisation,
                fixed=len(durations),
                median_hours=round(median(hours for hours, _within in durations), 1),
                within_target=sum(1 for _hours, within in durations if within) / len(durations),
            )
        )
    return records
