"""Every role against every route of meetings, on a meeting that invites the member's organisation
and the municipality (where chairs, leadership and coordinators belong), but not the outsider's."""

import pytest
from django.core.cache import cache
from django.urls import get_resolver, reverse

from meetings.models import AnnualPicture
from tests.meetings.factories import ActionFactory, ItemFactory, make_meeting
from tests.partners.factories import PASSWORD

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
LOGIN = 302
EDITORS = {"chair", "other_chair", "coordinator"}
OWNERS = {"member", "org_admin", "signatory", "coordinator"}


def row(default, **overrides):
    expected = {role: default for role in ROLES}
    expected.update({"anonymous": LOGIN, "deactivated": LOGIN})
    expected.update(overrides)
    return expected


def on_meeting(sees, *, roles=(), does=302):
    """404 for the uninvited outsider, `sees` for the others, `does` for `roles`."""
    expected = row(sees, outsider=404)
    for role in roles:
        expected[role] = does
    return expected


MATRIX = [
    ("meetings:list", "get", None, row(200)),
    ("meetings:plan", "get", None, row(403, chair=200, other_chair=200, coordinator=200)),
    ("meetings:plan", "post", None, row(403, chair=200, other_chair=200, coordinator=200)),
    ("meetings:actions", "get", None, row(200)),
    ("meetings:year_now", "get", None, row(200)),
    ("meetings:year", "get", "year", row(200)),
    ("meetings:year", "post", "year", row(403, chair=302, other_chair=302, coordinator=302)),
    ("meetings:year_ics", "get", "year", row(200)),
    ("meetings:annual", "get", "year", row(200)),
    ("meetings:annual", "post", "year", row(403, coordinator=302)),
    ("meetings:annual_version", "get", "picture", row(200)),
    ("meetings:plan_year", "get", "year", row(200)),
    ("meetings:plan_year", "post", "year", row(403, coordinator=302)),
    ("meetings:annual_pdf", "get", "picture", row(200)),
    # Chairs and leadership read every action but only the owner (or a coordinator) reports one done.
    ("meetings:action_done", "post", "action", on_meeting(403, roles=OWNERS)),
    ("meetings:detail", "get", "meeting", on_meeting(200)),
    ("meetings:print", "get", "meeting", on_meeting(200)),
    ("meetings:pdf", "get", "meeting", on_meeting(200)),
    ("meetings:ics", "get", "meeting", on_meeting(200)),
    ("meetings:respond", "post", "meeting", on_meeting(302)),
    ("meetings:cancel", "post", "meeting", on_meeting(403, roles=EDITORS)),
    ("meetings:propose", "post", "meeting", on_meeting(403, roles=EDITORS)),
    ("meetings:add_item", "post", "meeting", on_meeting(403, roles=EDITORS)),
    ("meetings:adjuster", "post", "meeting", on_meeting(403, roles=EDITORS)),
    # The chair of the meeting and its adjuster (the signatory), once each.
    ("meetings:approve", "post", "meeting", on_meeting(403, roles={"chair", "signatory"})),
    ("meetings:remove_item", "post", "item", on_meeting(403, roles=EDITORS)),
    ("meetings:move_item", "post", "item", on_meeting(403, roles=EDITORS)),
    ("meetings:rename_item", "post", "item", on_meeting(403, roles=EDITORS)),
    ("meetings:minutes", "post", "item", on_meeting(403, roles=EDITORS)),
    ("meetings:add_action", "post", "item", on_meeting(403, roles=EDITORS)),
]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(organisation, municipality, chair, signatory, network_people):
    meeting = make_meeting(chair=chair, organisations=[organisation, municipality])
    meeting.adjuster = signatory
    meeting.save()
    item = ItemFactory(meeting=meeting, decision="Beslut")
    action = ActionFactory(item=ItemFactory(meeting=meeting, decision="Beslut"), owner=organisation)
    picture = AnnualPicture.objects.create(
        year=2025,
        number=1,
        analysis="Analys",
        figures={"year": 2025},
        figures_sha256="0" * 64,
        created_by=chair,
    )
    return {
        "users": network_people,
        "meeting": meeting,
        "item": item,
        "action": action,
        "year": 2025,
        "picture": picture,
    }


def _data(name, world):
    organisation = world["action"].owner_id
    return {
        "meetings:plan": {"title": "Forum", "organisations": [organisation]},  # no dates: the form again
        "meetings:action_done": {"comment": "Klart"},
        "meetings:respond": {"response": "attending"},
        "meetings:add_item": {"title": "Valborg"},
        "meetings:adjuster": {"adjuster": world["users"]["member"].pk},
        "meetings:approve": {"sha256": world["meeting"].minutes_sha256(), "password": PASSWORD},
        "meetings:move_item": {"direction": "up"},
        "meetings:rename_item": {"title": "Valborg och skolavslutning"},
        "meetings:minutes": {"notes": "Anteckning", "decision": "Beslut"},
        "meetings:annual": {"analysis": "Årets analys"},
        "meetings:year": {
            "kind": "event",
            "title": "Haninge marknad",
            "starts_on": "2025-09-06",
            "ends_on": "2025-09-06",
        },
        "meetings:plan_year": {"step": "create"},
        "meetings:add_action": {"owner": organisation, "due_date": "2030-01-31", "description": "Gör det"},
    }.get(name, {})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "target", "expected"), MATRIX, ids=[f"{m[1]}:{m[0]}:{m[2]}" for m in MATRIX]
)
def test_role_gets_expected_status(world, client_for, role, name, method, target, expected):
    key = world[target] if target else None
    url = reverse(name, args=[] if key is None else [key if isinstance(key, int) else key.pk])
    client = client_for(world["users"][role])
    response = client.post(url, _data(name, world)) if method == "post" else client.get(url)
    assert response.status_code == expected[role], f"{role} {method.upper()} {url}"


def test_every_meetings_route_has_a_row_in_the_matrix():
    covered = {name for name, *_ in MATRIX}
    names = get_resolver().namespace_dict["meetings"][1].reverse_dict
    missing = [
        f"meetings:{name}" for name in names if isinstance(name, str) and f"meetings:{name}" not in covered
    ]
    assert not missing, f"routes without a permission matrix row: {missing}"
