"""Every role against every WebSocket route, through the real ASGI stack (origin check, session and
auth middleware): accepted, or closed before accepting with the documented close code
(docs/REALTIME.md; 4404 is the thread socket's "no such thread for you")."""

import pytest

from escalations.consumers import CLOSE_SESSION_ENDED
from forum import services as forum_services
from forum.consumers import CLOSE_NOT_FOUND
from hub.discovery import websocket_urlpatterns
from partners.models import Organisation
from realtime.consumers import CLOSE_UNAUTHENTICATED
from tests.forum.factories import CategoryFactory
from tests.partners.factories import OrganisationFactory, make_member
from tests.realtime.helpers import session_cookie_for, through_stack

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.both_databases]

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
OPEN = "open"
NETWORK = [role for role in ROLES if role not in {"anonymous", "deactivated"}]


def row(default, **overrides):
    """`default` for the network; anonymous and deactivated sessions are refused as not logged in."""
    expected = {role: default for role in NETWORK}
    expected.update({"anonymous": CLOSE_UNAUTHENTICATED, "deactivated": CLOSE_UNAUTHENTICATED})
    expected.update(overrides)
    return expected


THREADS = "ws/threads/<int:thread_id>/"

# (route, what it points at, OPEN or the close code per role). Thread targets: "open" a thread in a
# category for all partners, chaired by `chair`; "kind" one for the police only; "org" one for the
# outsider's organisation only; "hidden" a hidden thread in the open category (its moderators, and
# its author who reads it); "missing" an id that does not exist.
MATRIX = [
    ("ws/notifications/", None, row(OPEN)),
    (THREADS, "open", row(OPEN)),
    (THREADS, "kind", row(CLOSE_NOT_FOUND, coordinator=OPEN)),
    (THREADS, "org", row(CLOSE_NOT_FOUND, coordinator=OPEN, outsider=OPEN)),
    (THREADS, "hidden", row(CLOSE_NOT_FOUND, member=OPEN, chair=OPEN, coordinator=OPEN)),
    (THREADS, "missing", row(CLOSE_NOT_FOUND)),
    ("ws/escalations/", None, row(CLOSE_SESSION_ENDED, leader=OPEN, coordinator=OPEN)),
]


@pytest.fixture
def world(
    other_organisation,
    member,
    chair,
    outsider,
    other_chair,
    network_people,
):
    police = make_member(
        OrganisationFactory(name="Polisen", kind=Organisation.Kind.POLICE), email="polis@example.test"
    )
    open_category = CategoryFactory(slug="klotter", chairs=[chair])
    CategoryFactory(slug="vandringar", chairs=[other_chair])
    for_police = CategoryFactory(slug="narkotika", visibility="kinds", kinds=[Organisation.Kind.POLICE])
    for_listed = CategoryFactory(
        slug="hyresgaster", visibility="organisations", organisations=[other_organisation]
    )

    def start(category, by):
        return forum_services.create_thread(category=category, by=by, title="Tråd", body="Text.").pk

    hidden = forum_services.create_thread(category=open_category, by=member, title="Dold", body="Text.")
    forum_services.moderate_thread(thread=hidden, by=chair, action="hide", reason="Personuppgifter.")
    return {
        "sessions": {role: user and session_cookie_for(user) for role, user in network_people.items()},
        "open": start(open_category, member),
        "kind": start(for_police, police),
        "org": start(for_listed, outsider),
        "hidden": hidden.pk,
        "missing": 999_999,
    }


def _path(route, target, world):
    return "/" + route.replace("<int:thread_id>", str(world[target]) if target else "")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("route", "target", "expected"), MATRIX, ids=[f"{m[0]}:{m[1]}" for m in MATRIX])
async def test_role_gets_expected_socket_outcome(world, role, route, target, expected):
    communicator = through_stack(_path(route, target, world), session_key=world["sessions"][role])
    connected, code = await communicator.connect(timeout=5)
    if expected[role] == OPEN:
        assert connected, f"{role} refused ({code}) on {route} {target}"
        await communicator.disconnect()
    else:
        assert (connected, code) == (False, expected[role]), f"{role} on {route} {target}"


def test_every_websocket_route_has_a_row_in_the_matrix():
    covered = {route for route, *_ in MATRIX}
    routes = {str(pattern.pattern) for pattern in websocket_urlpatterns()}
    assert routes, "no websocket routes discovered"
    missing = sorted(routes - covered)
    assert not missing, f"websocket routes without a permission matrix row: {missing}"


def test_every_websocket_route_with_an_object_is_tried_on_one_the_role_may_not_see():
    with_object = {route for route, target, _ in MATRIX if target}
    denied = {route for route, _, expected in MATRIX if CLOSE_NOT_FOUND in expected.values()}
    assert with_object <= denied
