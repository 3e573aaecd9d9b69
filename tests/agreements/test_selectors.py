from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from agreements import selectors, services
from agreements.models import AgreementVersion, FollowUp, Progress
from partners.categories import IncidentCategory
from tests.agreements.factories import (
    AgreementFactory,
    AreaGroupFactory,
    MeasureFactory,
    PeriodFactory,
    ProgrammeFactory,
    make_version,
    sign,
)
from tests.partners.factories import OrganisationFactory, make_member

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def test_reports_ask_this_selector_for_the_response_target():
    from reports import hooks

    assert hooks._wired["response_target_hours"] is selectors.response_target_hours


def test_response_target_comes_from_handslag_version_in_force():
    make_version(status=AgreementVersion.Status.IN_FORCE, commitments=((IncidentCategory.GRAFFITI, 72),))
    at = datetime(2025, 3, 1, 12, tzinfo=STOCKHOLM)
    assert selectors.response_target_hours("graffiti", at) == 72
    assert selectors.response_target_hours("fire", at) is None


def test_response_target_is_none_outside_the_period_or_without_agreement():
    assert selectors.response_target_hours("graffiti") is None
    make_version(status=AgreementVersion.Status.IN_FORCE, commitments=((IncidentCategory.GRAFFITI, 72),))
    assert selectors.response_target_hours("graffiti", datetime(2030, 1, 1, tzinfo=STOCKHOLM)) is None


def test_response_target_ignores_drafts_open_versions_and_commission_agreements():
    make_version(status=AgreementVersion.Status.OPEN, commitments=((IncidentCategory.FIRE, 4),))
    make_version(
        status=AgreementVersion.Status.IN_FORCE,
        agreement=AgreementFactory(kind="commission"),
        commitments=((IncidentCategory.FIRE, 9),),
    )
    assert selectors.response_target_hours("fire", datetime(2025, 1, 1, tzinfo=STOCKHOLM)) is None


def test_response_target_follows_the_renewed_version_once_in_force(coordinator):
    current = make_version(
        status=AgreementVersion.Status.IN_FORCE, commitments=((IncidentCategory.GRAFFITI, 72),)
    )
    draft = services.draft_next_version(agreement=current.agreement, by=coordinator)
    services.update_draft(
        version=draft,
        by=coordinator,
        body=draft.body_raw,
        valid_from=draft.valid_from,
        valid_until=draft.valid_until,
        commitments=[{"category": "graffiti", "promise": "snabbare", "response_target_hours": 24}],
    )
    services.open_for_signing(version=draft, by=coordinator)
    services.activate_versions(today=draft.valid_from)
    assert selectors.response_target_hours("graffiti", datetime(2027, 2, 1, tzinfo=STOCKHOLM)) == 24


def test_renewal_board_shows_signed_pending_declined_with_counts(coordinator):
    current = make_version(status=AgreementVersion.Status.IN_FORCE)
    orgs = [OrganisationFactory(name=f"Org {letter}") for letter in "ABC"]
    people = [make_member(org, signatory=True) for org in orgs]
    for org, person in zip(orgs, people, strict=True):
        sign(current, org, person)
    draft = services.draft_next_version(agreement=current.agreement, by=coordinator)
    services.open_for_signing(version=draft, by=coordinator)
    sign(draft, orgs[0], people[0])
    services.decline_version(version=draft, organisation=orgs[1], by=people[1], reason="Budget saknas")
    board = selectors.renewal_board(draft)
    assert [(row.organisation.name, row.state) for row in board.rows] == [
        ("Org A", "signed"),
        ("Org B", "declined"),
        ("Org C", "pending"),
    ]
    assert (board.signed, board.declined, board.pending) == (1, 1, 1)
    assert board.rows[0].signature.signed_by == people[0]
    assert board.rows[1].decline.reason == "Budget saknas"


def test_diff_lists_added_and_removed_lines(coordinator):
    current = make_version(status=AgreementVersion.Status.IN_FORCE, body_raw="rad ett\nrad två")
    draft = services.draft_next_version(agreement=current.agreement, by=coordinator)
    services.update_draft(
        version=draft,
        by=coordinator,
        body="rad ett\nrad tre",
        valid_from=draft.valid_from,
        valid_until=draft.valid_until,
    )
    lines = selectors.version_diff(current, draft)
    assert ("removed", "rad två") in [(line.kind, line.text) for line in lines]
    assert ("added", "rad tre") in [(line.kind, line.text) for line in lines]
    assert ("same", "rad ett") in [(line.kind, line.text) for line in lines]


def _tertial_setup():
    programme = ProgrammeFactory()
    public_space, social = AreaGroupFactory(programme=programme), AreaGroupFactory(programme=programme)
    a = MeasureFactory(programme=programme, area=public_space, budget_sek=2_200_000)
    b = MeasureFactory(programme=programme, area=public_space, budget_sek=800_000)
    c = MeasureFactory(programme=programme, area=social, budget_sek=1_500_000)
    t1 = PeriodFactory(programme=programme, term="t1")
    t2 = PeriodFactory(programme=programme, term="t2")
    FollowUp.objects.create(
        measure=a, period=t1, status=Progress.IN_PROGRESS, spent_sek=500_000, narrative="a1"
    )
    FollowUp.objects.create(measure=c, period=t1, status=Progress.DELAYED, spent_sek=100_000, narrative="c1")
    FollowUp.objects.create(
        measure=a, period=t2, status=Progress.IN_PROGRESS, spent_sek=1_200_000, narrative="a2"
    )
    FollowUp.objects.create(measure=b, period=t2, status=Progress.DONE, spent_sek=750_000, narrative="b2")
    FollowUp.objects.create(
        measure=c, period=t2, status=Progress.IN_PROGRESS, spent_sek=600_000, narrative="c2"
    )
    return t1, t2


def test_tertial_totals_per_area_group_and_overall():
    t1, t2 = _tertial_setup()
    first, second = selectors.period_report(t1), selectors.period_report(t2)
    assert [(group.allocated, group.spent) for group in first.areas] == [
        (3_000_000, 500_000),
        (1_500_000, 100_000),
    ]
    assert (first.allocated, first.spent) == (4_500_000, 600_000)
    assert [(group.allocated, group.spent) for group in second.areas] == [
        (3_000_000, 1_950_000),
        (1_500_000, 600_000),
    ]
    assert second.spent == 2_550_000


def test_period_report_counts_unreported_as_not_reported_from_the_rows_the_table_shows():
    t1, _t2 = _tertial_setup()
    report = selectors.period_report(t1)
    assert report.by_status == {"in_progress": 1, "delayed": 1, "not_reported": 1}
    table = [row.state for group in report.areas for row in group.rows]
    assert sorted(table) == sorted(state for state, count in report.by_status.items() for _ in range(count))
    assert dict(report.status_rows)["Not reported"] == 1
    assert dict(report.status_rows)["Not started"] == 0


def test_unreported_measure_carries_its_last_figure_of_the_year_with_the_period():
    t1, t2 = _tertial_setup()
    annual = PeriodFactory(programme=t1.programme, term="annual")
    b = t2.follow_ups.get(narrative="b2").measure
    FollowUp.objects.create(measure=b, period=annual, status=Progress.DONE, spent_sek=780_000, narrative="b3")
    report = selectors.period_report(annual)
    rows = {row.measure.pk: row for row in report.rows}
    a = t2.follow_ups.get(narrative="a2").measure
    assert rows[a.pk].is_carried and rows[a.pk].spent == 1_200_000 and rows[a.pk].last_reported.period == t2
    assert rows[b.pk].is_reported and rows[b.pk].spent == 780_000
    # The year's total is never lower than an earlier tertial's because some have not reported yet.
    assert report.spent == 1_200_000 + 780_000 + 600_000 >= selectors.period_report(t2).spent
    assert report.by_status == {"not_reported": 2, "done": 1}


def test_measure_that_never_reported_is_missing_not_zero():
    t1, _t2 = _tertial_setup()
    row = next(row for row in selectors.period_report(t1).rows if not row.is_reported)
    assert row.spent is None and row.last_reported is None
    assert selectors.period_report(t1).missing == [row]


def test_figures_are_not_carried_into_another_year_nor_from_unpublished_into_published_reports():
    t1, t2 = _tertial_setup()
    next_year = PeriodFactory(programme=t1.programme, term="t2", year=2027)
    assert all(row.spent is None for row in selectors.period_report(next_year).rows)
    annual = PeriodFactory(programme=t1.programme, term="annual", is_published=True)
    t1.is_published = True
    t1.save()
    carried = {row.last_reported.period for row in selectors.period_report(annual).carried}
    assert carried == {t1}


def test_spending_above_the_allocation_is_flagged_per_measure_area_and_total():
    programme = ProgrammeFactory()
    area = AreaGroupFactory(programme=programme)
    forum = MeasureFactory(programme=programme, area=area, budget_sek=400_000)
    period = PeriodFactory(programme=programme)
    FollowUp.objects.create(measure=forum, period=period, status="done", spent_sek=450_000, narrative="x")
    report = selectors.period_report(period)
    assert [row.over_budget_sek for row in report.over_budget] == [50_000]
    assert report.areas[0].over_budget_sek == 50_000 and report.over_budget_sek == 50_000


def test_diff_is_of_the_text_as_read_with_changed_words_marked(coordinator):
    current = make_version(
        status=AgreementVersion.Status.IN_FORCE, body_raw="### Vi lovar att\n\n- svara **snabbt**\n- laga"
    )
    draft = services.draft_next_version(agreement=current.agreement, by=coordinator)
    services.update_draft(
        version=draft,
        by=coordinator,
        body="### Vi lovar att\n\n- svara **inom ett dygn**\n- laga",
        valid_from=draft.valid_from,
        valid_until=draft.valid_until,
    )
    lines = selectors.version_diff(current, draft)
    assert not [line for line in lines if "#" in line.text or "*" in line.text]
    assert ("same", "heading", "Vi lovar att") in [(line.kind, line.style, line.text) for line in lines]
    removed = next(line for line in lines if line.kind == "removed" and line.style == "item")
    added = next(line for line in lines if line.kind == "added" and line.style == "item")
    assert (removed.text, added.text) == ("svara snabbt", "svara inom ett dygn")
    assert added.segments == [(False, "svara"), (True, "inom ett dygn")]


def test_members_see_only_published_follow_ups_except_their_own(member, leader, municipality):
    measure = MeasureFactory(responsible=municipality)
    hidden = FollowUp.objects.create(
        measure=measure, period=PeriodFactory(programme=measure.programme), status="done", narrative="x"
    )
    shown = FollowUp.objects.create(
        measure=measure,
        period=PeriodFactory(programme=measure.programme, term="t2", is_published=True),
        status="done",
        narrative="y",
    )
    assert list(FollowUp.objects.visible_to(member)) == [shown]
    assert set(FollowUp.objects.visible_to(leader)) == {hidden, shown}
    own = make_member(municipality)
    assert set(FollowUp.objects.visible_to(own)) == {hidden, shown}


def test_published_follow_ups_for_the_public_page_leave_out_unpublished_periods():
    t1, t2 = _tertial_setup()
    t2.is_published = True
    t2.save()
    assert list(selectors.published_follow_ups()) == [t2]


def test_version_in_force_respects_dates():
    version = make_version(status=AgreementVersion.Status.IN_FORCE)
    assert selectors.version_in_force(at=date(2020, 1, 1)) == version
    assert selectors.version_in_force(at=date(2027, 1, 1)) is None


def test_sek_filter_groups_thousands_with_no_break_space():
    from agreements.templatetags.agreements_tags import sek

    assert sek(2_200_000) == "2\u00a0200\u00a0000"
    assert sek("x") == ""
