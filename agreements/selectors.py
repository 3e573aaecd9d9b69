"""Read paths of the agreements app; fetch-or-deny helpers give the same 404 for missing and hidden."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Case, Prefetch, QuerySet, Sum, When
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _

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
from agreements.rendering import readable_lines
from partners import permissions as partner_permissions
from partners.markup import render_markdown
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
    style: str = "paragraph"  # "heading", "item", "quote", "paragraph" or "meta"
    # For a changed line, its words: (changed, text), so the page can mark just the words that changed.
    segments: list[tuple[bool, str]] = field(default_factory=list)


def readable_text(version: AgreementVersion) -> list[tuple[str, str]]:
    """(style, text) per line of the version as a reader sees it: no Markdown markers."""
    period = _("Valid %(start)s – %(end)s") % {
        "start": formats.date_format(version.valid_from, "DATE_FORMAT"),
        "end": formats.date_format(version.valid_until, "DATE_FORMAT"),
    }
    lines = [("meta", period), *readable_lines(version.body_html or render_markdown(version.body_raw))]
    lines.append(("heading", str(_("Commitments"))))
    for item in sorted(version.commitments.all(), key=lambda item: (item.category, item.pk or 0)):
        promise = " ".join(item.promise.split())
        lines.append(("item", f"{item.get_category_display()}: {item.response_target_hours} h. {promise}"))
    return lines


def _word_segments(before: str, after: str) -> tuple[list[tuple[bool, str]], list[tuple[bool, str]]]:
    old, new = before.split(), after.split()
    removed: list[tuple[bool, str]] = []
    added: list[tuple[bool, str]] = []
    for code, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if i2 > i1:
            removed.append((code != "equal", " ".join(old[i1:i2])))
        if j2 > j1:
            added.append((code != "equal", " ".join(new[j1:j2])))
    return removed, added


def version_diff(old: AgreementVersion | None, new: AgreementVersion) -> list[DiffLine]:
    """Line diff of the text as a reader sees it (rendered Markdown, commitments, validity), with the
    changed words of a changed line marked. The signature's hash stays over the Markdown source."""
    before = readable_text(old) if old else []
    after = readable_text(new)
    lines: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for code, i1, i2, j1, j2 in matcher.get_opcodes():
        if code == "equal":
            lines += [DiffLine("same", text, style) for style, text in before[i1:i2]]
            continue
        removed = [DiffLine("removed", text, style) for style, text in before[i1:i2]]
        added = [DiffLine("added", text, style) for style, text in after[j1:j2]]
        if code == "replace":
            for old_line, new_line in zip(removed, added, strict=False):
                old_words, new_words = _word_segments(old_line.text, new_line.text)
                if any(not changed for changed, _text in new_words):  # a line rewritten whole stays unmarked
                    old_line.segments, new_line.segments = old_words, new_words
        lines += removed + added
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
    return (
        FollowUp.objects.visible_to(user)
        .filter(measure=measure)
        .select_related("period", "recorded_by", "measure")
    )


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


NOT_REPORTED = "not_reported"


@dataclass
class MeasureRow:
    """One measure in a period's report: what it reported in the period, or, when it has not reported,
    the last figure it reported earlier in the year. Unreported is missing, never zero."""

    measure: Measure
    follow_up: FollowUp | None = None
    last_reported: FollowUp | None = None

    @property
    def is_reported(self) -> bool:
        return self.follow_up is not None

    @property
    def is_carried(self) -> bool:
        return self.follow_up is None and self.last_reported is not None

    @property
    def state(self) -> str:
        """The status counted in the report: the reported status, or NOT_REPORTED."""
        return self.follow_up.status if self.follow_up is not None else NOT_REPORTED

    @property
    def known(self) -> FollowUp | None:
        """The follow-up the figures come from: this period's, else the last earlier one of the year."""
        return self.follow_up or self.last_reported

    @property
    def spent(self) -> int | None:
        """Spent so far in the year as last reported; None when nothing has been reported this year."""
        return self.known.spent_sek if self.known is not None else None

    @property
    def over_budget_sek(self) -> int:
        return self.measure.over_budget_sek(self.spent)


@dataclass
class AreaTotals:
    area: MeasureArea | None
    rows: list[MeasureRow] = field(default_factory=list)

    @property
    def allocated(self) -> int:
        return sum(row.measure.budget_sek for row in self.rows)

    @property
    def spent(self) -> int:
        """The last known spending of the group's measures (carried figures included, missing left out)."""
        return sum(row.spent or 0 for row in self.rows)

    @property
    def over_budget_sek(self) -> int:
        return self.spent - self.allocated if self.allocated and self.spent > self.allocated else 0

    @property
    def unreported(self) -> int:
        return sum(1 for row in self.rows if not row.is_reported)


@dataclass
class PeriodReport:
    period: FollowUpPeriod
    areas: list[AreaTotals]

    @property
    def rows(self) -> list[MeasureRow]:
        return [row for area in self.areas for row in area.rows]

    @property
    def allocated(self) -> int:
        return sum(area.allocated for area in self.areas)

    @property
    def spent(self) -> int:
        return sum(area.spent for area in self.areas)

    @property
    def over_budget_sek(self) -> int:
        return self.spent - self.allocated if self.allocated and self.spent > self.allocated else 0

    @property
    def has_budget(self) -> bool:
        return bool(self.allocated or any(row.spent for row in self.rows))

    @property
    def by_status(self) -> dict[str, int]:
        """Counted from the very rows the tables show, so the counts and the tables always agree."""
        counts: dict[str, int] = {}
        for row in self.rows:
            counts[row.state] = counts.get(row.state, 0) + 1
        return counts

    @property
    def status_rows(self) -> list[tuple[Any, int]]:
        counts = self.by_status
        rows = [(label, counts.get(value, 0)) for value, label in Progress.choices]
        return [*rows, (_("Not reported"), counts.get(NOT_REPORTED, 0))]

    @property
    def carried(self) -> list[MeasureRow]:
        return [row for row in self.rows if row.is_carried]

    @property
    def missing(self) -> list[MeasureRow]:
        """Measures with no report at all this year up to this period."""
        return [row for row in self.rows if row.known is None]

    @property
    def over_budget(self) -> list[MeasureRow]:
        return [row for row in self.rows if row.over_budget_sek]


def _last_reported(period: FollowUpPeriod) -> dict[int, FollowUp]:
    """Per measure, its latest follow-up in the year's earlier periods. Spending is cumulative for the
    year, so a figure is never carried into another year. A published report carries only published
    figures: its readers may not see the unpublished ones."""
    earlier = FollowUp.objects.filter(
        period__programme_id=period.programme_id,
        period__year=period.year,
        period__term__in=period.earlier_terms,
    ).select_related("period")
    if period.is_published:
        earlier = earlier.filter(period__is_published=True)
    latest: dict[int, FollowUp] = {}
    for follow_up in earlier:
        current = latest.get(follow_up.measure_id)
        if current is None or follow_up.period.rank > current.period.rank:
            latest[follow_up.measure_id] = follow_up
    return latest


def period_report(period: FollowUpPeriod) -> PeriodReport:
    """Per area group: allocated budget against the spending reported, with the narratives.

    Spending is what each department reports as spent so far in the year, so the annual report's
    total is the year's total, not the sum of the tertials. A measure that has not reported in the
    period keeps its last figure of the year, marked with the period it comes from; one that has not
    reported at all this year is missing, never counted as 0 or as "not started".
    """
    measures = list(period.programme.measures.select_related("area", "responsible").order_by("number"))
    follow_ups = {f.measure_id: f for f in period.follow_ups.all()}
    earlier = _last_reported(period) if period.earlier_terms else {}
    groups: dict[int | None, AreaTotals] = {}
    for area in period.programme.areas.all():
        groups[area.pk] = AreaTotals(area)
    for measure in measures:
        group = groups.setdefault(measure.area_id, AreaTotals(measure.area))
        follow_up = follow_ups.get(measure.pk)
        if follow_up is not None:
            follow_up.measure = measure
        group.rows.append(
            MeasureRow(measure, follow_up, None if follow_up is not None else earlier.get(measure.pk))
        )
    return PeriodReport(period, list(groups.values()))


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


def uses_totp(user: Any) -> bool:
    """Whether the person confirms a signature (or an approval of minutes) with an authenticator code."""
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
