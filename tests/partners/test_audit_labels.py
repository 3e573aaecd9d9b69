import ast
import re

import pytest
from django.urls import reverse

from partners import audit, audit_labels
from tests.support import ROOT

pytestmark = pytest.mark.django_db

CODE = re.compile(r"^[a-z_]+(\.[a-z_]+)+$")


def _recorded_action_codes() -> set[str]:
    """Every action code the hub's own code hands to audit.record, as written in the source."""
    codes: set[str] = set()
    for path in ROOT.glob("*/**/*.py"):
        if path.parts[len(ROOT.parts)] in {".venv", "tests", "bench"}:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call) or getattr(node.func, "attr", "") != "record":
                continue
            for keyword in node.keywords:
                if keyword.arg == "action":
                    constants = [n.value for n in ast.walk(keyword.value) if isinstance(n, ast.Constant)]
                    codes.update(value for value in constants if CODE.match(str(value)))
    return codes


def test_every_action_the_hub_records_has_a_label():
    codes = _recorded_action_codes()
    assert len(codes) > 40
    assert codes - set(audit_labels.registered()) == set()


def test_an_unregistered_action_is_refused(member):
    with pytest.raises(audit_labels.UnknownAuditAction):
        audit.record(actor=member, action="report.teleported")


def test_the_audit_log_shows_what_was_done_in_words_not_codes(coordinator, member, client_for):
    audit.record(actor=coordinator, action="member.signatory", target=member, data={"is_signatory": True})
    page = client_for(coordinator).get(reverse("partners:audit")).content.decode()
    assert "Behörig företrädare ändrad" in page
    assert "member.signatory" not in page.split("<select", 1)[0] + page.split("</select>", 1)[1]
    assert "{&#x27;" not in page and "{'" not in page
    assert "Behörig företrädare: ja" in page


def test_the_audit_log_filters_by_a_chosen_action(coordinator, member, client_for):
    audit.record(actor=coordinator, action="member.signatory", target=member)
    audit.record(actor=coordinator, action="member.deactivate", target=member)
    response = client_for(coordinator).get(reverse("partners:audit"), {"action": "member.deactivate"})
    events = list(response.context["page"])
    assert [event.action for event in events] == ["member.deactivate"]
