"""The disclosure gate (stats.disclosure): property tests over random tables and filters, plus the
examples the issue names. No database needed.

The independent check (`_alternative_exists`) does not reuse the module's cycle argument: it searches
for another non-negative integer table that agrees with every published number and differs in the
hidden entry. Finding one proves that entry's minimum is below its maximum.
"""

from django.utils import translation

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stats import disclosure
from stats.disclosure import (
    THRESHOLD,
    Table,
    age_band,
    age_bands,
    postal_area_labels,
    protect,
    protect_distribution,
    protect_number,
)

# Counts biased to the interesting region around the threshold, with zeros and some large counts.
counts = st.one_of(
    st.sampled_from([0, 0, 0, 1, 2, 3, 4, 5, 6]),
    st.integers(min_value=0, max_value=12),
    st.integers(min_value=13, max_value=60),
)


@st.composite
def tables(draw, max_rows=5, max_cols=5, values=counts):
    m = draw(st.integers(min_value=1, max_value=max_rows))
    n = draw(st.integers(min_value=1, max_value=max_cols))
    data = [[draw(values) for _ in range(n)] for _ in range(m)]
    return Table([f"r{i}" for i in range(m)], [f"c{j}" for j in range(n)], data)


def grid_of(table):
    """The raw table with margins, (m+1) × (n+1)."""
    rows = [[*row, sum(row)] for row in table.counts]
    cols = [sum(row[j] for row in table.counts) for j in range(len(table.col_labels))]
    return [*rows, [*cols, sum(cols)]]


def published_grid(result):
    """The published table with margins; None where hidden."""
    rows = [
        [c.value for c in cells] + [total.value]
        for cells, total in zip(result.cells, result.row_totals, strict=True)
    ]
    return [*rows, [c.value for c in result.col_totals] + [result.total.value]]


def lines(m, n):
    """Every row and column of an (m+1) × (n+1) grid, the total last."""
    for i in range(m + 1):
        yield [(i, j) for j in range(n + 1)]
    for j in range(n + 1):
        yield [(i, j) for i in range(m + 1)]


def all_values(grid):
    return [v for row in grid for v in row]


# --- (a) nothing from 1 to 4 is shown; (d) what is shown is the truth -------------------------


@given(tables())
@settings(max_examples=300, deadline=None)
def test_no_shown_value_is_below_the_threshold_and_shown_values_are_true(table):
    result = protect(table)
    raw, shown = grid_of(table), published_grid(result)
    for raw_row, shown_row in zip(raw, shown, strict=True):
        for value, published in zip(raw_row, shown_row, strict=True):
            if published is not None:
                assert published == value  # (d) unchanged
                assert not 0 < published < THRESHOLD  # (a)
            else:
                assert value > 0, "a zero is never hidden, so every hidden entry is at least 1"


# --- (b) no line lets a reader solve for a single unknown -----------------------------------


@given(tables())
@settings(max_examples=300, deadline=None)
def test_no_line_has_exactly_one_hidden_entry(table):
    shown = published_grid(protect(table))
    m, n = len(shown) - 1, len(shown[0]) - 1
    for line in lines(m, n):
        hidden = [p for p in line if shown[p[0]][p[1]] is None]
        assert len(hidden) != 1, f"line {line} hides only {hidden}"


@given(tables())
@settings(max_examples=300, deadline=None)
def test_hidden_cells_of_a_line_never_add_up_to_a_small_count(table):
    """Total minus the shown cells is the sum of the hidden ones: that too must not be 1–4."""
    raw, shown = grid_of(table), published_grid(protect(table))
    m, n = len(shown) - 1, len(shown[0]) - 1
    for line in lines(m, n):
        *inner, total = line
        if shown[total[0]][total[1]] is None:
            continue
        derived = sum(raw[i][j] for i, j in inner if shown[i][j] is None)
        assert derived == 0 or derived >= THRESHOLD


# --- (c) no hidden entry is determined by the published ones and non-negativity ---------------


def _alternative_exists(raw, shown, target, budget=200_000):
    """Is there a non-negative integer table, equal to `shown` wherever shown, with every line adding
    up, in which `target` differs from its true value? Depth-first search with propagation."""
    m, n = len(raw) - 1, len(raw[0]) - 1
    unknown = [(i, j) for i in range(m + 1) for j in range(n + 1) if shown[i][j] is None]
    bound = sum(all_values(raw)) + 2
    all_lines = list(lines(m, n))
    steps = [0]

    def consistent(values):
        for line in all_lines:
            *inner, total = line
            known = [values.get(p) for p in line]
            if None in known:
                # Partial check: the inner cells known so far cannot exceed a known total.
                partial = sum(values[p] for p in inner if values.get(p) is not None)
                if known[-1] is not None and partial > known[-1]:
                    return False
                continue
            if sum(values[p] for p in inner) != values[total]:
                return False
        return True

    def propagate(values):
        changed = True
        while changed:
            changed = False
            for line in all_lines:
                *inner, total = line
                missing = [p for p in line if values.get(p) is None]
                if len(missing) != 1:
                    continue
                (p,) = missing
                if p == total:
                    value = sum(values[q] for q in inner)
                else:
                    value = values[total] - sum(values[q] for q in inner if q != p)
                if value < 0:
                    return False
                values[p] = value
                changed = True
        return consistent(values)

    def candidates(p, exclude=None):
        true = raw[p[0]][p[1]]
        order = [true]
        for d in range(1, bound + 1):
            order += [true + d, true - d]
        return [v for v in order if 0 <= v <= bound and v != exclude]

    def search(values, remaining):
        steps[0] += 1
        if steps[0] > budget:
            raise AssertionError("search budget exhausted")
        remaining = [p for p in remaining if values.get(p) is None]
        if not remaining:
            return True
        p = remaining[0]
        for v in candidates(p):
            trial = dict(values)
            trial[p] = v
            if propagate(trial) and search(trial, remaining[1:]):
                return True
        return False

    base = {
        (i, j): shown[i][j] for i in range(m + 1) for j in range(n + 1) if shown[i][j] is not None
    }
    for v in candidates(target, exclude=raw[target[0]][target[1]]):
        trial = dict(base)
        trial[target] = v
        if propagate(trial) and search(trial, [p for p in unknown if p != target]):
            return True
    return False


@given(tables(max_rows=3, max_cols=3, values=st.sampled_from([0, 0, 1, 2, 3, 4, 5, 6, 8, 11])))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_no_hidden_entry_is_determined_small_tables(table):
    raw = grid_of(table)
    shown = published_grid(protect(table))
    for i, row in enumerate(shown):
        for j, value in enumerate(row):
            if value is None:
                assert _alternative_exists(raw, shown, (i, j)), (
                    f"entry {(i, j)} is determined in {raw}"
                )


@given(tables(max_rows=4, max_cols=4, values=st.sampled_from([0, 0, 1, 2, 3, 4, 5, 7, 9])))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_no_hidden_entry_is_determined_four_by_four(table):
    raw = grid_of(table)
    shown = published_grid(protect(table))
    for i, row in enumerate(shown):
        for j, value in enumerate(row):
            if value is None:
                assert _alternative_exists(raw, shown, (i, j)), (
                    f"entry {(i, j)} is determined in {raw}"
                )


def test_the_checker_catches_a_determined_cell():
    """The brute-force check is honest: a naive suppression (only the 3 hidden) is caught."""
    raw = [[3, 10, 13], [7, 8, 15], [10, 18, 28]]
    naive = [[None, 10, 13], [7, 8, 15], [10, 18, 28]]
    assert not _alternative_exists(raw, naive, (0, 0))
    # Two cells joined by one hidden bridge cell: row/column rules alone would accept this.
    raw = [[6, 6, 3, 15], [6, 6, 0, 12], [0, 0, 9, 9], [12, 12, 12, 36]]
    bridged = [[None, None, None, 15], [None, None, 0, 12], [0, 0, 9, 9], [12, 12, 12, 36]]
    assert not _alternative_exists(raw, bridged, (0, 2))


# --- (e) filters: part of a population, next to the whole ------------------------------------


@given(tables(max_rows=6, max_cols=4), st.data())
@settings(max_examples=200, deadline=None)
def test_a_row_filter_is_protected_like_any_table(table, data):
    m = len(table.row_labels)
    keep = data.draw(st.lists(st.integers(0, m - 1), min_size=1, max_size=m, unique=True))
    keep = sorted(keep)
    part = Table(
        [table.row_labels[i] for i in keep], table.col_labels, [table.counts[i] for i in keep]
    )
    raw, shown = grid_of(part), published_grid(protect(part))
    for raw_row, shown_row in zip(raw, shown, strict=True):
        for value, published in zip(raw_row, shown_row, strict=True):
            assert published is None or (published == value and not 0 < published < THRESHOLD)
    for line in lines(len(shown) - 1, len(shown[0]) - 1):
        assert sum(shown[i][j] is None for i, j in line) != 1


@given(tables(max_rows=4, max_cols=4), st.data())
@settings(max_examples=200, deadline=None)
def test_a_filtered_population_cannot_be_subtracted_from_the_whole(table, data):
    """A filter (a municipality within a region, say) keeps part of the records behind every cell.
    The reader may see the whole and the part: no difference of two shown entries is 1–4."""
    part_counts = [[data.draw(st.integers(0, v)) for v in row] for row in table.counts]
    rest_counts = [
        [v - p for v, p in zip(row, prow, strict=True)]
        for row, prow in zip(table.counts, part_counts, strict=True)
    ]
    part = Table(table.row_labels, table.col_labels, part_counts)
    rest = Table(table.row_labels, table.col_labels, rest_counts)
    whole_shown = published_grid(protect(table))
    part_shown = published_grid(protect(part, complement=rest))
    raw_part, raw_whole = grid_of(part), grid_of(table)
    for i, row in enumerate(part_shown):
        for j, value in enumerate(row):
            if value is None:
                continue
            assert value == raw_part[i][j] and not 0 < value < THRESHOLD
            if whole_shown[i][j] is not None:
                difference = whole_shown[i][j] - value
                assert difference == 0 or difference >= THRESHOLD
    for line in lines(len(part_shown) - 1, len(part_shown[0]) - 1):
        assert sum(part_shown[i][j] is None for i, j in line) != 1
    # And the part's hidden entries stay undetermined (small tables: the brute-force check).
    if len(table.row_labels) <= 3 and len(table.col_labels) <= 3 and raw_whole[-1][-1] <= 60:
        for i, row in enumerate(part_shown):
            for j, value in enumerate(row):
                if value is None:
                    assert _alternative_exists(raw_part, part_shown, (i, j))


def _label(pair):
    # A named function, not a lambda: Hypothesis describes a lambda by parsing this file's source,
    # and CPython 3.11.7's ast.parse can fail with "AST constructor recursion depth mismatch".
    return pair[0]


@given(
    st.lists(st.tuples(st.text(min_size=1, max_size=3), counts), max_size=12, unique_by=_label),
    st.data(),
)
@settings(max_examples=300, deadline=None)
def test_distributions(pairs, data):
    result = protect_distribution(pairs)
    values = [v for _label, v in pairs]
    total = sum(values)
    published = [c.value for c in result.cells]
    for value, shown in zip(values, published, strict=True):
        assert shown is None or (shown == value and not 0 < shown < THRESHOLD)
        if shown is None:
            assert value > 0
    assert result.total.value in (None, total)
    assert result.total.value is None or not 0 < result.total.value < THRESHOLD
    hidden = sum(v is None for v in published) + (result.total.value is None)
    assert hidden != 1, "a single unknown in one equation is solved by subtraction"
    if result.total.value is not None:
        derived = sum(v for v, s in zip(values, published, strict=True) if s is None)
        assert derived == 0 or derived >= THRESHOLD
    # A filter: the other part of the population must not be derivable as a small count either.
    other = {label: data.draw(counts) for label, _v in pairs}
    filtered = protect_distribution(pairs, complement=other)
    for (label, _value), cell in zip(pairs, filtered.cells, strict=True):
        # A shown zero is safe: the whole is then the rest, which the whole's own gate protects.
        if cell.value:
            assert not 0 < other[label] < THRESHOLD
    if filtered.total.value:
        assert not 0 < sum(other.values()) < THRESHOLD


# --- Examples ---------------------------------------------------------------------------------


def test_a_cell_of_three_is_hidden_and_no_total_gives_it_away():
    table = Table(
        ["Kajaani", "Kuhmo"],
        ["culture", "sport"],
        [[3, 12], [20, 9]],
    )
    result = protect(table)
    assert result.cells[0][0].suppressed
    assert result.cells[0][0].reason == disclosure.PRIMARY
    # Row Kajaani: total shown → another cell of the row must be hidden.
    kajaani_hidden = [c for c in result.cells[0] if c.suppressed]
    assert len(kajaani_hidden) >= 2 or result.row_totals[0].suppressed
    # Column culture: likewise.
    culture = [row[0] for row in result.cells]
    assert sum(c.suppressed for c in culture) >= 2 or result.col_totals[0].suppressed
    # Whatever is shown, the 3 cannot be recomputed (independent brute-force check).
    raw, shown = grid_of(table), published_grid(result)
    assert _alternative_exists(raw, shown, (0, 0))
    # And the four totals are the truth: a reader still learns the big picture.
    assert result.total.value == 44
    assert str(result.cells[0][0]) == disclosure.SUPPRESSED_MARK
    assert "3" not in repr(result.cells[0][0])


def test_small_totals_are_hidden():
    result = protect(Table(["a", "b"], ["x", "y"], [[1, 1], [0, 0]]))
    assert result.row_totals[0].suppressed  # 2
    assert result.total.suppressed  # 2
    assert result.row_totals[1].value == 0  # a zero is shown
    assert result.cells[1][0].value == 0


def test_a_table_without_small_counts_is_published_whole():
    result = protect(Table(["a", "b"], ["x", "y"], [[5, 10], [0, 7]]))
    assert [[c.value for c in row] for row in result.cells] == [[5, 10], [0, 7]]
    assert [c.value for c in result.row_totals] == [15, 7]
    assert [c.value for c in result.col_totals] == [5, 17] and result.total.value == 22


def test_a_bridge_between_two_protected_blocks_is_closed():
    """Rows and columns each hide two cells, yet a cell linking two blocks is solvable; not here."""
    table = Table(
        ["a", "b", "c", "d"],
        ["w", "x", "y", "z"],
        [[2, 2, 3, 30], [2, 2, 30, 30], [30, 30, 2, 2], [30, 30, 2, 2]],
    )
    raw, shown = grid_of(table), published_grid(protect(table))
    for i, row in enumerate(shown):
        for j, value in enumerate(row):
            if value is None:
                assert _alternative_exists(raw, shown, (i, j))


def test_the_complement_hides_what_subtraction_would_reveal():
    # The region has 12 uses in culture, the municipality 9: the rest of the region had 3.
    part = Table(["Kajaani"], ["culture", "sport"], [[9, 20]])
    rest = Table(["Kajaani"], ["culture", "sport"], [[3, 40]])
    result = protect(part, complement=rest)
    assert result.cells[0][0].suppressed
    assert result.col_totals[0].suppressed


def test_distribution_examples():
    result = protect_distribution({"fi": 40, "sv": 3, "en": 0, "other": 7})
    assert [c.value for c in result.cells] == [40, None, 0, None]
    assert result.total.value == 50
    # Two small cells adding up to 4 with the total shown would publish "4": more is hidden.
    result = protect_distribution({"a": 2, "b": 2, "c": 30, "d": 40})
    hidden = [label for label, c in result.items() if c.suppressed]
    assert set(hidden) >= {"a", "b", "c"}
    assert result.total.value == 74
    assert protect_distribution({}).total.value == 0
    assert protect_distribution({"a": 3}).total.suppressed


def test_protect_number():
    assert protect_number(0).value == 0
    assert protect_number(4).suppressed
    assert protect_number(5).value == 5


def test_tables_reject_bad_input():
    import pytest

    with pytest.raises(ValueError):
        Table(["a"], ["x"], [[-1]])
    with pytest.raises(ValueError):
        Table(["a"], ["x", "y"], [[1]])


# --- Coarsening -------------------------------------------------------------------------------


@given(st.integers(min_value=1900, max_value=2010), st.integers(min_value=2015, max_value=2030))
def test_age_bands_are_five_years_wide_and_cover_everyone(birth_year, year):
    band = age_band(birth_year, year)
    assert band in age_bands()
    age = year - birth_year
    if band.endswith("+"):
        assert age >= 80
    else:
        low, high = (int(part) for part in band.split("–"))
        assert high - low <= 4
        assert low <= max(age, 16) <= high


def test_age_band_examples():
    assert age_band(2007, 2024) == "16–19"
    assert age_band(2004, 2024) == "20–24"
    assert age_band(1960, 2024) == "60–64"
    assert age_band(1930, 2024) == "80+"
    assert age_band(None, 2024) is None
    assert age_bands()[0] == "16–19" and age_bands()[-1] == "80+"


def roll_up_postal_codes(counts, municipality_of):
    """{area: count}: the counts summed per postal_area_labels' area."""
    result = {}
    for code, label in postal_area_labels(counts, municipality_of).items():
        if counts[code]:
            result[label] = result.get(label, 0) + counts[code]
    return result


def test_postal_codes_roll_up_to_municipality():
    counts = {"87100": 40, "87200": 3, "87300": 1, "88900": 2, "99999": 1, "88600": 0}
    municipality_of = {"87100": "Kajaani", "87200": "Kajaani", "87300": "Kajaani", "88900": "Kuhmo"}
    with translation.override("en"):
        result = roll_up_postal_codes(counts, municipality_of)
    assert result == {
        "87100": 40,
        "Kajaani (other postal areas)": 4,
        "Kuhmo (other postal areas)": 2,
        "Other or unknown area": 1,
    }
    assert sum(result.values()) == 47
    # The rolled-up buckets are still small: the gate hides them.
    protected = protect_distribution(result)
    assert protected.cells[1].suppressed and protected.cells[2].suppressed


@given(st.dictionaries(st.from_regex(r"\A[0-9]{5}\Z"), counts, max_size=20))
def test_roll_up_keeps_every_holder_and_no_small_postal_code(counts_by_code):
    municipality_of = {code: f"M{code[0]}" for code in counts_by_code}
    result = roll_up_postal_codes(counts_by_code, municipality_of)
    assert sum(result.values()) == sum(counts_by_code.values())
    for label, value in result.items():
        if label.isdigit():
            assert value >= THRESHOLD
