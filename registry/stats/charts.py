"""Server-rendered bar charts: inline SVG that needs no JavaScript, with the numbers in a table.

A chart draws only published cells: a hidden count gets no bar and the mark "–", like the table
beside it. The SVG is ``role="img"`` with a ``<title>``; screen readers read the table.
"""

from __future__ import annotations

from dataclasses import dataclass

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 190
BAR_AREA = 300
VALUE_WIDTH = 60


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    y: int
    text_y: int
    text_x: int
    width: int
    hidden: bool


@dataclass(frozen=True)
class Chart:
    title: str
    bars: list
    width: int
    height: int
    label_width: int
    value_x: int


def bar_chart(title, items) -> Chart:
    """``items``: (label, Cell) pairs in display order, from a protected table or distribution."""
    items = list(items)
    biggest = max((cell.value or 0 for _label, cell in items), default=0) or 1
    bars = []
    for index, (label, cell) in enumerate(items):
        y = index * (BAR_HEIGHT + GAP)
        width = 0 if cell.value is None else round(BAR_AREA * cell.value / biggest)
        if cell.value:
            width = max(width, 2)
        bars.append(
            Bar(
                label=str(label),
                text=str(cell),
                y=y,
                text_y=y + BAR_HEIGHT // 2 + 5,
                text_x=LABEL_WIDTH + width + 6,
                width=width,
                hidden=cell.value is None,
            )
        )
    height = max(len(items) * (BAR_HEIGHT + GAP) - GAP, BAR_HEIGHT)
    return Chart(
        title=str(title),
        bars=bars,
        width=LABEL_WIDTH + BAR_AREA + VALUE_WIDTH,
        height=height,
        label_width=LABEL_WIDTH,
        value_x=LABEL_WIDTH + BAR_AREA + 6,
    )
