"""Read paths of the situation picture: the week's lägesbild, the reporting round, trends and walks.

Counts come from a few aggregate queries (GROUP BY area, category, week bucket) over reports, never
from loops over report rows, so a week's picture stays fast with a hundred thousand reports. The
week bucket is a CASE over the weeks' local-time boundaries, which every database runs the same way.

Visibility: the lägesbild shows aggregate counts only and counts every report, restricted ones
included (a count reveals no place, person or text). Each count links to the reports list, whose
own visible_to() decides which reports a person may open.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from partners import permissions as partner_permissions
from partners.categories import IncidentCategory
from partners.models import Area, Organisation, User
from reports.models import Report
from situation import permissions, rules
from situation.models import (
    AreaFollow,
    AreaRating,
    HotspotSignal,
    RatingSignal,
    ReportingDuty,
    Walk,
    WalkFinding,
    WalkSignup,
    WeeklyCheckIn,
)
from situation.weeks import IsoWeek

TREND_WEEKS = 52
DARK_SPOT_CATEGORIES = (IncidentCategory.LIGHTING, IncidentCategory.UNSAFE_PLACE)


def _bucket(weeks: list[IsoWeek], low: int, high: int) -> Any:
    """The index of the week a report falls in, as a CASE that halves the range at each level, so
    each row takes about log2(weeks) comparisons (6 for a year) instead of up to one per week."""
    if high - low == 1:
        return Value(low, output_field=IntegerField())
    middle = (low + high) // 2
    return Case(
        When(occurred_at__lt=weeks[middle].start, then=_bucket(weeks, low, middle)),
        default=_bucket(weeks, middle, high),
        output_field=IntegerField(),
    )


def week_counts(weeks: list[IsoWeek], area_id: int | None = None) -> dict[tuple[int, str, int], int]:
    """{(area id, category, index of the week in `weeks`): count}, from one GROUP BY query.

    `weeks` must be consecutive and in order; reports are counted by when they occurred.
    """
    if not weeks:
        return {}
    bucket = _bucket(weeks, 0, len(weeks))
    reports = Report.objects.filter(occurred_at__gte=weeks[0].start, occurred_at__lt=weeks[-1].end)
    if area_id is not None:
        reports = reports.filter(area_id=area_id)
    rows = (
        reports.annotate(bucket=bucket)
        .values("area_id", "category", "bucket")
        .annotate(count=Count("id"))
        .order_by()
    )
    return {(row["area_id"], row["category"], row["bucket"]): row["count"] for row in rows}


def open_counts(until: datetime, now: datetime | None = None) -> dict[int, tuple[int, int]]:
    """{area id: (open, overdue)} for reports that occurred before `until` and are open now."""
    now = now or timezone.now()
    # Grouped by an expression so SQLite reads the open reports through the status index instead
    # of walking the whole (area, occurred_at) index once it has statistics (ANALYZE): 15 ms, not 150.
    rows = (
        Report.objects.open()
        .filter(occurred_at__lt=until)
        .annotate(in_area=F("area_id") + Value(0))
        .values("in_area")
        .annotate(open=Count("id"), overdue=Count("id", filter=Q(due_at__lt=now)))
        .order_by()
    )
    return {row["in_area"]: (row["open"], row["overdue"]) for row in rows}


@dataclass
class Cell:
    category: str
    label: str
    count: int
    history: list[int]
    assessment: rules.Assessment
    change: float | None

    @property
    def is_hotspot(self) -> bool:
        return self.assessment.is_hotspot


@dataclass
class AreaPicture:
    area: Area
    cells: list[Cell]
    open: int
    overdue: int
    total: int
    total_mean: float
    # The partners' own ratings of the area this week, most serious first.
    ratings: list[AreaRating] = field(default_factory=list)

    @property
    def hotspots(self) -> list[Cell]:
        return [cell for cell in self.cells if cell.is_hotspot]

    @property
    def total_change(self) -> float | None:
        return rules.change_against(self.total, self.total_mean)


@dataclass
class RoundEntry:
    organisation: Organisation
    check_in: WeeklyCheckIn | None
    reports_filed: int
    reporters: list[User] = field(default_factory=list)

    @property
    def status(self) -> str:
        """One of "nothing_to_report", "reported" (a check-in saying so, or reports filed in the week)
        or "missing"."""
        if self.check_in is not None and self.check_in.kind == WeeklyCheckIn.Kind.NOTHING_TO_REPORT:
            return WeeklyCheckIn.Kind.NOTHING_TO_REPORT
        if self.check_in is not None or self.reports_filed:
            return WeeklyCheckIn.Kind.REPORTED
        return "missing"

    @property
    def has_answered(self) -> bool:
        return self.status != "missing"


@dataclass
class Lagesbild:
    week: IsoWeek
    history_weeks: list[IsoWeek]
    areas: list[AreaPicture]
    round: list[RoundEntry]

    @property
    def hotspots(self) -> list[tuple[Area, Cell]]:
        return [(picture.area, cell) for picture in self.areas for cell in picture.hotspots]

    @property
    def reported(self) -> list[RoundEntry]:
        return [entry for entry in self.round if entry.has_answered]

    @property
    def missing(self) -> list[RoundEntry]:
        return [entry for entry in self.round if not entry.has_answered]


def areas_in_picture() -> QuerySet[Area]:
    return Area.objects.filter(is_active=True).order_by("name")


def lagesbild(week: IsoWeek, *, now: datetime | None = None, with_round: bool = True) -> Lagesbild:
    """The picture of one ISO week for every active area; a fixed number of queries."""
    history = week.previous(rules.HISTORY_WEEKS)
    weeks = [*history, week]
    counts = week_counts(weeks)
    opens = open_counts(week.end, now)
    labels = dict(IncidentCategory.choices)
    pictures = []
    current = len(history)
    ratings = ratings_for_week(week)
    for area in areas_in_picture():
        cells = []
        total = 0
        history_total = 0
        for category in IncidentCategory.values:
            series = [counts.get((area.pk, category, index), 0) for index in range(len(weeks))]
            count = series[current]
            past = series[:current]
            if not count and not any(past):
                continue
            assessment = rules.assess(count, past)
            cells.append(
                Cell(
                    category=category,
                    label=str(labels[category]),
                    count=count,
                    history=past,
                    assessment=assessment,
                    change=rules.change_against(count, assessment.mean),
                )
            )
            total += count
            history_total += sum(past)
        open_, overdue = opens.get(area.pk, (0, 0))
        pictures.append(
            AreaPicture(
                area=area,
                cells=cells,
                open=open_,
                overdue=overdue,
                total=total,
                total_mean=history_total / len(history),
                ratings=ratings.get(area.pk, []),
            )
        )
    return Lagesbild(
        week=week,
        history_weeks=history,
        areas=pictures,
        round=reporting_round(week) if with_round else [],
    )


def ratings_for_week(week: IsoWeek) -> dict[int, list[AreaRating]]:
    """Every organisation's rating of every area in the week, by area, most serious first (one query)."""
    grouped: dict[int, list[AreaRating]] = defaultdict(list)
    ratings = (
        AreaRating.objects.filter(year=week.year, week=week.week)
        .select_related("organisation", "signal")
        .order_by("-level", "organisation__name")
    )
    for rating in ratings:
        grouped[rating.area_id].append(rating)
    return dict(grouped)


def rating_signals_of(picture: Lagesbild) -> list[RatingSignal]:
    """The week's assessment signals, read from the ratings the picture already holds (no query)."""
    signals = []
    for area in picture.areas:
        for rating in area.ratings:
            signal = getattr(rating, "signal", None)  # a reverse one-to-one: missing reads as None
            if signal is not None:
                signals.append(signal)
    return signals


def ratings_of(organisation: Organisation, week: IsoWeek) -> dict[int, AreaRating]:
    """The organisation's ratings in the week, by area id: the round form shows what it already said."""
    return {
        rating.area_id: rating
        for rating in AreaRating.objects.filter(organisation=organisation, year=week.year, week=week.week)
    }


def reporting_round(week: IsoWeek) -> list[RoundEntry]:
    """Every active organisation and its answer for the week, in four queries.

    An organisation that filed at least one report during the week (by when it was filed) counts as
    having reported, with or without a check-in.
    """
    organisations = list(Organisation.objects.filter(is_active=True).order_by("name"))
    check_ins = {
        check_in.organisation_id: check_in
        for check_in in WeeklyCheckIn.objects.filter(year=week.year, week=week.week).select_related(
            "reported_by"
        )
    }
    # Grouping by an expression rather than the bare column keeps SQLite from walking the
    # (organisation, occurred_at) index row by row: one table scan is ten times faster here.
    # reports has no index on created_at; one would make this a range search (see the report).
    filed = dict(
        Report.objects.filter(created_at__gte=week.start, created_at__lt=week.end)
        .annotate(filer=F("organisation_id") + Value(0))
        .values("filer")
        .annotate(count=Count("id"))
        .order_by()
        .values_list("filer", "count")
    )
    reporters: dict[int, list[User]] = defaultdict(list)
    for duty in ReportingDuty.objects.filter(user__is_active=True).select_related("user"):
        reporters[duty.organisation_id].append(duty.user)
    return [
        RoundEntry(
            organisation=organisation,
            check_in=check_ins.get(organisation.pk),
            reports_filed=filed.get(organisation.pk, 0),
            reporters=reporters.get(organisation.pk, []),
        )
        for organisation in organisations
    ]


def round_entry_for(organisation: Organisation, week: IsoWeek) -> RoundEntry:
    return RoundEntry(
        organisation=organisation,
        check_in=WeeklyCheckIn.objects.filter(
            organisation=organisation, year=week.year, week=week.week
        ).first(),
        reports_filed=Report.objects.filter(
            organisation=organisation, created_at__gte=week.start, created_at__lt=week.end
        ).count(),
    )


@dataclass
class Trend:
    area: Area
    weeks: list[IsoWeek]
    series: dict[str, list[int]]

    @property
    def rows(self) -> list[tuple[IsoWeek, list[int]]]:
        """The data table: one row per week, one column per category in `series`."""
        return [
            (week, [values[index] for values in self.series.values()])
            for index, week in enumerate(self.weeks)
        ]


def trend(area: Area, until: IsoWeek, weeks: int = TREND_WEEKS) -> Trend:
    """Weekly counts per category for one area over the `weeks` weeks ending with `until`."""
    span = [*until.previous(weeks - 1), until]
    counts = week_counts(span, area_id=area.pk)
    series = {}
    for category in IncidentCategory.values:
        values = [counts.get((area.pk, category, index), 0) for index in range(len(span))]
        if any(values):
            series[category] = values
    return Trend(area=area, weeks=span, series=series)


def get_area(pk: int) -> Area:
    area = Area.objects.filter(pk=pk, is_active=True).first()
    if area is None:
        raise Http404
    return area


def is_following(user: User, area: Area) -> bool:
    return AreaFollow.objects.filter(user=user, area=area).exists()


def followers_of(area: Area) -> list[User]:
    return list(User.objects.filter(area_follows__area=area, is_active=True))


def latest_signals(limit: int = 5) -> QuerySet[HotspotSignal]:
    return HotspotSignal.objects.select_related("area").order_by("-raised_at", "-id")[:limit]


def signals_for_week(week: IsoWeek) -> QuerySet[HotspotSignal]:
    return HotspotSignal.objects.filter(year=week.year, week=week.week).select_related("area")


def reporters_of(organisation: Organisation) -> QuerySet[ReportingDuty]:
    return (
        ReportingDuty.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__full_name")
    )


def reporter_candidates(organisation: Organisation) -> QuerySet[User]:
    return User.objects.people().filter(membership__organisation=organisation).order_by("full_name")


# --- walks --------------------------------------------------------------------------------------


def walks_for(user: User, *, kind: str = "", organisation: Organisation | None = None) -> QuerySet[Walk]:
    walks = Walk.objects.visible_to(user).select_related("area", "organisation", "organiser")
    if kind:
        walks = walks.filter(kind=kind)
    if organisation is not None:
        walks = walks.filter(organisation=organisation)
    return walks.annotate(
        finding_count=Count("findings", distinct=True), signup_count=Count("signups", distinct=True)
    ).order_by("-starts_at", "-id")


def get_walk_for(user: User, pk: int) -> Walk:
    walk = (
        Walk.objects.visible_to(user)
        .select_related("area", "organisation", "organiser", "follow_up_of")
        .filter(pk=pk)
        .first()
    )
    if walk is None:
        raise Http404
    return walk


def signups_of(walk: Walk) -> QuerySet[WalkSignup]:
    return walk.signups.select_related("user", "user__membership__organisation").order_by("created_at")


def is_signed_up(user: User, walk: Walk) -> bool:
    return WalkSignup.objects.filter(walk=walk, user_id=user.pk).exists()


def findings_of(user: User, walk: Walk) -> list[WalkFinding]:
    """The walk's findings whose reports the user may see (restricted ones stay hidden)."""
    return list(
        walk.findings.filter(report__in=Report.objects.visible_to(user))
        .select_related("report", "report__responsible_organisation", "added_by")
        .prefetch_related("responses__organisation", "responses__by")
        .order_by("created_at", "id")
    )


def get_finding_for(user: User, pk: int) -> WalkFinding:
    finding = (
        WalkFinding.objects.filter(pk=pk, report__in=Report.objects.visible_to(user))
        .select_related("walk", "report", "report__responsible_organisation")
        .first()
    )
    if finding is None:
        raise Http404
    return finding


def dark_spots(user: User) -> list[tuple[Area, list[WalkFinding]]]:
    """Per area, every walk finding about lighting or an unsafe place, with its report's status."""
    findings = (
        WalkFinding.objects.filter(
            report__category__in=DARK_SPOT_CATEGORIES,
            report__in=Report.objects.visible_to(user),
        )
        .select_related("walk", "report", "report__area", "report__responsible_organisation")
        .order_by("report__area__name", "-walk__starts_at", "id")
    )
    grouped: dict[int, tuple[Area, list[WalkFinding]]] = {}
    for finding in findings:
        area = finding.report.area
        grouped.setdefault(area.pk, (area, []))[1].append(finding)
    return list(grouped.values())


def finding_points(findings: Iterable[WalkFinding]) -> list[dict[str, object]]:
    """Walk findings whose report has a position, as map pins (the report's label, status and link)."""
    return [
        {
            "id": finding.report.pk,
            "lat": float(finding.report.latitude),
            "lon": float(finding.report.longitude),
            "label": str(finding.report),
            "status": finding.report.status,
            "url": finding.report.get_absolute_url(),
        }
        for finding in findings
        if finding.report.latitude is not None and finding.report.longitude is not None
    ]


def reporter_organisation_choices(user: User) -> QuerySet[Organisation]:
    """The organisations the reporters page offers to switch between: every active one for a coordinator."""
    if not permissions.can_choose_reporters_of_any_organisation(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(is_active=True)


def reporters_organisation_for(user: User, requested: str = "") -> Organisation | None:
    """Whose reporters the page shows: the user's own organisation, or the one a coordinator asked for.
    Whether the user may manage them is the caller's check (permissions.can_manage_reporters)."""
    if requested.isdigit() and permissions.can_choose_reporters_of_any_organisation(user):
        return Organisation.objects.filter(pk=int(requested)).first()
    return organisation_of(user)


def organisation_of(user: User) -> Organisation | None:
    membership = partner_permissions.membership_of(user)
    return membership.organisation if membership else None
