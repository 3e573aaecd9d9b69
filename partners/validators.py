"""Validation of Swedish organisation numbers (organisationsnummer), which carry a Luhn check digit."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_DIGITS = re.compile(r"^(\d{6})-?(\d{4})$")


def luhn_is_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalize_organisation_number(value: str) -> str:
    """'2021002890', '202100-2890' and '16202100-2890' all become '202100-2890'."""
    cleaned = re.sub(r"[\s]", "", value or "")
    if re.fullmatch(r"16\d{6}-?\d{4}", cleaned):
        cleaned = cleaned[2:]
    match = _DIGITS.match(cleaned)
    if not match:
        return cleaned
    return f"{match.group(1)}-{match.group(2)}"


def validate_organisation_number(value: str) -> None:
    normalized = normalize_organisation_number(value)
    match = _DIGITS.match(normalized)
    if not match:
        raise ValidationError(
            _("Enter the organisation number as ten digits, e.g. 202100-2890."),
            code="format",
        )
    if not luhn_is_valid(match.group(1) + match.group(2)):
        raise ValidationError(
            _("The organisation number's check digit is wrong. Check for typing errors."),
            code="checksum",
        )
