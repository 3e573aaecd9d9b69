"""The forum's meetings and its årshjul as iCalendar (RFC 5545)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from meetings.models import Meeting
from meetings.yearwheel import YearEvent

PRODID = "-//Samverkan//Brottsförebyggande forum//SV"


def _uid(meeting: Meeting) -> str:
    host = settings.HUB_SITE_URL.split("//", 1)[-1].split("/", 1)[0] or "samverkan"
    return f"meeting-{meeting.pk}@{host}"


def meeting_event(meeting: Meeting) -> Event:
    """The meeting as one VEVENT: the invitation's, and a subscribed calendar feed's (integrations)."""
    cancelled = meeting.state == Meeting.State.CANCELLED
    event = Event()
    event.add("uid", _uid(meeting))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", meeting.title)
    event.add("location", meeting.place or meeting.video_link)
    site = settings.HUB_SITE_URL.rstrip("/")
    event.add("url", site + meeting.get_absolute_url())
    description = site + meeting.get_absolute_url()
    if meeting.video_link:
        description = f"{meeting.video_link}\n{description}"
    event.add("description", description)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def meeting_ics(meeting: Meeting) -> bytes:
    """A REQUEST for the meeting, or a CANCEL once it is cancelled; the same UID either way, so a
    calendar replaces the invitation it already holds."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if meeting.state == Meeting.State.CANCELLED else "REQUEST")
    cal.add_component(meeting_event(meeting))
    return cal.to_ical()


def year_event(year_event: YearEvent) -> Event:
    """An årshjul event as an all-day VEVENT (DTEND is exclusive in iCalendar, hence the day after)."""
    host = settings.HUB_SITE_URL.split("//", 1)[-1].split("/", 1)[0] or "samverkan"
    event = Event()
    event.add("uid", f"{year_event.key}@{host}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", year_event.start)
    event.add("dtend", year_event.end + timedelta(days=1))
    event.add("summary", str(year_event.title))
    event.add("categories", [year_event.kind])
    return event


def year_ics(year_events: list[YearEvent]) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", str(_("The forum's year")))
    for event in year_events:
        cal.add_component(year_event(event))
    return cal.to_ical()
