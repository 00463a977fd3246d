"""Server-rendered bar charts: inline SVG that needs no JavaScript, with the numbers in a table.

A chart draws only published cells: a hidden count gets no bar and the mark "–", like the table
beside it. The SVG is ``role="img"`` with a ``<title>``; screen readers read the table.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 190
BAR_AREA = 300
VALUE_WIDTH = 60


@dataclass(frozen=True)
class Chart:
    title: str
    items: list  # (label, Cell) pairs in display order
    width: int = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH

    @property
    def height(self) -> int:
        return max(len(self.items) * (BAR_HEIGHT + GAP) - GAP, BAR_HEIGHT)

    @property
    def marks(self) -> SafeString:
        """The bars' SVG elements (labels, bars, values), escaped here.

        Written in Python rather than a template loop: a distribution of a thousand postal areas
        took most of a dashboard's time to render through the template engine."""
        biggest = max((cell.value or 0 for _label, cell in self.items), default=0) or 1
        x = LABEL_WIDTH
        out = []
        for index, (label, cell) in enumerate(self.items):
            y = index * (BAR_HEIGHT + GAP)
            text_y = y + BAR_HEIGHT // 2 + 5
            width = 0 if cell.value is None else round(BAR_AREA * cell.value / biggest)
            if cell.value:
                width = max(width, 2)  # a count too small to draw at this scale still shows
            rect = ""
            if cell.value is not None:
                rect = f'<rect x="{x}" y="{y}" width="{width}" height="{BAR_HEIGHT}" '
                rect += 'class="stats-chart__bar"></rect>'
            out.append(
                f'<text x="{x - 8}" y="{text_y}" text-anchor="end" class="stats-chart__label">'
                f"{_escape(_truncate(str(label), 28))}</text>{rect}"
                f'<text x="{x + width + 6}" y="{text_y}" class="stats-chart__value">'
                f"{_escape(str(cell))}</text>"
            )
        return mark_safe("\n".join(out))  # noqa: S308 (numbers, and text escaped above)


def _escape(value) -> str:
    """What a template's autoescaping makes of a value (safe strings pass as they are)."""
    return value if isinstance(value, SafeData) else escape(str(value))


def _truncate(text, length):
    """The template filter ``truncatechars``, without its cost for the many short labels."""
    text = unicodedata.normalize("NFC", str(text))
    return text if len(text) <= length else Truncator(text).chars(length)


def bar_chart(title, items) -> Chart:
    """``items``: (label, Cell) pairs in display order, from a protected table or distribution."""
    return Chart(str(title), list(items))


def table_rows(items) -> SafeString:
    """The rows of a chart's data table: a label and its published cell, a hidden cell explained."""
    hidden = escape(_("hidden: fewer than 5, or would reveal one"))
    out = []
    for label, cell in items:
        value = _escape(cell)
        if cell.suppressed:
            value = f'<abbr title="{hidden}">{value}</abbr>'
        out.append(f'<tr><th scope="row">{_escape(label)}</th><td class="num">{value}</td></tr>')
    return mark_safe("".join(out))  # noqa: S308 (every value escaped above)
