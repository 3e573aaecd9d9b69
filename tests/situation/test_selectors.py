from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from partners.categories import IncidentCategory
from reports.models import Report
from situation import selectors
from situation.models import AreaRating, WeeklyCheckIn
from situation.weeks import IsoWeek
from tests.partners.factories import AreaFactory, OrganisationFactory, make_member
from tests.situation.factories import ReportFactory

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


def local(*args):
    return timezone.make_aware(datetime(*args))


def _series(area, category, week, counts):
    """counts: oldest history week first, the week itself last."""
    weeks = [*week.previous(len(counts) - 1), week]
    for iso_week, count in zip(weeks, counts, strict=True):
        for number in range(count):
            ReportFactory(
                area=area, category=category, occurred_at=iso_week.start + timedelta(hours=30 + number)
            )


def test_reports_on_either_side_of_new_year_fall_in_2026_w53_and_2027_w01():
    area = AreaFactory(name="Handen")
    ReportFactory(area=area, occurred_at=local(2027, 1, 3, 23, 30))  # Sunday of 2026-W53
    ReportFactory(area=area, occurred_at=local(2027, 1, 4, 0, 10))  # Monday of 2027-W01
    ReportFactory(area=area, occurred_at=local(2027, 1, 4, 0, 20))
    w53 = selectors.lagesbild(IsoWeek(2026, 53), with_round=False).areas[0]
    w01 = selectors.lagesbild(IsoWeek(2027, 1), with_round=False).areas[0]
    assert w53.total == 1
    assert w01.total == 2
    assert w01.cells[0].history[-1] == 1  # 2026-W53 is the week before 2027-W01


def test_2020_w53_includes_new_years_day_2021():
    area = AreaFactory(name="Jordbro")
    ReportFactory(area=area, occurred_at=local(2021, 1, 1, 12))
    ReportFactory(area=area, occurred_at=local(2020, 12, 27, 23, 59))  # Sunday of 2020-W52
    assert selectors.lagesbild(IsoWeek(2020, 53), with_round=False).areas[0].total == 1


def test_lagesbild_counts_per_category_with_change_against_eight_week_average():
    area = AreaFactory(name="Jordbro")
    week = IsoWeek(2026, 40)
    _series(area, IncidentCategory.GRAFFITI, week, [1, 2, 1, 2, 1, 2, 1, 2, 3])
    _series(area, IncidentCategory.LITTERING, week, [0, 0, 0, 0, 0, 0, 0, 0, 1])
    picture = selectors.lagesbild(week, with_round=False)
    cells = {cell.category: cell for cell in picture.areas[0].cells}
    assert cells["graffiti"].count == 3
    assert cells["graffiti"].assessment.mean == 1.5
    assert cells["graffiti"].change == 100
    assert cells["littering"].change is None
    assert picture.areas[0].total == 4


def test_spike_in_one_area_is_flagged_and_a_flat_one_is_not():
    jordbro = AreaFactory(name="Jordbro")
    handen = AreaFactory(name="Handen")
    week = IsoWeek(2026, 40)
    _series(jordbro, IncidentCategory.GRAFFITI, week, [1, 0, 1, 0, 1, 1, 0, 1, 5])
    _series(handen, IncidentCategory.GRAFFITI, week, [3, 3, 3, 3, 3, 3, 3, 3, 3])
    hotspots = selectors.lagesbild(week, with_round=False).hotspots
    assert [(area.name, cell.category) for area, cell in hotspots] == [("Jordbro", "graffiti")]


def test_restricted_reports_are_counted():
    area = AreaFactory()
    week = IsoWeek(2026, 40)
    ReportFactory(
        area=area, occurred_at=week.start + timedelta(hours=2), visibility=Report.Visibility.RESTRICTED
    )
    assert selectors.lagesbild(week, with_round=False).areas[0].total == 1


def test_open_and_overdue_counts_per_area():
    area = AreaFactory()
    week = IsoWeek.current()
    now = timezone.now()
    ReportFactory(area=area, occurred_at=now - timedelta(days=30), due_at=now - timedelta(days=1))
    ReportFactory(area=area, occurred_at=now - timedelta(days=30), due_at=now + timedelta(days=1))
    ReportFactory(area=area, occurred_at=now - timedelta(days=30), status=Report.Status.RESOLVED)
    picture = selectors.lagesbild(week, with_round=False).areas[0]
    assert (picture.open, picture.overdue) == (2, 1)


def test_lagesbild_takes_a_fixed_number_of_queries(django_assert_max_num_queries):
    week = IsoWeek(2026, 40)
    for name in ("A", "B", "C"):
        area = AreaFactory(name=name)
        _series(area, IncidentCategory.VANDALISM, week, [1, 1, 2, 1, 1, 1, 1, 1, 4])
        AreaRating.objects.create(
            organisation=OrganisationFactory(), area=area, year=week.year, week=week.week, level=2
        )
    # One more than before the partners' ratings joined the picture: they are read in one query.
    with django_assert_max_num_queries(8):
        picture = selectors.lagesbild(week)
        assert len(picture.areas) == 3


def test_round_counts_a_report_filed_in_the_week_as_reported():
    week = IsoWeek(2026, 40)
    filer = OrganisationFactory(name="Filer")
    quiet = OrganisationFactory(name="Quiet")
    silent = OrganisationFactory(name="Silent")
    reporter = make_member(filer)
    ReportFactory(reporter=reporter, occurred_at=week.start + timedelta(days=1))
    WeeklyCheckIn.objects.create(organisation=quiet, year=2026, week=40, kind="nothing_to_report")
    statuses = {entry.organisation.name: entry.status for entry in selectors.reporting_round(week)}
    assert statuses["Filer"] == "reported"
    assert statuses["Quiet"] == "nothing_to_report"
    assert statuses["Silent"] == "missing"
    assert statuses[silent.name] == "missing"


def test_trend_puts_each_count_in_its_week_over_52_weeks():
    area = AreaFactory()
    week = IsoWeek(2027, 10)
    ReportFactory(
        area=area, category=IncidentCategory.FIRE, occurred_at=IsoWeek(2026, 53).start + timedelta(hours=5)
    )
    ReportFactory(area=area, category=IncidentCategory.FIRE, occurred_at=week.start + timedelta(hours=5))
    ReportFactory(area=area, category=IncidentCategory.FIRE, occurred_at=week.shifted(-52).start)  # outside
    trend = selectors.trend(area, week)
    assert len(trend.weeks) == 52
    assert trend.weeks[-1] == week
    values = trend.series["fire"]
    assert sum(values) == 2
    assert values[trend.weeks.index(IsoWeek(2026, 53))] == 1
    assert values[-1] == 1
    assert list(trend.series) == ["fire"]
