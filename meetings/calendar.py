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


def meeting_ics(meeting: Meeting) -> bytes:
    """A REQUEST for the meeting, or a CANCEL once it is cancelled; the same UID either way, so a
    calendar replaces the invitation it already holds."""
    cancelled = meeting.state == Meeting.State.CANCELLED
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if cancelled else "REQUEST")
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
    cal.add_component(event)
    return cal.to_ical()


def year_ics(year_events: list[YearEvent]) -> bytes:
    """The årshjul as all-day events (DTEND is exclusive in iCalendar, hence the day after)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", str(_("The forum's year")))
    host = settings.HUB_SITE_URL.split("//", 1)[-1].split("/", 1)[0] or "samverkan"
    stamp = timezone.now()
    for year_event in year_events:
        event = Event()
        event.add("uid", f"{year_event.key}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", year_event.start)
        event.add("dtend", year_event.end + timedelta(days=1))
        event.add("summary", str(year_event.title))
        event.add("categories", [year_event.kind])
        cal.add_component(event)
    return cal.to_ical()
