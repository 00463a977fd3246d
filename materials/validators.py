"""The Finnish business ID (Y-tunnus) and its check digit, as the Finnish Patent and
Registration Office defines it: seven digits, a hyphen and a check digit. The digits are weighted
7, 9, 10, 5, 8, 4, 2 from the left; the sum's remainder divided by 11 gives the check digit:
remainder 0 → 0, remainder 1 → no valid ID has those seven digits, otherwise 11 − remainder."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WEIGHTS = (7, 9, 10, 5, 8, 4, 2)
FORMAT = re.compile(r"(\d{7})-?(\d)")


def business_id_check_digit(digits: str) -> int | None:
    """The check digit of the seven `digits`, or None when no valid business ID has them."""
    remainder = sum(int(d) * w for d, w in zip(digits, WEIGHTS, strict=True)) % 11
    if remainder == 1:
        return None
    return 0 if remainder == 0 else 11 - remainder


def normalise_business_id(value: str) -> str:
    """`1234567-8` from `12345678` or ` 1234567-8 ` (valid or not)."""
    value = value.strip().replace(" ", "")
    match = FORMAT.fullmatch(value)
    return f"{match.group(1)}-{match.group(2)}" if match else value


def business_id_problem(value: str):
    """None for a valid business ID, else the message that says what is wrong."""
    match = FORMAT.fullmatch(value.strip().replace(" ", ""))
    if match is None:
        return _("Enter the business ID as seven digits, a hyphen and a check digit: 1234567-8.")
    if business_id_check_digit(match.group(1)) != int(match.group(2)):
        return _("Check the business ID: its last digit does not match the others.")
    return None


def validate_business_id(value: str):
    problem = business_id_problem(value)
    if problem is not None:
        raise ValidationError(problem, code="invalid")
