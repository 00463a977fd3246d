import string

import pytest

from registry import cardnumbers
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


def test_parse_classifies_mistyped_legacy_and_garbage():
    assert not cardnumbers.is_valid_new("A045198723")  # the seeds' legacy example
    assert cardnumbers.parse("A045198723").kind == Kind.MISTYPED
    assert cardnumbers.parse("A045198723", legacy_numbers={"A045198723"}).kind == Kind.LEGACY
    assert cardnumbers.parse("a 045198723", legacy_numbers={"A045198723"}).kind == Kind.LEGACY
    for garbage in ["", "A12", "1234567890", "AA45198723", "A0451987234", "Ä045198723"]:
        assert cardnumbers.parse(garbage).kind == Kind.GARBAGE


def test_check_digits_reject_bad_input():
    with pytest.raises(ValueError):
        cardnumbers.check_digits("AA", 1)
    with pytest.raises(ValueError):
        cardnumbers.check_digits("A", 10**7)
