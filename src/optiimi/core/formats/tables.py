"""Rows of a table from CSV or XLSX bytes ((line, dict) out), and numbers as people type them."""

from __future__ import annotations

import io
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from optiimi.core.formats import FormatError
from optiimi.core.formats.csvrows import dict_rows


def table_rows(
    raw: bytes, name: str, required: set[str], *, notes: list[str] | None = None
) -> Iterator[tuple[int, dict[str, str]]]:
    """An XLSX workbook's first sheet (by the file name's ending), else CSV (`dict_rows`);
    warnings about the file (one that may be cut short) are appended to `notes`."""
    if name.lower().endswith(".xlsx"):
        yield from _xlsx_rows(raw, required)
    else:
        yield from dict_rows(raw, required, notes=notes)


def _xlsx_rows(raw: bytes, required: set[str]) -> Iterator[tuple[int, dict[str, str]]]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(raw), read_only=True, data_only=True).worksheets[0]
    except Exception as exc:  # openpyxl raises several kinds for a non-workbook
        raise FormatError(
            f"not an XLSX workbook, or one cut short ({exc.__class__.__name__})"
        ) from None
    rows = sheet.iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    missing = required - set(header)
    if missing:
        raise FormatError(f"missing column(s) {', '.join(sorted(missing))}", "row 1")
    for number, values in enumerate(rows, start=2):
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        if any("\x00" in str(v) for v in values if v is not None):
            raise FormatError("a NUL character in a cell", f"row {number}")
        yield (
            number,
            {h: ("" if v is None else _text(v)) for h, v in zip(header, values, strict=False) if h},
        )


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_number(text: str) -> float:
    """'1 234,5', '1234.5' or '-3' as a float; a decimal comma is read as a decimal point.
    Raises ValueError for anything else."""
    cleaned = text.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    cleaned = cleaned.replace("\u2212", "-")  # the minus sign Excel and typesetters write
    if "," in cleaned:
        if "." in cleaned:
            raise ValueError(f"{text!r} is not a number (both a decimal comma and a point)")
        cleaned = cleaned.replace(",", ".")
    try:
        number = float(cleaned)
    except ValueError:
        raise ValueError(f"{text!r} is not a number") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(f"{text!r} is not a number")
    return number


TRUE_WORDS = frozenset({"true", "1", "yes", "kyllä", "k", "x", "tosi"})
FALSE_WORDS = frozenset({"false", "0", "no", "ei", "e", "", "epätosi"})


def parse_bool(text: str, field: str = "value") -> bool:
    """true/false, yes/no, kyllä/ei, 1/0, x/empty, and Finnish Excel's TOSI/EPÄTOSI (an XLSX
    boolean cell reads as 'True'/'False'). Raises ValueError naming the field and value."""
    value = text.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ValueError(f"{field} {text!r} is not true or false")


CENT = Decimal("0.01")


def parse_amount(text: str) -> Decimal:
    """A sum of money to the cent: '1 234,56', '1234.56', or an XLSX float's text such as
    '1234.1' or '0.30000000000000004' (0.1 + 0.2), rounded half-even to whole cents so that
    the same file read twice gives the same Decimal. Raises ValueError for anything else."""
    cleaned = text.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    cleaned = cleaned.replace("\u2212", "-")
    if "," in cleaned:
        if "." in cleaned:
            raise ValueError(f"{text!r} is not a number (both a decimal comma and a point)")
        cleaned = cleaned.replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a number") from None
    if not number.is_finite():
        raise ValueError(f"{text!r} is not a number")
    return number.quantize(CENT)
