"""Export cells that no spreadsheet runs as formulas."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from optiimi.core import spreadsheets


@pytest.mark.parametrize(
    "value",
    ["=1+1", "+SUM(A1)", "-2+3", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://x")', "-"],
)
def test_formula_like_text_gets_an_apostrophe(value):
    assert spreadsheets.csv_cell(value) == "'" + value


@pytest.mark.parametrize("value", [-5, -3.5, 0, None, "-3.5", "+358", "-1 234,5", "1e-3", "Aino"])
def test_numbers_and_plain_text_stay_as_they_are(value):
    assert spreadsheets.csv_cell(value) == value


def test_write_csv_neutralises_every_cell():
    out = io.StringIO()
    spreadsheets.write_csv(out, [["a", "=cmd|' /C calc'!A0"], [-4, "@x"]])
    assert out.getvalue().splitlines() == ["a,'=cmd|' /C calc'!A0", "-4,'@x"]


def test_xlsx_cells_are_text_not_formulas():
    book = Workbook()
    spreadsheets.xlsx_append(book.active, ["=1+1", -4, "-4", "Aino"])
    out = io.BytesIO()
    book.save(out)
    cells = load_workbook(io.BytesIO(out.getvalue())).active[1]
    assert [(c.value, c.data_type) for c in cells] == [
        ("=1+1", "s"),
        (-4, "n"),
        ("-4", "s"),
        ("Aino", "s"),
    ]
    assert cells[0].quotePrefix and not cells[3].quotePrefix
