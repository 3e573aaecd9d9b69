"""GeoJSON for QGIS and the personal iCalendar feed, with the same visibility as the pages."""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from agreements.models import AgreementVersion, FollowUpPeriod
from integrations import services
from reports.models import Report
from situation.models import WalkFinding, WalkSignup
from tests.agreements.factories import MeasureFactory, PeriodFactory, make_version
from tests.meetings.factories import make_meeting
from tests.reports.factories import ReportFactory
from tests.situation.factories import WalkFactory

pytestmark = pytest.mark.django_db


def located(**fields):
    return ReportFactory(latitude=Decimal("59.180000"), longitude=Decimal("18.140000"), **fields)


def test_report_geojson_is_wgs84_longitude_first_and_follows_the_list_filter(client_for, member):
    graffiti = located(category="graffiti")
    located(category="vandalism")
    response = client_for(member).get("/integrations/geojson/reports.geojson", {"category": "graffiti"})
    assert response["Content-Type"] == "application/geo+json"
    collection = json.loads(response.content)
    assert collection["type"] == "FeatureCollection"
    assert [f["id"] for f in collection["features"]] == [graffiti.pk]
    assert collection["features"][0]["geometry"]["coordinates"] == [18.14, 59.18]


def test_report_geojson_leaves_out_restricted_reports_the_member_cannot_see(client_for, member):
    located(visibility=Report.Visibility.RESTRICTED)
    collection = json.loads(client_for(member).get("/integrations/geojson/reports.geojson").content)
    assert collection["features"] == []


def test_dark_spot_geojson_has_the_walk_findings(client_for, member):
    walk = WalkFactory()
    report = located(category="lighting")
    WalkFinding.objects.create(walk=walk, report=report, added_by=walk.organiser)
    collection = json.loads(client_for(member).get("/integrations/geojson/dark-spots.geojson").content)
    assert [f["properties"]["report"] for f in collection["features"]] == [report.pk]


def test_the_report_list_links_to_its_geojson_with_the_filter(client_for, member):
    page = client_for(member).get("/reports/", {"category": "graffiti"}).content.decode()
    assert "/integrations/geojson/reports.geojson?category=graffiti" in page


def feed_of(user):
    return services.issue_calendar_feed(by=user).token


def read_calendar(token, path="{token}.ics"):
    response = Client().get("/integrations/calendar/" + path.format(token=token))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_the_feed_opens_as_a_vcalendar_with_prodid_version_uid_dtstamp_and_utc_times(member):
    walk = WalkFactory()
    WalkSignup.objects.create(walk=walk, user=member)
    calendar = read_calendar(feed_of(member))
    assert calendar["PRODID"] and calendar["VERSION"] == "2.0"
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    assert event["UID"] == f"walk-{walk.pk}@samverkan" and event["DTSTAMP"]
    assert event.decoded("DTSTART") == walk.starts_at.replace(microsecond=0)
    assert event["DTSTART"].to_ical().endswith(b"Z")


def test_the_feed_holds_the_organisations_report_due_times(member, organisation):
    report = ReportFactory(responsible_organisation=organisation)
    ReportFactory()  # another organisation's queue
    uids = [str(e["UID"]) for e in read_calendar(feed_of(member)).walk("VEVENT")]
    assert uids == [f"report-due-{report.pk}-{int(report.due_at.timestamp())}@samverkan"]


def test_the_feed_holds_a_signatorys_signing_deadline(signatory):
    version = make_version(
        status=AgreementVersion.Status.OPEN,
        valid_from=timezone.localdate() + timedelta(days=20),
        valid_until=date(2030, 12, 31),
    )
    uids = [str(e["UID"]) for e in read_calendar(feed_of(signatory)).walk("VEVENT")]
    assert f"agreement-sign-{version.pk}@samverkan" in uids


def test_the_feed_holds_follow_up_deadlines_of_the_organisations_measures(member, organisation):
    measure = MeasureFactory(responsible=organisation)
    period = PeriodFactory(
        programme=measure.programme, year=timezone.localdate().year + 1, term=FollowUpPeriod.Term.T1
    )
    uids = [str(e["UID"]) for e in read_calendar(feed_of(member)).walk("VEVENT")]
    assert f"follow-up-{measure.pk}-{period.pk}@samverkan" in uids


def test_a_regenerated_address_replaces_the_old_one(member):
    old = feed_of(member)
    new = feed_of(member)
    assert Client().get(f"/integrations/calendar/{old}.ics").status_code == 404
    read_calendar(new)


def test_a_revoked_address_stops_working(member):
    token = feed_of(member)
    services.revoke_calendar_feed(by=member)
    assert Client().get(f"/integrations/calendar/{token}.ics").status_code == 404


def test_a_deactivated_persons_address_stops_working(member):
    token = feed_of(member)
    member.is_active = False
    member.save()
    assert Client().get(f"/integrations/calendar/{token}.ics").status_code == 404


def test_the_menu_leads_an_admin_to_integrations_and_a_member_to_the_calendar(client_for, member, org_admin):
    assert 'href="/integrations/"' in client_for(org_admin).get("/").content.decode()
    assert 'href="/integrations/calendar/"' in client_for(member).get("/").content.decode()


def test_the_feed_holds_the_forums_meetings_the_person_is_invited_to(
    member, organisation, chair, other_organisation
):
    invited = make_meeting(chair=chair, organisations=[organisation])
    make_meeting(chair=chair, organisations=[other_organisation])
    events = read_calendar(feed_of(member)).walk("VEVENT")
    meeting_events = [event for event in events if str(event["UID"]).startswith("meeting-")]
    assert [str(event["SUMMARY"]) for event in meeting_events] == [invited.title]
    assert meeting_events[0]["STATUS"] == "CONFIRMED"


def test_the_year_wheel_is_subscribable_on_the_same_secret_without_a_session(member):
    calendar = read_calendar(feed_of(member), "{token}/arshjul.ics")
    years = {event.decoded("DTSTART").year for event in calendar.walk("VEVENT")}
    assert years == {timezone.localdate().year, timezone.localdate().year + 1}
    keys = {str(event["UID"]).split("@")[0] for event in calendar.walk("VEVENT")}
    assert f"tertial-1-{timezone.localdate().year}" in keys


def test_revoking_the_address_stops_the_year_wheel_too(member):
    token = feed_of(member)
    services.revoke_calendar_feed(by=member)
    assert Client().get(f"/integrations/calendar/{token}/arshjul.ics").status_code == 404


def test_the_calendar_page_shows_both_addresses_once(client_for, member):
    body = client_for(member).post("/integrations/calendar/", {"action": "issue"}).content.decode()
    assert "/arshjul.ics</code>" in body and ".ics</code>" in body
