"""The intake's pages over HTTP: the public form without an account, the public map's data, the
CSP for map tiles, and what the public never sees."""

import json

import pytest
from django.core import mail
from django.utils import timezone

from intake.models import CitizenReport
from reports.models import Report
from tests.intake.factories import INSIDE, OUTSIDE, link_in
from tests.reports.factories import ReportFactory, upload

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "category": "graffiti",
        "latitude": str(INSIDE[0]).replace(".", ","),
        "longitude": str(INSIDE[1]),
        "description": "Klotter på elskåpet.",
        "email": "anna@example.test",
        "website": "",
    }
    data.update(overrides)
    return data


def test_anyone_files_a_report_and_confirms_it_from_the_email(
    client, handen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/felanmalan/", {**form_data(), "photos": [upload()]})
    assert response.status_code == 302 and response["Location"] == "/felanmalan/skickad/"
    confirm = link_in(mail.outbox[-1].body, "bekrafta")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm)
    citizen_report = CitizenReport.objects.get()
    assert response["Location"] == citizen_report.tracking_path()
    page = client.get(citizen_report.tracking_path())
    assert "Klotter på elskåpet." in page.content.decode()


def test_a_pin_outside_the_municipality_shows_the_message_on_the_form(client, handen):
    response = client.post("/felanmalan/", form_data(latitude=str(OUTSIDE[0]), longitude=str(OUTSIDE[1])))
    assert response.status_code == 200
    assert "outside the municipality" in response.content.decode()
    assert not CitizenReport.objects.exists()


def test_the_map_is_not_the_only_way_area_and_address_work(client, handen):
    response = client.post(
        "/felanmalan/", form_data(latitude="", longitude="", area=str(handen.pk), place_text="Handentorget 1")
    )
    assert response.status_code == 302
    assert CitizenReport.objects.get().area == handen


def test_the_form_offers_no_restricted_category(client, handen):
    body = client.get("/felanmalan/").content.decode()
    assert 'value="vandalism"' in body and 'value="drugs"' not in body and 'value="fire"' not in body


def test_the_csp_allows_images_from_exactly_the_tile_host(client, handen):
    policy = client.get("/felanmalan/")["Content-Security-Policy"]
    img = next(part for part in policy.split("; ") if part.startswith("img-src"))
    assert img == "img-src 'self' data: https://tile.openstreetmap.org"


def test_nearby_lists_open_reports_to_follow(client, handen):
    report = ReportFactory(area=handen, category="graffiti", latitude=INSIDE[0], longitude=INSIDE[1])
    body = client.get(
        "/felanmalan/nara/", {"category": "graffiti", "latitude": INSIDE[0], "longitude": INSIDE[1]}
    ).content.decode()
    assert f"/felanmalan/folj/{report.pk}/" in body
    assert report.reporter.email not in body and report.description not in body


def test_the_public_map_data_leaves_out_restricted_categories_and_reporters(client, handen):
    shown = ReportFactory(area=handen, latitude=INSIDE[0], longitude=INSIDE[1])
    ReportFactory(
        area=handen, latitude=INSIDE[0], longitude=INSIDE[1], visibility=Report.Visibility.RESTRICTED
    )
    ReportFactory(area=handen, latitude=INSIDE[0], longitude=INSIDE[1], category="drugs")
    data = json.loads(client.get("/felanmalan/karta.json", {"zoom": "18"}).content)
    assert [point["id"] for point in data["points"]] == [shown.pk]
    assert set(data["points"][0]) == {"id", "lat", "lon", "category", "status"}


def test_the_public_map_data_is_clustered_when_zoomed_out(client, handen):
    for _ in range(5):
        ReportFactory(area=handen, latitude=INSIDE[0], longitude=INSIDE[1])
    data = json.loads(client.get("/felanmalan/karta.json", {"zoom": "10"}).content)
    assert data["points"] == [] and [cluster["count"] for cluster in data["clusters"]] == [5]


def test_a_panned_view_gets_the_clusters_it_touches_from_one_layer_per_zoom(
    client, handen, django_assert_num_queries
):
    near, far = (59.1800, 18.1400), (59.1200, 18.0700)
    for _ in range(3):
        ReportFactory(area=handen, latitude=near[0], longitude=near[1])
        ReportFactory(area=handen, latitude=far[0], longitude=far[1])
    first = json.loads(
        client.get("/felanmalan/karta.json", {"zoom": "14", "bbox": "59.17,18.13,59.19,18.15"}).content
    )
    assert [(cluster["count"], cluster["lat"]) for cluster in first["clusters"]] == [(3, near[0])]
    with django_assert_num_queries(0):  # the zoom's layer is already kept: no query for a new view
        second = json.loads(
            client.get("/felanmalan/karta.json", {"zoom": "14", "bbox": "59.11,18.06,59.13,18.08"}).content
        )
    assert [(cluster["count"], cluster["lat"]) for cluster in second["clusters"]] == [(3, far[0])]


def test_what_we_do_shows_median_time_and_share_within_target(client, handen, housing):
    now = timezone.now()
    for hours in (10, 20, 200):
        ReportFactory(
            area=handen,
            responsible_organisation=housing,
            status=Report.Status.RESOLVED,
            created_at=now - timezone.timedelta(hours=hours),
            resolved_at=now,
        )
    body = client.get("/felanmalan/det-har-gor-vi/").content.decode()
    assert "Haninge Bostäder" in body and "20.0" in body


def test_the_area_outlines_are_public_geojson(client, handen):
    data = json.loads(client.get("/felanmalan/omraden.geojson").content)
    assert data["features"][0]["properties"]["name"] == "Handen"
    assert data["features"][0]["geometry"]["type"] == "Polygon"


def test_coordinators_find_the_triage_queue_in_the_navigation(client_for, coordinator, member):
    assert 'href="/felanmalan/triage/"' in client_for(coordinator).get("/").content.decode()
    assert 'href="/felanmalan/triage/"' not in client_for(member).get("/").content.decode()
