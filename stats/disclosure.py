"""Statistical disclosure control: the ONE gate every published number of the registry passes.

DOMAIN.md ("Statistics and privacy"): statistics are aggregated so that no cardholder can be traced
by age, gender, mother tongue, postal code or distributor. Every table, chart, CSV/XLSX export and API
answer built from registry counts goes through :func:`protect` (two-way tables) or
:func:`protect_distribution` (one-way lists), and renders only what they return: a protected result
never holds a suppressed raw value, so a template or an export cannot leak one by mistake.

The rules
---------
1. **Threshold.** No count from 1 to ``THRESHOLD - 1`` (1–4) is shown: such cells, and such totals
   (row, column and grand totals too), are *primary* suppressions.
2. **Zeros are shown.** A true zero describes nobody, and hiding zeros would hide most of a sparse
   table without protecting anyone. What makes a zero dangerous is using it as a *complementary*
   suppression: a hidden zero cannot move down, so an attacker who knows all hidden cells are at least
   1 could still pin its neighbours. Therefore a zero is never chosen as a complementary cell: every
   hidden entry is at least 1, and the cycle argument below holds.
3. **Secondary (complementary) suppression.** Write the table with its margins as an
   ``(m+1) × (n+1)`` grid (the last column holds row totals, the last row column totals and the grand
   total). Negating the margins turns "every line adds up to its total" into "every row and every
   column of the grid adds up to 0", so the hidden entries can change without changing anything shown
   exactly along *alternating cycles* of hidden entries in the bipartite graph rows × columns.
   A hidden entry is determined by the shown ones iff it lies on no such cycle (it is a *bridge*).
   Since every hidden entry is at least 1, moving ±1 around a cycle keeps all of them non-negative, so
   each hidden entry on a cycle has at least two possible values (its minimum is below its maximum).
   We add complementary cells until no hidden entry is a bridge: a line with a single hidden cell
   and a shown total, and subtler cases (two protected blocks joined by one hidden cell).
4. **Small derived sums.** Where a line's total is shown, the sum of its hidden cells can be derived
   (total minus shown cells). That sum must be 0 or at least the threshold, or it would publish a
   small group after all (hiding 3 and 1 in one row publishes "4"). More cells are hidden until true.
5. **Cheapest first.** Complementary cells are chosen greedily: inner cells before totals, cells
   whose crossing line already hides something (closing a cycle) before others, then the smallest
   count; the loop runs to a fixed point. It is a heuristic, not an optimum; safety, not minimality,
   is what the tests prove.
6. **Filters.** A table filtered to part of a population can be subtracted from the unfiltered one
   that the same reader may see. :func:`protect` takes the ``complement`` (the same table for the rest
   of the population) and also hides every entry whose complement is 1–4, so the difference of two
   shown entries is never a small count.

What this module does not claim: protection against every linear combination across many different
published tables (the tests prove single tables and the filter/complement pair). Reports keep their
breakdowns coarse (age bands, municipalities instead of small postal areas) for that reason; see
:func:`age_band` and :func:`postal_area_labels`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

THRESHOLD = 5
SUPPRESSED_MARK = "–"

PRIMARY = "primary"
SECONDARY = "secondary"


# --- Results --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cell:
    """One published number: the count, or ``None`` when it is hidden (the raw count is not kept)."""

    value: int | None
    reason: str = ""  # "", PRIMARY or SECONDARY

    @property
    def suppressed(self) -> bool:
        return self.value is None

    def __str__(self) -> str:
        return SUPPRESSED_MARK if self.value is None else f"{self.value}"

    def csv(self) -> str:
        """The cell in an export: the count, or the suppression mark."""
        return str(self)


@dataclass(frozen=True)
class ProtectedTable:
    """A two-way table after disclosure control. Only published values live here."""

    row_labels: tuple
    col_labels: tuple
    cells: tuple[tuple[Cell, ...], ...]
    row_totals: tuple[Cell, ...]
    col_totals: tuple[Cell, ...]
    total: Cell

    def rows(self):
        """(label, cells, total) per row, for templates."""
        return list(zip(self.row_labels, self.cells, self.row_totals, strict=True))


@dataclass(frozen=True)
class ProtectedDistribution:
    """A one-way distribution (label → count) with its total, after disclosure control."""

    labels: tuple
    cells: tuple[Cell, ...]
    total: Cell

    def items(self):
        return list(zip(self.labels, self.cells, strict=True))


# --- Input ----------------------------------------------------------------------------------


@dataclass
class Table:
    """Raw counts: ``counts[i][j]`` for row ``row_labels[i]`` and column ``col_labels[j]``.

    Totals are always the sums of the cells (a table never hides a category in its totals)."""

    row_labels: Sequence
    col_labels: Sequence
    counts: Sequence[Sequence[int]]

    def __post_init__(self):
        if len(self.counts) != len(self.row_labels):
            raise ValueError("one row of counts per row label")
        if any(len(row) != len(self.col_labels) for row in self.counts):
            raise ValueError("one count per column label in every row")
        if any(int(value) != value or value < 0 for row in self.counts for value in row):
            raise ValueError("counts are non-negative integers")


# --- The algorithm --------------------------------------------------------------------------


@dataclass
class _Grid:
    """The table with margins as an (m+1) × (n+1) grid; the last row and column are the totals."""

    values: list[list[int]]
    hidden: dict[tuple[int, int], str] = field(default_factory=dict)

    @property
    def m(self):  # index of the totals row
        return len(self.values) - 1

    @property
    def n(self):  # index of the totals column
        return len(self.values[0]) - 1

    def lines(self):
        """Every row and column of the grid as a list of positions, the total last."""
        for i in range(self.m + 1):
            yield [(i, j) for j in range(self.n + 1)]
        for j in range(self.n + 1):
            yield [(i, j) for i in range(self.m + 1)]

    def hide(self, pos, reason=SECONDARY):
        self.hidden.setdefault(pos, reason)


def _grid_from(table: Table) -> _Grid:
    rows = [[int(v) for v in row] for row in table.counts]
    n = len(table.col_labels)
    values = [[*row, sum(row)] for row in rows]
    col_totals = [sum(row[j] for row in rows) for j in range(n)]
    values.append([*col_totals, sum(col_totals)])
    return _Grid(values)


def _is_small(value: int, threshold: int) -> bool:
    return 0 < value < threshold


def _candidate_key(grid: _Grid, pos):
    """Order of preference for a complementary cell (lower is better)."""
    i, j = pos
    crossing_hidden = any((i, jj) in grid.hidden for jj in range(grid.n + 1) if jj != j) + any(
        (ii, j) in grid.hidden for ii in range(grid.m + 1) if ii != i
    )
    return (i == grid.m or j == grid.n, -crossing_hidden, grid.values[i][j], i, j)


def _best(grid: _Grid, candidates):
    usable = [p for p in candidates if p not in grid.hidden and grid.values[p[0]][p[1]] > 0]
    return min(usable, key=lambda p: _candidate_key(grid, p)) if usable else None


def _fix_small_line_sums(grid: _Grid, threshold: int) -> bool:
    """Rule 4: where a line's total is shown, its hidden cells must not add up to 1–4."""
    changed = False
    for line in grid.lines():
        *inner, total = line
        if total in grid.hidden:
            continue
        hidden_sum = sum(grid.values[i][j] for i, j in inner if (i, j) in grid.hidden)
        if _is_small(hidden_sum, threshold):
            pos = _best(grid, inner) or total
            grid.hide(pos)
            changed = True
    return changed


def _bridges(grid: _Grid):
    """Hidden entries that lie on no cycle of hidden entries (rows and columns are the nodes)."""
    adjacency: dict[tuple[str, int], list[tuple[tuple[str, int], tuple[int, int]]]] = {}
    for i, j in grid.hidden:
        adjacency.setdefault(("r", i), []).append((("c", j), (i, j)))
        adjacency.setdefault(("c", j), []).append((("r", i), (i, j)))
    order, low, bridges, counter = {}, {}, [], 0
    for root in sorted(adjacency):
        if root in order:
            continue
        # Iterative Tarjan bridge finding: stack of (node, edge used to enter it, iterator).
        order[root] = low[root] = counter
        counter += 1
        stack = [(root, None, iter(adjacency[root]))]
        while stack:
            node, via, neighbours = stack[-1]
            for nxt, edge in neighbours:
                if edge == via:
                    continue
                if nxt not in order:  # go down to it; this node's other edges come later
                    order[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append((nxt, edge, iter(adjacency[nxt])))
                    break
                low[node] = min(low[node], order[nxt])
            else:  # every edge seen: back up to the parent
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[node])
                    if low[node] > order[parent]:
                        bridges.append(via)
    return sorted(bridges)


def _component(grid: _Grid, start, without):
    """Rows and columns reachable from ``start`` through hidden entries other than ``without``."""
    todo, seen = [start], {start}
    while todo:
        kind, k = todo.pop()
        for i, j in grid.hidden:
            if (i, j) != without and (i if kind == "r" else j) == k:
                nxt = ("c", j) if kind == "r" else ("r", i)
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
    return {k for kind, k in seen if kind == "r"}, {k for kind, k in seen if kind == "c"}


def _close_cycle(grid: _Grid, bridge) -> None:
    """Hide one more entry (or, failing that, a short cycle) so that ``bridge`` lies on a cycle."""
    i, j = bridge
    rows_i, cols_i = _component(grid, ("r", i), bridge)
    rows_j, cols_j = _component(grid, ("c", j), bridge)
    candidates = [(r, c) for r in rows_i for c in cols_j] + [(r, c) for r in rows_j for c in cols_i]
    pos = _best(grid, candidates)
    if pos is not None:
        grid.hide(pos)
        return
    # Fallback: the 4-cycle through the margins. Every entry on it is at least 1, because the
    # bridge is (and margins are at least the cells they add up).
    m, n = grid.m, grid.n
    if i != m and j != n:
        cycle = [(i, n), (m, j), (m, n)]
    else:  # a total: the cycle through the smallest inner cell it adds up
        rows, cols = (range(m) if i == m else [i]), (range(n) if j == n else [j])
        inner = [(a, b) for a in rows for b in cols if grid.values[a][b] > 0]
        a, b = min(inner, key=lambda p: grid.values[p[0]][p[1]])
        cycle = [(a, b), (a, n), (m, b), (m, n)]
    for pos in cycle:
        grid.hide(pos)


def _suppress(grid: _Grid, threshold: int, extra_primary=()) -> None:
    for i, row in enumerate(grid.values):
        for j, value in enumerate(row):
            if _is_small(value, threshold):
                grid.hide((i, j), PRIMARY)
    for pos in extra_primary:
        if grid.values[pos[0]][pos[1]] > 0:
            grid.hide(pos, PRIMARY)
    while True:
        if _fix_small_line_sums(grid, threshold):
            continue
        bridges = _bridges(grid)
        if not bridges:
            return
        _close_cycle(grid, bridges[0])


def protect(table: Table, *, complement: Table | None = None):
    """Applies the rules above to a two-way table and returns what may be published.

    ``complement``: the same table for the part of the population a filter left out (see rule 6)."""
    grid = _grid_from(table)
    extra = []
    if complement is not None:
        other = _grid_from(complement)
        if len(other.values) != len(grid.values) or len(other.values[0]) != len(grid.values[0]):
            raise ValueError("the complement must have the table's shape")
        extra = [
            (i, j)
            for i, row in enumerate(other.values)
            for j, value in enumerate(row)
            if _is_small(value, THRESHOLD)
        ]
    _suppress(grid, THRESHOLD, extra)

    def cell(i, j):
        reason = grid.hidden.get((i, j), "")
        return Cell(None, reason) if reason else Cell(grid.values[i][j])

    m, n = grid.m, grid.n
    return ProtectedTable(
        row_labels=tuple(table.row_labels),
        col_labels=tuple(table.col_labels),
        cells=tuple(tuple(cell(i, j) for j in range(n)) for i in range(m)),
        row_totals=tuple(cell(i, n) for i in range(m)),
        col_totals=tuple(cell(m, j) for j in range(n)),
        total=cell(m, n),
    )


def protect_distribution(
    items: Mapping | Iterable[tuple], *, complement: Mapping | None = None
) -> ProtectedDistribution:
    """A one-way distribution (``{label: count}`` or pairs, in display order) and its total.

    One equation binds the cells: they add up to the total. So: small cells and a small total are
    hidden; if exactly one entry is hidden, or the hidden cells add up to 1–4 while the total is shown,
    the smallest non-zero cells are hidden too (the total when no cell is left)."""
    pairs = list(items.items() if isinstance(items, Mapping) else items)
    labels = [label for label, _count in pairs]
    values = [int(count) for _label, count in pairs]
    if any(v < 0 for v in values):
        raise ValueError("counts are non-negative integers")
    total = sum(values)
    everything = [*values, total]
    # Index len(values) stands for the total.
    hidden = {k: PRIMARY for k, v in enumerate(everything) if _is_small(v, THRESHOLD)}
    if complement is not None:
        other = [int(complement.get(label, 0)) for label in labels]
        for k, v in enumerate([*other, sum(other)]):
            if _is_small(v, THRESHOLD) and everything[k] > 0:
                hidden.setdefault(k, PRIMARY)
    while True:
        shown_cells = [k for k in range(len(values)) if k not in hidden and values[k] > 0]
        hidden_sum = sum(values[k] for k in hidden if k < len(values))
        total_shown = len(values) not in hidden
        needs_more = len(hidden) == 1 or (total_shown and _is_small(hidden_sum, THRESHOLD))
        if not needs_more:
            break
        k = min(shown_cells, key=lambda k: (values[k], k)) if shown_cells else len(values)
        if k in hidden:  # nothing left to hide: everything non-zero is already hidden
            break
        hidden[k] = SECONDARY

    def cell(k):
        reason = hidden.get(k, "")
        return Cell(None, reason) if reason else Cell(everything[k])

    return ProtectedDistribution(
        labels=tuple(labels),
        cells=tuple(cell(k) for k in range(len(values))),
        total=cell(len(values)),
    )


def protect_number(value: int) -> Cell:
    """A single published count (a live figure, a dashboard headline): hidden when 1–4."""
    value = int(value)
    return Cell(None, PRIMARY) if _is_small(value, THRESHOLD) else Cell(value)


# --- Coarsening -----------------------------------------------------------------------------

YOUNGEST = 16  # the holder is at least 16 (DOMAIN.md, "The card")
BAND_WIDTH = 5
OLDEST_BAND_START = 80  # 80 and over is one open band: few holders are older


def age_band(birth_year: int | None, year: int) -> str | None:
    """The 5-year age band of a person born in ``birth_year`` during ``year``: "16–19", "20–24",
    …, "75–79", "80+". The bands align on multiples of five; the first starts at 16 because nobody
    younger holds a card. ``None`` when the birth year is unknown."""
    if birth_year is None:
        return None
    age = max(int(year) - int(birth_year), YOUNGEST)
    if age >= OLDEST_BAND_START:
        return f"{OLDEST_BAND_START}+"
    start = age - age % BAND_WIDTH
    return f"{max(start, YOUNGEST)}–{start + BAND_WIDTH - 1}"


def age_bands() -> list[str]:
    """Every band in order, for table columns that must not depend on the data."""
    bands = [f"{YOUNGEST}–19"]
    bands += [f"{s}–{s + BAND_WIDTH - 1}" for s in range(20, OLDEST_BAND_START, BAND_WIDTH)]
    return [*bands, f"{OLDEST_BAND_START}+"]


def postal_area_labels(counts: Mapping[str, int], municipality_of: Mapping[str, str]) -> dict:
    """Each postal code's published area: postal areas with fewer than ``THRESHOLD`` cardholders
    are rolled up into their municipality.

    Returns ``{code: label}``: postal codes with at least ``THRESHOLD`` keep their code; the smaller
    ones of a municipality go into "<municipality> (other postal areas)"; codes with no known
    municipality into one "unknown area" bucket. Buckets still below the threshold are then hidden by
    :func:`protect_distribution` like any other cell."""
    other = str(_("%(municipality)s (other postal areas)"))
    unknown = str(_("Other or unknown area"))
    labels = {}
    for code, count in counts.items():
        if code and count >= THRESHOLD:
            labels[code] = code
        elif municipality_of.get(code):
            labels[code] = other % {"municipality": municipality_of[code]}
        else:
            labels[code] = unknown
    return labels


def publish_structural(value: int) -> Cell:
    """A count of places or organisations (municipalities taking part, say), not of people.

    It passes the gate too, so that every published number has one door, but it is not hidden:
    nobody can be traced from the number of municipalities in a region."""
    return Cell(int(value))
