"""Permission matrix: every role against every escalation view, and the permission functions."""

import pytest
from django.urls import reverse

from escalations import permissions
from escalations.models import Status
from tests.escalations.factories import EscalationFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "member",
    "org_admin",
    "signatory",
    "chair",
    "leader",
    "coordinator",
    "deactivated",
    "outsider",
]


def statuses(**overrides):
    """Anonymous and deactivated go to the login page; the rest as given."""
    return {"anonymous": 302, "deactivated": 302, **overrides}


SEE_OWN = {"member": 200, "org_admin": 200, "signatory": 200, "leader": 200, "coordinator": 200}
# Seeing it but not leadership: 403; a leader's post redirects back to the escalation.
HANDLE = statuses(
    member=403, org_admin=403, signatory=403, coordinator=403, leader=302, chair=404, outsider=404
)
# (route, method, needs an escalation, expected status per role)
MATRIX = [
    ("escalations:list", "get", False, statuses(**SEE_OWN, chair=200, outsider=200)),
    ("escalations:raise", "get", False, statuses(**SEE_OWN, chair=200, outsider=200)),
    ("escalations:detail", "get", True, statuses(**SEE_OWN, chair=404, outsider=404)),
    ("escalations:acknowledge", "post", True, HANDLE),
    ("escalations:answer", "post", True, HANDLE),
    ("escalations:close", "post", True, HANDLE),
]


@pytest.fixture
def people(request, organisation):
    return {role: (None if role == "anonymous" else request.getfixturevalue(role)) for role in ROLES}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "name, method, needs_escalation, expected", MATRIX, ids=[row[0] + ":" + row[1] for row in MATRIX]
)
def test_permission_matrix(client_for, people, organisation, role, name, method, needs_escalation, expected):
    escalation = EscalationFactory(organisation=organisation)
    url = reverse(name, args=[escalation.pk] if needs_escalation else [])
    client = client_for(people[role])
    response = (
        client.post(url, {"answer": "Svar", "decision": "Beslut"}) if method == "post" else client.get(url)
    )
    assert response.status_code == expected[role], f"{role} {method} {url}"
    escalation.refresh_from_db()
    if method == "post" and role != "leader":
        assert escalation.status == Status.OPEN, f"{role} changed the escalation"


@pytest.mark.parametrize(
    "role, expected", [("member", Status.OPEN), ("coordinator", Status.OPEN), ("leader", Status.ACKNOWLEDGED)]
)
def test_acknowledge_only_by_leadership(client_for, people, organisation, role, expected):
    escalation = EscalationFactory(organisation=organisation)
    client_for(people[role]).post(reverse("escalations:acknowledge", args=[escalation.pk]))
    escalation.refresh_from_db()
    assert escalation.status == expected


def test_permission_functions(member, leader, coordinator, chair, deactivated):
    assert permissions.can_raise(member) and not permissions.can_raise(deactivated)
    assert permissions.can_handle(leader) and not permissions.can_handle(coordinator)
    assert permissions.can_watch_dashboard(coordinator) and permissions.can_watch_dashboard(leader)
    assert not permissions.can_watch_dashboard(member) and not permissions.can_watch_dashboard(chair)


@pytest.mark.parametrize(
    "status, expected",
    [
        (Status.OPEN, (True, True, True)),
        (Status.ACKNOWLEDGED, (False, True, True)),
        (Status.ANSWERED, (False, True, True)),
        (Status.CLOSED, (False, False, False)),
    ],
)
def test_leadership_actions_follow_the_escalations_status(leader, organisation, status, expected):
    actions = permissions.escalation_actions(
        leader, EscalationFactory(organisation=organisation, status=status)
    )
    assert (actions.acknowledge, actions.answer, actions.close) == expected


def test_nobody_outside_leadership_gets_an_action(coordinator, organisation):
    assert not permissions.escalation_actions(coordinator, EscalationFactory(organisation=organisation)).any


def test_the_page_offers_acknowledge_only_while_the_escalation_is_open(client_for, leader, organisation):
    escalation = EscalationFactory(organisation=organisation, status=Status.ACKNOWLEDGED)
    body = client_for(leader).get(escalation.get_absolute_url()).content.decode()
    assert reverse("escalations:acknowledge", args=[escalation.pk]) not in body
    assert reverse("escalations:answer", args=[escalation.pk]) in body
