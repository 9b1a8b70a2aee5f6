"""The needs and education importers: CSV with ',' or ';', decimal comma, Windows-1252, XLSX;
bad rows named and nothing written; re-import idempotent."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from optiimi.guidance.models import Need, OccupationField, Programme

pytestmark = pytest.mark.django_db


def run(kind, path):
    out = io.StringIO()
    call_command(f"import_{kind}", str(path), stdout=out)
    return out.getvalue()


def test_needs_csv_with_semicolons_decimal_comma_and_cp1252(regions, tmp_path):
    path = tmp_path / "tarpeet.csv"
    path.write_bytes(
        (
            "sub_region;field;year;need;source\n"
            "Jämsä;072;2025;12,5;Ammattibarometri\n"
            "132;091;2025;8;Yrityskysely\n"
            "äänekoski;073;2025;3;Työmarkkinatori\n"
        ).encode("cp1252")
    )
    assert run("needs", path).startswith("3 new, 0 changed, 0 unchanged")
    need = Need.objects.get(sub_region__code="134", field="072")
    assert need.need == Decimal("12.5") and need.source == "Ammattibarometri"
    assert Need.objects.get(field="073").sub_region.code == "135"
    assert run("needs", path).startswith("0 new, 0 changed, 3 unchanged")
    assert Need.objects.count() == 3
    history = Need.history.filter(field="072")
    assert history.count() == 1 and history.get().history_change_reason == "import needs"


def test_needs_xlsx(regions, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["sub_region", "field", "year", "need", "source"])
    sheet.append(["133", "061", 2025, 4.5, "Kysely"])
    path = tmp_path / "tarpeet.xlsx"
    book.save(path)
    assert run("needs", path).startswith("1 new")
    assert Need.objects.get().need == Decimal("4.5")


def test_bad_need_rows_are_named_and_nothing_is_written(regions, tmp_path):
    path = tmp_path / "tarpeet.csv"
    path.write_text(
        "sub_region,field,year,need,source\n"
        "132,072,2025,5,A\n"
        "Atlantis,072,2025,5,A\n"
        "132,999,2025,5,A\n"
        "132,072,2025,-1,B\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as error:
        run("needs", path)
    message = str(error.value)
    assert "row 3, sub_region: unknown sub-region 'Atlantis'" in message
    assert "row 4, field: unknown field code '999'" in message
    assert "row 5, need: need '-1' is negative" in message
    assert "nothing was written" in message
    assert not Need.objects.exists()


EDUCATION = (
    "provider;programme;field;level;municipality;places;year;adult\n"
    "Gradia;Puuteollisuuden perustutkinto;072;ammatillinen;Jämsä;20;2025;ei\n"
    "Gradia;Sähkö- ja automaatiotekniikan perustutkinto;071;ammatillinen;179;40;2025;\n"
    "JAMK;Sairaanhoitaja (AMK), monimuoto;091;AMK;Jyväskylä;30;2025;kyllä\n"
)


def test_education_csv_and_reimport(regions, tmp_path):
    path = tmp_path / "koulutus.csv"
    path.write_bytes(EDUCATION.encode("cp1252"))
    assert run("education", path).startswith("3 new")
    nurse = Programme.objects.get(provider="JAMK")
    assert nurse.adult and nurse.places == 30 and nurse.municipality.code == "179"
    assert Programme.objects.get(field="072").municipality.code == "182"
    assert run("education", path).startswith("0 new, 0 changed, 3 unchanged")
    path.write_bytes(EDUCATION.replace(";20;2025", ";25;2025").encode("cp1252"))
    assert run("education", path).startswith("0 new, 1 changed, 2 unchanged")
    assert Programme.objects.get(field="072").places == 25


def test_education_xlsx(regions, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(
        ["provider", "programme", "field", "level", "municipality", "places", "year", "adult"]
    )
    sheet.append(
        ["Gradia", "Logistiikan perustutkinto", "104", "ammatillinen", "Keuruu", 12, 2025, True]
    )
    path = tmp_path / "koulutus.xlsx"
    book.save(path)
    assert run("education", path).startswith("1 new")
    assert Programme.objects.get().adult


def test_bad_education_rows_are_named_and_nothing_is_written(regions, tmp_path):
    path = tmp_path / "koulutus.csv"
    path.write_text(
        EDUCATION
        + "Gradia;Kokki;888;ammatillinen;Jämsä;10;2025;ei\n"
        + "Gradia;Kokki;101;ammatillinen;Jämsä;-5;2025;ei\n"
        + "Gradia;Kokki;101;ammatillinen;Narnia;5;2025;ei\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as error:
        run("education", path)
    message = str(error.value)
    assert "row 5, field: unknown field code '888'" in message
    assert "row 6, places: places '-5' is negative" in message
    assert "row 7, municipality: unknown municipality 'Narnia'" in message
    assert not Programme.objects.exists()


def test_crosswalk_import(regions, tmp_path):
    path = tmp_path / "crosswalk.csv"
    path.write_text(
        "occupation,occupation_name,field,weight\n7522,Puuseppä,072,1\n2221,Sairaanhoitaja,091,\n",
        encoding="utf-8",
    )
    assert run("crosswalk", path).startswith("2 new")
    assert OccupationField.objects.get(occupation="2221").weight == Decimal("1.000")
    assert run("crosswalk", path).startswith("0 new, 0 changed, 2 unchanged")
