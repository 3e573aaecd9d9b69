import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from partners.categories import IncidentCategory
from reports.models import Report
from situation.models import AreaFollow, ReportingDuty, Walk, WalkFinding, WalkSignup, WeeklyCheckIn
from situation.weeks import IsoWeek
from tests.partners.factories import AreaFactory
from tests.situation.factories import ReportFactory, WalkFactory

pytestmark = pytest.mark.django_db


def _week_url(name, week):
    return reverse(name, args=[week.year, week.week])


def _messages(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


def test_home_redirects_to_the_current_week(client_for, member):
    week = IsoWeek.current()
    response = client_for(member).get(reverse("situation:home"))
    assert response["Location"] == _week_url("situation:week", week)


def test_week_page_shows_hotspot_with_its_explanation(client_for, member):
    area = AreaFactory(name="Jordbro")
    week = IsoWeek(2026, 40)
    for index, count in enumerate([1, 0, 1, 0, 1, 1, 0, 1, 4]):
        for number in range(count):
            ReportFactory(area=area, occurred_at=week.shifted(index - 8).start + timedelta(hours=8 + number))
    response = client_for(member).get(_week_url("situation:week", week))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'class="hotspot-row"' in body
    assert "0,6" in body or "0.6" in body  # the mean shown
    assert "no-store" in response["Cache-Control"]
    assert (
        f"category=graffiti&amp;date_from={week.monday:%Y-%m-%d}&amp;date_to={week.sunday:%Y-%m-%d}" in body
    )


def test_week_page_queries_do_not_grow_with_data(client_for, member, django_assert_max_num_queries):
    week = IsoWeek(2026, 40)
    for name in ("A", "B", "C", "D"):
        area = AreaFactory(name=name)
        for day in range(20):
            ReportFactory(area=area, occurred_at=week.start - timedelta(days=day, hours=-3))
    client = client_for(member)
    # 21: the partners' area ratings beside the counts are one more query, whatever their number.
    with django_assert_max_num_queries(21):
        assert client.get(_week_url("situation:week", week)).status_code == 200


def test_nonexistent_week_is_404(client_for, member):
    assert client_for(member).get("/situation/week/2025/53/").status_code == 404


def test_future_week_page_redirects_with_a_message(client_for, member):
    week = IsoWeek.current().shifted(2)
    response = client_for(member).get(_week_url("situation:week", week), follow=True)
    assert "has not started yet" in " ".join(_messages(response))


def test_csv_export_is_utf8_with_bom_and_semicolons(client_for, member):
    area = AreaFactory(name="Västerhaninge")
    week = IsoWeek(2026, 40)
    ReportFactory(area=area, occurred_at=week.start + timedelta(hours=5))
    response = client_for(member).get(_week_url("situation:week_csv", week))
    content = response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert content.startswith(b"\xef\xbb\xbf")
    lines = content.decode("utf-8-sig").splitlines()
    assert lines[1].startswith("2026-W40;Västerhaninge;")
    assert 'filename="lagesbild-2026-W40.csv"' in response["Content-Disposition"]


def test_reporter_answers_nothing_to_report_in_one_click(client_for, member, organisation):
    ReportingDuty.objects.create(organisation=organisation, user=member)
    week = IsoWeek.current()
    response = client_for(member).post(
        reverse("situation:check_in"), {"year": week.year, "week": week.week}, follow=True
    )
    assert WeeklyCheckIn.objects.get().kind == "nothing_to_report"
    assert "nothing to report" in " ".join(_messages(response))


def test_second_click_gives_a_clear_message_not_a_second_answer(client_for, member, organisation):
    ReportingDuty.objects.create(organisation=organisation, user=member)
    week = IsoWeek.current()
    client = client_for(member)
    client.post(reverse("situation:check_in"), {"year": week.year, "week": week.week})
    response = client.post(reverse("situation:check_in"), {"year": week.year, "week": week.week}, follow=True)
    assert "already answered" in " ".join(_messages(response))
    assert WeeklyCheckIn.objects.count() == 1


def test_check_in_for_a_future_or_bogus_week_is_refused_with_a_message(client_for, member, organisation):
    ReportingDuty.objects.create(organisation=organisation, user=member)
    future = IsoWeek.current().shifted(1)
    client = client_for(member)
    response = client.post(
        reverse("situation:check_in"), {"year": future.year, "week": future.week}, follow=True
    )
    assert "has not started yet" in " ".join(_messages(response))
    response = client.post(reverse("situation:check_in"), {"year": 2025, "week": 53}, follow=True)
    assert "no such week" in " ".join(_messages(response))
    response = client.post(reverse("situation:check_in"), {"year": "x", "week": ""}, follow=True)
    assert response.status_code == 200
    assert not WeeklyCheckIn.objects.exists()


def test_check_in_by_a_plain_member_is_forbidden(client_for, member):
    week = IsoWeek.current()
    response = client_for(member).post(reverse("situation:check_in"), {"year": week.year, "week": week.week})
    assert response.status_code == 403


def test_coordinator_round_shows_who_answered(
    client_for, coordinator, member, organisation, other_organisation
):
    ReportingDuty.objects.create(organisation=organisation, user=member)
    week = IsoWeek.current()
    WeeklyCheckIn.objects.create(
        organisation=organisation, year=week.year, week=week.week, kind="nothing_to_report"
    )
    body = client_for(coordinator).get(reverse("situation:round")).content.decode()
    mine = body.split(f'data-organisation="{organisation.pk}"')[1].split("</tr>")[0]
    other = body.split(f'data-organisation="{other_organisation.pk}"')[1].split("</tr>")[0]
    assert "round-nothing" in mine and member.full_name in mine
    assert "round-missing" in other


def test_dashboard_shows_the_button_to_a_reporter_and_the_latest_signal(client_for, member, organisation):
    from situation.models import HotspotSignal

    ReportingDuty.objects.create(organisation=organisation, user=member)
    HotspotSignal.objects.create(
        area=AreaFactory(name="Jordbro"), category="graffiti", year=2026, week=40, count=5, mean=1, stdev=0.5
    )
    body = client_for(member).get("/").content.decode()
    assert reverse("situation:check_in") in body
    assert "Jordbro" in body
    assert reverse("situation:home") in body  # the nav link


def test_org_admin_names_a_reporter_through_the_page(client_for, org_admin, member):
    response = client_for(org_admin).post(reverse("situation:reporters"), {"user": member.pk})
    assert response.status_code == 302
    assert ReportingDuty.objects.filter(user=member).exists()


def test_area_page_draws_an_accessible_svg_trend_with_a_data_table(client_for, member):
    area = AreaFactory(name="Handen")
    now = timezone.now()
    ReportFactory(area=area, category=IncidentCategory.GRAFFITI, occurred_at=now - timedelta(days=20))
    ReportFactory(area=area, category=IncidentCategory.LIGHTING, occurred_at=now - timedelta(days=3))
    body = client_for(member).get(reverse("situation:area", args=[area.pk])).content.decode()
    assert 'role="img"' in body and 'aria-labelledby="trend-title trend-desc"' in body
    assert '<title id="trend-title">' in body and '<desc id="trend-desc">' in body
    assert body.count("<polyline") == 2
    assert 'stroke-dasharray="8 4"' in body  # graffiti's dash pattern; vandalism's solid line is absent
    assert body.count('<tr><th scope="row">') == 52


def test_following_an_area_and_stopping(client_for, member):
    area = AreaFactory()
    client = client_for(member)
    client.post(reverse("situation:area_follow", args=[area.pk]), {"follow": "1"})
    assert AreaFollow.objects.filter(user=member, area=area).exists()
    client.post(reverse("situation:area_follow", args=[area.pk]), {"follow": "0"})
    assert not AreaFollow.objects.exists()


def _walk_data(**overrides):
    data = {
        "kind": Walk.Kind.SAFETY,
        "area": AreaFactory(name="Handen").pk,
        "starts_at": (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
        "meeting_point": "Stationen",
        "route": "Stationen – gångvägen",
    }
    data.update(overrides)
    return data


def test_scheduling_a_walk_in_the_past_shows_the_error_on_the_form(client_for, member):
    past = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client_for(member).post(reverse("situation:walk_create"), _walk_data(starts_at=past))
    assert response.status_code == 200
    assert "cannot be scheduled in the past" in response.content.decode()
    assert not Walk.objects.exists()


def test_scheduling_a_walk_redirects_to_it(client_for, member):
    response = client_for(member).post(reverse("situation:walk_create"), _walk_data())
    walk = Walk.objects.get()
    assert response["Location"] == walk.get_absolute_url()


def test_signing_up_twice_through_the_page_gives_a_message(client_for, outsider):
    walk = WalkFactory()
    client = client_for(outsider)
    client.post(reverse("situation:walk_signup", args=[walk.pk]))
    response = client.post(reverse("situation:walk_signup", args=[walk.pk]), follow=True)
    assert "already signed up" in " ".join(_messages(response))
    assert WalkSignup.objects.filter(walk=walk).count() == 1


def test_finding_form_on_a_future_walk_redirects_with_a_message(client_for, member):
    walk = WalkFactory(organiser=member)
    response = client_for(member).post(
        reverse("situation:finding_create", args=[walk.pk]),
        {
            "category": "lighting",
            "place_text": "Stigen",
            "description": "Mörkt",
            "severity": "medium",
            "visibility": "network",
        },
        follow=True,
    )
    assert "once the walk has taken place" in " ".join(_messages(response))
    assert not Report.objects.exists()


def test_finding_filed_through_the_page_links_to_the_report(client_for, member):
    walk = WalkFactory(organiser=member, starts_at=timezone.now() - timedelta(hours=3))
    client = client_for(member)
    client.post(
        reverse("situation:finding_create", args=[walk.pk]),
        {
            "category": "lighting",
            "place_text": "Stigen",
            "description": "Mörkt",
            "severity": "medium",
            "visibility": "network",
        },
    )
    finding = WalkFinding.objects.get()
    body = client.get(walk.get_absolute_url()).content.decode()
    assert finding.report.get_absolute_url() in body


def test_walk_detail_hides_restricted_findings_from_other_organisations(client_for, member, outsider):
    walk = WalkFactory(organiser=member, starts_at=timezone.now() - timedelta(hours=3))
    report = ReportFactory(
        reporter=member, area=walk.area, visibility=Report.Visibility.RESTRICTED, place_text="Hemlig plats"
    )
    WalkFinding.objects.create(walk=walk, report=report, added_by=member)
    assert "Hemlig plats" not in client_for(outsider).get(walk.get_absolute_url()).content.decode()
    assert "Hemlig plats" in client_for(member).get(walk.get_absolute_url()).content.decode()


def test_dark_spot_page_lists_a_lighting_finding(client_for, member):
    walk = WalkFactory(organiser=member, starts_at=timezone.now() - timedelta(hours=3))
    report = ReportFactory(
        reporter=member, area=walk.area, category="lighting", place_text="Gångvägen vid skolan"
    )
    WalkFinding.objects.create(walk=walk, report=report, added_by=member)
    body = client_for(member).get(reverse("situation:dark_spots")).content.decode()
    assert "Gångvägen vid skolan" in body and report.get_absolute_url() in body


def test_unknown_walk_status_is_404(client_for, member):
    walk = WalkFactory(organiser=member)
    assert client_for(member).post(f"/situation/walks/{walk.pk}/exploded/").status_code == 404


def test_interface_is_swedish_by_default(client, member, settings):
    settings.LANGUAGE_CODE = "sv"
    client.force_login(member)
    body = client.get("/").content.decode()
    assert ">Lägesbild<" in body


def test_svg_coordinates_use_points_even_in_the_swedish_interface(client, member, settings):
    settings.LANGUAGE_CODE = "sv"
    area = AreaFactory()
    ReportFactory(area=area, occurred_at=timezone.now() - timedelta(days=10))
    client.force_login(member)
    body = client.get(reverse("situation:area", args=[area.pk])).content.decode()
    svg = body.split("<svg")[1].split("</svg>")[0]
    assert "translate(" in svg
    assert not re.search(r'(?:translate\(|y1="|cy=")[^")]*\d,\d', svg)


def test_personal_data_export_includes_walk_signups_and_reporter_duty(client_for, member, organisation):
    ReportingDuty.objects.create(organisation=organisation, user=member)
    walk = WalkFactory()
    WalkSignup.objects.create(walk=walk, user=member)
    data = client_for(member).post(reverse("my_data")).json()
    assert [duty["organisation"] for duty in data["situation"]["reporter_for"]] == [organisation.name]
    assert data["situation"]["walk_signups"][0]["walk_id"] == walk.pk


def test_check_in_does_not_redirect_to_another_site(client_for, org_admin):
    week = IsoWeek.current()
    response = client_for(org_admin).post(
        reverse("situation:check_in"), {"year": week.year, "week": week.week, "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("situation:home")


def test_walk_page_queries_do_not_grow_with_participants_and_findings(
    client_for, member, django_assert_max_num_queries
):
    from tests.partners.factories import OrganisationFactory, make_member

    walk = WalkFactory(organiser=member, starts_at=timezone.now() - timedelta(hours=3))
    for number in range(6):
        walker = make_member(OrganisationFactory())
        WalkSignup.objects.create(walk=walk, user=walker)
        report = ReportFactory(reporter=walker, area=walk.area, place_text=f"Plats {number}")
        WalkFinding.objects.create(walk=walk, report=report, added_by=walker)
    client = client_for(member)
    with django_assert_max_num_queries(16):
        assert client.get(walk.get_absolute_url()).status_code == 200


def test_coordinator_reminds_from_the_round_page_and_is_told_how_many(coordinator, member, client_for):
    week = IsoWeek.current()
    client = client_for(coordinator)
    assert (
        reverse("situation:round_remind", args=(week.year, week.week))
        in client.get(reverse("situation:round")).content.decode()
    )
    response = client.post(reverse("situation:round_remind", args=(week.year, week.week)), follow=True)
    assert response.redirect_chain[-1][0] == reverse("situation:round_week", args=(week.year, week.week))
    assert "organisation" in response.content.decode() and "reminded" in response.content.decode()


def test_csv_numbers_carry_the_decimal_comma_beside_semicolons(settings, client_for, member):
    settings.LANGUAGE_CODE = "sv"
    area = AreaFactory(name="Jordbro")
    week = IsoWeek(2026, 40)
    for weeks_back in (1, 2, 2):
        ReportFactory(area=area, occurred_at=week.shifted(-weeks_back).start + timedelta(hours=5))
    ReportFactory(area=area, occurred_at=week.start + timedelta(hours=5))
    content = client_for(member).get(_week_url("situation:week_csv", week)).content
    lines = content.decode("utf-8-sig").splitlines()[1:]
    row = next(line.split(";") for line in lines if ";Jordbro;" in line)
    assert re.fullmatch(r"\d+,\d\d", row[4])
    assert all("." not in cell for cell in row[4:8])


def test_week_page_has_a_map_of_the_weeks_counts_per_area_from_the_boundaries(client_for, member):
    square = {
        "type": "Polygon",
        "coordinates": [[[18.13, 59.16], [18.16, 59.16], [18.16, 59.18], [18.13, 59.18], [18.13, 59.16]]],
    }
    area = AreaFactory(name="Handen", boundary=square)
    week = IsoWeek(2026, 40)
    for hour in range(3):
        ReportFactory(area=area, occurred_at=week.start + timedelta(hours=8 + hour))
    body = client_for(member).get(_week_url("situation:week", week)).content.decode()
    svg = body.split('<svg xmlns="http://www.w3.org/2000/svg" class="choropleth"', 1)[1].split("</svg>", 1)[0]
    assert "<title>Handen: 3</title>" in svg


def test_dark_spots_are_on_a_map_with_only_visible_reports(client_for, member, outsider):
    from tests.situation.factories import WalkFactory as Walks

    area = AreaFactory(name="Handen")
    walk = Walks(area=area)
    shown = ReportFactory(area=area, category=IncidentCategory.LIGHTING, latitude="59.17", longitude="18.14")
    hidden = ReportFactory(
        area=area,
        category=IncidentCategory.LIGHTING,
        latitude="59.17",
        longitude="18.14",
        visibility=Report.Visibility.RESTRICTED,
    )
    for report in (shown, hidden):
        WalkFinding.objects.create(walk=walk, report=report, added_by=member)
    response = client_for(outsider).get(reverse("situation:dark_spots"))
    assert [point["id"] for point in response.context["map_points"]] == [shown.pk]
    assert 'id="findings-map-points"' in response.content.decode()


def test_a_coordinator_picks_another_organisations_reporters(
    client_for, coordinator, outsider, other_organisation
):
    ReportingDuty.objects.create(organisation=other_organisation, user=outsider)
    response = client_for(coordinator).get(
        reverse("situation:reporters"), {"organisation": other_organisation.pk}
    )
    assert response.context["organisation"] == other_organisation
    assert other_organisation in response.context["organisations"]


def test_an_org_admin_asking_for_another_organisation_gets_their_own(
    client_for, org_admin, other_organisation
):
    response = client_for(org_admin).get(
        reverse("situation:reporters"), {"organisation": other_organisation.pk}
    )
    assert response.context["organisation"] == org_admin.organisation
    assert not response.context["organisations"]
