"""ISO weeks (Monday to Sunday, week 1 holds the year's first Thursday) in the hub's local time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

FIRST_YEAR = 1900
LAST_YEAR = 2100


@dataclass(frozen=True, order=True)
class IsoWeek:
    year: int
    week: int

    @classmethod
    def of(cls, day: date) -> IsoWeek:
        calendar = day.isocalendar()
        return cls(calendar.year, calendar.week)

    @classmethod
    def current(cls) -> IsoWeek:
        return cls.of(timezone.localdate())

    @classmethod
    def parse(cls, year: int, week: int) -> IsoWeek:
        """The week, or ValueError when it does not exist (week 53 of a 52-week year, week 0) or lies
        outside the years a lägesbild can cover (its trend reaches back eight weeks)."""
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValueError(f"year {year} is outside {FIRST_YEAR}–{LAST_YEAR}")
        date.fromisocalendar(year, week, 1)
        return cls(year, week)

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def start(self) -> datetime:
        """Monday 00:00 local time, as an aware datetime."""
        return timezone.make_aware(datetime.combine(self.monday, time.min))

    @property
    def end(self) -> datetime:
        """The next Monday 00:00 local time (exclusive)."""
        return self.shifted(1).start

    def shifted(self, weeks: int) -> IsoWeek:
        return IsoWeek.of(self.monday + timedelta(weeks=weeks))

    def previous(self, count: int) -> list[IsoWeek]:
        """The `count` weeks before this one, oldest first."""
        return [self.shifted(-offset) for offset in range(count, 0, -1)]

    def is_future(self) -> bool:
        return self > IsoWeek.current()

    @property
    def label(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    def __str__(self) -> str:
        return self.label


def weeks_in_year(year: int) -> int:
    return date(year, 12, 28).isocalendar().week
