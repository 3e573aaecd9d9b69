"""What reports asks of the other parts of the hub.

reports may not import agreements or escalations, so hub wires their functions in here once at
start-up (hub.apps.HubConfig.ready). A hook that was never wired raises instead of quietly falling
back, so a missing part is found at the first report, not after weeks of wrong due times.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ImproperlyConfigured

ResponseTargetLookup = Callable[[str], int | None]
EscalateToLeadership = Callable[..., Any]

_wired: dict[str, Callable[..., Any]] = {}
NAMES = ("response_target_hours", "escalate_to_leadership")


def connect(
    *, response_target_hours: ResponseTargetLookup, escalate_to_leadership: EscalateToLeadership
) -> None:
    _wired["response_target_hours"] = response_target_hours
    _wired["escalate_to_leadership"] = escalate_to_leadership


def _hook(name: str) -> Callable[..., Any]:
    try:
        return _wired[name]
    except KeyError:
        raise ImproperlyConfigured(f"reports.hooks.{name} is not wired; hub.apps connects it at start-up")


def response_target_hours(category: str) -> int | None:
    """The response target of the agreement in force for the category, in hours, or None."""
    return _hook("response_target_hours")(category)


def escalate_to_leadership(
    *, organisation: Any, subject: str, summary: str, urgency: str, source: Any
) -> Any:
    return _hook("escalate_to_leadership")(
        organisation=organisation, subject=subject, summary=summary, urgency=urgency, source=source
    )


@contextmanager
def wired(**hooks: Callable[..., Any]) -> Iterator[None]:
    """Swap hooks for the length of a block (tests); the previous wiring comes back after it."""
    unknown = set(hooks) - set(NAMES)
    if unknown:
        raise TypeError(f"unknown hooks: {sorted(unknown)}")
    before = dict(_wired)
    _wired.update(hooks)
    try:
        yield
    finally:
        _wired.clear()
        _wired.update(before)
