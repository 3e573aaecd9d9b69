"""The åtgärdsplan: derived from the lägesbild, actions with owner, measures, due date and indicator,
its adoption recorded once; the measures' tertial follow-up shows on the plan."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from agreements.models import FollowUp, FollowUpPeriod, Measure, Programme
from meetings import services
from meetings.models import ActionPlan
from partners.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def measure(organisation):
    programme = Programme.objects.create(kind=Programme.Kind.COMMISSION, title="Överenskommelsen")
    return Measure.objects.create(
        programme=programme, number=1, title="Belysning i Jordbro", responsible=organisation
    )


def _plan_with_action(coordinator, organisation, measure, year=2026):
    plan = services.create_action_plan(by=coordinator, year=year)
    services.add_plan_action(
        by=coordinator,
        plan=plan,
        description="Bättre belysning vid Jordbro centrum",
        owner=organisation,
        due_date=date(year, 10, 31),
        indicator="Andel trasiga armaturer under 5 %",
        measures=[measure],
    )
    return plan


def test_coordinator_draws_up_a_plan_with_an_action_linked_to_a_measure(coordinator, organisation, measure):
    plan = _plan_with_action(coordinator, organisation, measure)
    action = plan.actions.get()
    assert list(action.measures.all()) == [measure] and action.owner == organisation
    assert not plan.is_adopted


def test_member_cannot_draw_up_a_plan(member):
    with pytest.raises(PermissionDenied):
        services.create_action_plan(by=member, year=2026)


def test_one_plan_per_year(coordinator):
    services.create_action_plan(by=coordinator, year=2026)
    with pytest.raises(ValidationError):
        services.create_action_plan(by=coordinator, year=2026)


def test_adoption_is_recorded_once_with_body_date_and_diary_number(coordinator, organisation, measure):
    plan = _plan_with_action(coordinator, organisation, measure)
    services.record_plan_adoption(
        by=coordinator,
        plan=plan,
        body="Kommunstyrelsen",
        adopted_on=date(2026, 3, 2),
        diary_number="KS 2026/41",
    )
    plan.refresh_from_db()
    assert (plan.adopted_by_body, plan.diary_number, plan.is_adopted) == (
        "Kommunstyrelsen",
        "KS 2026/41",
        True,
    )
    assert AuditEvent.objects.filter(action="action_plan.adopt").exists()
    with pytest.raises(ValidationError):
        services.record_plan_adoption(
            by=coordinator, plan=plan, body="KF", adopted_on=date(2026, 3, 3), diary_number="KF 1"
        )


def test_an_adopted_plan_takes_no_new_actions(coordinator, organisation, measure):
    plan = _plan_with_action(coordinator, organisation, measure)
    services.record_plan_adoption(
        by=coordinator,
        plan=plan,
        body="Kommunstyrelsen",
        adopted_on=date(2026, 3, 2),
        diary_number="KS 2026/41",
    )
    with pytest.raises(ValidationError):
        services.add_plan_action(
            by=coordinator,
            plan=plan,
            description="Sent",
            owner=organisation,
            due_date=date(2026, 12, 1),
            indicator="x",
        )


def test_a_plan_without_actions_or_with_a_future_date_cannot_be_adopted(coordinator, organisation, measure):
    empty = services.create_action_plan(by=coordinator, year=2025)
    with pytest.raises(ValidationError):
        services.record_plan_adoption(
            by=coordinator, plan=empty, body="KS", adopted_on=date(2025, 3, 1), diary_number="1"
        )
    plan = _plan_with_action(coordinator, organisation, measure)
    with pytest.raises(ValidationError):
        services.record_plan_adoption(
            by=coordinator,
            plan=plan,
            body="KS",
            adopted_on=timezone.localdate() + timedelta(days=1),
            diary_number="1",
        )
    assert not ActionPlan.objects.filter(adopted_on__isnull=False).exists()


def test_the_plan_page_shows_the_measures_tertial_follow_up(
    client_for, coordinator, member, organisation, measure
):
    plan = _plan_with_action(coordinator, organisation, measure)
    period = FollowUpPeriod.objects.create(
        programme=measure.programme, year=2026, term=FollowUpPeriod.Term.T1
    )
    FollowUp.objects.create(
        measure=measure, period=period, status="in_progress", narrative="Armaturer beställda"
    )
    page = client_for(member).get(reverse("meetings:plan_year", args=[plan.year])).content.decode()
    assert "Bättre belysning vid Jordbro centrum" in page and "Belysning i Jordbro" in page
    assert str(FollowUpPeriod.Term.T1.label) in page or "januari" in page.lower()


def test_the_page_records_the_adoption_for_the_coordinator(client_for, coordinator, organisation, measure):
    plan = _plan_with_action(coordinator, organisation, measure)
    client_for(coordinator).post(
        reverse("meetings:plan_year", args=[plan.year]),
        {
            "step": "adopt",
            "body": "Kommunstyrelsen",
            "adopted_on": "2026-03-02",
            "diary_number": "KS 2026/41",
        },
    )
    plan.refresh_from_db()
    assert plan.is_adopted


def test_a_member_posting_to_the_plan_gets_403(client_for, member):
    response = client_for(member).post(reverse("meetings:plan_year", args=[2026]), {"step": "create"})
    assert response.status_code == 403 and not ActionPlan.objects.exists()


# --- the plan's own follow-up, per tertial and year ------------------------------------------------


def _adopted(coordinator, organisation, measure, year=2026):
    plan = _plan_with_action(coordinator, organisation, measure, year=year)
    services.record_plan_adoption(
        by=coordinator,
        plan=plan,
        body="Kommunstyrelsen",
        adopted_on=timezone.localdate(),
        diary_number="KS 1",
    )
    return plan


def _follow_up(by, action, term=FollowUpPeriod.Term.T2, status="in_progress", outcome="7 % trasiga"):
    return services.record_plan_action_follow_up(
        by=by, action=action, term=term, status=status, indicator_outcome=outcome, narrative="Beställt"
    )


def test_the_owner_reports_on_an_action_of_the_adopted_plan(coordinator, member, organisation, measure):
    action = _adopted(coordinator, organisation, measure).actions.get()
    follow_up = _follow_up(member, action)
    assert (follow_up.status, follow_up.indicator_outcome, follow_up.recorded_by) == (
        "in_progress",
        "7 % trasiga",
        member,
    )
    assert AuditEvent.objects.filter(action="action_plan.follow_up").exists()


def test_a_second_report_for_the_period_replaces_the_first(coordinator, member, organisation, measure):
    action = _adopted(coordinator, organisation, measure).actions.get()
    _follow_up(member, action)
    _follow_up(member, action, status="done", outcome="3 % trasiga")
    assert [(f.status, f.indicator_outcome) for f in action.follow_ups.all()] == [("done", "3 % trasiga")]


def test_another_organisation_cannot_report_on_the_action(coordinator, outsider, organisation, measure):
    action = _adopted(coordinator, organisation, measure).actions.get()
    with pytest.raises(PermissionDenied):
        _follow_up(outsider, action)


def test_a_draft_plan_is_not_followed_up(coordinator, member, organisation, measure):
    action = _plan_with_action(coordinator, organisation, measure).actions.get()
    with pytest.raises(ValidationError):
        _follow_up(member, action)


def test_a_period_that_has_not_begun_cannot_be_reported(coordinator, member, organisation, measure):
    action = _adopted(coordinator, organisation, measure, year=timezone.localdate().year + 1).actions.get()
    with pytest.raises(ValidationError) as error:
        _follow_up(member, action, term=FollowUpPeriod.Term.T1)
    assert "term" in error.value.message_dict
    assert not action.follow_ups.exists()


def test_an_unknown_status_saves_nothing(coordinator, member, organisation, measure):
    action = _adopted(coordinator, organisation, measure).actions.get()
    with pytest.raises(ValidationError):
        _follow_up(member, action, status="finished")
    assert not action.follow_ups.exists()


def test_the_owner_reports_through_the_plan_page_and_reads_it_there(
    client_for, coordinator, member, organisation, measure
):
    plan = _adopted(coordinator, organisation, measure)
    action = plan.actions.get()
    url = reverse("meetings:plan_year", args=[plan.year])
    page = client_for(member).get(url).content.decode()
    assert f'name="action" value="{action.pk}"' in page
    client_for(member).post(
        url,
        {
            "step": "follow_up",
            "action": action.pk,
            "term": "t2",
            "status": "delayed",
            "indicator_outcome": "12 % trasiga",
        },
    )
    assert "12 % trasiga" in client_for(member).get(url).content.decode()


def test_the_plan_page_offers_no_report_form_to_another_organisation(
    client_for, coordinator, outsider, organisation, measure
):
    plan = _adopted(coordinator, organisation, measure)
    page = client_for(outsider).get(reverse("meetings:plan_year", args=[plan.year])).content.decode()
    assert 'value="follow_up"' not in page


def test_posting_a_report_on_an_action_of_another_plan_is_a_404(
    client_for, coordinator, member, organisation, measure
):
    action = _adopted(coordinator, organisation, measure).actions.get()
    response = client_for(member).post(
        reverse("meetings:plan_year", args=[2025]),
        {"step": "follow_up", "action": action.pk, "term": "t2", "status": "done", "indicator_outcome": "x"},
    )
    assert response.status_code == 404
