"""Where rules live: checks on the shape of the code that the style guide asks for."""

import inspect
from importlib import import_module

import pytest

APPS = [
    "partners",
    "realtime",
    "forum",
    "reports",
    "agreements",
    "escalations",
    "situation",
    "integrations",
    "intake",
    "meetings",
]


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


def test_architecture_md_matches_the_code():
    """Every file docs/ARCHITECTURE.md names exists, and every rule it names is in that app's
    permissions.py."""
    import re
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.BASE_DIR)
    text = (root / "docs" / "ARCHITECTURE.md").read_text()
    missing = [
        path for path in re.findall(r"`([a-z_]+/[a-z_/]+\.(?:py|js))`", text) if not (root / path).exists()
    ]
    for line in text.split("## Per app", 1)[1].splitlines():
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) < 3 or not cells[1].startswith("`") or "permissions.py" not in cells[2]:
            continue
        app = cells[1].strip("`")
        rules = import_module(f"{app}.permissions")
        named = re.findall(r"`([a-z_]+)`", cells[2].split(":", 1)[1])
        missing += [f"{app}.permissions.{name}" for name in named if not hasattr(rules, name)]
    assert not missing, f"docs/ARCHITECTURE.md names what the code does not have: {missing}"
