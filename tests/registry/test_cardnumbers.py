import string

import pytest

from registry import cardnumbers, code39
from registry.cardnumbers import Kind

SAMPLES = [
    cardnumbers.make_number(letter, serial)
    for letter, serial in [("A", 0), ("K", 1), ("K", 1999), ("L", 4567890), ("Z", 9_999_999)]
]
ALPHABET = string.ascii_uppercase + string.digits


def test_check_digits_follow_iso_7064_mod_97_10_as_in_iban():
    # IBAN's own worked example: GB82 WEST 1234 5698 7654 32 moves "GB82" to the end.
    assert cardnumbers._numeric("WEST12345698765432GB82") % 97 == 1
    number = cardnumbers.make_number("K", 123)
    assert number[:8] == "K0000123"
    assert cardnumbers._numeric(number) % 97 == 1
    assert cardnumbers.check_digits("A", 0) == f"{98 - 10**10 % 97:02d}"  # "A0000000"+"00"


@pytest.mark.parametrize("number", SAMPLES)
def test_generated_numbers_are_valid(number):
    assert cardnumbers.is_valid_new(number)
    assert cardnumbers.parse(number).kind == Kind.NEW


@pytest.mark.parametrize("number", SAMPLES)
def test_every_single_substitution_is_caught(number):
    caught = 0
    for position in range(len(number)):
        for char in ALPHABET:
            if char == number[position]:
                continue
            typo = number[:position] + char + number[position + 1 :]
            assert not cardnumbers.is_valid_new(typo), typo
            assert cardnumbers.parse(typo).kind in (Kind.MISTYPED, Kind.GARBAGE)
            caught += 1
    assert caught == len(number) * (len(ALPHABET) - 1)


@pytest.mark.parametrize("number", SAMPLES)
def test_every_adjacent_transposition_is_caught(number):
    for position in range(len(number) - 1):
        a, b = number[position], number[position + 1]
        if a == b:
            continue
        swapped = number[:position] + b + a + number[position + 2 :]
        assert not cardnumbers.is_valid_new(swapped), swapped


def test_parse_normalises_spaces_hyphens_and_case():
    number = SAMPLES[1]
    typed = f" {number[0].lower()} {number[1:5]}-{number[5:]} "
    parsed = cardnumbers.parse(typed)
    assert parsed == cardnumbers.ParsedNumber(number, Kind.NEW)
    assert parsed.is_usable


def test_parse_classifies_mistyped_legacy_and_garbage():
    assert not cardnumbers.is_valid_new("A045198723")  # the seeds' legacy example
    assert cardnumbers.parse("A045198723").kind == Kind.MISTYPED
    assert cardnumbers.parse("A045198723", legacy_numbers={"A045198723"}).kind == Kind.LEGACY
    assert cardnumbers.looks_legacy("a 045198723")
    for garbage in ["", "A12", "1234567890", "AA45198723", "A0451987234", "Ä045198723"]:
        assert cardnumbers.parse(garbage).kind == Kind.GARBAGE
        assert not cardnumbers.parse(garbage).is_usable


def test_check_digits_reject_bad_input():
    with pytest.raises(ValueError):
        cardnumbers.check_digits("AA", 1)
    with pytest.raises(ValueError):
        cardnumbers.check_digits("A", 10**7)


# --- Code 39 ---------------------------------------------------------------------------------


def test_code39_table_is_well_formed():
    assert len(code39.PATTERNS) == 44
    assert len(set(code39.PATTERNS.values())) == 44
    for char, pattern in code39.PATTERNS.items():
        assert len(pattern) == 9 and pattern.count("1") == 3, char
        wide_spaces = sum(pattern[i] == "1" for i in (1, 3, 5, 7))
        assert wide_spaces == (3 if char in "$/+%" else 1), char


def test_code39_modules_match_known_encodings():
    # Narrow = 1 module, wide = 3: "0" and "1" as published in the standard tables.
    assert code39.modules("0")[16:31] == "101000111011101"
    assert code39.modules("1")[16:31] == "111010001010111"
    bars = code39.modules("K0000123")
    assert bars.startswith("1000101110111010")  # the start character *
    assert len(bars) == 10 * 15 + 9  # 10 characters with start/stop, 9 gaps


def test_code39_svg_contains_only_the_number():
    svg = code39.svg("K000012345")
    assert svg.startswith("<svg") and 'aria-label="K000012345"' in svg
    with pytest.raises(ValueError):
        code39.modules("K*1")
    with pytest.raises(ValueError):
        code39.modules("ä")
