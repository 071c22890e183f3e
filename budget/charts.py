"""Horizontal bar charts drawn on the server as accessible SVG (no JavaScript).

Each bar has a pattern (not only a colour) and its value written beside it, so the chart
reads in black and white and in the browser's high-contrast mode; the template
(``budget/_bar_chart.html``) puts ``role="img"``, a ``<title>`` and a ``<desc>`` on the SVG
and a data table beside it. Geometry is in SVG user units (the viewBox is 640 wide).
"""

from dataclasses import dataclass, field
from decimal import Decimal

WIDTH = 640
LABEL_HEIGHT = 18
BAR_HEIGHT = 22
ROW_GAP = 14
BAR_MAX = 440  # leaves room after the longest bar for its value
PATTERNS = ("hatch", "dots", "cross", "solid", "vertical", "grid")


@dataclass
class Bar:
    """One row: its label, value (euros), the value as shown, and where it is drawn."""

    label: str
    value: Decimal
    shown: str
    share: str = ""
    y: int = 0
    width: int = 0
    pattern: str = "solid"

    @property
    def label_y(self) -> int:
        return self.y + LABEL_HEIGHT - 5

    @property
    def bar_y(self) -> int:
        return self.y + LABEL_HEIGHT

    @property
    def value_x(self) -> int:
        return self.width + 8

    @property
    def value_y(self) -> int:
        return self.y + LABEL_HEIGHT + BAR_HEIGHT - 6


@dataclass
class BarChart:
    """A chart and its data table: ``slug`` makes the ids unique in the page."""

    slug: str
    title: str
    description: str
    label_header: str
    value_header: str
    bars: list[Bar] = field(default_factory=list)
    height: int = 0
    width: int = WIDTH
    bar_height: int = BAR_HEIGHT
    share_header: str = ""


def bar_chart(
    *,
    slug: str,
    title: str,
    description: str,
    label_header: str,
    value_header: str,
    rows: list[tuple[str, Decimal, str, str]],
    share_header: str = "",
) -> BarChart:
    """Lay out ``rows`` (label, value in euros, value as shown, share as shown) as bars.

    Bars are scaled to the largest value; a value of zero draws no bar but keeps its label.
    """
    chart = BarChart(
        slug=slug,
        title=title,
        description=description,
        label_header=label_header,
        value_header=value_header,
        share_header=share_header,
    )
    largest = max((value for _l, value, _s, _p in rows), default=Decimal(0))
    y = 4
    for index, (label, value, shown, share) in enumerate(rows):
        width = int(BAR_MAX * value / largest) if largest > 0 else 0
        chart.bars.append(
            Bar(
                label=label,
                value=value,
                shown=shown,
                share=share,
                y=y,
                width=max(width, 2 if value > 0 else 0),
                pattern=PATTERNS[index % len(PATTERNS)],
            )
        )
        y += LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
    chart.height = y
    return chart
