"""The hotspot rule, kept in one small pure function so the page can explain it and tests can pin it.

An area-category is a hotspot in a week when
  * its count that week is at least MIN_COUNT (3), and
  * the count is above mean + 2 · stdev of the same area-category's counts in the previous
    HISTORY_WEEKS (8) weeks (population standard deviation; weeks without reports count as 0).

A flat history has stdev 0, so the threshold is the mean itself: any count above the usual level
and at least 3 is a signal. A flat zero history (nothing reported for 8 weeks) therefore raises a
signal as soon as 3 reports arrive in one week: a new problem where there was none is exactly what
the forum wants to hear about early, and the floor of 3 keeps single reports from raising alarms.

A partner's own rating of an area (1 calm, 2 some concern, 3 troubled, 4 serious) raises a signal
when it is serious, or when it stands at least RISING_STEPS (2) above the lowest rating the same
organisation gave the same area in the previous RISING_WEEKS (2) weeks.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

MIN_COUNT = 3
RATING_SERIOUS = 4
RISING_STEPS = 2
RISING_WEEKS = 2
HISTORY_WEEKS = 8
STDEV_FACTOR = 2


@dataclass(frozen=True)
class Assessment:
    count: int
    mean: float
    stdev: float
    threshold: float
    is_hotspot: bool


def assess(count: int, history: Sequence[int]) -> Assessment:
    """Judge one week's count against its history (the previous weeks' counts, zeros included)."""
    values = list(history) or [0]
    mean = statistics.fmean(values)
    stdev = statistics.pstdev(values)
    threshold = mean + STDEV_FACTOR * stdev
    return Assessment(
        count=count,
        mean=mean,
        stdev=stdev,
        threshold=threshold,
        is_hotspot=count >= MIN_COUNT and count > threshold,
    )


def change_against(count: int, mean: float) -> float | None:
    """Change in percent against the average of the previous weeks; None when the average is 0."""
    if mean == 0:
        return None
    return (count - mean) / mean * 100


def rating_signal(level: int, earlier: Sequence[int]) -> tuple[str, int | None] | None:
    """("serious", None) or ("rising", the earlier level) when a rating raises a signal, else None.
    `earlier` is the organisation's ratings of the area in the previous RISING_WEEKS weeks."""
    if level >= RATING_SERIOUS:
        return "serious", None
    if earlier and level - min(earlier) >= RISING_STEPS:
        return "rising", min(earlier)
    return None
