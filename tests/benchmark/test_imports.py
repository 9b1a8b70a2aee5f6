import json
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from optiimi.benchmark.models import Company, Financials, Industry
from optiimi.demo.benchmark import synthetic_business_ids

IDS = synthetic_business_ids(3, start=4_300_000)


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def companies_csv(tmp_path):
    return write(
        tmp_path,
        "c.csv",
        "business_id,name,tol,municipality\n"
        f"{IDS[0]},A Oy,25620,172\n{IDS[1]},B Oy,47110,Jyväskylä\n",
    )


def test_import_tol_loads_hierarchy_from_classification_service_json(db):
    call_command("import_tol", "tests/benchmark/fixtures/tol_sample.json")
    item = Industry.objects.get(code="25620")
    assert item.parent.code == "2562" and item.parent.parent.parent.parent.code == "C"
    assert item.name_en == "Machining" and item.name_sv == "Metallbearbetning"
    assert item.parent.name_sv == ""  # no Swedish name in the file: Swedish pages show Finnish
    call_command("import_tol", "tests/benchmark/fixtures/tol_sample.json")
    assert Industry.objects.count() == 5


def test_shipped_industries_have_swedish_names_shown_on_swedish_pages(db):
    from django.utils import translation

    from optiimi.benchmark import services
    from optiimi.core.localise import localised
    from optiimi.core.writes import System

    services.define_industries(actor=System("test"))
    assert not Industry.objects.filter(name_sv="").exists()
    manufacturing = Industry.objects.get(code="C")
    with translation.override("sv"):
        assert localised(manufacturing, "name") == "Tillverkning"
    with translation.override("fi"):
        assert localised(manufacturing, "name") == "Teollisuus"
    with translation.override("en"):
        assert localised(manufacturing, "name") == "Manufacturing"


def test_import_companies_is_idempotent(regions, tmp_path):
    path = companies_csv(tmp_path)
    call_command("import_companies", str(path))
    call_command("import_companies", str(path))
    a = Company.objects.get(business_id=IDS[0])
    assert Company.objects.count() == 2 and a.section == "C" and a.municipality.code == "172"


def test_bad_rows_are_all_reported_and_nothing_is_written(regions, tmp_path):
    path = write(
        tmp_path,
        "c.csv",
        "business_id,name,tol,municipality\n"
        f"{IDS[0]},A Oy,25620,172\n1234567-8,B Oy,25620,172\n{IDS[1]},C Oy,ZZ,172\n",
    )
    with pytest.raises(CommandError) as exc:
        call_command("import_companies", str(path))
    assert "line 3, business_id" in str(exc.value) and "line 4, tol" in str(exc.value)
    assert not Company.objects.exists()


def test_financials_report_negative_personnel_and_duplicate_year(regions, tmp_path):
    call_command("import_companies", str(companies_csv(tmp_path)))
    path = write(
        tmp_path,
        "f.csv",
        "business_id,year,turnover,personnel\n"
        f"{IDS[0]},2020,1000,-1\n{IDS[0]},2021,1000,2\n{IDS[0]},2021,1100,2\n",
    )
    with pytest.raises(CommandError) as exc:
        call_command("import_financials", str(path))
    assert "line 2, personnel: -1 is negative" in str(exc.value)
    assert "duplicate year 2021" in str(exc.value)
    assert not Financials.objects.exists()


def test_financials_refuse_an_amount_the_database_cannot_give_back_to_the_cent(regions, tmp_path):
    """SQLite keeps a sum of money as a double: 999 999 999 999 999,99 would come back as 10^15
    and break every page that reads the financials. A trillion euros or more is refused."""
    call_command("import_companies", str(companies_csv(tmp_path)))
    path = write(
        tmp_path,
        "f.csv",
        "business_id,year,turnover,personnel,exports\n"
        f"{IDS[0]},2020,999999999999.99,2,0\n{IDS[0]},2021,1000,2,999999999999999.99\n",
    )
    with pytest.raises(CommandError) as exc:
        call_command("import_financials", str(path))
    assert "line 3, exports: 999999999999999.99 is too large" in str(exc.value)
    assert not Financials.objects.exists()
    path.write_text(
        f"business_id,year,turnover,personnel\n{IDS[0]},2020,999999999999.99,2\n",
        encoding="utf-8",
    )
    call_command("import_financials", str(path))
    assert str(Financials.objects.get().turnover) == "999999999999.99"


def test_financials_import_from_xlsx_updates_on_second_run(regions, tmp_path):
    call_command("import_companies", str(companies_csv(tmp_path)))
    wb = Workbook()
    ws = wb.active
    ws.append(["business_id", "year", "turnover", "personnel", "exports"])
    ws.append([IDS[0], 2020, 1000, 2, 10])
    path = tmp_path / "f.xlsx"
    wb.save(path)
    call_command("import_financials", str(path))
    ws.append([IDS[0], 2021, 1200, 3, None])
    wb.save(path)
    call_command("import_financials", str(path))
    assert Financials.objects.count() == 2
    assert Financials.objects.get(year=2020).exports == 10


def test_impact_cli_gives_json_with_effect_and_interval(demo_companies, tmp_path, capsys):
    from optiimi.demo.benchmark import joutsa_cohort

    path = write(tmp_path, "cohort.csv", "business_id\n" + "\n".join(joutsa_cohort()) + "\n")
    call_command(
        "impact", cohort=path, start_year=2004, json=True, bootstrap=200, pre_years=4, post_years=3
    )
    data = json.loads(capsys.readouterr().out)
    assert {"effect", "ci_low", "ci_high", "unit", "n_cohort", "n_peers"} <= set(data)
    assert data["n_cohort"] >= 5 and data["ci_low"] < data["effect"] < data["ci_high"]


def test_impact_cli_rejects_bad_business_id(db, tmp_path):
    path = write(tmp_path, "cohort.csv", "business_id\nnonsense\n")
    with pytest.raises(CommandError, match="line 2"):
        call_command("impact", cohort=path, start_year=2004)


def xlsx_bytes(rows):
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_financials_without_a_last_line_break_warn_and_a_cut_row_is_refused(regions, tmp_path):
    call_command("import_companies", str(companies_csv(tmp_path)))
    text = f"business_id,year,turnover,personnel\n{IDS[0]},2020,1000,2\n{IDS[0]},2021,43,2"
    out = StringIO()
    call_command("import_financials", str(write(tmp_path, "f.csv", text)), stdout=out)
    assert "may be cut short" in out.getvalue()
    assert f"line 3: business_id={IDS[0]}, year=2021, turnover=43, personnel=2" in out.getvalue()
    cut = write(tmp_path, "g.csv", text.replace("2021,43,2", "2022,4"))
    with pytest.raises(CommandError, match="line 3: the last row has 3 of 4 values"):
        call_command("import_financials", str(cut))
    assert Financials.objects.count() == 2
