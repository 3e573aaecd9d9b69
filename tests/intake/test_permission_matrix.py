"""Every role against every view of the intake, with the expected status: the public pages open
for anyone, triage for coordinators only, a tracking page only with its secret key."""

import pytest
from django.urls import get_resolver, reverse

from intake import services
from intake.models import CitizenReport
from tests.intake.factories import INSIDE
from tests.reports.factories import ReportFactory, upload

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "leader", "coordinator", "customer_service", "deactivated", "outsider"]
LOGIN = 302


def row(default, **overrides):
    expected = {role: default for role in ROLES}
    expected.update(overrides)
    return expected


def triage(ok):
    return row(403, anonymous=LOGIN, deactivated=LOGIN, coordinator=ok, customer_service=ok)


MATRIX = [
    ("intake:form", "get", None, row(200)),
    ("intake:form", "post", None, row(200)),  # an incomplete form is shown again
    ("intake:sent", "get", None, row(200)),
    ("intake:confirm", "get", "confirm_wrong", row(200)),
    ("intake:confirm", "post", "confirm_wrong", row(400)),
    ("intake:track", "get", "track", row(200)),
    ("intake:track", "get", "track_wrong", row(404)),
    ("intake:track", "post", "track", row(200)),  # not resolved: nothing to reopen, the page again
    ("intake:nearby", "get", None, row(200)),
    ("intake:follow", "get", "followable", row(200)),
    ("intake:follow", "get", "restricted", row(404)),
    ("intake:follow", "post", "followable", row(200)),
    ("intake:areas_geojson", "get", None, row(200)),
    ("intake:public_map", "get", None, row(200)),
    ("intake:public_map_json", "get", None, row(200)),
    ("intake:performance", "get", None, row(200)),
    ("intake:triage", "get", None, triage(200)),
    ("intake:triage_detail", "get", "citizen", triage(200)),
    ("intake:triage_decide", "post", "reject", triage(302)),
    ("intake:triage_photo", "get", "photo", triage(200)),
]


@pytest.fixture
def world(handen, member, leader, coordinator, customer_service, deactivated, outsider):
    citizen_report = services.submit_citizen_report(
        category="vandalism",
        description="Krossad ruta.",
        email="anna@example.test",
        latitude=INSIDE[0],
        longitude=INSIDE[1],
        photos=[upload()],
    ).citizen_report
    CitizenReport.objects.filter(pk=citizen_report.pk).update(
        status=CitizenReport.Status.RECEIVED, confirmed_at=citizen_report.created_at
    )
    citizen_report.refresh_from_db()
    from reports.models import Report

    return {
        "users": {
            "anonymous": None,
            "member": member,
            "leader": leader,
            "coordinator": coordinator,
            "customer_service": customer_service,
            "deactivated": deactivated,
            "outsider": outsider,
        },
        "citizen": [citizen_report.pk],
        "reject": [citizen_report.pk, "reject"],
        "photo": [citizen_report.photos.get().pk],
        "confirm_wrong": [citizen_report.public_id, "wrong-key"],
        "track": [citizen_report.public_id, citizen_report.tracking_key()],
        "track_wrong": [citizen_report.public_id, "0" * 32],
        "followable": [ReportFactory(area=handen).pk],
        "restricted": [ReportFactory(area=handen, visibility=Report.Visibility.RESTRICTED).pk],
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "target", "expected"), MATRIX, ids=[f"{m[1]}:{m[0]}:{m[2]}" for m in MATRIX]
)
def test_role_gets_expected_status(world, client_for, role, name, method, target, expected):
    url = reverse(name, args=world[target] if target else [])
    client = client_for(world["users"][role])
    data = {"reason": "Ett skäl."}
    response = client.post(url, data) if method == "post" else client.get(url)
    assert response.status_code == expected[role], f"{role} {method.upper()} {url}"


def test_every_intake_view_has_a_row_in_the_matrix():
    covered = {name for name, *_ in MATRIX}
    names = get_resolver().namespace_dict["intake"][1].reverse_dict
    missing = [
        f"intake:{name}" for name in names if isinstance(name, str) and f"intake:{name}" not in covered
    ]
    assert not missing, f"views without a permission matrix row: {missing}"
