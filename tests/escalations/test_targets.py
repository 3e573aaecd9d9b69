"""Acknowledgement targets: hours, and working days Monday to Friday."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from escalations.targets import add_working_days, due_at

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def at(*args):
    return datetime(*args, tzinfo=STOCKHOLM)


def test_three_working_days_from_thursday_skip_the_weekend():
    assert add_working_days(at(2026, 11, 19, 10, 0), 3) == at(2026, 11, 24, 10, 0)


def test_three_working_days_from_monday_end_on_thursday():
    assert add_working_days(at(2026, 11, 23, 9, 30), 3) == at(2026, 11, 26, 9, 30)


def test_weekend_start_counts_from_monday_midnight():
    assert add_working_days(at(2026, 11, 21, 15, 0), 3) == at(2026, 11, 26, 0, 0)


@pytest.mark.parametrize("urgency, hours", [("acute", 1), ("urgent", 4)])
def test_hour_targets(urgency, hours):
    start = at(2026, 11, 21, 15, 0)
    assert (due_at(start, urgency) - start).total_seconds() == hours * 3600


def test_normal_uses_working_days():
    assert due_at(at(2026, 11, 20, 16, 0), "normal") == at(2026, 11, 25, 16, 0)
