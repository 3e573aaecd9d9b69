"""The audit log is append-only and never anonymised, so it must not hold a report's free text."""

import pytest

from partners.models import AuditEvent
from reports import services
from tests.partners.factories import make_member
from tests.reports.factories import ReportFactory

pytestmark = pytest.mark.django_db


def test_status_change_audit_records_no_note_text_and_no_place():
    report = ReportFactory(place_text="Poststigen 4, port B")
    handler = make_member(report.responsible_organisation)
    services.acknowledge_report(report=report, by=handler)
    services.start_report(report=report, by=handler)
    services.resolve_report(report=report, by=handler, note="Rutan bytt, boende Anna Andersson informerad")
    event = AuditEvent.objects.get(action="report.resolved")
    assert event.data == {"status": "resolved", "with_note": True}
    assert "Anna" not in str(event.data)
    assert "Poststigen" not in event.target_label
    assert event.target_label == f"Report #{report.pk} (Vandalism)"
