"""Acknowledgement targets per urgency: hours on the clock, or working days (Monday to Friday).

Settings: ESCALATION_TARGETS = {"acute": {"hours": 1}, "urgent": {"hours": 4}, "normal": {"working_days": 3}}.
Working days count in the hub's time zone; public holidays are not known and count as working days.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone


def add_working_days(start: datetime, days: int) -> datetime:
    """The same local clock time `days` weekdays later; a weekend start counts from Monday 00:00."""
    local = timezone.localtime(start)
    if local.weekday() >= 5:
        local = (local + timedelta(days=7 - local.weekday())).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
    naive = local.replace(tzinfo=None)
    remaining = days
    while remaining > 0:
        naive += timedelta(days=1)
        if naive.weekday() < 5:
            remaining -= 1
    return timezone.make_aware(naive, timezone.get_current_timezone())


def due_at(created: datetime, urgency: str) -> datetime:
    target = settings.ESCALATION_TARGETS.get(urgency) or settings.ESCALATION_TARGETS["normal"]
    if "working_days" in target:
        return add_working_days(created, int(target["working_days"]))
    return created + timedelta(hours=float(target["hours"]))


def describe(urgency: str) -> dict[str, float]:
    return dict(settings.ESCALATION_TARGETS.get(urgency, {}))
