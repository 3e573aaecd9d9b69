"""The årshjul: the recurring year as data, a calendar page, an iCalendar feed and reminders ahead."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from icalendar import Calendar

from meetings import services, yearwheel
from meetings.models import YearDate, YearReminderSent
from partners.models import AuditEvent
from realtime.models import Notification
from tests.agreements.factories import make_version

pytestmark = pytest.mark.django_db


def _keys(year):
    return {event.key.rsplit("-", 1)[0] for event in yearwheel.events(year)}


def test_the_year_holds_the_tertial_follow_ups_the_annual_report_and_the_risk_days():
    events = {event.key: event for event in yearwheel.events(2027)}
    assert events["tertial-1-2027"].start == date(2027, 4, 30)
    assert events["tertial-2-2027"].start == date(2027, 8, 31)
    assert events["valborg-2027"].start == date(2027, 4, 30)
    assert events["new-years-eve-2027"].start == date(2027, 12, 31)
    assert {"annual-report", "lagesbild", "atgardsplan", "sportlov", "hostlov", "sommarlov"} <= _keys(2027)


def test_school_holidays_are_periods_of_the_right_weeks():
    sportlov = next(event for event in yearwheel.events(2027) if event.key == "sportlov-2027")
    assert sportlov.start == date.fromisocalendar(2027, yearwheel.SPORTLOV_WEEK, 1)
    assert sportlov.is_period and (sportlov.end - sportlov.start).days == 6


def test_the_handslag_renewal_is_read_from_the_version_in_force():
    version = make_version(status="in_force", valid_until=date(2027, 6, 30))
    renewal = [event for event in yearwheel.events(2027) if event.key == f"handslag-{version.pk}"]
    assert [event.start for event in renewal] == [date(2027, 6, 30)]
    assert not [event for event in yearwheel.events(2026) if event.key.startswith("handslag")]


def test_the_calendar_page_shows_the_year(client_for, member):
    page = client_for(member).get(reverse("meetings:year", args=[2027])).content.decode()
    assert "Valborg" in page and "2027" in page


def test_a_year_out_of_range_is_404(client_for, member):
    assert client_for(member).get(reverse("meetings:year", args=[1900])).status_code == 404


def test_the_feed_is_icalendar_with_all_day_events(client_for, member):
    response = client_for(member).get(reverse("meetings:year_ics", args=[2027]))
    events = list(Calendar.from_ical(response.content).walk("VEVENT"))
    valborg = next(event for event in events if str(event["uid"]).startswith("valborg-2027@"))
    assert valborg.decoded("dtstart") == date(2027, 4, 30)
    assert valborg.decoded("dtend") == date(2027, 5, 1)


def test_coordinators_and_chairs_are_reminded_fourteen_days_ahead_once(coordinator, chair, member):
    today = date(2027, 4, 16)  # 14 days before Valborg and the first tertial follow-up
    assert services.send_year_reminders(today=today) == 2
    assert services.send_year_reminders(today=today) == 0
    assert Notification.objects.filter(recipient=coordinator, kind="meetings.year_reminder").count() == 2
    assert Notification.objects.filter(recipient=chair, kind="meetings.year_reminder").count() == 2
    assert not Notification.objects.filter(recipient=member).exists()
    assert YearReminderSent.objects.filter(days_ahead=14).count() == 2


def test_a_day_without_events_ahead_sends_nothing(coordinator):
    assert services.send_year_reminders(today=date(2027, 3, 1)) == 0


def test_the_reminder_job_is_scheduled():
    from hub import scheduler

    assert "meetings_year_reminders" in {job.command for job in scheduler.JOBS}


# --- dates the forum enters --------------------------------------------------------------------


def _enter(
    by, kind="school_holiday", title="Sportlov", starts_on=date(2027, 2, 22), ends_on=date(2027, 2, 26)
):
    return services.add_year_date(by=by, kind=kind, title=title, starts_on=starts_on, ends_on=ends_on)


def test_the_usual_school_holidays_stand_until_the_years_own_are_entered(coordinator):
    assert {"sportlov", "hostlov", "sommarlov"} <= _keys(2027)
    entry = _enter(coordinator)
    events = yearwheel.events(2027)
    assert not {"sportlov", "hostlov", "sommarlov"} & _keys(2027)
    entered = next(event for event in events if event.entered_as == entry.pk)
    assert (entered.kind, entered.title, entered.start, entered.end) == (
        "school_holiday",
        "Sportlov",
        date(2027, 2, 22),
        date(2027, 2, 26),
    )
    assert {"sportlov", "hostlov"} <= _keys(2028)  # another year keeps the usual weeks


def test_an_entered_event_sits_beside_the_usual_holidays(chair):
    _enter(chair, kind="event", title="Haninge marknad", starts_on=date(2027, 9, 4), ends_on=date(2027, 9, 4))
    assert "sportlov" in _keys(2027)
    assert "Haninge marknad" in [str(event.title) for event in yearwheel.events(2027)]


def test_a_member_cannot_enter_a_date(member):
    with pytest.raises(PermissionDenied):
        _enter(member)


def test_a_period_that_ends_before_it_starts_is_refused_and_nothing_is_saved(coordinator):
    with pytest.raises(ValidationError) as error:
        _enter(coordinator, starts_on=date(2027, 3, 1), ends_on=date(2027, 2, 1))
    assert "ends_on" in error.value.message_dict
    assert not YearDate.objects.exists()


def test_entering_and_removing_a_date_is_audited(coordinator):
    entry = _enter(coordinator)
    services.remove_year_date(by=coordinator, entry=entry)
    assert not YearDate.objects.exists()
    assert list(
        AuditEvent.objects.filter(action__startswith="year_date.")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == [
        "year_date.add",
        "year_date.remove",
    ]


def test_an_entered_date_is_in_the_feed_and_has_a_reminder(coordinator, chair):
    _enter(
        coordinator,
        kind="risk_day",
        title="Skolavslutning",
        starts_on=date(2027, 6, 11),
        ends_on=date(2027, 6, 11),
    )
    sent = services.send_year_reminders(today=date(2027, 5, 28))
    assert sent >= 1
    assert YearReminderSent.objects.filter(key__startswith="date-").exists()


def test_the_year_page_enters_and_removes_a_date_for_the_coordinator(client_for, coordinator):
    client = client_for(coordinator)
    url = reverse("meetings:year", args=[2027])
    response = client.post(
        url,
        {"kind": "school_holiday", "title": "Höstlov", "starts_on": "2027-11-01", "ends_on": "2027-11-05"},
    )
    assert response.status_code == 302
    entry = YearDate.objects.get()
    page = client.get(url).content.decode()
    assert "Höstlov" in page and f'name="remove" value="{entry.pk}"' in page
    client.post(url, {"remove": entry.pk})
    assert not YearDate.objects.exists()


def test_the_year_page_shows_a_bad_period_on_the_form(client_for, coordinator):
    response = client_for(coordinator).post(
        reverse("meetings:year", args=[2027]),
        {"kind": "event", "title": "Marknad", "starts_on": "2027-09-04", "ends_on": "2028-01-04"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["ends_on"]
    assert not YearDate.objects.exists()
