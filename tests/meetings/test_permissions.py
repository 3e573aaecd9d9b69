"""Who may do what with a meeting: a table of roles, read as plain function calls."""

import pytest

from meetings import permissions
from tests.meetings.factories import ActionFactory, ItemFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "can_plan"),
    [
        ("anonymous", False),
        ("member", False),
        ("org_admin", False),
        ("chair", True),
        ("leader", False),
        ("coordinator", True),
        ("deactivated", False),
        ("outsider", False),
    ],
)
def test_who_plans_meetings(network_people, role, can_plan):
    from django.contrib.auth.models import AnonymousUser

    assert permissions.can_plan_meetings(network_people[role] or AnonymousUser()) is can_plan


@pytest.mark.parametrize(
    ("role", "view", "edit", "respond"),
    [
        ("member", True, False, True),
        ("chair", True, True, True),
        ("other_chair", True, True, True),
        ("leader", True, False, True),
        ("coordinator", True, True, True),
        ("outsider", False, False, False),
        ("deactivated", False, False, False),
    ],
)
def test_meeting_actions_per_role(network_people, meeting, role, view, edit, respond):
    actions = permissions.meeting_actions(network_people[role], meeting)
    assert (actions.can_view, actions.can_edit, actions.can_respond) == (view, edit, respond)


def test_only_the_chair_and_the_adjuster_may_approve(meeting, chair, member, signatory):
    assert permissions.meeting_actions(chair, meeting).approve_as == ""  # no adjuster yet
    meeting.adjuster = member
    meeting.save()
    assert permissions.meeting_actions(chair, meeting).approve_as == "chair"
    assert permissions.meeting_actions(member, meeting).approve_as == "adjuster"
    assert permissions.meeting_actions(signatory, meeting).approve_as == ""


def test_restricted_item_is_read_by_its_organisation_and_staff_only(meeting, member, outsider, leader):
    item = ItemFactory(meeting=meeting, restricted_to=outsider.membership.organisation)
    assert permissions.can_see_item(outsider, item)
    assert permissions.can_see_item(leader, item)
    assert not permissions.can_see_item(member, item)


def test_owner_organisation_and_coordinator_report_an_action_done(meeting, member, outsider, coordinator):
    action = ActionFactory(
        item=ItemFactory(meeting=meeting, decision="Beslut"), owner=member.membership.organisation
    )
    assert permissions.can_report_done(member, action)
    assert permissions.can_report_done(coordinator, action)
    assert not permissions.can_report_done(outsider, action)
