"""The report pages: filing, the list with filters and constant queries, the queue, CSV, the steps, rules."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from realtime.models import Notification
from reports import services
from reports.models import Report, ReportPhoto, RoutingRule
from tests.partners.factories import AreaFactory, OrganisationFactory
from tests.reports.factories import ReportFactory, RoutingRuleFactory, upload

pytestmark = pytest.mark.django_db


def form_data(area_obj, overrides=None, **more):
    data = {
        "area": area_obj.pk,
        "category": "vandalism",
        "place_text": "Poststigen 4",
        "occurred_at": (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "severity": "medium",
        "visibility": "network",
        "description": "Krossad ruta.",
    }
    data.update(overrides or {})
    data.update(more)
    return data


# --- filing through the page ---


def test_member_files_report_with_photo_and_coordinates(client_for, reporter, area, organisation):
    RoutingRuleFactory(category="vandalism", area=area, organisation=organisation)
    response = client_for(reporter).post(
        reverse("reports:create"),
        {**form_data(area, latitude="59,1712", longitude="18.1395"), "photos": [upload(), upload()]},
    )
    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == report.get_absolute_url()
    assert str(report.latitude) == "59.171200"
    assert report.photos.count() == 2
    assert report.responsible_organisation == organisation


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"area": ""}, "area"),
        ({"category": ""}, "category"),
        (
            {"occurred_at": (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")},
            "occurred_at",
        ),
        ({"latitude": "40.0", "longitude": "18.0"}, "latitude"),
        ({"latitude": "59.2", "longitude": ""}, "longitude"),
        ({"latitude": "norr"}, "latitude"),
    ],
)
def test_bad_input_shows_the_form_again_with_a_message(client_for, reporter, area, overrides, field):
    response = client_for(reporter).post(reverse("reports:create"), form_data(area, overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Report.objects.exists()


def test_not_an_image_shows_a_message_and_saves_nothing(client_for, reporter, area, media_files):
    fake = upload("evil.jpg", b"<?php echo 1; ?>", "image/jpeg")
    response = client_for(reporter).post(reverse("reports:create"), {**form_data(area), "photos": [fake]})
    assert response.status_code == 200
    assert "not a JPEG" in str(response.context["form"].errors["photos"])
    assert not Report.objects.exists()
    assert media_files() == []


def test_too_many_photos_shows_a_message(client_for, reporter, area):
    response = client_for(reporter).post(
        reverse("reports:create"), {**form_data(area), "photos": [upload() for _ in range(6)]}
    )
    assert response.status_code == 200
    assert "photos" in response.context["form"].errors
    assert not ReportPhoto.objects.exists()


# --- the list ---


@pytest.fixture
def many(reporter, organisation, other_organisation, area, other_area):
    for index in range(30):
        ReportFactory(
            reporter=reporter,
            area=area if index % 2 else other_area,
            category="graffiti" if index % 3 else "lighting",
            responsible_organisation=organisation if index % 5 else other_organisation,
            status=Report.Status.RESOLVED if index % 4 == 0 else Report.Status.NEW,
            occurred_at=timezone.now() - timedelta(days=index),
            place_text=f"Plats {index}",
        )


def ids(response):
    return [report.pk for report in response.context["page"].object_list]


def test_list_filters_by_area_category_status_organisation_and_dates(
    client_for, many, member, area, organisation
):
    client = client_for(member)
    today = timezone.localdate()
    response = client.get(
        reverse("reports:list"),
        {
            "area": area.pk,
            "category": "graffiti",
            "status": "new",
            "organisation": organisation.pk,
            "date_from": (today - timedelta(days=20)).isoformat(),
            "date_to": today.isoformat(),
        },
    )
    expected = Report.objects.filter(
        area=area,
        category="graffiti",
        status="new",
        responsible_organisation=organisation,
        occurred_at__gte=timezone.now() - timedelta(days=21),
    )
    expected = [r.pk for r in expected if timezone.localdate(r.occurred_at) >= today - timedelta(days=20)]
    assert sorted(ids(response)) == sorted(expected)
    assert expected


def test_open_status_filter_leaves_out_closed_reports(client_for, many, member):
    response = client_for(member).get(reverse("reports:list"), {"status": "open"})
    statuses = {report.status for report in response.context["page"].object_list}
    assert statuses == {"new"}


def test_invalid_filter_is_ignored_not_an_error(client_for, many, member):
    response = client_for(member).get(reverse("reports:list"), {"area": "999999", "date_from": "igår"})
    assert response.status_code == 200
    assert len(ids(response)) == 25


def test_list_is_paginated(client_for, many, member):
    response = client_for(member).get(reverse("reports:list"), {"page": 2})
    assert len(ids(response)) == 5


def test_list_runs_the_same_number_of_queries_whatever_the_data(
    client_for, member, reporter, organisation, area, django_assert_max_num_queries
):
    client = client_for(member)
    ReportFactory(reporter=reporter, responsible_organisation=organisation, area=area)
    client.get(reverse("reports:list"))
    # A filter not asked for yet: rendered afresh, not from the cached fragment.
    with django_assert_max_num_queries(14) as few:
        client.get(reverse("reports:list"), {"status": "open"})
    for index in range(30):
        ReportFactory(
            reporter=reporter,
            responsible_organisation=OrganisationFactory(),
            area=AreaFactory(name=f"Område {index}"),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("reports:list"), {"status": "new"})


def test_detail_runs_a_bounded_number_of_queries(
    client_for, member, reporter, organisation, area, django_assert_max_num_queries
):
    report = ReportFactory(reporter=reporter, responsible_organisation=organisation, area=area)
    client = client_for(member)
    for _ in range(10):
        services.comment_on_report(report=report, by=member, note="Noterat.")
    with django_assert_max_num_queries(16):
        assert client.get(report.get_absolute_url()).status_code == 200


def test_report_pages_are_not_stored_by_browsers(client_for, reporter, member, organisation, area):
    report = ReportFactory(reporter=reporter, responsible_organisation=organisation, area=area)
    client = client_for(member)
    for url in (reverse("reports:list"), report.get_absolute_url(), reverse("reports:queue")):
        assert "no-store" in client.get(url)["Cache-Control"]


def test_photo_is_served_privately(client_for, reporter, area):
    report = services.create_report(
        by=reporter,
        area=area,
        category="graffiti",
        place_text="x",
        occurred_at=timezone.now(),
        description="x",
        photos=[upload()],
    )
    response = client_for(reporter).get(report.photos.get().get_absolute_url())
    assert response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


# --- CSV ---


def test_csv_is_utf8_with_bom_and_semicolons(client_for, reporter, area, organisation):
    ReportFactory(
        reporter=reporter,
        area=area,
        responsible_organisation=organisation,
        place_text="Gångvägen vid Åsvägen",
        description='=HYPERLINK("http://evil")',
    )
    response = client_for(reporter).get(reverse("reports:export"))
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    lines = body.decode("utf-8-sig").splitlines()
    assert len(lines) == 2
    assert ";" in lines[0]
    assert "Gångvägen vid Åsvägen" in lines[1]
    assert "'=HYPERLINK" in lines[1]


def test_csv_follows_the_filters(client_for, many, member, area):
    response = client_for(member).get(reverse("reports:export"), {"area": area.pk})
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) - 1 == Report.objects.filter(area=area).count()


# --- the queue and the steps through the page ---


@pytest.fixture
def routed(reporter, organisation, area):
    RoutingRuleFactory(category="vandalism", area=area, organisation=organisation)
    return services.create_report(
        by=reporter,
        area=area,
        category="vandalism",
        place_text="Poststigen 4",
        occurred_at=timezone.now() - timedelta(hours=1),
        description="Krossad ruta.",
    )


def test_queue_shows_open_reports_of_my_organisation_overdue_marked(client_for, routed, member, reporter):
    Report.objects.filter(pk=routed.pk).update(due_at=timezone.now() - timedelta(hours=1))
    ReportFactory(reporter=reporter, place_text="Någon annans")
    response = client_for(member).get(reverse("reports:queue"))
    assert [r.pk for r in response.context["page"].object_list] == [routed.pk]
    assert "overdue-row" in response.content.decode()


def test_member_resolves_through_the_page_and_reporter_sees_feedback(client_for, routed, member, reporter):
    client = client_for(member)
    client.post(reverse("reports:step", args=[routed.pk, "acknowledged"]), {"note": ""})
    response = client.post(reverse("reports:step", args=[routed.pk, "resolved"]), {"note": "Rutan är bytt."})
    assert response.status_code == 302
    routed.refresh_from_db()
    assert routed.status == "resolved"
    page = client_for(reporter).get(routed.get_absolute_url()).content.decode()
    assert "Rutan är bytt." in page
    dashboard = client_for(reporter).get(reverse("dashboard")).content.decode()
    assert "Rutan är bytt." in dashboard


def test_refused_step_through_the_page_shows_a_message(client_for, routed, member):
    client = client_for(member)
    client.post(reverse("reports:step", args=[routed.pk, "rejected"]), {"note": "Dubblett."})
    response = client.post(
        reverse("reports:step", args=[routed.pk, "resolved"]), {"note": "Klart"}, follow=True
    )
    assert response.status_code == 200
    assert any("cannot" in str(m) or "kan inte" in str(m) for m in response.context["messages"])
    routed.refresh_from_db()
    assert routed.status == "rejected"


def test_non_handler_gets_403_on_a_visible_report(client_for, routed, outsider):
    response = client_for(outsider).post(reverse("reports:step", args=[routed.pk, "acknowledged"]))
    assert response.status_code == 403


def test_forward_to_inactive_organisation_through_the_page_is_refused(client_for, routed, member):
    inactive = OrganisationFactory(is_active=False)
    response = client_for(member).post(
        reverse("reports:forward", args=[routed.pk]),
        {"to_organisation": inactive.pk, "note": "Fel"},
        follow=True,
    )
    assert response.status_code == 200
    assert list(response.context["messages"])
    routed.refresh_from_db()
    assert routed.responsible_organisation == member.membership.organisation


def test_reporter_reopens_through_the_page(client_for, routed, member, reporter):
    services.resolve_report(report=routed, by=member, note="Klart.")
    client_for(reporter).post(
        reverse("reports:step", args=[routed.pk, "reopened"]), {"note": "Fortfarande trasigt"}
    )
    routed.refresh_from_db()
    assert routed.status == "new"
    assert Notification.objects.filter(
        recipient=member, kind="report.routed", text__contains="Fortfarande trasigt"
    ).exists()


def test_unknown_step_is_404(client_for, routed, member):
    assert client_for(member).post(reverse("reports:step", args=[routed.pk, "explode"])).status_code == 404


# --- dashboard and navigation ---


def test_dashboard_shows_my_organisation_queue_with_overdue_count(client_for, routed, member):
    Report.objects.filter(pk=routed.pk).update(due_at=timezone.now() - timedelta(hours=1))
    page = client_for(member).get(reverse("dashboard")).content.decode()
    assert "Poststigen 4" in page
    assert 'class="tag overdue"' in page
    assert reverse("reports:list") in page


# --- routing rules page ---


def test_coordinator_adds_rule_through_the_page(client_for, coordinator, area, organisation):
    response = client_for(coordinator).post(
        reverse("reports:rules"), {"category": "littering", "area": area.pk, "organisation": organisation.pk}
    )
    assert response.status_code == 302
    assert RoutingRule.objects.get(category="littering").organisation == organisation


def test_coordinator_removes_rule(client_for, coordinator, organisation):
    rule = RoutingRuleFactory(organisation=organisation)
    client_for(coordinator).post(reverse("reports:rule_delete", args=[rule.pk]))
    assert not RoutingRule.objects.exists()


def test_interface_is_swedish_by_default(settings, client_for, member):
    settings.LANGUAGE_CODE = "sv"
    page = client_for(member).get(reverse("reports:create")).content.decode()
    assert "Gör en rapport" in page
    assert "Vem får se rapporten?" in page


def test_csv_headers_and_labels_follow_the_language(settings, client_for, reporter, area, organisation):
    settings.LANGUAGE_CODE = "sv"
    ReportFactory(reporter=reporter, area=area, responsible_organisation=organisation, category="graffiti")
    response = client_for(reporter).get(reverse("reports:export"))
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("ID;Inträffade;")
    assert ";Klotter;" in lines[1]


def test_csv_coordinates_carry_the_decimal_comma_beside_semicolons(settings, client_for, reporter, area):
    settings.LANGUAGE_CODE = "sv"
    ReportFactory(reporter=reporter, area=area, latitude=Decimal("59.181230"), longitude=Decimal("18.152100"))
    body = b"".join(client_for(reporter).get(reverse("reports:export")).streaming_content).decode("utf-8-sig")
    row = body.splitlines()[1].split(";")
    assert "59,181230" in row and "18,152100" in row


def test_the_map_view_has_the_lists_filters_and_visibility(client_for, reporter, area, other_area, outsider):
    from reports.models import Report
    from tests.reports.factories import ReportFactory

    shown = ReportFactory(area=area, latitude="59.170000", longitude="18.140000")
    ReportFactory(area=other_area, latitude="59.140000", longitude="18.140000")
    ReportFactory(area=area, latitude=None, longitude=None)
    restricted = ReportFactory(
        area=area, latitude="59.170000", longitude="18.140000", visibility=Report.Visibility.RESTRICTED
    )
    data = client_for(outsider).get("/reports/map.json", {"area": area.pk}).json()
    assert [point["id"] for point in data["points"]] == [shown.pk] and data["total"] == 1
    assert restricted.pk not in [point["id"] for point in data["points"]]
