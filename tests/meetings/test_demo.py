from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from meetings import selectors
from meetings.models import Action, ActionPlan, AnnualPicture, Meeting, PlanActionFollowUp
from partners.models import User

pytestmark = pytest.mark.django_db


def test_demo_has_a_past_meeting_with_approved_minutes_and_open_actions_idempotently(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    past = Meeting.objects.get(state=Meeting.State.APPROVED)
    assert {approval.text_sha256 for approval in past.approvals.all()} == {past.minutes_sha256()}
    assert past.approvals.count() == 2
    assert Action.objects.open().count() == 2 and Action.objects.filter(done_at__isnull=False).count() == 1
    assert Meeting.objects.filter(state=Meeting.State.PLANNED).count() == 1
    assert AnnualPicture.objects.filter(year=timezone.localdate().year).count() == 1
    plan = ActionPlan.objects.get(year=timezone.localdate().year)
    assert plan.is_adopted and plan.actions.count() == 3
    assert PlanActionFollowUp.objects.filter(action__plan=plan, term="t1").count() == 3


def test_demo_housing_company_sees_its_open_action_and_the_next_meeting(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    berit = User.objects.get(email="bostad@demo.test")
    assert [action.description[:12] for action in selectors.own_actions(berit)] == ["Ta fram en p"]
    assert selectors.meetings_for(berit).filter(state=Meeting.State.PLANNED).exists()
