import pytest
from django.core.exceptions import ValidationError

from partners.validators import luhn_is_valid, normalize_organisation_number, validate_organisation_number


@pytest.mark.parametrize("number", ["212000-0142", "2120000142", "202100-5489", "16212000-0142"])
def test_valid_organisation_numbers_pass(number):
    validate_organisation_number(number)


def test_wrong_check_digit_is_refused_with_checksum_message():
    with pytest.raises(ValidationError) as error:
        validate_organisation_number("212000-0143")
    assert error.value.code == "checksum"


@pytest.mark.parametrize("number", ["", "12345", "abcdef-ghij", "212000-01423", "21200O-0142"])
def test_malformed_organisation_numbers_are_refused_with_format_message(number):
    with pytest.raises(ValidationError) as error:
        validate_organisation_number(number)
    assert error.value.code == "format"


def test_numbers_are_normalised_to_six_dash_four():
    assert normalize_organisation_number(" 2120000142 ") == "212000-0142"
    assert normalize_organisation_number("16212000-0142") == "212000-0142"


def test_luhn_matches_known_numbers():
    assert luhn_is_valid("2120000142")
    assert not luhn_is_valid("2120000141")
