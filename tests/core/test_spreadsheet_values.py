from decimal import Decimal

import pytest

from optiimi.core.formats.tables import parse_amount, parse_bool


@pytest.mark.parametrize("text", ["true", "TRUE", "True", "yes", "kyllä", "1", "x", "TOSI", "tosi"])
def test_true_words(text):
    assert parse_bool(text) is True


@pytest.mark.parametrize("text", ["false", "False", "no", "ei", "0", "", "EPÄTOSI", "epätosi"])
def test_false_words(text):
    assert parse_bool(text) is False


def test_other_word_is_refused_naming_field_and_value():
    with pytest.raises(ValueError, match="public 'ehkä' is not true or false"):
        parse_bool("ehkä", "public")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 234,56", "1234.56"),
        ("1\u00a0234,5", "1234.50"),
        ("1234.1", "1234.10"),
        (str(0.1 + 0.2), "0.30"),
        ("\u2212 12,01", "-12.01"),
        ("1000000", "1000000.00"),
    ],
)
def test_amounts_to_the_cent(text, expected):
    assert parse_amount(text) == Decimal(expected)
    assert str(parse_amount(text)) == expected


@pytest.mark.parametrize("text", ["1.234,5", "abc", "NaN", "Infinity"])
def test_not_an_amount(text):
    with pytest.raises(ValueError, match="is not a number"):
        parse_amount(text)
