import pytest

from optiimi.core import ytunnus


def test_valid_business_id_is_accepted():
    assert ytunnus.normalise("0112038-9") == "0112038-9"


def test_six_digit_body_is_zero_padded():
    assert ytunnus.normalise("112038-9") == "0112038-9"


def test_wrong_check_digit_is_refused_naming_both_digits():
    with pytest.raises(ytunnus.InvalidBusinessId, match="8 given, 9 expected"):
        ytunnus.normalise("0112038-8")


@pytest.mark.parametrize("value", ["", "0112038", "0112038_9", "abcdefg-1", "123456789"])
def test_malformed_business_id_is_refused(value):
    with pytest.raises(ytunnus.InvalidBusinessId, match="not a Y-tunnus"):
        ytunnus.normalise(value)


def test_body_with_remainder_one_has_no_valid_check_digit():
    # 7*0+9*0+10*0+5*0+8*0+4*0+2*6 = 12 → remainder 1: no check digit exists.
    assert ytunnus.check_digit("0000006") is None
    assert not ytunnus.is_valid("0000006-0")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("29900037", "2990003-7"), ("01120389", "0112038-9"), ("1120389", "0112038-9")],
)
def test_business_id_without_hyphen_or_lost_leading_zero_is_read(value, expected):
    # As spreadsheets write it: the hyphen left out, or a number cell that dropped the zero.
    assert ytunnus.normalise(value) == expected


def test_business_id_without_hyphen_is_still_check_digit_verified():
    with pytest.raises(ytunnus.InvalidBusinessId, match="wrong check digit: 8 given, 7 expected"):
        ytunnus.normalise("29900038")
