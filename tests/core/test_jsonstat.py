import json

import pytest

from optiimi.core.formats import FormatError
from optiimi.core.formats.jsonstat import read_jsonstat


def _doc(**over):
    doc = {
        "class": "dataset",
        "id": ["Vuosi", "Alue"],
        "size": [2, 2],
        "role": {"time": ["Vuosi"], "geo": ["Alue"]},
        "dimension": {
            "Vuosi": {"category": {"index": ["2022", "2023"]}},
            "Alue": {"category": {"index": {"SK131": 1, "SSS": 0}}},
        },
        "value": [1, 2, 3, 4],
    }
    doc.update(over)
    return doc


def test_category_index_as_object_is_ordered_by_position():
    cube = read_jsonstat(_doc())
    assert cube.dimensions[1].categories == ["SSS", "SK131"]


def test_values_are_row_major_with_last_dimension_fastest():
    cube = read_jsonstat(_doc())
    cells = [(codes, value) for _, codes, value, _ in cube.cells()]
    assert cells[1] == (["2022", "SK131"], 2.0)
    assert cells[2] == (["2023", "SSS"], 3.0)


def test_sparse_value_and_status_objects_are_expanded():
    cube = read_jsonstat(_doc(value={"0": 5, "3": 7}, status={"1": ".."}))
    assert cube.values == [5.0, None, None, 7.0]
    assert cube.statuses == [None, "..", None, None]


def test_value_count_differing_from_sizes_fails_clearly():
    with pytest.raises(FormatError, match="3 values but the dimension sizes multiply to 4"):
        read_jsonstat(_doc(value=[1, 2, 3]))


def test_non_numeric_value_names_the_cell():
    with pytest.raises(FormatError, match=r"cell 2 \(Vuosi=2023, Alue=SSS\)"):
        read_jsonstat(json.dumps(_doc(value=[1, 2, "x", 4])).encode())


def test_real_statfin_response_reads(shared_data):
    cube = read_jsonstat(shared_data / "statfin" / "statfin_vaerak_11rc_jsonstat2_response.json")
    assert cube.sizes() == [3, 3, 10, 1]
    assert cube.table_id == "statfin_vaerak_pxt_11rc"
    assert [d.role for d in cube.dimensions] == ["time", "", "", "metric"]


def _with_units(unit):
    return _doc(
        id=["Vuosi", "Tiedot"],
        size=[2, 2],
        role={"time": ["Vuosi"], "metric": ["Tiedot"]},
        dimension={
            "Vuosi": {"category": {"index": ["2022", "2023"]}},
            "Tiedot": {"category": {"index": ["a", "b"], "unit": unit}},
        },
    )


def test_units_read_label_symbol_and_decimals_of_json_stat_2():
    cube = read_jsonstat(
        _with_units(
            {
                "a": {"label": "euroa", "symbol": "€", "decimals": 2},
                "b": {"symbol": "%", "decimals": 1},
            }
        )
    )
    assert cube.dimensions[1].units == {"a": "euroa", "b": "%"}
    assert cube.dimensions[1].decimals == {"a": 2, "b": 1}


def test_units_still_read_base_as_pxweb_v1_gives_it():
    cube = read_jsonstat(_with_units({"a": {"base": "henkilöä", "decimals": 0}, "b": {}}))
    assert cube.dimensions[1].units == {"a": "henkilöä", "b": ""}
    assert cube.dimensions[1].decimals == {"a": 0}


def test_bad_decimals_name_the_category():
    with pytest.raises(FormatError, match=r"dimension Tiedot, category b: decimals '2'"):
        read_jsonstat(_with_units({"a": {"label": "€"}, "b": {"decimals": "2"}}))
