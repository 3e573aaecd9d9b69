"""The forum's årshjul: the recurring year under lag (2023:196) and the partners' calendar.

Fixed dates are rules here (tertial follow-ups in April and August, the annual report, Valborg, New
Year's Eve, the school holidays, the yearly lägesbild and åtgärdsplan); the Handslag renewal and the
medborgarlöfte periods are read from the agreements the hub holds, so they move when those do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, AgreementVersion, Programme
from meetings.models import YearDate

# The usual school holidays (Haninge: sportlov week 9, höstlov week 44, sommarlov mid-June to mid-August);
# once the forum enters a year's own holiday dates (YearDate), those replace these for that year.
SPORTLOV_WEEK = 9
HOSTLOV_WEEK = 44
# Days before an event that coordinators and chairs are reminded.
REMINDER_DAYS = (14, 3)


@dataclass(frozen=True)
class YearEvent:
    key: str  # stable per event and year: the iCalendar UID and the reminder's once-only key
    kind: str
    title: str | Promise
    start: date
    end: date  # inclusive
    entered_as: int | None = None  # the YearDate a person entered, so it can be removed again

    @property
    def is_period(self) -> bool:
        return self.end > self.start


def _week(year: int, week: int) -> tuple[date, date]:
    monday = date.fromisocalendar(year, week, 1)
    return monday, monday + timedelta(days=6)


# The fixed days of every year: (key, kind, title, month, day).
FIXED_DAYS = [
    ("annual-report", "follow_up", _("Annual report of last year's measures"), 2, 28),
    ("tertial-1", "follow_up", _("Tertial follow-up January–April"), 4, 30),
    ("tertial-2", "follow_up", _("Tertial follow-up May–August"), 8, 31),
    ("valborg", "risk_day", _("Valborg (Walpurgis Night)"), 4, 30),
    ("new-years-eve", "risk_day", _("New Year's Eve"), 12, 31),
    ("lagesbild", "plan", _("The year's lägesbild drawn up"), 10, 15),
    ("atgardsplan", "plan", _("Åtgärdsplan adopted for next year"), 12, 10),
]


def events(year: int) -> list[YearEvent]:
    """Every event of the year in date order."""
    found = [
        YearEvent(f"{key}-{year}", kind, title, date(year, month, day), date(year, month, day))
        for key, kind, title, month, day in FIXED_DAYS
    ]
    handslag = (
        AgreementVersion.objects.filter(agreement__kind=Agreement.Kind.HANDSLAG, valid_until__year=year)
        .exclude(status__in=[AgreementVersion.Status.DRAFT, AgreementVersion.Status.SUPERSEDED])
        .select_related("agreement")
    )
    for version in handslag:
        found.append(
            YearEvent(
                f"handslag-{version.pk}",
                "agreement",
                _("Handslag renewal: the version in force ends"),
                version.valid_until,
                version.valid_until,
            )
        )
    promises = Programme.objects.filter(kind=Programme.Kind.CITIZEN_PROMISE).filter(
        Q(valid_from__year__lte=year, valid_until__year__gte=year)
    )
    for programme in promises:
        if programme.valid_from is None or programme.valid_until is None:
            continue
        start, end = (
            max(programme.valid_from, date(year, 1, 1)),
            min(programme.valid_until, date(year, 12, 31)),
        )
        found.append(
            YearEvent(f"medborgarlofte-{programme.pk}-{year}", "agreement", programme.title, start, end)
        )
    entered = list(YearDate.objects.filter(starts_on__year=year))
    if not any(entry.kind == YearDate.Kind.SCHOOL_HOLIDAY for entry in entered):
        found += _usual_school_holidays(year)
    found += [
        YearEvent(f"date-{entry.pk}", entry.kind, entry.title, entry.starts_on, entry.ends_on, entry.pk)
        for entry in entered
    ]
    return sorted(found, key=lambda event: (event.start, event.key))


def _usual_school_holidays(year: int) -> list[YearEvent]:
    return [
        YearEvent(
            f"sportlov-{year}", "school_holiday", _("Sports holiday (sportlov)"), *_week(year, SPORTLOV_WEEK)
        ),
        YearEvent(
            f"hostlov-{year}", "school_holiday", _("Autumn holiday (höstlov)"), *_week(year, HOSTLOV_WEEK)
        ),
        YearEvent(
            f"sommarlov-{year}",
            "school_holiday",
            _("Summer holiday (sommarlov)"),
            date(year, 6, 12),
            date(year, 8, 16),
        ),
    ]


def due_reminders(today: date) -> list[tuple[YearEvent, int]]:
    """The events that start REMINDER_DAYS from today, with how many days ahead."""
    due = []
    for days in REMINDER_DAYS:
        day = today + timedelta(days=days)
        due += [(event, days) for event in events(day.year) if event.start == day]
    return due
