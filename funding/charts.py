"""Bar charts drawn as SVG by the templates (`funding/_bar_chart.html`), no JavaScript: groups
of horizontal bars, each bar's width a share of the largest value, the same numbers always in a
table beside the chart. Pure: the views pass the values."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

BAR, GAP, CHART_WIDTH = 14, 18, 100.0


@dataclass(frozen=True)
class Bar:
    label: str
    colour: str
    value: Decimal
    y: int
    width: float  # percent of the chart's width


def bar_groups(groups: list[tuple[str, list[tuple[str, str, Decimal]]]],
               ) -> tuple[list[dict], int]:
    """Each (group name, [(label, colour, value)]) as a heading and its bars, scaled to the
    largest value of all; a negative value (a credit) draws nothing. Returns the groups and
    the chart's height."""
    largest = max((value for _, bars in groups for _, _, value in bars),
                  default=Decimal(0)) or Decimal(1)
    if largest < 0:
        largest = Decimal(1)
    drawn, y = [], 0
    for name, values in groups:
        bars: list[Bar] = []
        for label, colour, value in values:
            width = float(max(value, Decimal(0)) / largest) * CHART_WIDTH
            bars.append(Bar(label=label, colour=colour, value=value,
                            y=y + 20 + len(bars) * BAR, width=round(width, 2)))
        drawn.append({"name": name, "y": y + 14, "bars": bars})
        y += 20 + BAR * len(values) + GAP
    return drawn, y
