"""Every role against every view of reports/, on a restricted report, with the expected status."""

import pytest
from django.urls import get_resolver, reverse

from reports.models import Report
from tests.reports.factories import ReportFactory, RoutingRuleFactory, upload

# Also in the PostgreSQL pass: the access rules are querysets, and the databases differ.
pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]

ROLES = [
    "anonymous",
    "reporter",
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


# member, org_admin and signatory belong to the responsible organisation; chair and outsider_admin
# belong to organisations that may not see a restricted report.
SEES = dict(reporter=200, member=200, org_admin=200, signatory=200, leader=200, coordinator=200)
HANDLES = dict(member=302, org_admin=302, signatory=302, reporter=403, leader=403, coordinator=403)

MATRIX = [
    ("reports:list", "get", None, row(200)),
    ("reports:queue", "get", None, row(200)),
    ("reports:create", "get", None, row(200)),
    ("reports:create", "post", None, row(200)),
    ("reports:export", "get", None, row(200)),
    ("reports:map_data", "get", None, row(200)),
    ("reports:rules", "get", None, row(403, coordinator=200)),
    ("reports:rules", "post", None, row(403, coordinator=200)),
    ("reports:rule_delete", "post", "rule", row(403, coordinator=302)),
    ("reports:detail", "get", "report", row(404, **SEES)),
    ("reports:photo", "get", "photo", row(404, **SEES)),
    ("reports:step", "post", "acknowledge", row(404, **HANDLES)),
    ("reports:step", "post", "comment", row(404, **{**HANDLES, "reporter": 302, "coordinator": 302})),
    ("reports:forward", "post", "report", row(404, **{**HANDLES, "coordinator": 302})),
    ("reports:overdue", "get", None, row(403, coordinator=200)),
    ("reports:remind", "post", "report", row(404, **{**{role: 403 for role in SEES}, "coordinator": 302})),
]


@pytest.fixture
def world(
    reporter,
    area,
    organisation,
    member,
    org_admin,
    signatory,
    chair,
    leader,
    coordinator,
    deactivated,
    outsider_admin,
):
    from reports import services

    RoutingRuleFactory(category="graffiti", area=area, organisation=organisation)
    report = services.create_report(
        by=reporter,
        area=area,
        category="graffiti",
        place_text="Tunneln",
        occurred_at=ReportFactory.build().occurred_at,
        description="Klotter.",
        visibility=Report.Visibility.RESTRICTED,
        photos=[upload()],
    )
    return {
        "users": {
            "anonymous": None,
            "reporter": reporter,
            "member": member,
            "org_admin": org_admin,
            "signatory": signatory,
            "chair": chair,
            "leader": leader,
            "coordinator": coordinator,
            "deactivated": deactivated,
            "outsider_admin": outsider_admin,
        },
        "report": [report.pk],
        "photo": [report.photos.get().pk],
        "acknowledge": [report.pk, "acknowledged"],
        "comment": [report.pk, "comment"],
        "rule": [RoutingRuleFactory(category="littering", organisation=organisation).pk],
        "other_organisation": outsider_admin.membership.organisation.pk,
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "target", "expected"), MATRIX, ids=[f"{m[1]}:{m[0]}:{m[2]}" for m in MATRIX]
)
def test_role_gets_expected_status(world, client_for, role, name, method, target, expected):
    url = reverse(name, args=world[target] if target else [])
    client = client_for(world["users"][role])
    data = {"note": "Ett skäl.", "to_organisation": world["other_organisation"]}
    response = client.post(url, data) if method == "post" else client.get(url)
    assert response.status_code == expected[role], f"{role} {method.upper()} {url}"


def test_every_reports_view_has_a_row_in_the_matrix():
    covered = {name for name, *_ in MATRIX}
    names = get_resolver().namespace_dict["reports"][1].reverse_dict
    missing = [
        f"reports:{name}" for name in names if isinstance(name, str) and f"reports:{name}" not in covered
    ]
    assert not missing, f"views without a permission matrix row: {missing}"
