import json

import pytest
from django.urls import reverse

from reports import services
from tests.reports.factories import ReportFactory

pytestmark = pytest.mark.django_db


def test_my_data_export_holds_my_reports_and_notes_only(client_for, reporter, member, organisation, area):
    mine = ReportFactory(
        reporter=reporter, area=area, responsible_organisation=organisation, place_text="Min plats"
    )
    ReportFactory(area=area, place_text="Någon annans")
    services.comment_on_report(report=mine, by=reporter, note="Det är fortfarande trasigt.")
    services.comment_on_report(report=mine, by=member, note="Vi åker dit i dag.")
    data = json.loads(client_for(reporter).post(reverse("my_data")).content)["reports"]
    assert [report["place"] for report in data["reports_filed"]] == ["Min plats"]
    assert [event["note"] for event in data["report_events"]] == ["Det är fortfarande trasigt."]
