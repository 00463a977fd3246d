"""Card tickets per show on the coordinators' and venues' dashboards: each show of the period with
its cap, the card tickets recorded against it (adults' and children's), the children's tickets,
and whether it reached its cap, a sign to raise the cap or add shows.

Counted from the recorded uses (not undone), like every other dashboard figure, and published
through disclosure control: a count of 1–4 is hidden (stats/disclosure.py, protect_number). The cap
is public (the venue's page says it), but "reached the cap" of a cap below the threshold would tell
a hidden count, so it is hidden with it.
"""

from dataclasses import dataclass

from django.db.models import Count, F, Sum

from shows.models import Show, effective_cap

from . import disclosure
from .scope import NATIONAL, REGION, VENUE

LIMIT = 50  # the period's most-ticketed shows


@dataclass(frozen=True)
class ShowFigures:
    title: str
    start: object
    venue: str
    cap: int | None
    tickets: disclosure.Cell
    children: disclosure.Cell
    reached: bool | None  # None: hidden with a small count

    suppressed_mark = disclosure.SUPPRESSED_MARK


def show_figures(scope, filters):
    """The figures of the shows starting in the filters' period with card tickets recorded in
    `scope` (a region's, a venue's or the whole country's; None for a distributor unit)."""
    if scope.kind not in (NATIONAL, REGION, VENUE):
        return None
    uses = scope.uses().filter(show__start__date__range=(filters.start, filters.end))
    part = filters.use_q(unit="card__issued_by")
    if part is not None:
        uses = uses.filter(part)
    # Counted per show first; only the shows listed are then read with their venue and cap (every
    # ticket joined to its show's page and cap: 26 ms with 8,000 tickets, national; now 13 ms).
    counts = uses.values("show").annotate(adults=Count("pk"), children_sum=Sum("children"))
    counts = {c["show"]: c for c in counts.order_by("-adults", "show__start")[:LIMIT]}
    rows = Show.objects.filter(pk__in=list(counts)).values(
        "pk", "title", "start", venue_name=F("venue__title"), cap_applying=effective_cap()
    )
    figures = []
    for row in rows:
        row.update(counts[row["pk"]])
        cap = row["cap_applying"]
        tickets = row["adults"] + row["children_sum"]
        published = disclosure.protect_number(tickets)
        hidden = published.suppressed or cap is None or cap < disclosure.THRESHOLD
        figures.append(
            ShowFigures(
                title=row["title"],
                start=row["start"],
                venue=row["venue_name"],
                cap=cap,
                tickets=published,
                children=disclosure.protect_number(row["children_sum"]),
                reached=None if hidden else tickets >= cap,
            )
        )
    return sorted(figures, key=lambda f: f.start)
