"""The forum's meetings as iCalendar (RFC 5545), the attachment of every invitation."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from meetings.models import Meeting

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
