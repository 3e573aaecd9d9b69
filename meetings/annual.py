"""The year's lägesbild compiled from the hub's data: reports per area and category against the
previous year, recurring hotspots, walks and dark spots, the partners' reports, the measures'
follow-up and the partners' own area ratings. The same data always gives the same figures (and hash),
so a saved version can be checked against the data it came from."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, time
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from agreements.models import FollowUp
from partners.categories import IncidentCategory
from reports.models import Report
from situation.models import AreaRating, HotspotSignal, Walk, WalkFinding
from situation.selectors import DARK_SPOT_CATEGORIES


def _start(year: int) -> datetime:
    return timezone.make_aware(datetime.combine(date(year, 1, 1), time.min))


def _change(now: int, before: int) -> float | None:
    return None if before == 0 else round(100 * (now - before) / before, 1)


def figures(year: int) -> dict[str, Any]:
    """Every figure of the year's lägesbild, JSON-ready and in a stable order."""
    start, end, previous = _start(year), _start(year + 1), _start(year - 1)
    counts = (
        Report.objects.filter(occurred_at__gte=previous, occurred_at__lt=end)
        .values("area__name", "category")
        .annotate(
            this_year=Count("id", filter=Q(occurred_at__gte=start)),
            last_year=Count("id", filter=Q(occurred_at__lt=start)),
        )
        .order_by("area__name", "category")
    )
    labels = dict(IncidentCategory.choices)
    areas: dict[str, list[dict[str, Any]]] = {}
    for row in counts:
        areas.setdefault(row["area__name"], []).append(
            {
                "category": row["category"],
                "label": str(labels.get(row["category"], row["category"])),
                "count": row["this_year"],
                "previous": row["last_year"],
                "change": _change(row["this_year"], row["last_year"]),
            }
        )
    recurring = (
        HotspotSignal.objects.filter(year=year)
        .values("area__name", "category")
        .annotate(weeks=Count("id"))
        .filter(weeks__gte=2)
        .order_by("-weeks", "area__name", "category")
    )
    walks = Walk.objects.filter(starts_at__gte=start, starts_at__lt=end)
    dark = (
        WalkFinding.objects.filter(walk__in=walks, report__category__in=DARK_SPOT_CATEGORIES)
        .values("report__area__name")
        .annotate(total=Count("id"), resolved=Count("id", filter=Q(report__resolved_at__isnull=False)))
        .order_by("report__area__name")
    )
    partners = (
        Report.objects.filter(
            occurred_at__gte=start, occurred_at__lt=end, responsible_organisation__isnull=False
        )
        .values("responsible_organisation__name")
        .annotate(total=Count("id"), resolved=Count("id", filter=Q(resolved_at__isnull=False)))
        .order_by("responsible_organisation__name")
    )
    follow_ups = (
        FollowUp.objects.filter(period__year=year)
        .values("period__term", "status")
        .annotate(count=Count("id"))
        .order_by("period__term", "status")
    )
    ratings = (
        AreaRating.objects.filter(year=year)
        .values("area__name", "level")
        .annotate(count=Count("id"))
        .order_by("area__name", "level")
    )
    return {
        "year": year,
        "areas": [
            {
                "area": name,
                "categories": rows,
                "total": sum(r["count"] for r in rows),
                "previous": sum(r["previous"] for r in rows),
            }
            for name, rows in areas.items()
        ],
        "recurring_hotspots": [
            {
                "area": row["area__name"],
                "category": str(labels.get(row["category"], row["category"])),
                "weeks": row["weeks"],
            }
            for row in recurring
        ],
        "walks": {
            "count": walks.count(),
            "by_kind": {
                row["kind"]: row["n"] for row in walks.values("kind").annotate(n=Count("id")).order_by("kind")
            },
        },
        "dark_spots": [
            {"area": row["report__area__name"], "total": row["total"], "resolved": row["resolved"]}
            for row in dark
        ],
        "partners": [
            {
                "organisation": row["responsible_organisation__name"],
                "total": row["total"],
                "resolved": row["resolved"],
            }
            for row in partners
        ],
        "follow_ups": [
            {"period": row["period__term"], "status": row["status"], "count": row["count"]}
            for row in follow_ups
        ],
        "ratings": [
            {"area": row["area__name"], "level": row["level"], "count": row["count"]} for row in ratings
        ],
    }


def digest(data: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()
