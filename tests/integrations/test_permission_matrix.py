"""Every role against every view of integrations/ and open311/, with the expected status. A session
is never an Open311 credential: with a browser's cookies alone the API answers 401."""

import pytest
from django.urls import reverse

from integrations import services
from integrations.models import WebhookEvent
from tests.reports.factories import ReportFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "org_admin", "outsider_admin", "coordinator", "deactivated"]
LOGIN = 302


def row(default, **overrides):
    expected = {role: default for role in ROLES}
    expected.update({"anonymous": LOGIN, "deactivated": LOGIN})
    expected.update(overrides)
    return expected


def api(status):
    return {role: status for role in ROLES}


ADMIN_ONLY = dict(org_admin=200, member=403, outsider_admin=403, coordinator=403)
# Objects of the admin's organisation: another organisation's admin gets the same 404 as for none.
OWN = dict(org_admin=302, member=403, outsider_admin=404, coordinator=403)

MATRIX = [
    ("integrations:overview", "get", None, row(403, org_admin=200, outsider_admin=200)),
    ("integrations:key_create", "post", None, row(403, org_admin=200, outsider_admin=200)),
    ("integrations:key_revoke", "post", "key", row(403, **OWN)),
    ("integrations:webhook_create", "post", None, row(403, org_admin=200, outsider_admin=200)),
    ("integrations:webhook_detail", "get", "webhook", row(403, **{**OWN, "org_admin": 200})),
    ("integrations:webhook_resume", "post", "webhook", row(403, **OWN)),
    ("integrations:webhook_delete", "post", "webhook", row(403, **OWN)),
    ("integrations:delivery_resend", "post", "delivery", row(403, **OWN)),
    ("integrations:calendar", "get", None, row(200)),
    ("integrations:calendar", "post", None, row(200)),
    ("integrations:calendar_feed", "get", "token", api(404)),
    ("integrations:year_wheel_feed", "get", "token", api(404)),
    ("integrations:reports_geojson", "get", None, row(200)),
    ("integrations:dark_spots_geojson", "get", None, row(200)),
    ("open311:discovery", "get", "json", api(200)),
    ("open311:openapi", "get", None, api(200)),
    ("open311:services", "get", "json", api(401)),
    ("open311:service", "get", "service", api(401)),
    ("open311:requests", "get", "json", api(401)),
    ("open311:requests", "post", "json", api(401)),
    ("open311:request", "get", "request", api(401)),
    ("open311:request_status", "post", "request", api(401)),
    ("open311:token", "get", "tokenjson", api(401)),
]


@pytest.fixture
def world(organisation, member, org_admin, outsider_admin, coordinator, deactivated, settings):
    settings.INTEGRATIONS_WEBHOOK_ALLOW_HTTP = True
    key = services.create_api_key(organisation=organisation, by=org_admin, name="K", scopes=["read"]).key
    endpoint = services.create_webhook(
        organisation=organisation, by=org_admin, url="http://127.0.0.1:9/x", events=[WebhookEvent.ROUTED]
    ).endpoint
    delivery = services.enqueue_event(organisation_id=organisation.pk, event=WebhookEvent.ROUTED, payload={})[
        0
    ]
    report = ReportFactory(responsible_organisation=organisation)
    return {
        "users": {
            "anonymous": None,
            "member": member,
            "org_admin": org_admin,
            "outsider_admin": outsider_admin,
            "coordinator": coordinator,
            "deactivated": deactivated,
        },
        "key": {"pk": key.pk},
        "webhook": {"pk": endpoint.pk},
        "delivery": {"pk": delivery.pk},
        "token": {"token": "not-a-token"},
        "json": {"fmt": "json"},
        "service": {"code": "graffiti", "fmt": "json"},
        "request": {"request_id": report.pk, "fmt": "json"},
        "tokenjson": {"token": "x", "fmt": "json"},
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "target", "expected"), MATRIX, ids=[f"{m[1]}:{m[0]}:{m[2]}" for m in MATRIX]
)
def test_role_gets_expected_status(world, client_for, role, name, method, target, expected):
    url = reverse(name, kwargs=world[target] if target else {})
    client = client_for(world["users"][role])
    response = client.post(url, {}) if method == "post" else client.get(url)
    assert response.status_code == expected[role], f"{role} {method.upper()} {url}"
