"""Hostile input for the fuzz tests: what people, scanners, bots and attackers send.

Every strategy here draws strings, because that is all a form or a query string can carry; the API
tests add JSON's other types (see `json_values`). Lone surrogates are left out: they cannot be
encoded as UTF-8, so no browser or HTTP client can send them.
"""

import datetime

from hypothesis import strategies as st

from registry import cardnumbers

INJECTIONS = [
    "'; DROP TABLE registry_card; --",
    "' OR '1'='1",
    '" OR ""="',
    "1; SELECT pg_sleep(5)",
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{ request.user }}",
    "{% debug %}",
    "${7*7}",
    "%(number)s %s %n",
    "../../../etc/passwd",
    '=HYPERLINK("http://evil.example")',
    "+cmd|' /C calc'!A0",
    "//evil.example/",
    "\\\\evil.example\\share",
]
UNICODE = [
    "\x00",
    "K00\x0000123",
    "a\x00b",
    "\u202eK000012345",  # right-to-left override
    "\u200f\u200e\u200b",  # directional marks, zero-width space
    "\ufeffK000012345",  # byte order mark
    "Ｋ０００００１２３４５",  # full-width letter and digits
    "١٢٣٤٥",  # Arabic-Indic digits
    "🎭🎟️👨‍👩‍👧",
    "ÅÄÖ åäö ẞß İı",
    "e\u0301\u0301\u0301",  # stacked combining accents
    "\r\n\t",
    "\x7f\x1b[31m",
    "שלום עולם",
    "مرحبا",
]
NUMBERS = [
    "",
    " ",
    "-1",
    "0",
    "-0",
    "00000",
    "3.5",
    "1e9",
    "1e309",
    "NaN",
    "inf",
    "-inf",
    "0x1F",
    "1_000",
    " 12 ",
    "9" * 30,
    "-" + "9" * 30,
    "9223372036854775808",
    "2147483648",
    "-2147483649",
]
DATES = [
    "0000-00-00",
    "9999-12-31",
    "0001-01-01",
    "2024-02-30",
    "2023-02-29",
    "2024-13-01",
    "2024-00-10",
    "31.12.2024",
    "12/31/2024",
    "2024-1-1",
    "99999-01-01",
    "-2024-01-01",
    "today",
    "1970-01-01T00:00:00Z",
    "2024-06-15\x00",
]

SHORT_TEXT = st.text(max_size=40)


@st.composite
def huge_text(draw):
    """A long run of one awkward character: far past every field's length."""
    piece = draw(st.sampled_from(["x", "9", "ä", "🎭", "<", "'", "\x00", " "]))
    return piece * draw(st.integers(min_value=250, max_value=20_000))


hostile_text = st.one_of(
    st.sampled_from(INJECTIONS + UNICODE + NUMBERS + DATES),
    SHORT_TEXT,
    huge_text(),
)
hostile_number = st.one_of(
    st.sampled_from(NUMBERS),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    hostile_text,
)


def _dates(first=datetime.date(1, 1, 1), last=datetime.date(9999, 12, 31)):
    return st.dates(min_value=first, max_value=last).map(datetime.date.isoformat)


hostile_date = st.one_of(st.sampled_from(DATES), _dates(), hostile_text)


@st.composite
def malformed_card_number(draw):
    """Something a desk may type or scan instead of a card number, mostly almost right."""
    valid = cardnumbers.make_number(
        draw(st.sampled_from(cardnumbers.LETTERS)),
        draw(st.integers(min_value=0, max_value=cardnumbers.SERIAL_MAX)),
    )
    how = draw(
        st.sampled_from(["typo", "swap", "short", "long", "separators", "lower", "other", "text"])
    )
    if how == "typo":
        i = draw(st.integers(min_value=0, max_value=len(valid) - 1))
        return valid[:i] + draw(st.characters(codec="utf-8")) + valid[i + 1 :]
    if how == "swap":
        i = draw(st.integers(min_value=1, max_value=len(valid) - 2))
        return valid[:i] + valid[i + 1] + valid[i] + valid[i + 2 :]
    if how == "short":
        return valid[: draw(st.integers(min_value=0, max_value=len(valid) - 1))]
    if how == "long":
        return valid + draw(st.text(alphabet="0123456789ABCZ", min_size=1, max_size=30))
    if how == "separators":
        return " - ".join([valid[:1], valid[1:4], valid[4:]]) + draw(st.sampled_from(["", "\n"]))
    if how == "lower":
        return valid.lower()
    if how == "other":
        return draw(st.from_regex(r"[A-Za-z]{0,3}[0-9]{0,12}", fullmatch=True))
    return draw(hostile_text)


@st.composite
def corrupted(draw, valid, hostile):
    """(data, corrupted field names): `valid` field values with a few replaced by hostile ones.

    `valid` maps each field to a strategy of well-formed values, `hostile` maps a field to its
    strategy of bad values (fields left out get `hostile_text`). A corrupted field is replaced,
    left out, or sent twice. With no field corrupted the data is valid and must be accepted.
    """
    names = sorted(valid)
    bad = draw(st.sets(st.sampled_from(names), max_size=3))
    data = {}
    for name in names:
        value = draw(valid[name])
        if name not in bad:
            data[name] = value
            continue
        how = draw(st.sampled_from(["replace", "replace", "missing", "twice"]))
        if how == "missing":
            continue
        other = draw(hostile.get(name, hostile_text))
        data[name] = other if how == "replace" else [value, other]
    return data, frozenset(bad)


# JSON for the API: every type in the wrong place.
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    hostile_text,
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(SHORT_TEXT, inner, max_size=4)
    ),
    max_leaves=8,
)
