"""The year's lägesbild: figures compiled from the data, versions with the coordinator's analysis,
reproducible figures, a PDF."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from meetings import annual, services
from meetings.models import AnnualPicture
from partners.categories import IncidentCategory
from situation.models import HotspotSignal
from tests.partners.factories import AreaFactory
from tests.reports.factories import ReportFactory

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Europe/Stockholm")


def _report(area, year, month=3, category=IncidentCategory.GRAFFITI, **fields):
    return ReportFactory(
        area=area, category=category, occurred_at=datetime(year, month, 5, 12, tzinfo=TZ), **fields
    )


def test_figures_count_per_area_and_category_against_the_previous_year():
    jordbro = AreaFactory(name="Jordbro")
    for _ in range(3):
        _report(jordbro, 2025)
    for _ in range(2):
        _report(jordbro, 2024)
    _report(jordbro, 2023)  # two years back: not in the comparison
    area = next(row for row in annual.figures(2025)["areas"] if row["area"] == "Jordbro")
    graffiti = next(row for row in area["categories"] if row["category"] == "graffiti")
    assert (graffiti["count"], graffiti["previous"], graffiti["change"]) == (3, 2, 50.0)


def test_a_hotspot_recurring_in_two_weeks_is_listed_and_a_single_one_is_not():
    handen, jordbro = AreaFactory(name="Handen"), AreaFactory(name="Jordbro")
    common = {"category": "graffiti", "year": 2025, "count": 5, "mean": 1.0, "stdev": 0.5}
    HotspotSignal.objects.create(area=jordbro, week=10, **common)
    HotspotSignal.objects.create(area=jordbro, week=12, **common)
    HotspotSignal.objects.create(area=handen, week=11, **common)
    assert [row["area"] for row in annual.figures(2025)["recurring_hotspots"]] == ["Jordbro"]


def test_partners_reports_are_counted_per_responsible_organisation(organisation):
    area = AreaFactory(name="Handen")
    _report(area, 2025, responsible_organisation=organisation)
    _report(area, 2025, responsible_organisation=organisation, resolved_at=datetime(2025, 3, 9, tzinfo=TZ))
    row = next(row for row in annual.figures(2025)["partners"] if row["organisation"] == organisation.name)
    assert (row["total"], row["resolved"]) == (2, 1)


def test_coordinator_saves_versions_with_the_figures_and_their_hash(coordinator):
    _report(AreaFactory(name="Jordbro"), 2025)
    first = services.save_annual_picture(by=coordinator, year=2025, analysis="Klottret ökar i Jordbro.")
    second = services.save_annual_picture(by=coordinator, year=2025, analysis="Reviderad analys.")
    assert (first.number, second.number) == (1, 2)
    assert first.figures == annual.figures(2025)
    assert first.figures_sha256 == annual.digest(annual.figures(2025))


def test_a_member_cannot_write_the_lagesbild(member):
    with pytest.raises(PermissionDenied):
        services.save_annual_picture(by=member, year=2025, analysis="Min analys")


def test_an_empty_analysis_or_a_future_year_is_refused(coordinator):
    with pytest.raises(ValidationError):
        services.save_annual_picture(by=coordinator, year=2025, analysis="  ")
    with pytest.raises(ValidationError):
        services.save_annual_picture(by=coordinator, year=2100, analysis="Analys")
    assert not AnnualPicture.objects.exists()


def test_a_version_says_whether_the_data_still_gives_its_figures(client_for, coordinator, member):
    area = AreaFactory(name="Jordbro")
    _report(area, 2025)
    picture = services.save_annual_picture(by=coordinator, year=2025, analysis="Analys")
    client = client_for(member)
    url = reverse("meetings:annual_version", args=[picture.pk])
    assert client.get(url).context["reproducible"] is True
    _report(area, 2025, month=4)
    assert client.get(url).context["reproducible"] is False


def test_the_year_page_saves_a_version_for_the_coordinator(client_for, coordinator):
    response = client_for(coordinator).post(
        reverse("meetings:annual", args=[2025]), {"analysis": "Årets analys."}
    )
    picture = AnnualPicture.objects.get()
    assert response.status_code == 302 and response.url == picture.get_absolute_url()


def test_a_member_posting_the_year_page_gets_403(client_for, member):
    response = client_for(member).post(reverse("meetings:annual", args=[2025]), {"analysis": "x"})
    assert response.status_code == 403 and not AnnualPicture.objects.exists()


def test_the_version_pdf_is_a_pdf(client_for, coordinator):
    _report(AreaFactory(name="Jordbro"), 2025)
    picture = services.save_annual_picture(by=coordinator, year=2025, analysis="Analys\n\nMed stycken.")
    response = client_for(coordinator).get(reverse("meetings:annual_pdf", args=[picture.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_figures_take_a_fixed_number_of_queries(django_assert_max_num_queries):
    area = AreaFactory(name="Jordbro")
    for month in range(1, 6):
        _report(area, 2025, month=month)
    with django_assert_max_num_queries(9):
        annual.figures(2025)
