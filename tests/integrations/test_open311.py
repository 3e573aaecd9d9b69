"""Open311 GeoReport v2 through the Django test client: formats, filters, visibility, errors."""

from xml.etree import ElementTree

import pytest
from django.test import Client

from partners.models import AuditEvent
from reports.models import Report, ReportEvent
from tests.partners.factories import AreaFactory, OrganisationFactory, make_member
from tests.reports.factories import ReportFactory

pytestmark = pytest.mark.django_db
BASE = "/open311/v2"


def get(path, secret=None, **params):
    if secret:
        params["api_key"] = secret
    return Client().get(f"{BASE}/{path}", params)


def test_discovery_needs_no_key_and_lists_both_formats():
    response = get("discovery.json")
    assert response.status_code == 200
    formats = response.json()["endpoints"][0]["formats"]
    assert any("json" in f for f in formats) and any("xml" in f for f in formats)


def test_services_without_a_key_is_a_401_in_the_standard_error_format():
    response = get("services.json")
    assert response.status_code == 401
    assert response.json() == [{"code": 401, "description": response.json()[0]["description"]}]


def test_services_lists_every_incident_category_in_xml(read_key):
    _key, secret = read_key
    response = get("services.xml", secret)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == "services"
    assert "vandalism" in [s.findtext("service_code") for s in root.findall("service")]


def test_service_definition_offers_the_active_areas_as_values(read_key):
    AreaFactory(name="Jordbro")
    _key, secret = read_key
    response = get("services/graffiti.json", secret)
    area = next(a for a in response.json()["attributes"] if a["code"] == "area")
    assert area["required"] is True
    assert "Jordbro" in [value["name"] for value in area["values"]]


def test_unknown_service_is_a_404(read_key):
    _key, secret = read_key
    assert get("services/nothing.json", secret).status_code == 404


def test_requests_shows_what_the_organisations_members_see_and_no_more(read_key, organisation):
    _key, secret = read_key
    ours = ReportFactory(responsible_organisation=organisation, visibility=Report.Visibility.RESTRICTED)
    network = ReportFactory()
    hidden = ReportFactory(visibility=Report.Visibility.RESTRICTED)
    ids = {item["service_request_id"] for item in get("requests.json", secret).json()}
    assert str(ours.pk) in ids and str(network.pk) in ids
    assert str(hidden.pk) not in ids


def test_a_restricted_report_of_another_organisation_is_a_404_like_a_missing_one(read_key):
    _key, secret = read_key
    hidden = ReportFactory(visibility=Report.Visibility.RESTRICTED)
    assert get(f"requests/{hidden.pk}.json", secret).status_code == 404
    assert get("requests/999999.json", secret).status_code == 404


def test_requests_filters_by_status_and_service_code(read_key, organisation):
    _key, secret = read_key
    open_one = ReportFactory(category="graffiti")
    ReportFactory(category="graffiti", status=Report.Status.RESOLVED)
    ReportFactory(category="vandalism")
    items = get("requests.json", secret, status="open", service_code="graffiti").json()
    assert [item["service_request_id"] for item in items] == [str(open_one.pk)]


def test_requests_pages_with_page_and_page_size(read_key):
    _key, secret = read_key
    for _ in range(5):
        ReportFactory()
    first = get("requests.json", secret, page_size=2, page=1).json()
    third = get("requests.json", secret, page_size=2, page=3).json()
    assert len(first) == 2 and len(third) == 1


def test_a_bad_filter_is_a_400_naming_the_parameter(read_key):
    _key, secret = read_key
    response = get("requests.json", secret, start_date="yesterday")
    assert response.status_code == 400
    assert "start_date" in response.json()[0]["description"]


def test_an_unknown_format_is_a_404():
    assert Client().get(f"{BASE}/services.csv").status_code == 404


def test_requests_list_runs_a_constant_number_of_queries(read_key, django_assert_max_num_queries):
    _key, secret = read_key
    for _ in range(3):
        ReportFactory()
    get("requests.json", secret)
    with django_assert_max_num_queries(12) as few:
        get("requests.json", secret)
    for _ in range(20):
        ReportFactory()
    with django_assert_max_num_queries(len(few.captured_queries)):
        get("requests.json", secret)


def test_posting_a_request_files_a_report_in_the_organisations_name(write_key, organisation):
    key, secret = write_key
    area = AreaFactory(name="Brandbergen")
    response = Client().post(
        f"{BASE}/requests.json",
        {
            "api_key": secret,
            "service_code": "graffiti",
            "address_string": "Brandbergen centrum",
            "description": "Klotter på gaveln.",
            "lat": "59.17",
            "long": "18.16",
            "attribute[area]": str(area.pk),
        },
    )
    assert response.status_code == 201, response.content
    created = response.json()[0]
    report = Report.objects.get(pk=created["service_request_id"])
    assert report.organisation == organisation
    assert report.reporter == key.service_user
    token = get(f"tokens/{created['token']}.json", secret).json()
    assert token[0]["service_request_id"] == str(report.pk)


def test_posting_without_an_area_is_a_400_and_files_nothing(write_key):
    _key, secret = write_key
    response = Client().post(
        f"{BASE}/requests.json",
        {"api_key": secret, "service_code": "graffiti", "address_string": "X", "description": "Y"},
    )
    assert response.status_code == 400
    assert Report.objects.count() == 0


def test_a_read_key_cannot_post_a_request(read_key):
    _key, secret = read_key
    response = Client().post(f"{BASE}/requests.json", {"api_key": secret, "service_code": "graffiti"})
    assert response.status_code == 403


def test_status_extension_resolves_with_feedback_through_the_reports_service(write_key, organisation):
    key, secret = write_key
    report = ReportFactory(responsible_organisation=organisation)
    response = Client().post(
        f"{BASE}/requests/{report.pk}/status.json",
        {"action": "resolve", "note": "Rutan bytt."},
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 200, response.content
    assert response.json()[0]["status"] == "closed"
    assert response.json()[0]["status_notes"] == "Rutan bytt."
    event = ReportEvent.objects.get(report=report, kind="resolved")
    assert event.actor == key.service_user
    # återkoppling: the reporter is told, as from the web button
    assert report.reporter.notifications.filter(kind="report.resolved").exists()


def test_status_extension_refuses_a_report_of_another_organisation(write_key):
    _key, secret = write_key
    report = ReportFactory()
    response = Client().post(
        f"{BASE}/requests/{report.pk}/status.xml",
        {"action": "acknowledge"},
        HTTP_X_API_KEY=secret,
    )
    assert response.status_code == 403
    assert ElementTree.fromstring(response.content).findtext("error/code") == "403"


def test_status_extension_refuses_a_step_the_state_machine_does_not_allow(write_key, organisation):
    _key, secret = write_key
    report = ReportFactory(responsible_organisation=organisation, status=Report.Status.RESOLVED)
    response = Client().post(
        f"{BASE}/requests/{report.pk}/status.json", {"action": "start"}, HTTP_X_API_KEY=secret
    )
    assert response.status_code == 400


def test_forwarding_through_the_api_moves_the_report(write_key, organisation):
    _key, secret = write_key
    other = OrganisationFactory(name="Vattenfall")
    report = ReportFactory(responsible_organisation=organisation)
    response = Client().post(
        f"{BASE}/requests/{report.pk}/status.json",
        {"action": "forward", "note": "Belysning, inte vår.", "to_organisation": str(other.pk)},
        HTTP_X_API_KEY=secret,
    )
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.responsible_organisation == other


def test_every_use_is_audited_in_the_keys_name(read_key, organisation):
    key, secret = read_key
    get("services.json", secret)
    event = AuditEvent.objects.filter(action="api_key.use").latest("id")
    assert event.actor_label == f"API key Arbetsorder of {organisation.name}"
    assert event.data["status"] == 200
    key.refresh_from_db()
    assert key.last_used_at is not None


def test_a_key_over_its_rate_gets_a_429_with_retry_after(read_key, settings):
    settings.INTEGRATIONS_API_RATE_LIMIT = (2, 60)
    _key, secret = read_key
    codes = [get("services.json", secret).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    response = get("services.json", secret)
    assert int(response["Retry-After"]) > 0
    assert response.json()[0]["code"] == 429


def test_a_key_of_a_deactivated_member_organisation_stops_working(read_key, organisation):
    _key, secret = read_key
    organisation.is_active = False
    organisation.save()
    assert get("services.json", secret).status_code == 401


def test_a_service_identity_cannot_log_in(read_key):
    key, _secret = read_key
    assert not key.service_user.has_usable_password()


def test_a_members_session_is_not_an_api_credential(client_for, member):
    assert client_for(member).get(f"{BASE}/services.json").status_code == 401


def test_an_ordinary_member_of_the_organisation_sees_the_same_list(read_key, organisation):
    _key, secret = read_key
    ReportFactory(responsible_organisation=organisation, visibility=Report.Visibility.RESTRICTED)
    ReportFactory(visibility=Report.Visibility.RESTRICTED)
    ReportFactory()
    person = make_member(organisation)
    from reports.selectors import reports_for

    web = {str(pk) for pk in reports_for(person).values_list("pk", flat=True)}
    api = {item["service_request_id"] for item in get("requests.json", secret).json()}
    assert api == web
