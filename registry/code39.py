"""A small Code 39 barcode encoder that writes SVG (the card's barcode holds only its number).

Code 39 is a fixed table: every character is nine elements, bar and space alternating from a bar,
three of them wide. Characters are separated by a narrow space and framed by the start/stop ``*``.
"""

from xml.sax.saxutils import escape

# 1 = wide, 0 = narrow; elements bar, space, bar, space, bar, space, bar, space, bar.
PATTERNS = {
    "0": "000110100",
    "1": "100100001",
    "2": "001100001",
    "3": "101100000",
    "4": "000110001",
    "5": "100110000",
    "6": "001110000",
    "7": "000100101",
    "8": "100100100",
    "9": "001100100",
    "A": "100001001",
    "B": "001001001",
    "C": "101001000",
    "D": "000011001",
    "E": "100011000",
    "F": "001011000",
    "G": "000001101",
    "H": "100001100",
    "I": "001001100",
    "J": "000011100",
    "K": "100000011",
    "L": "001000011",
    "M": "101000010",
    "N": "000010011",
    "O": "100010010",
    "P": "001010010",
    "Q": "000000111",
    "R": "100000110",
    "S": "001000110",
    "T": "000010110",
    "U": "110000001",
    "V": "011000001",
    "W": "111000000",
    "X": "010010001",
    "Y": "110010000",
    "Z": "011010000",
    "-": "010000101",
    ".": "110000100",
    " ": "011000100",
    "$": "010101000",
    "/": "010100010",
    "+": "010001010",
    "%": "000101010",
    "*": "010010100",
}
WIDE = 3  # wide elements are three modules (ratio 3:1, inside the standard's 2.2–3.0)


def modules(text: str) -> str:
    """The barcode as a string of modules, ``1`` dark and ``0`` light, including start/stop."""
    text = text.upper()
    unknown = set(text) - set(PATTERNS) | ({"*"} & set(text))
    if unknown:
        raise ValueError(f"Code 39 cannot encode {sorted(unknown)!r}")
    out = []
    for index, char in enumerate(f"*{text}*"):
        if index:
            out.append("0")  # inter-character gap
        for position, wide in enumerate(PATTERNS[char]):
            mark = "1" if position % 2 == 0 else "0"
            out.append(mark * (WIDE if wide == "1" else 1))
    return "".join(out)


def svg(text: str, *, module_width: float = 1.0, height: float = 40.0, quiet: int = 10) -> str:
    """A standalone SVG of `text` as Code 39, with quiet zones, and the text as its accessible name."""
    bars = modules(text)
    width = (len(bars) + 2 * quiet) * module_width
    rects = []
    x = quiet
    run_start = None
    for i, m in enumerate(bars + "0"):
        if m == "1" and run_start is None:
            run_start = i
        elif m == "0" and run_start is not None:
            rects.append(
                f'<rect x="{(x + run_start) * module_width:g}" y="0" '
                f'width="{(i - run_start) * module_width:g}" height="{height:g}"/>'
            )
            run_start = None
    label = escape(text)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:g}" height="{height:g}" '
        f'viewBox="0 0 {width:g} {height:g}" role="img" aria-label="{label}">'
        f'<rect width="100%" height="100%" fill="#fff"/><g fill="#000">{"".join(rects)}</g></svg>'
    )
