"""Finnish business ID (Y-tunnus): seven digits, a hyphen and a check digit.

Spreadsheets lose the hyphen (`29900037`) and, where the cell became a number, the leading zero
(`1120389` for 0112038-9); both are read back and still check-digit verified."""

from __future__ import annotations

import re

WEIGHTS = (7, 9, 10, 5, 8, 4, 2)
_PATTERN = re.compile(r"^(\d{6,7})-(\d)$")
_NO_HYPHEN = re.compile(r"^(\d{8}|[1-9]\d{6})$")  # a number cell has no leading zero


class InvalidBusinessId(ValueError):
    """A Y-tunnus that is malformed or whose check digit does not match."""


def check_digit(body: str) -> int | None:
    """The check digit for seven digits, or None where no valid digit exists (remainder 1)."""
    remainder = sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True)) % 11
    if remainder == 0:
        return 0
    if remainder == 1:
        return None
    return 11 - remainder


def normalise(value: str) -> str:
    """Return the canonical form `NNNNNNN-C` or raise InvalidBusinessId saying what is wrong."""
    text = value.strip()
    if _NO_HYPHEN.match(text):
        digits = text.zfill(8)
        text = f"{digits[:7]}-{digits[7]}"
    match = _PATTERN.match(text)
    if not match:
        raise InvalidBusinessId(
            f"{value!r} is not a Y-tunnus: expected seven digits, a hyphen and a check digit "
            "(e.g. 0112038-9)"
        )
    body = match.group(1).zfill(7)
    expected = check_digit(body)
    given = int(match.group(2))
    if expected is None:
        raise InvalidBusinessId(f"{value!r} is not a Y-tunnus: no check digit is valid for {body}")
    if expected != given:
        raise InvalidBusinessId(
            f"{value!r} has a wrong check digit: {given} given, {expected} expected for {body}"
        )
    return f"{body}-{given}"


def is_valid(value: str) -> bool:
    try:
        normalise(value)
    except InvalidBusinessId:
        return False
    return True
