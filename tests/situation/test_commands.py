from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from realtime.models import Notification
from situation.models import HotspotSignal, ReminderSent, ReportingDuty
from situation.weeks import IsoWeek
from tests.partners.factories import AreaFactory
from tests.situation.factories import ReportFactory

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


def test_remind_reporters_twice_reminds_once(member, organisation):
    ReportingDuty.objects.create(organisation=organisation, user=member)
    first, second = StringIO(), StringIO()
    call_command("situation_remind_reporters", stdout=first)
    call_command("situation_remind_reporters", stdout=second)
    assert "Reminders sent" in first.getvalue() and ": 1" in first.getvalue()
    assert ": 0" in second.getvalue()
    assert ReminderSent.objects.count() == 1
    assert Notification.objects.filter(recipient=member, kind="situation.reminder").count() == 1


def test_remind_reporters_refuses_a_future_week():
    week = IsoWeek.current().shifted(1)
    with pytest.raises(CommandError):
        call_command("situation_remind_reporters", "--year", str(week.year), "--week", str(week.week))


def test_compile_week_command_raises_the_signal_once(coordinator):
    area = AreaFactory(name="Jordbro")
    week = IsoWeek(2026, 1)
    for number in range(3):
        ReportFactory(area=area, occurred_at=week.start + timedelta(hours=number + 1))
    call_command("situation_compile_week", "--year", "2026", "--week", "1", stdout=StringIO())
    call_command("situation_compile_week", "--year", "2026", "--week", "1", stdout=StringIO())
    assert HotspotSignal.objects.get().count == 3
    assert Notification.objects.filter(recipient=coordinator, kind="situation.hotspot").count() == 1


def test_compile_week_rejects_a_week_that_does_not_exist():
    with pytest.raises(CommandError):
        call_command("situation_compile_week", "--year", "2025", "--week", "53")
