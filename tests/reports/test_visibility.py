"""Who sees what, for each visibility setting: the list, the detail page, the photo, and the CSV export."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from partners.models import AuditEvent
from reports import services
from reports.models import Report
from tests.reports.factories import RoutingRuleFactory, upload

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


@pytest.fixture
def reports(reporter, area, organisation):
    RoutingRuleFactory(category="graffiti", area=area, organisation=organisation)

    def make(visibility, text):
        return services.create_report(
            by=reporter,
            area=area,
            category="graffiti",
            place_text=text,
            occurred_at=timezone.now() - timedelta(hours=1),
            description=text,
            visibility=visibility,
            photos=[upload()],
        )

    return {
        "network": make(Report.Visibility.NETWORK, "Öppen-rapport"),
        "restricted": make(Report.Visibility.RESTRICTED, "Begränsad-rapport"),
    }


# Who may see a restricted report (a network report is seen by every member).
RESTRICTED_READERS = {
    "reporter": True,
    "reporter_colleague": True,
    "member": True,  # of the responsible organisation
    "org_admin": True,
    "police": True,
    "coordinator": True,
    "leader": True,
    "outsider": False,
    "chair": False,
}


@pytest.fixture
def people(reporter, reporter_colleague, member, org_admin, police, coordinator, leader, outsider, chair):
    return {
        "reporter": reporter,
        "reporter_colleague": reporter_colleague,
        "member": member,
        "org_admin": org_admin,
        "police": police,
        "coordinator": coordinator,
        "leader": leader,
        "outsider": outsider,
        "chair": chair,
    }


@pytest.mark.parametrize("who", list(RESTRICTED_READERS))
@pytest.mark.parametrize("visibility", ["network", "restricted"])
def test_list_detail_photo_and_csv_follow_visibility(client_for, reports, people, who, visibility):
    report = reports[visibility]
    expected = visibility == "network" or RESTRICTED_READERS[who]
    client = client_for(people[who])

    listing = client.get(reverse("reports:list"))
    assert (report.place_text in listing.content.decode()) is expected

    detail = client.get(report.get_absolute_url())
    assert detail.status_code == (200 if expected else 404)

    photo = client.get(report.photos.get().get_absolute_url())
    assert photo.status_code == (200 if expected else 404)

    export = b"".join(client.get(reverse("reports:export")).streaming_content).decode("utf-8-sig")
    assert (report.place_text in export) is expected


def test_anonymous_and_deactivated_see_nothing(client_for, reports, deactivated):
    for user in (None, deactivated):
        client = client_for(user)
        assert client.get(reports["network"].get_absolute_url()).status_code == 302
        assert client.get(reports["network"].photos.get().get_absolute_url()).status_code == 302
        assert client.get(reverse("reports:export")).status_code == 302


def test_opening_restricted_report_is_audited(client_for, reports, police):
    client_for(police).get(reports["restricted"].get_absolute_url())
    event = AuditEvent.objects.get(action="report.read")
    assert event.actor == police
    assert event.target_id == str(reports["restricted"].pk)


def test_opening_network_report_is_not_audited(client_for, reports, police):
    client_for(police).get(reports["network"].get_absolute_url())
    assert not AuditEvent.objects.filter(action="report.read").exists()


def test_refused_reader_leaves_no_audit_of_a_read(client_for, reports, outsider):
    client_for(outsider).get(reports["restricted"].get_absolute_url())
    assert not AuditEvent.objects.filter(action="report.read").exists()


def test_previous_organisation_loses_a_restricted_report_after_forwarding(
    client_for, reports, member, other_organisation
):
    report = reports["restricted"]
    services.forward_report(report=report, by=member, to_organisation=other_organisation, reason="Deras.")
    assert client_for(member).get(report.get_absolute_url()).status_code == 404


def test_outsider_cannot_act_on_a_report_they_cannot_see(client_for, reports, outsider):
    report = reports["restricted"]
    url = reverse("reports:step", args=[report.pk, "acknowledged"])
    assert client_for(outsider).post(url, {"note": ""}).status_code == 404
    report.refresh_from_db()
    assert report.status == Report.Status.NEW
