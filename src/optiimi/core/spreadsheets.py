"""Cells for CSV and XLSX exports that no spreadsheet runs as formulas (OWASP CSV injection).

A text cell starting with `= + - @` (or a tab or carriage return) is read by Excel and
LibreOffice as a formula, and a formula can fetch URLs or run commands. Every export writes its
cells through here: in CSV such text gets a leading apostrophe; in XLSX it is stored as a plain
string cell with the "quote prefix" a spreadsheet gives typed-in text. Numbers stay numbers,
and text that is just a number (`-3.5`) is left as it is.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d[\d ]*(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")


class _Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def is_formula_like(value: object) -> bool:
    """True for text that a spreadsheet would run as a formula."""
    return (
        isinstance(value, str)
        and value.startswith(FORMULA_START)
        and not PLAIN_NUMBER.fullmatch(value)
    )


def csv_cell(value: Any) -> Any:
    """The value as a CSV cell: formula-like text prefixed with an apostrophe."""
    return "'" + value if is_formula_like(value) else value


def write_csv(target: _Writable, rows: Iterable[Sequence[Any]]) -> None:
    """Write rows to a text stream (a file, a StringIO, an HttpResponse) as neutralised CSV."""
    writer = csv.writer(target)
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])


def xlsx_append(sheet: Any, row: Sequence[Any]) -> None:
    """Append a row to an openpyxl sheet with every text cell stored as text, never a formula."""
    sheet.append(list(row))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
            if cell.value.startswith(FORMULA_START):
                cell.quotePrefix = True


def xlsx_bytes(rows: Iterable[Sequence[Any]], title: str, widths: Sequence[int] = ()) -> bytes:
    """A one-sheet workbook of `rows` (the first is the header, bold and frozen), every text
    cell stored as text; `widths` sets the first columns' widths in characters."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    for row in rows:
        xlsx_append(sheet, row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
