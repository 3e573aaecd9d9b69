"""Read paths of the agreements app; fetch-or-deny helpers give the same 404 for missing and hidden."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Case, Prefetch, QuerySet, Sum, When
from django.http import Http404
from django.utils import timezone

from agreements import permissions
from agreements.models import (
    Agreement,
    AgreementVersion,
    Decline,
    FollowUp,
    FollowUpPeriod,
    Measure,
    MeasureArea,
    Programme,
    Progress,
    Signature,
)
from partners import permissions as partner_permissions
from partners.models import Membership, Organisation, User


def response_target_hours(category: str, at: datetime | None = None) -> int | None:
    """The response target (hours) the Handslag version in force at `at` promises for a category."""
    moment = at or timezone.now()
    day = timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()
    version = (
        AgreementVersion.objects.in_force(day)
        .filter(agreement__kind=Agreement.Kind.HANDSLAG)
        .order_by("-valid_from")
        .first()
    )
    if version is None:
        return None
    return (
        version.commitments.filter(category=category).values_list("response_target_hours", flat=True).first()
    )


# --- agreements and versions ---------------------------------------------------------------------


def agreements_for(user: User) -> QuerySet[Agreement]:
    if not partner_permissions.is_member(user):
        return Agreement.objects.none()
    return Agreement.objects.prefetch_related(
        Prefetch("versions", queryset=AgreementVersion.objects.visible_to(user).order_by("-number"))
    )


def get_agreement_for(user: User, pk: int) -> Agreement:
    agreement = agreements_for(user).filter(pk=pk).first()
    if agreement is None:
        raise Http404
    return agreement


def get_version_for(user: User, pk: int) -> AgreementVersion:
    version = (
        AgreementVersion.objects.visible_to(user)
        .select_related("agreement", "previous")
        .prefetch_related("commitments")
        .filter(pk=pk)
        .first()
    )
    if version is None:
        raise Http404
    return version


def version_in_force(kind: str = Agreement.Kind.HANDSLAG, at: date | None = None) -> AgreementVersion | None:
    return (
        AgreementVersion.objects.in_force(at)
        .filter(agreement__kind=kind)
        .select_related("agreement")
        .order_by("-valid_from")
        .first()
    )


def open_version(kind: str = Agreement.Kind.HANDSLAG) -> AgreementVersion | None:
    return (
        AgreementVersion.objects.open_for_signing()
        .filter(agreement__kind=kind)
        .select_related("agreement", "previous")
        .order_by("-number")
        .first()
    )


def signatures_of(version: AgreementVersion) -> QuerySet[Signature]:
    return version.signatures.select_related("organisation", "signed_by", "withdrawal__by").order_by(
        "organisation__name"
    )


def active_signatures(version: AgreementVersion) -> QuerySet[Signature]:
    return version.signatures.filter(withdrawal__isnull=True)


def signature_of(version: AgreementVersion, organisation: Organisation | None) -> Signature | None:
    if organisation is None:
        return None
    return signatures_of(version).filter(organisation=organisation).first()


def decline_of(version: AgreementVersion, organisation: Organisation | None) -> Decline | None:
    if organisation is None:
        return None
    return version.declines.filter(organisation=organisation).first()


def get_signature_for(user: User, pk: int) -> Signature:
    signature = (
        Signature.objects.filter(version__in=AgreementVersion.objects.visible_to(user))
        .select_related("version__agreement", "organisation")
        .filter(pk=pk)
        .first()
    )
    if signature is None:
        raise Http404
    return signature


@dataclass
class DiffLine:
    kind: str  # "added", "removed" or "same"
    text: str


def version_diff(old: AgreementVersion | None, new: AgreementVersion) -> list[DiffLine]:
    """Line diff of the canonical texts (body and commitments), for people rather than patch tools."""
    before = old.canonical_text().splitlines() if old else []
    after = new.canonical_text().splitlines()
    lines = []
    for line in difflib.ndiff(before, after):
        code, text = line[:2], line[2:]
        if code == "+ ":
            lines.append(DiffLine("added", text))
        elif code == "- ":
            lines.append(DiffLine("removed", text))
        elif code == "  ":
            lines.append(DiffLine("same", text))
    return lines


@dataclass
class BoardRow:
    organisation: Organisation
    state: str  # "signed", "pending", "declined", "withdrawn"
    signature: Signature | None = None
    decline: Decline | None = None


@dataclass
class RenewalBoard:
    rows: list[BoardRow] = field(default_factory=list)

    def count(self, state: str) -> int:
        return sum(1 for row in self.rows if row.state == state)

    @property
    def signed(self) -> int:
        return self.count("signed")

    @property
    def pending(self) -> int:
        return self.count("pending")

    @property
    def declined(self) -> int:
        return self.count("declined")

    @property
    def withdrawn(self) -> int:
        return self.count("withdrawn")


def renewal_board(version: AgreementVersion) -> RenewalBoard:
    """Per organisation asked to sign (signers of the previous version, and anyone who answered)."""
    signatures = {sig.organisation_id: sig for sig in signatures_of(version)}
    declines = {d.organisation_id: d for d in version.declines.select_related("organisation", "by")}
    asked = set(signatures) | set(declines)
    if version.previous is not None:
        asked |= set(active_signatures(version.previous).values_list("organisation_id", flat=True))
    board = RenewalBoard()
    for organisation in Organisation.objects.filter(pk__in=asked).order_by("name"):
        signature = signatures.get(organisation.pk)
        decline = declines.get(organisation.pk)
        if signature is not None:
            state = "withdrawn" if signature.is_withdrawn else "signed"
        elif decline is not None:
            state = "declined"
        else:
            state = "pending"
        board.rows.append(BoardRow(organisation, state, signature, decline))
    return board


def organisations_to_ask(version: AgreementVersion) -> QuerySet[Organisation]:
    """Organisations that signed the previous version and have neither signed nor declined this one."""
    if version.previous is None:
        return Organisation.objects.none()
    return (
        Organisation.objects.filter(
            is_active=True, pk__in=active_signatures(version.previous).values("organisation")
        )
        .exclude(pk__in=version.signatures.values("organisation"))
        .exclude(pk__in=version.declines.values("organisation"))
        .order_by("name")
    )


def signatories_of(organisations: Any) -> list[Any]:
    memberships = Membership.objects.active().filter(organisation__in=organisations, is_signatory=True)
    return [membership.user for membership in memberships.select_related("user")]


# --- programmes, measures, follow-ups ------------------------------------------------------------


def programmes_for(user: User) -> QuerySet[Programme]:
    if not partner_permissions.is_member(user):
        return Programme.objects.none()
    return Programme.objects.all()


def get_programme_for(user: User, pk: int) -> Programme:
    programme = programmes_for(user).filter(pk=pk).first()
    if programme is None:
        raise Http404
    return programme


def measures_of(programme: Programme, user: User) -> QuerySet[Measure]:
    return (
        Measure.objects.visible_to(user)
        .filter(programme=programme)
        .select_related("area", "responsible")
        .order_by("number")
    )


def get_measure_for(user: User, pk: int) -> Measure:
    measure = (
        Measure.objects.visible_to(user)
        .select_related("programme", "area", "responsible")
        .filter(pk=pk)
        .first()
    )
    if measure is None:
        raise Http404
    return measure


def follow_ups_of(measure: Measure, user: User) -> QuerySet[FollowUp]:
    return FollowUp.objects.visible_to(user).filter(measure=measure).select_related("period", "recorded_by")


def periods_for(programme: Programme, user: User) -> QuerySet[FollowUpPeriod]:
    periods = programme.periods.all()
    if not permissions.sees_all_follow_ups(user):
        periods = periods.filter(is_published=True)
    return periods


def open_periods_for_recording(measure: Measure, today: date | None = None) -> list[FollowUpPeriod]:
    day = today or timezone.localdate()
    return [period for period in measure.programme.periods.filter(is_open=True) if not period.is_future(day)]


def get_period_for(user: User, pk: int) -> FollowUpPeriod:
    period = FollowUpPeriod.objects.select_related("programme").filter(pk=pk).first()
    if period is None or not permissions.can_read_period_report(user, period):
        raise Http404
    return period


@dataclass
class AreaTotals:
    area: MeasureArea | None
    allocated: int = 0
    spent: int = 0
    rows: list[tuple[Measure, FollowUp | None]] = field(default_factory=list)


@dataclass
class PeriodReport:
    period: FollowUpPeriod
    areas: list[AreaTotals]
    by_status: dict[str, int]

    @property
    def allocated(self) -> int:
        return sum(area.allocated for area in self.areas)

    @property
    def spent(self) -> int:
        return sum(area.spent for area in self.areas)

    @property
    def status_rows(self) -> list[tuple[Any, int]]:
        return [(label, self.by_status.get(value, 0)) for value, label in Progress.choices]


def period_report(period: FollowUpPeriod) -> PeriodReport:
    """Per area group: allocated budget against the spending reported in this period, with the narratives.

    Spending is what each department reports as spent so far in the year, so the annual report's
    total is the year's total, not the sum of the tertials.
    """
    measures = list(period.programme.measures.select_related("area", "responsible").order_by("number"))
    follow_ups = {f.measure_id: f for f in period.follow_ups.all()}
    groups: dict[int | None, AreaTotals] = {}
    for area in period.programme.areas.all():
        groups[area.pk] = AreaTotals(area)
    by_status: dict[str, int] = {}
    for measure in measures:
        group = groups.setdefault(measure.area_id, AreaTotals(measure.area))
        follow_up = follow_ups.get(measure.pk)
        group.allocated += measure.budget_sek
        group.spent += follow_up.spent_sek if follow_up else 0
        group.rows.append((measure, follow_up))
        status = follow_up.status if follow_up else Progress.NOT_STARTED
        by_status[status] = by_status.get(status, 0) + 1
    return PeriodReport(period, list(groups.values()), by_status)


def published_follow_ups() -> QuerySet[FollowUpPeriod]:
    """For the public page: published periods with their follow-ups; never who recorded them."""
    return (
        FollowUpPeriod.objects.filter(is_published=True)
        .select_related("programme")
        .prefetch_related(
            Prefetch(
                "follow_ups",
                queryset=FollowUp.objects.select_related("measure__area", "measure__responsible").order_by(
                    "measure__number"
                ),
            )
        )
        .annotate(term_rank=Case(When(term="annual", then=3), When(term="t2", then=2), default=1))
        .order_by("-programme__kind", "programme__title", "-year", "-term_rank")
    )


def budget_of(programme: Programme) -> int:
    return programme.measures.aggregate(total=Sum("budget_sek"))["total"] or 0
