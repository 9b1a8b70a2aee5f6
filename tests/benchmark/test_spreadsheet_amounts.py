"""Financials with cents, as Excel writes them, read back to the cent."""

from decimal import Decimal
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from optiimi.benchmark import services
from optiimi.benchmark.models import Cohort, Financials
from optiimi.core.formats import InvalidRows
from optiimi.demo.benchmark import synthetic_business_ids

IDS = synthetic_business_ids(2, start=4_400_000)


@pytest.fixture
def companies(regions, tmp_path):
    path = tmp_path / "c.csv"
    path.write_text(
        f"business_id;name;tol;municipality\n{IDS[0].replace('-', '')};A Oy;25620;172\n"
        f"{IDS[1]};B Oy;47110;Jyväskylä\n",
        encoding="utf-8",
    )
    call_command("import_companies", str(path), stdout=StringIO())


def import_financials(path):
    out = StringIO()
    call_command("import_financials", str(path), stdout=out)
    return out.getvalue()


def test_xlsx_amounts_with_cents_reimport_changes_nothing(companies, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["business_id", "year", "turnover", "personnel", "operating_profit", "exports"])
    ws.append([IDS[0], 2022, 1234.1, 2.5, 0.1 + 0.2, 99999.99])
    ws.append([IDS[1], 2022, 1000000, 3, -1234.56, None])
    path = tmp_path / "f.xlsx"
    wb.save(path)
    first = import_financials(path)
    row = Financials.objects.get(company__business_id=IDS[0])
    assert (row.turnover, row.operating_profit, row.exports) == (
        Decimal("1234.10"),
        Decimal("0.30"),
        Decimal("99999.99"),
    )
    assert Financials.objects.get(company__business_id=IDS[1]).operating_profit == Decimal(
        "-1234.56"
    )
    second = import_financials(path)
    assert "2 new" in first
    assert "0 changed" in second and "2 unchanged" in second


def test_csv_with_semicolons_and_decimal_comma_keeps_cents(companies, tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(
        "business_id;year;turnover;personnel;operating_profit\r\n"
        f"{IDS[0]};2023;1\u00a0234\u00a0567,89;4,5;-12,01\r\n".encode("cp1252")
    )
    import_financials(path)
    row = Financials.objects.get(year=2023)
    assert (row.turnover, row.operating_profit, row.personnel) == (
        Decimal("1234567.89"),
        Decimal("-12.01"),
        4.5,
    )
    assert "0 changed" in import_financials(path)


def test_amount_with_both_comma_and_point_is_refused_naming_the_cell(companies, tmp_path):
    path = tmp_path / "f.csv"
    path.write_text(
        f"business_id;year;turnover;personnel\n{IDS[0]};2023;1.234,5;1\n", encoding="utf-8"
    )
    with pytest.raises(CommandError, match=r"line 2, turnover: '1.234,5' is not a number"):
        import_financials(path)
    assert not Financials.objects.exists()


def test_cohort_members_from_an_xlsx_file(companies):
    wb = Workbook()
    wb.active.append(["business_id"])
    wb.active.append([IDS[0].replace("-", "")])
    wb.active.append([IDS[1]])
    raw = BytesIO()
    wb.save(raw)
    members = services.cohort_members(raw.getvalue(), "", file_name="cohort.xlsx")
    assert sorted(c.business_id for c in members) == sorted(IDS)
    with pytest.raises(InvalidRows, match="file line 2"):
        services.cohort_members(b"business_id\n12345678\n", "", file_name="cohort.csv")
    assert not Cohort.objects.exists()
