"""Read paths of the intake: the triage queue, duplicates near a pin, and the tracking page."""

from __future__ import annotations

import hmac
import math
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


# From this zoom the map shows each report in view; below it, grid clusters.
POINTS_ZOOM = 17


def public_map_data(*, bbox: tuple[float, float, float, float] | None, zoom: int) -> dict[str, Any]:
    """The public map's data for a view (south, west, north, east), the same for everyone.

    Below POINTS_ZOOM the clusters come from one layer per zoom over the whole municipality, kept
    for PUBLIC_FIGURES_SECONDS: a panned view only picks the cells it touches, and a cluster does not
    change as the view moves. From POINTS_ZOOM the reports in the view (widened to a 0.01° grid so
    nearby views share an answer) are read and kept the same way."""
    from django.core.cache import cache

    zoom = max(0, min(int(zoom), 19))
    if zoom < POINTS_ZOOM:
        layer = cache.get_or_set(
            f"intake:map-layer:{zoom}", lambda: _cluster_layer(zoom), PUBLIC_FIGURES_SECONDS
        )
        return _in_view(layer or {"clusters": [], "points": []}, bbox, margin=cluster_cell_degrees(zoom))
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
        data = _points_in(bbox)
        cache.set(key, data, PUBLIC_FIGURES_SECONDS)
    return dict(data)


def _in_view(
    layer: dict[str, Any], bbox: tuple[float, float, float, float] | None, *, margin: float
) -> dict[str, Any]:
    """The layer's clusters and points within the view, widened by a cell so edge clusters stay."""
    if bbox is None:
        return dict(layer)
    south, west, north, east = bbox[0] - margin, bbox[1] - margin, bbox[2] + margin, bbox[3] + margin

    def inside(item: dict[str, Any]) -> bool:
        return south <= item["lat"] <= north and west <= item["lon"] <= east

    return {
        "clusters": [item for item in layer["clusters"] if inside(item)],
        "points": [item for item in layer["points"] if inside(item)],
    }


def _points_in(bbox: tuple[float, float, float, float] | None) -> dict[str, Any]:
    rows = public_map_reports()
    if bbox is not None:
        south, west, north, east = bbox
        rows = rows.filter(latitude__gte=south, latitude__lte=north, longitude__gte=west, longitude__lte=east)
    points = [
        {"id": pk, "lat": float(lat), "lon": float(lon), "category": category, "status": status}
        for pk, lat, lon, category, status in rows.values_list(
            "pk", "latitude", "longitude", "category", "status"
        )[:5000]
    ]
    return {"clusters": [], "points": points}


def _cluster_layer(zoom: int) -> dict[str, Any]:
    """Grid clusters of every public map report, counted in the database: each cell with more than
    one report is a count at the mean position of its reports; a lone report is a point with its
    category and status."""
    from django.db.models import Avg, Count, F, FloatField, Max, Min
    from django.db.models.functions import Cast, Floor

    cell = cluster_cell_degrees(zoom)
    cells = (
        public_map_reports()
        .annotate(
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
