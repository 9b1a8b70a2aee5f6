"""Files cut short are refused (or, when the cut falls on a row's end, warned about).

The corpus is made here: the bytes of a valid file cut at every point."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from optiimi.core.formats import FormatError
from optiimi.core.formats.csvrows import dict_rows
from optiimi.core.formats.jsonstat import read_jsonstat
from optiimi.core.formats.tables import table_rows
from optiimi.foresight.models import Observation

CSV = (
    b"indicator,area,period,value,name_fi\n"
    b'x,MK13,2023,12.5,"Menot, euroa"\n'
    b'x,MK13,2024,4321.25,"Menot, euroa"\n'
)


def _read(raw):
    notes = []
    return list(dict_rows(raw, {"indicator", "value"}, notes=notes)), notes


def test_every_cut_of_a_csv_is_refused_or_warned_about():
    header_end = CSV.index(b"\n") + 1
    whole, notes = _read(CSV)
    assert len(whole) == 2 and notes == []
    for cut in range(header_end + 1, len(CSV)):
        try:
            rows, notes = _read(CSV[:cut])
        except FormatError as exc:
            assert "line " in str(exc) and ("cut short" in str(exc)), (cut, str(exc))
            continue
        if CSV[:cut].endswith(b"\n"):
            assert rows == whole[: len(rows)] and notes == []  # a cut at a line end is whole
        else:  # the last row is complete but may be cut inside its last value
            assert notes, cut
            assert "may be cut short" in notes[0]
            assert f"line {rows[-1][0]}: indicator=x" in notes[0]


def test_unclosed_quote_names_the_line_where_the_value_starts():
    with pytest.raises(FormatError, match="line 3: a quoted value is not closed"):
        _read(CSV[:-6])


def test_last_row_with_fewer_values_than_the_header_is_refused():
    with pytest.raises(FormatError, match="line 3: the last row has 2 of 5 values"):
        _read(b"indicator,area,period,value,name_fi\nx,MK13,2023,1,a\nx,MK13")


def test_json_cut_anywhere_is_refused_naming_the_place():
    doc = json.dumps(
        {
            "class": "dataset",
            "id": ["Vuosi"],
            "size": [1],
            "role": {"time": ["Vuosi"]},
            "dimension": {"Vuosi": {"category": {"index": ["2023"]}}},
            "value": [4321.25],
        },
        indent=1,
    ).encode()
    assert read_jsonstat(doc).values == [4321.25]
    for cut in range(1, len(doc) - 1):
        with pytest.raises(FormatError, match=r"line \d+, column \d+"):
            read_jsonstat(doc[:cut])
    with pytest.raises(FormatError, match="the file may be cut short"):
        read_jsonstat(doc[: len(doc) // 2])


def test_xlsx_cut_short_is_refused():
    book = Workbook()
    book.active.append(["indicator", "value"])
    for n in range(50):
        book.active.append(["x", n])
    out = io.BytesIO()
    book.save(out)
    raw = out.getvalue()
    assert len(list(table_rows(raw, "t.xlsx", {"indicator"}))) == 50
    for cut in (len(raw) // 3, len(raw) // 2, len(raw) - 10):
        with pytest.raises(FormatError, match="not an XLSX workbook, or one cut short"):
            list(table_rows(raw[:cut], "t.xlsx", {"indicator"}))


@pytest.mark.django_db
def test_cut_csv_imports_nothing(regions, tmp_path):
    path = tmp_path / "cut.csv"
    path.write_bytes(CSV[:-14])  # inside the last row's quoted name
    with pytest.raises(CommandError, match="line 3: a quoted value is not closed"):
        call_command("import_indicators", str(path), verbosity=0)
    assert not Observation.objects.exists()


@pytest.mark.django_db
def test_csv_without_a_last_line_break_imports_and_warns_naming_the_changed_value(
    regions, tmp_path
):
    path = tmp_path / "t.csv"
    path.write_bytes(CSV)
    call_command("import_indicators", str(path), verbosity=0)
    cut = (
        CSV.rstrip(b"\n")
        .replace(b'4321.25,"Menot, euroa"', b'"Menot, euroa",43')
        .replace(b"value,name_fi", b"name_fi,value")
    )
    cut = cut.replace(b'12.5,"Menot, euroa"', b'"Menot, euroa",12.5')
    path.write_bytes(cut)
    out = io.StringIO()
    call_command("import_indicators", str(path), stdout=out)
    assert "1 changed" in out.getvalue()
    assert "may be cut short" in out.getvalue()
    assert "line 3: indicator=x, area=MK13, period=2024, name_fi=Menot, euroa, value=43" in (
        out.getvalue()
    )
