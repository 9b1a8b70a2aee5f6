"""Organisations and people as users have them: XLSX workbooks and Finnish-Excel CSV."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from optiimi.network.models import Organisation, Person

ORG_HEADER = ["name", "business_id", "kind", "home_municipality"]
PEOPLE_HEADER = ["name", "email", "organisation", "title", "competences", "expertise", "public"]


def workbook(tmp_path, name, header, *rows):
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    path = tmp_path / name
    wb.save(path)
    return str(path)


def test_organisations_xlsx_imports_with_business_id_written_as_a_number(regions, tmp_path):
    # An Excel number cell: no hyphen, and 0112038-9 has lost its leading zero.
    path = workbook(
        tmp_path,
        "organisations.xlsx",
        ORG_HEADER,
        ["Testi Oy", 29900037, "company", "Joutsa"],
        ["Toinen Oy", 1120389, "company", "Joutsa"],
        ["Kolmas Oy", None, "company", None],
    )
    call_command("import_organisations", path)
    assert set(Organisation.objects.values_list("name", "business_id")) == {
        ("Testi Oy", "2990003-7"),
        ("Toinen Oy", "0112038-9"),
        ("Kolmas Oy", None),
    }


def test_wrong_check_digit_without_hyphen_is_refused_naming_row_and_value(regions, tmp_path):
    path = workbook(
        tmp_path,
        "organisations.xlsx",
        ORG_HEADER,
        ["Hyvä Oy", "29900037", "company", ""],
        ["Testi Oy", "29900038", "company", ""],
    )
    with pytest.raises(CommandError, match=r"line 3: business_id: '29900038' has a wrong check"):
        call_command("import_organisations", path)
    assert not Organisation.objects.exists()


def test_people_xlsx_with_finnish_and_boolean_cells(organisation, competences, tmp_path):
    path = workbook(
        tmp_path,
        "people.xlsx",
        PEOPLE_HEADER,
        ["Aino Virtanen", "aino@example.com", "JoSK", "neuvoja", "matkailu", "Matkailu.", "TOSI"],
        ["Eero Ek", "eero@example.com", "JoSK", "", "", "", "EPÄTOSI"],
        ["Ilona Ilo", "ilona@example.com", 1120389, "", "", "", True],
        ["Olli Oja", "olli@example.com", "JoSK", "", "", "", False],
    )
    call_command("import_people", path)
    public = dict(Person.objects.values_list("name", "public"))
    assert public == {"Aino Virtanen": True, "Eero Ek": False, "Ilona Ilo": True, "Olli Oja": False}
    assert Person.objects.get(name="Ilona Ilo").organisations.get() == organisation


def test_people_csv_from_finnish_excel_semicolons_and_tosi(organisation, competences, tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes(
        (
            ";".join(PEOPLE_HEADER) + "\r\n"
            "Aino Virtanen;aino@example.com;JoSK;neuvoja;matkailu;Matkailu.;TOSI\r\n"
            "Eero Ek;eero@example.com;JoSK;;;;epätosi\r\n"
        ).encode("cp1252")
    )
    call_command("import_people", str(path))
    assert dict(Person.objects.values_list("name", "public")) == {
        "Aino Virtanen": True,
        "Eero Ek": False,
    }


def test_a_word_that_is_not_a_boolean_is_refused_naming_row_and_value(
    organisation, competences, tmp_path
):
    path = workbook(
        tmp_path,
        "people.xlsx",
        PEOPLE_HEADER,
        ["Aino Virtanen", "aino@example.com", "JoSK", "", "", "", "ehkä"],
    )
    with pytest.raises(CommandError, match=r"line 2: public 'ehkä' is not true or false"):
        call_command("import_people", path)
    assert not Person.objects.exists()


def test_nul_bytes_are_refused_naming_the_line(regions, tmp_path):
    path = tmp_path / "organisations.csv"
    path.write_bytes(b"name;business_id;kind;home_municipality\nTesti\x00 Oy;;company;\n")
    with pytest.raises(CommandError, match=r"line 2: a NUL character"):
        call_command("import_organisations", str(path))
    assert not Organisation.objects.exists()
