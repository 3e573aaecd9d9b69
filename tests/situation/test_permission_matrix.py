"""Every role against every view of the situation picture, with the expected status."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from situation.models import ReportingDuty, WalkFinding
from situation.weeks import IsoWeek
from tests.partners.factories import AreaFactory
from tests.situation.factories import ReportFactory, WalkFactory

# Also in the PostgreSQL pass: the access rules are querysets, and the databases differ.
pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]

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
LOGIN = "login"


def row(default, **overrides):
    expected = {role: default for role in ROLES}
    expected.update({"anonymous": LOGIN, "deactivated": LOGIN})
    expected.update(overrides)
    return expected


MANAGE_WALK = dict(member=200, org_admin=200, coordinator=200)  # the organiser, its org's admin, coordinators
MANAGE_WALK_POST = dict(member=302, org_admin=302, coordinator=302)
OWNER_POST = dict(member=302, org_admin=302, signatory=302, coordinator=302)

WEEK = IsoWeek.current()
PREVIOUS = WEEK.shifted(-1)
MATRIX = [
    ("situation:home", "get", (), row(302)),
    ("situation:week", "get", (WEEK.year, WEEK.week), row(200)),
    ("situation:week_csv", "get", (WEEK.year, WEEK.week), row(200)),
    ("situation:compile", "post", (WEEK.year, WEEK.week), row(403, coordinator=302)),
    ("situation:round", "get", (), row(403, coordinator=200)),
    ("situation:round_week", "get", (PREVIOUS.year, PREVIOUS.week), row(403, coordinator=200)),
    ("situation:round_remind", "post", (WEEK.year, WEEK.week), row(403, coordinator=302)),
    ("situation:check_in", "post", (), row(403, org_admin=302)),
    ("situation:rate", "post", (), row(403, org_admin=302)),
    ("situation:reporters", "get", (), row(403, org_admin=200, coordinator=200)),
    ("situation:reporter_remove", "post", "duty", row(404, org_admin=302, coordinator=302)),
    ("situation:area", "get", "area", row(200)),
    ("situation:area_follow", "post", "area", row(302)),
    ("situation:walks", "get", (), row(200)),
    ("situation:walk_create", "get", (), row(200)),
    ("situation:dark_spots", "get", (), row(200)),
    ("situation:walk", "get", "walk", row(200)),
    ("situation:walk_signup", "post", "walk", row(302)),
    ("situation:walk_follow_up", "get", "walk", row(403, **MANAGE_WALK)),
    ("situation:walk_meetings", "post", "walk", row(403, **MANAGE_WALK_POST)),
    ("situation:walk_status", "post", "walk_cancel", row(403, **MANAGE_WALK_POST)),
    ("situation:finding_create", "get", "past_walk", row(403, **MANAGE_WALK)),
    ("situation:finding_respond", "post", "finding", row(403, **OWNER_POST)),
]


@pytest.fixture
def users(request):
    return {role: None if role == "anonymous" else request.getfixturevalue(role) for role in ROLES}


def _args(target, member, organisation):
    if isinstance(target, tuple):
        return list(target), {}
    if target == "duty":
        return [ReportingDuty.objects.create(organisation=organisation, user=member).pk], {}
    if target == "area":
        return [AreaFactory().pk], {}
    if target in ("walk", "walk_cancel"):
        walk = WalkFactory(organiser=member)
        return ([walk.pk, "cancelled"] if target == "walk_cancel" else [walk.pk]), {}
    past = WalkFactory(organiser=member, starts_at=timezone.now() - timedelta(hours=2))
    if target == "past_walk":
        return [past.pk], {}
    report = ReportFactory(reporter=member, area=past.area, responsible_organisation=organisation)
    return [WalkFinding.objects.create(walk=past, report=report, added_by=member).pk], {
        "commitment": "Vi åtgärdar det."
    }


POST_DATA = {
    "situation:check_in": {"year": WEEK.year, "week": WEEK.week},
    "situation:rate": {"year": WEEK.year, "week": WEEK.week, "level": 2},
    "situation:area_follow": {"follow": "1"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "target", "expected"), MATRIX, ids=[f"{m[0]}-{m[1]}" for m in MATRIX]
)
def test_permission_matrix(client_for, users, member, organisation, role, name, method, target, expected):
    args, data = _args(target, member, organisation)
    data = {**POST_DATA.get(name, {}), **data}
    client = client_for(users[role])
    url = reverse(name, args=args)
    response = client.post(url, data) if method == "post" else client.get(url)
    want = expected[role]
    if want == LOGIN:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == want, f"{role} {method} {url}: {response.status_code}"
