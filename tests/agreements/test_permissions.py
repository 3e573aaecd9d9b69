"""Every role against every view of the agreements app, with the expected status."""

from datetime import date

import pytest
from django.urls import reverse

from agreements.models import AgreementVersion, FollowUp
from tests.agreements.factories import AgreementFactory, MeasureFactory, PeriodFactory, make_version, sign

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
    "outsider_admin",
]
LOGIN = 302


def row(default, **overrides):
    expected = {role: default for role in ROLES}
    expected.update({"anonymous": LOGIN, "deactivated": LOGIN})
    expected.update(overrides)
    return expected


COORDINATOR_GET = row(403, coordinator=200)
COORDINATOR_POST = row(403, coordinator=302)
# The measure's responsible department is the municipality, where chair, leader and coordinator work.
RECORDERS = row(403, chair=200, leader=200, coordinator=200)

MATRIX = [
    ("agreements:index", "get", None, row(200)),
    ("agreements:public", "get", None, {role: 200 for role in ROLES}),
    ("agreements:new", "get", None, COORDINATOR_GET),
    ("agreements:new", "post", None, COORDINATOR_GET),
    ("agreements:agreement", "get", "agreement", row(200)),
    ("agreements:renew", "post", "agreement", COORDINATOR_POST),
    ("agreements:version", "get", "in_force", row(200)),
    ("agreements:version", "get", "draft", row(404, coordinator=200)),
    ("agreements:version_print", "get", "in_force", row(200)),
    ("agreements:version_pdf", "get", "in_force", row(200)),
    ("agreements:version_diff", "get", "in_force", row(200)),
    ("agreements:version_edit", "get", "draft", COORDINATOR_GET),
    ("agreements:version_edit", "post", "draft", COORDINATOR_GET),
    ("agreements:version_open", "post", "draft", row(404, coordinator=302)),
    ("agreements:version_sign", "post", "open", row(403, signatory=302)),
    ("agreements:version_decline", "post", "open", row(403, signatory=302)),
    ("agreements:withdraw", "post", "signature", row(403, signatory=302)),
    ("agreements:board", "get", "open", row(403, leader=200, coordinator=200)),
    ("agreements:programme", "get", "programme", row(200)),
    ("agreements:period_create", "post", "programme", COORDINATOR_POST),
    ("agreements:measure", "get", "measure", row(200)),
    ("agreements:measure", "post", "measure", RECORDERS),
    ("agreements:period", "get", "published", row(200)),
    ("agreements:period", "get", "unpublished", row(404, leader=200, coordinator=200)),
    ("agreements:period_print", "get", "published", row(200)),
    ("agreements:period_csv", "get", "published", row(200)),
    ("agreements:period_state", "post", "published", COORDINATOR_POST),
]


@pytest.fixture
def world(
    organisation,
    municipality,
    member,
    org_admin,
    signatory,
    chair,
    leader,
    coordinator,
    deactivated,
    outsider_admin,
):
    in_force = make_version(status=AgreementVersion.Status.IN_FORCE)
    signature = sign(in_force, organisation, signatory)
    open_version = make_version(status=AgreementVersion.Status.OPEN, agreement=AgreementFactory())
    draft = make_version(
        agreement=AgreementFactory(), valid_from=date(2030, 1, 1), valid_until=date(2031, 1, 1)
    )
    measure = MeasureFactory(responsible=municipality)
    published = PeriodFactory(programme=measure.programme, is_published=True)
    unpublished = PeriodFactory(programme=measure.programme, term="t2")
    FollowUp.objects.create(measure=measure, period=published, status="done", narrative="Klart")
    return {
        "users": {
            "anonymous": None,
            "member": member,
            "org_admin": org_admin,
            "signatory": signatory,
            "chair": chair,
            "leader": leader,
            "coordinator": coordinator,
            "deactivated": deactivated,
            "outsider_admin": outsider_admin,
        },
        "agreement": in_force.agreement_id,
        "in_force": in_force.pk,
        "open": open_version.pk,
        "draft": draft.pk,
        "signature": signature.pk,
        "programme": measure.programme_id,
        "measure": measure.pk,
        "published": published.pk,
        "unpublished": unpublished.pk,
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "target", "expected"), MATRIX, ids=[f"{m[1]}:{m[0]}:{m[2]}" for m in MATRIX]
)
def test_role_gets_expected_status(world, client_for, role, name, method, target, expected):
    url = reverse(name, args=[world[target]] if target else [])
    client = client_for(world["users"][role])
    response = client.post(url, {}) if method == "post" else client.get(url)
    assert response.status_code == expected[role], f"{role} {method.upper()} {url}"
