"""The trend chart's geometry, computed here and drawn by templates/situation/_trend_chart.html as SVG.

Each category has its own dash pattern and marker shape as well as its own colour, and is labelled
at the end of its line, so the chart reads without colour; the page also gives the numbers as a table.
"""

from __future__ import annotations

from dataclasses import dataclass

from partners.categories import IncidentCategory
from situation.selectors import Trend

WIDTH, HEIGHT = 820, 320
LEFT, RIGHT, TOP, BOTTOM = 40, 200, 16, 36
MARKER_EVERY = 4
LABEL_GAP = 13

# (colour, dash pattern, marker shape) per category: distinct even in greyscale.
STYLES = {
    IncidentCategory.VANDALISM: ("#0b4f8a", "", "circle"),
    IncidentCategory.GRAFFITI: ("#a3192b", "8 4", "square"),
    IncidentCategory.LITTERING: ("#1a6b36", "2 3", "triangle"),
    IncidentCategory.LIGHTING: ("#8a5300", "12 4 2 4", "diamond"),
    IncidentCategory.UNSAFE_PLACE: ("#5b2a86", "4 4", "cross"),
    IncidentCategory.DRUGS: ("#1b1f24", "14 6", "circle-open"),
    IncidentCategory.YOUTH_UNREST: ("#0a6e75", "6 2 2 2 2 2", "square-open"),
    IncidentCategory.FIRE: ("#b3400c", "1 2", "triangle-open"),
    IncidentCategory.OTHER: ("#4a5563", "10 2", "plus"),
}


@dataclass
class Line:
    category: str
    label: str
    colour: str
    dash: str
    marker: str
    points: str
    markers: list[tuple[float, float, int]]
    label_x: float
    label_y: float
    last: int


@dataclass
class Chart:
    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    lines: list[Line]
    y_ticks: list[tuple[float, int]]
    x_ticks: list[tuple[float, str]]

    @property
    def label_left(self) -> int:
        return self.plot_left - 6

    @property
    def label_bottom(self) -> int:
        return self.plot_bottom + 18


def _nice_max(value: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if value <= step * 5:
            return max(step * ((value + step - 1) // step), step)
    return value


def trend_chart(trend: Trend) -> Chart:
    plot_right = WIDTH - RIGHT
    plot_bottom = HEIGHT - BOTTOM
    count = len(trend.weeks)
    peak = _nice_max(max((max(values) for values in trend.series.values()), default=0) or 1)
    step_x = (plot_right - LEFT) / max(count - 1, 1)

    def x(index: int) -> float:
        return round(LEFT + index * step_x, 1)

    def y(value: int) -> float:
        return round(plot_bottom - value * (plot_bottom - TOP) / peak, 1)

    labels = dict(IncidentCategory.choices)
    lines = []
    for category, values in trend.series.items():
        colour, dash, marker = STYLES.get(category, STYLES[IncidentCategory.OTHER])
        points = " ".join(f"{x(index)},{y(value)}" for index, value in enumerate(values))
        markers = [
            (x(index), y(value), value)
            for index, value in enumerate(values)
            if index % MARKER_EVERY == (count - 1) % MARKER_EVERY
        ]
        lines.append(
            Line(
                category=category,
                label=str(labels[category]),
                colour=colour,
                dash=dash,
                marker=marker,
                points=points,
                markers=markers,
                label_x=plot_right + 8,
                label_y=y(values[-1]),
                last=values[-1],
            )
        )
    # Direct labels at the line ends, pushed apart so they never overlap.
    ordered = sorted(lines, key=lambda line: line.label_y)
    for previous, line in zip(ordered, ordered[1:], strict=False):
        if line.label_y - previous.label_y < LABEL_GAP:
            line.label_y = previous.label_y + LABEL_GAP
    # Labels pushed below the chart move back up, keeping their gaps.
    lowest = HEIGHT - 6
    for line in reversed(ordered):
        line.label_y = min(line.label_y, lowest)
        lowest = line.label_y - LABEL_GAP
    y_ticks = [(y(value), value) for value in range(0, peak + 1, max(peak // 5, 1))]
    x_ticks = [
        (x(index), week.label)
        for index, week in enumerate(trend.weeks)
        if index % 8 == 0 and index < count - 4
    ]
    return Chart(WIDTH, HEIGHT, LEFT, plot_right, TOP, plot_bottom, lines, y_ticks, x_ticks)
