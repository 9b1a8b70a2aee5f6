from pathlib import Path

import pytest

from optiimi.core.formats import FormatError
from optiimi.core.formats.classification import read_classification, read_csv

FIXTURES = Path(__file__).parents[1] / "regions" / "fixtures"
HEADER = (
    "kunta_code,kunta_name_fi,kunta_name_sv,seutukunta_code,seutukunta_name_fi,"
    "maakunta_code,maakunta_name_fi,year\n"
)


def test_real_classification_has_308_municipalities_69_subregions_19_regions(shared_data):
    rows = read_csv(shared_data / "regions" / "kunta_seutukunta_maakunta_2025.csv")
    levels = [r.level for r in rows]
    assert (levels.count("kunta"), levels.count("seutukunta"), levels.count("maakunta")) == (
        308,
        69,
        19,
    )
    jyvaskyla = next(r for r in rows if r.level == "kunta" and r.code == "179")
    assert (jyvaskyla.name_fi, jyvaskyla.parent_code, jyvaskyla.year) == ("Jyväskylä", "131", 2025)


def test_parents_come_before_children():
    rows = read_csv((HEADER + "172,Joutsa,Joutsa,132,Joutsa,13,Keski-Suomi,2025\n").encode())
    assert [r.level for r in rows] == ["maakunta", "seutukunta", "kunta"]


def test_bad_code_names_its_line_and_field():
    text = HEADER + (
        "172,Joutsa,Joutsa,132,Joutsa,13,Keski-Suomi,2025\n"
        "17X,Luhanka,Luhanka,132,Joutsa,13,Keski-Suomi,2025\n"
    )
    with pytest.raises(FormatError) as err:
        read_csv(text.encode())
    assert err.value.place == "line 3"
    assert "kunta_code '17X'" in str(err.value)


def test_missing_column_is_named():
    with pytest.raises(FormatError, match=r"missing column.*maakunta_code"):
        read_csv(b"kunta_code,kunta_name_fi\n172,Joutsa\n")


def test_same_municipality_under_two_subregions_is_refused():
    text = HEADER + (
        "172,Joutsa,Joutsa,132,Joutsa,13,Keski-Suomi,2025\n"
        "172,Joutsa,Joutsa,133,Keuruu,13,Keski-Suomi,2025\n"
    )
    with pytest.raises(FormatError, match=r"under 133.*line 2"):
        read_csv(text.encode())


def test_classification_service_json_maps_give_the_same_rows_as_csv():
    json_rows = read_classification(
        [FIXTURES / "kunta_seutukunta_2025.json", FIXTURES / "seutukunta_maakunta_2025.json"]
    )
    csv_rows = read_csv(
        (
            HEADER + "172,Joutsa,Joutsa,132,Joutsa,13,Keski-Suomi,2025\n"
            "435,Luhanka,Luhanka,132,Joutsa,13,Keski-Suomi,2025\n"
            "249,Keuruu,Keuru,133,Keuruu,13,Keski-Suomi,2025\n"
        ).encode()
    )

    def key(rows):
        return [(r.level, r.code, r.name_fi, r.parent_code, r.year) for r in rows]

    assert key(json_rows) == key(csv_rows)
    assert next(r for r in json_rows if r.code == "249").name_sv == "Keuru"


def test_json_without_the_subregion_to_region_map_is_refused():
    with pytest.raises(FormatError, match="seutukunta → maakunta"):
        read_classification([FIXTURES / "kunta_seutukunta_2025.json"])
