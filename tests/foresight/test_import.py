import io
import json

import pytest
from django.core.management import CommandError, call_command

from optiimi.foresight.models import Indicator, Observation, ObservationChange, Status

JSONSTAT = "statfin/statfin_vaerak_11rc_jsonstat2_response.json"
PX = "statfin/statfin_vaerak_pxt_11rc.px"
POP = "vaerak_11rc.vaesto"


def _value(period, sex, age):
    return Observation.objects.get(
        indicator__code=POP, period=period, key=f"Sukupuoli={sex};Ikä={age}"
    ).value


@pytest.mark.django_db
def test_jsonstat_and_px_give_identical_values_on_overlapping_cells(shared_data, tmp_path):
    call_command("import_indicators", str(shared_data / PX), verbosity=0)
    px_values = dict(Observation.objects.values_list("key", "value").filter(period="2021"))
    call_command("import_indicators", str(shared_data / JSONSTAT), verbosity=0)
    assert not ObservationChange.objects.exists()  # nothing differed
    json_cells = Observation.objects.filter(period="2021", key__endswith="=20-24")
    assert {o.key: o.value for o in json_cells} == {
        k: v for k, v in px_values.items() if k.endswith("=20-24")
    }
    assert _value("2020", "SSS", "20-24") == 308410 == 159178 + 149232
    assert _value("2020", "1", "20-24") == 159178
    assert _value("2020", "2", "20-24") == 149232
    assert Observation.objects.filter(region__isnull=False).count() == 0  # whole country


@pytest.mark.django_db
def test_reimport_updates_value_and_keeps_old_one_in_history(shared_data, tmp_path):
    call_command("import_indicators", str(shared_data / JSONSTAT), verbosity=0)
    doc = json.loads((shared_data / JSONSTAT).read_text())
    doc["value"][0] = 308411
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(doc))
    call_command("import_indicators", str(changed), verbosity=0)
    call_command("import_indicators", str(changed), verbosity=0)  # idempotent
    assert _value("2020", "SSS", "20-24") == 308411
    change = ObservationChange.objects.get()
    assert (change.old_value, change.new_value) == (308410, 308411)
    assert Observation.objects.count() == 90


@pytest.mark.django_db
def test_jsonstat_with_wrong_value_count_fails_and_writes_nothing(shared_data, tmp_path):
    doc = json.loads((shared_data / JSONSTAT).read_text())
    doc["value"].pop()
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc))
    with pytest.raises(CommandError, match="89 values but the dimension sizes multiply to 90"):
        call_command("import_indicators", str(bad), verbosity=0)
    assert not Observation.objects.exists()


@pytest.mark.django_db
def test_suppressed_cells_are_never_zero(regions, tmp_path):
    doc = {
        "class": "dataset",
        "id": ["Alue", "Vuosi", "Tiedot"],
        "size": [2, 1, 1],
        "extension": {"px": {"tableid": "statfin_test_pxt_1"}},
        "role": {"time": ["Vuosi"], "geo": ["Alue"], "metric": ["Tiedot"]},
        "dimension": {
            "Alue": {"category": {"index": ["SK131", "KU179"]}},
            "Vuosi": {"category": {"index": ["2023"]}},
            "Tiedot": {"category": {"index": ["tp"], "label": {"tp": "Yrityksiä"}}},
        },
        "value": [12, 0],
        "status": {"1": ".."},
    }
    path = tmp_path / "t.json"
    path.write_text(json.dumps(doc))
    call_command("import_indicators", str(path), verbosity=0)
    cell = Observation.objects.get(area="KU179")
    assert (cell.value, cell.status) == (None, Status.SUPPRESSED)
    assert cell.region.name_fi == "Jyväskylä"
    assert Observation.objects.get(area="SK131").region.level == "seutukunta"


CSV = """indicator,area,period,value,status,name_fi,unit,Sukupuoli
tyottomyys,SK131,2023,"9,5",,Työttömyysaste,%,SSS
tyottomyys,SK131,2024,10.1,preliminary,Työttömyysaste,%,SSS
tyottomyys,MK13,2024,..,,Työttömyysaste,%,SSS
tyottomyys,SSS,2024M03,8.0,,Työttömyysaste,%,SSS
"""


@pytest.mark.django_db
def test_long_csv_imports_statuses_and_areas(regions, tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(CSV)
    call_command("import_indicators", str(path), verbosity=0)
    assert Observation.objects.get(area="SK131", period="2023").value == 9.5
    assert Observation.objects.get(period="2024", area="SK131").status == Status.PRELIMINARY
    assert Observation.objects.get(area="MK13").status == Status.SUPPRESSED
    assert Observation.objects.get(area="SSS").period == "2024-03"
    assert Observation.objects.get(area="MK13").key == "Sukupuoli=SSS"


@pytest.mark.django_db
def test_long_format_from_an_excel_workbook_imports_like_the_csv(regions, tmp_path):
    import csv as csvmod
    import io

    from openpyxl import Workbook

    book = Workbook()
    for i, row in enumerate(csvmod.reader(io.StringIO(CSV))):
        # numbers as Excel keeps them: cells of numbers, not text
        book.active.append(
            [
                float(v) if i and n == 3 and v[:1].isdigit() and "," not in v else v
                for n, v in enumerate(row)
            ]
        )
    path = tmp_path / "t.xlsx"
    book.save(path)
    call_command("import_indicators", str(path), verbosity=0)
    assert Observation.objects.get(area="SK131", period="2024").value == 10.1
    assert Observation.objects.get(area="SK131", period="2023").value == 9.5
    assert Observation.objects.get(area="MK13").status == Status.SUPPRESSED
    assert Observation.objects.count() == 4


@pytest.mark.django_db
def test_bad_csv_names_every_bad_line_and_writes_nothing(regions, tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(CSV + "tyottomyys,XX1,2024,1,,,,\ntyottomyys,SSS,vuosi,1,,,,\n")
    with pytest.raises(CommandError) as caught:
        call_command("import_indicators", str(path), verbosity=0)
    assert "line 6: area 'XX1'" in str(caught.value)
    assert "line 7: period 'vuosi'" in str(caught.value)
    assert not Observation.objects.exists()


@pytest.mark.django_db
def test_unknown_region_fails_naming_the_cell(db, tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("indicator,area,period,value\nx,KU999,2024,1\n")
    with pytest.raises(CommandError, match="line 2: area KU999 is not a known region"):
        call_command("import_indicators", str(path), verbosity=0)


def _pxweb_doc(**over):
    """A dataset shaped as PxWeb gives it: a one-category total dimension before the area."""
    doc = {
        "version": "2.0",
        "class": "dataset",
        "label": "Julkisyhteisöjen menot alueittain",
        "source": "Tilastokeskus",
        "updated": "2025-06-01T05:00:00Z",
        "id": ["julkisyhteisotyyppi", "Alue", "Vuosi", "Tiedot"],
        "size": [1, 2, 2, 1],
        "role": {"time": ["Vuosi"], "geo": ["Alue"], "metric": ["Tiedot"]},
        "extension": {"px": {"tableid": "statfin_jmete_pxt_12ge"}},
        "dimension": {
            "julkisyhteisotyyppi": {
                "label": "Julkisyhteisötyyppi",
                "category": {"index": {"SSS": 0}, "label": {"SSS": "Yhteensä"}},
            },
            "Alue": {
                "label": "Alue",
                "category": {
                    "index": {"MK13": 0, "KU179": 1},
                    "label": {"MK13": "Keski-Suomi", "KU179": "Jyväskylä"},
                },
            },
            "Vuosi": {"label": "Vuosi", "category": {"index": {"2023": 0, "2024": 1}}},
            "Tiedot": {
                "label": "Tiedot",
                "category": {"index": {"menot": 0}, "label": {"menot": "Menot, 1000 euroa"}},
            },
        },
        "value": [4321.25, 4400.5, 1200, 1250],
    }
    doc.update(over)
    return doc


@pytest.mark.django_db
def test_declared_geo_role_wins_over_a_one_category_total_dimension(regions, tmp_path, client):
    path = tmp_path / "jmete.json"
    path.write_text(json.dumps(_pxweb_doc()))
    call_command("import_indicators", str(path), verbosity=0)
    cell = Observation.objects.get(area="MK13", period="2023")
    assert cell.value == 4321.25
    assert cell.region.name_fi == "Keski-Suomi"
    assert cell.key == "julkisyhteisotyyppi=SSS"
    assert not Observation.objects.filter(area="SSS").exists()
    body = client.get(
        "/api/v1/observations", {"indicator": "jmete_12ge.menot", "region": "MK13"}
    ).json()
    assert sorted((o["area"], o["period"], o["value"]) for o in body) == [
        ("MK13", "2023", 4321.25),
        ("MK13", "2024", 4400.5),
    ]


@pytest.mark.django_db
def test_declared_roles_win_over_names(regions, tmp_path):
    """`Vuosi` declared as a key and `Alue` declared as metric are not taken by their names."""
    doc = _pxweb_doc(
        id=["Alue", "Vuosi", "Kausi", "Kunta"],
        size=[1, 1, 2, 2],
        role={"time": ["Kausi"], "geo": ["Kunta"], "metric": ["Alue"]},
        dimension={
            "Alue": {"category": {"index": ["menot"], "label": {"menot": "Menot"}}},
            "Vuosi": {"category": {"index": ["SSS"]}},
            "Kausi": {"category": {"index": ["2023", "2024"]}},
            "Kunta": {"category": {"index": ["KU179", "MK13"]}},
        },
        value=[1, 2, 3, 4],
    )
    path = tmp_path / "roles.json"
    path.write_text(json.dumps(doc))
    call_command("import_indicators", str(path), verbosity=0)
    cell = Observation.objects.get(area="KU179", period="2024")
    assert (cell.value, cell.key, cell.indicator.code) == (3, "Vuosi=SSS", "jmete_12ge.menot")


def _import(path, **options):
    out = io.StringIO()
    call_command("import_indicators", str(path), stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "name", "options", "indicator", "said"),
    [
        ({}, "x.json", {}, "jmete_12ge.menot", "'statfin_jmete_pxt_12ge' taken from extension.px"),
        (
            {"extension": {}, "href": "https://pxdata.stat.fi/api/v2/tables/TAB1234/data?lang=fi"},
            "x.json",
            {},
            "TAB1234.menot",
            "'TAB1234' taken from href",
        ),
        ({"extension": {}}, "statfin_tyti_pxt_135z.json", {}, "tyti_135z.menot", "file name"),
        ({}, "x.json", {"table": "omat_1"}, "omat_1.menot", "'omat_1' taken from --table"),
    ],
)
def test_table_id_comes_from_the_dataset_and_says_where(
    regions, tmp_path, change, name, options, indicator, said
):
    path = tmp_path / name
    path.write_text(json.dumps(_pxweb_doc(**change)))
    out = _import(path, **options)
    assert Observation.objects.filter(indicator__code=indicator).count() == 4
    assert said in out


@pytest.mark.django_db
def test_json_stat_2_unit_label_and_decimals_reach_the_indicator(regions, tmp_path):
    doc = _pxweb_doc()
    doc["dimension"]["Tiedot"]["category"]["unit"] = {
        "menot": {"label": "1000 euroa", "symbol": "t€", "decimals": 2}
    }
    path = tmp_path / "units.json"
    path.write_text(json.dumps(doc))
    _import(path)
    indicator = Indicator.objects.get(code="jmete_12ge.menot")
    assert (indicator.unit, indicator.decimals) == ("1000 euroa", 2)
