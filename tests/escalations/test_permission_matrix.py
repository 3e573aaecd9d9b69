"""Every role against every route of escalations, on an escalation of the member's organisation and
on one of another organisation, with the expected status."""

import pytest
from django.core.cache import cache
from django.urls import get_resolver, reverse

from escalations.models import Status
from forum import services as forum_services
from partners.models import Organisation
from tests.escalations.factories import EscalationFactory
from tests.forum.factories import CategoryFactory
from tests.partners.factories import OrganisationFactory, make_member

# Also in the PostgreSQL pass: the access rules are querysets, and the databases differ.
pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]

ROLES = [
    "anonymous",
    "member",
    "org_admin",
    "signatory",
    "chair",
    "other_chair",
    "leader",
    "coordinator",
    "deactivated",
    "outsider",
]
LOGIN = 302  # anonymous and deactivated users are sent to the login page

# member, org_admin and signatory belong to the raising organisation of "own"; outsider to that of
# "other"; both chairs to the municipality, which raised neither. Leadership and coordinators see all.
SEERS = {
    "own": {"member", "org_admin", "signatory", "leader", "coordinator"},
    "other": {"outsider", "leader", "coordinator"},
    "closed": {"member", "org_admin", "signatory", "leader", "coordinator"},
}
HANDLERS = {"leader"}


def row(default, **overrides):
    expected = {role: default for role in ROLES}
    expected.update({"anonymous": LOGIN, "deactivated": LOGIN})
    expected.update(overrides)
    return expected


def on(target, sees, *, handles=None):
    """404 for whoever may not see the escalation, `sees` for the others, `handles` for leadership."""
    expected = row(404)
    for role in SEERS[target]:
        expected[role] = sees
    if handles is not None:
        for role in HANDLERS & SEERS[target]:
            expected[role] = handles
    return expected


HANDLE_ROUTES = ["escalations:acknowledge", "escalations:answer", "escalations:close"]

# (url name, method, what the URL points at, expected status per role)
MATRIX = [
    ("escalations:list", "get", None, row(200)),
    ("escalations:raise", "get", None, row(200)),
    ("escalations:raise", "post", None, row(302)),
    # Linking a forum thread: one the user may see is attached; one in a category for the police
    # only is refused like a missing one (the form again, nothing raised), except for coordinators.
    ("escalations:raise", "post", "source_open", row(302)),
    ("escalations:raise", "post", "source_hidden", row(200, coordinator=302)),
    *[("escalations:detail", "get", target, on(target, 200)) for target in SEERS],
    *[(name, "get", "own", row(405)) for name in HANDLE_ROUTES],
    *[(name, "post", t, on(t, 403, handles=302)) for name in HANDLE_ROUTES for t in ("own", "other")],
    # A closed escalation cannot be handled again: leadership is sent back with a message.
    *[(name, "post", "closed", on("closed", 403, handles=302)) for name in HANDLE_ROUTES],
    # Without the form's text: still no for anyone but leadership (not a "fill in the form").
    *[(name, "post", "own_empty", on("own", 403, handles=302)) for name in HANDLE_ROUTES[1:]],
]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The write rate limit counts per user id in the cache; ids repeat from test to test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(
    organisation,
    other_organisation,
    member,
    outsider,
    network_people,
):
    own = EscalationFactory(organisation=organisation, raised_by=member)
    police = make_member(OrganisationFactory(kind=Organisation.Kind.POLICE), email="polis@example.test")
    for_police = CategoryFactory(visibility="kinds", kinds=[Organisation.Kind.POLICE])
    return {
        "users": network_people,
        "own": own.pk,
        "own_empty": own.pk,
        "other": EscalationFactory(organisation=other_organisation, raised_by=outsider).pk,
        "source_open": forum_services.create_thread(
            category=CategoryFactory(), by=member, title="Otrygg park", body="Text."
        ).pk,
        "source_hidden": forum_services.create_thread(
            category=for_police, by=police, title="Langning", body="Text."
        ).pk,
        "closed": EscalationFactory(organisation=organisation, raised_by=member, status=Status.CLOSED).pk,
    }


def _data(name, target, world):
    if target == "own_empty":
        return {}
    if target in ("source_open", "source_hidden"):
        source = {"source": "forum.thread", "source_id": world[target]}
        return {"subject": "Otrygg park", "summary": "Behöver beslut.", "urgency": "normal", **source}
    return {
        "escalations:raise": {"subject": "Otrygg park", "summary": "Behöver beslut.", "urgency": "normal"},
        "escalations:answer": {"answer": "Vi tar upp det i ledningsgruppen."},
        "escalations:close": {"decision": "Belysning beställd."},
    }.get(name, {})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "target", "expected"), MATRIX, ids=[f"{m[1]}:{m[0]}:{m[2]}" for m in MATRIX]
)
def test_role_gets_expected_status(world, client_for, role, name, method, target, expected):
    url = reverse(name, args=[world[target]] if target and name != "escalations:raise" else [])
    client = client_for(world["users"][role])
    response = client.post(url, _data(name, target, world)) if method == "post" else client.get(url)
    assert response.status_code == expected[role], f"{role} {method.upper()} {url}"


def test_every_escalations_route_has_a_row_in_the_matrix():
    covered = {name for name, *_ in MATRIX}
    names = get_resolver().namespace_dict["escalations"][1].reverse_dict
    missing = [
        f"escalations:{name}"
        for name in names
        if isinstance(name, str) and f"escalations:{name}" not in covered
    ]
    assert not missing, f"routes without a permission matrix row: {missing}"
