from datetime import date

import pytest

from situation.weeks import IsoWeek, weeks_in_year


def test_2026_has_53_iso_weeks_and_2025_has_52():
    assert weeks_in_year(2026) == 53
    assert weeks_in_year(2025) == 52


def test_week_after_2026_w53_is_2027_w01():
    assert IsoWeek(2026, 53).shifted(1) == IsoWeek(2027, 1)
    assert IsoWeek(2027, 1).monday == date(2027, 1, 4)
    assert IsoWeek(2026, 53).sunday == date(2027, 1, 3)


def test_new_years_day_2021_belongs_to_2020_w53():
    assert IsoWeek.of(date(2021, 1, 1)) == IsoWeek(2020, 53)
    assert IsoWeek.of(date(2021, 1, 4)) == IsoWeek(2021, 1)


def test_previous_weeks_cross_the_year_boundary_oldest_first():
    previous = IsoWeek(2027, 2).previous(3)
    assert previous == [IsoWeek(2026, 52), IsoWeek(2026, 53), IsoWeek(2027, 1)]


def test_week_53_of_a_52_week_year_does_not_exist():
    with pytest.raises(ValueError):
        IsoWeek.parse(2025, 53)
    with pytest.raises(ValueError):
        IsoWeek.parse(2026, 0)


def test_week_starts_monday_midnight_local_time():
    start = IsoWeek(2026, 53).start
    assert start.isoformat() == "2026-12-28T00:00:00+01:00"
    assert IsoWeek(2026, 53).end == IsoWeek(2027, 1).start
