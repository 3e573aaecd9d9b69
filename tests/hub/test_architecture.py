"""Where rules live: checks on the shape of the code that the style guide asks for."""

import inspect
from importlib import import_module

import pytest

APPS = ["partners", "realtime", "forum", "reports", "agreements", "escalations", "situation"]


@pytest.mark.parametrize("app", APPS)
def test_no_service_takes_the_http_request(app):
    """Who acted and from where reach the audit log through the audit context the middleware and
    the socket base set, so services are called the same from a view, a socket, a command or the
    admin."""
    module = import_module(f"{app}.services")
    taking = [
        name
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__ and "request" in inspect.signature(function).parameters
    ]
    assert not taking, f"{app}.services functions taking request: {taking}"


def test_an_audit_row_written_by_a_service_during_a_request_has_the_clients_address(
    client_for, org_admin, db
):
    from django.urls import reverse

    from partners.models import AuditEvent

    url = reverse("partners:invite", args=[org_admin.membership.organisation_id])
    response = client_for(org_admin).post(
        url, {"email": "ny@example.test", "full_name": "Ny", "role": "member"}, REMOTE_ADDR="203.0.113.9"
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="invitation.send")
    assert event.ip == "203.0.113.9"
