"""The bulk import path: cells as a frame, one join with the stored cells, COPY/executemany."""

import itertools
import json

import polars as pl
import pytest
from django.db import connection

from optiimi.core.formats import InvalidRows
from optiimi.core.formats.jsonstat import read_jsonstat
from optiimi.core.writes import System
from optiimi.foresight import bulk, dashboards, services
from optiimi.foresight.models import ImportRun, Indicator, Observation, ObservationChange, Status
from optiimi.foresight.sources import (
    MISSING,
    PRELIMINARY,
    SUPPRESSED,
    IndicatorMeta,
    Row,
    cube_cells,
    read_bytes,
    status_of,
    with_statuses,
)
from optiimi.regions.models import Region

SETUP = System("test setup")


JSONSTAT = "statfin/statfin_vaerak_11rc_jsonstat2_response.json"
META = [IndicatorMeta(code="t.rate", name_fi="Testi", unit="%")]


def _import(rows, **kw):
    return services.import_observations(META, rows, source="test", format="test", **kw, actor=SETUP)


def test_cells_of_a_cube_are_the_cells_read_one_by_one(shared_data):
    cube = read_jsonstat(shared_data / JSONSTAT)
    cube.statuses[3], cube.statuses[4] = "..", "-"
    cube.values[5] = None
    _metas, cells = cube_cells(cube)
    dims = cube.dimensions
    expected = []
    for pos, codes, raw, symbol in cube.cells():
        value, status = status_of(symbol, raw)
        key = ";".join(
            f"{d.code}={c}"
            for d, c in zip(dims, codes, strict=True)
            if d.code not in ("Vuosi", "Tiedot")
        )
        expected.append(
            ("vaerak_11rc.vaesto", "SSS", "", codes[0], key, value, status, f"cell {pos}")
        )
    assert cells.rows() == expected
    assert cells.row(3)[5:7] == (None, Status.SUPPRESSED)
    assert cells.row(4)[5:7] == (0.0, Status.OK)


def test_vectorised_statuses_agree_with_status_of_for_every_symbol():
    symbols = [None, "", " ", "-", " .. ", "x", *SUPPRESSED, *MISSING, *PRELIMINARY]
    values = [None, 0.0, 5.5]
    pairs = list(itertools.product(symbols, values))
    frame = pl.DataFrame(
        {
            "indicator": ["i"] * len(pairs),
            "area": ["SSS"] * len(pairs),
            "industry": [""] * len(pairs),
            "period": ["2024"] * len(pairs),
            "key": [""] * len(pairs),
            "value": pl.Series([v for _s, v in pairs], dtype=pl.Float64),
            "symbol": pl.Series([s for s, _v in pairs], dtype=pl.String),
            "place": [""] * len(pairs),
        }
    )
    got = with_statuses(frame).select("value", "status").rows()
    assert got == [status_of(s, v) for s, v in pairs]


def test_bool_value_in_jsonstat_is_rejected_naming_the_cell():
    doc = {
        "class": "dataset",
        "id": ["Vuosi"],
        "size": [2],
        "dimension": {"Vuosi": {"category": {"index": ["2023", "2024"]}}},
        "value": [1, True],
    }
    with pytest.raises(Exception, match=r"cell 1 \(Vuosi=2024\): value True is not a number"):
        read_jsonstat(doc)


def _rows(*cells):
    return [
        Row("t.rate", area, "", period, key, value, status, f"line {i + 2}")
        for i, (area, period, key, value, status) in enumerate(cells)
    ]


@pytest.mark.django_db
def test_reimport_inserts_new_updates_changed_and_leaves_unchanged_alone(regions):
    first = _import(
        _rows(
            ("SK131", "2023", "", 5.0, "ok"),
            ("SK131", "2024", "", 6.0, "preliminary"),
            ("MK13", "2024", "", 7.0, "ok"),
            ("SSS", "2024", "Sukupuoli=1", 8.0, "ok"),
        )
    )
    assert (first.created, first.changed, first.unchanged) == (4, 0, 0)
    history = Indicator.history.count()
    second = _import(
        _rows(
            ("SK131", "2023", "", 5.0, "ok"),  # unchanged
            ("SK131", "2024", "", 6.5, "ok"),  # value and status changed
            ("MK13", "2024", "", None, "suppressed"),  # now suppressed
            ("SSS", "2024", "Sukupuoli=1", 8.0, "ok"),  # unchanged
            ("SSS", "2024", "Sukupuoli=2", 9.0, "ok"),  # new
        )
    )
    assert (second.created, second.changed, second.unchanged) == (1, 2, 2)
    assert Observation.objects.count() == 5
    cells = {(o.area, o.period, o.key): o for o in Observation.objects.all()}
    assert cells[("SK131", "2023", "")].import_run_id == first.pk
    assert cells[("SK131", "2024", "")].import_run_id == second.pk
    assert (cells[("SK131", "2024", "")].value, cells[("SK131", "2024", "")].status) == (6.5, "ok")
    assert (cells[("MK13", "2024", "")].value, cells[("MK13", "2024", "")].status) == (
        None,
        Status.SUPPRESSED,
    )
    assert cells[("SSS", "2024", "Sukupuoli=2")].import_run_id == second.pk
    assert cells[("MK13", "2024", "")].region == Region.objects.get(level="maakunta", code="13")
    changes = {
        c.observation.area: (c.old_value, c.old_status, c.new_value, c.new_status)
        for c in ObservationChange.objects.filter(import_run=second)
    }
    assert changes == {
        "SK131": (6.0, "preliminary", 6.5, "ok"),
        "MK13": (7.0, "ok", None, "suppressed"),
    }
    third = _import(_rows(("SK131", "2023", "", 5.0, "ok")))
    assert (third.created, third.changed, third.unchanged) == (0, 0, 1)
    assert Indicator.history.count() == history  # nothing about the indicator changed


@pytest.mark.django_db
def test_every_bad_cell_is_named_in_order_and_nothing_is_written(regions):
    rows = _rows(
        ("SK131", "2023", "", 5.0, "ok"),
        ("KU999", "2023", "", 5.0, "ok"),
        ("SK131", "2023", "", 6.0, "ok"),
        ("SK131", "2024", "", 1.0, "suppressed"),
        ("SK131", "2025", "", 1.0, "weird"),
        ("SK131", "2026", "", 1.0, None),
    )
    with pytest.raises(InvalidRows) as caught:
        _import(rows)
    assert [str(e) for e in caught.value.errors] == [
        "line 3: area KU999 is not a known region",
        "line 4: the same cell appears twice",
        "line 5: a suppressed cell has a value",
        "line 6: status 'weird' is not one of ok, missing, suppressed, preliminary",
        "line 7: status None is not one of ok, missing, suppressed, preliminary",
    ]
    assert not Observation.objects.exists()
    assert not Indicator.objects.exists() and not ImportRun.objects.exists()


@pytest.mark.django_db
def test_a_failure_in_the_middle_of_the_writes_rolls_back_everything(regions, monkeypatch):
    _import(_rows(("SK131", "2023", "", 5.0, "ok")))

    def broken(self, changed, run, progress):
        raise RuntimeError("disk full")

    monkeypatch.setattr(bulk.writer(connection).__class__, "update_observations", broken)
    with pytest.raises(RuntimeError):
        _import(_rows(("SK131", "2023", "", 6.0, "ok"), ("SK131", "2024", "", 1.0, "ok")))
    assert list(Observation.objects.values_list("period", "value")) == [("2023", 5.0)]
    assert ImportRun.objects.count() == 1


@pytest.mark.django_db
def test_bulk_writes_keep_texts_nulls_and_floats_exactly_and_report_progress(regions, monkeypatch):
    """Small chunks so that COPY (PostgreSQL) or executemany (SQLite) runs several times."""
    monkeypatch.setattr(bulk, "CHUNK", 7)
    keys = ["", 'a="quoted", b', "\\N", "tab\tand;semi", "ä=ö"]
    rows = [
        Row("t.rate", "SK131", "", str(2000 + i), keys[i % len(keys)], v, s, f"line {i}")
        for i, (v, s) in enumerate(
            [(0.1 + 0.2, "ok"), (None, "missing"), (1e-300, "ok"), (-0.0, "ok")] * 10
        )
    ]
    done: list[int] = []
    run = _import(rows, progress=done.append)
    assert sum(done) == 40 and len(done) > 1
    stored = {o.period: o for o in Observation.objects.all()}
    for row in rows:
        cell = stored[row.period]
        assert (cell.key, cell.value, cell.status) == (row.key, row.value, row.status)
    assert run.created == 40
    changed = [
        Row(r.indicator, r.area, r.industry, r.period, r.key, 1.5, "ok", r.place) for r in rows
    ]
    done.clear()
    again = _import(changed, progress=done.append)
    assert (again.changed, sum(done)) == (40, 40)
    assert ObservationChange.objects.filter(import_run=again).count() == 40
    assert set(Observation.objects.values_list("value", flat=True)) == {1.5}


@pytest.mark.django_db
def test_csv_px_and_jsonstat_all_give_one_frame_of_cells(shared_data):
    for name in (JSONSTAT, "statfin/statfin_vaerak_pxt_11rc.px"):
        fmt, metas, cells, total = read_bytes((shared_data / name).read_bytes(), name)
        assert isinstance(cells, pl.DataFrame) and cells.height == total > 0
        run = services.import_observations(metas, cells, source=name, format=fmt, actor=SETUP)
        assert run.created + run.unchanged + run.changed == total
    doc = json.loads((shared_data / JSONSTAT).read_text())
    assert Observation.objects.filter(period="2020").count() >= len(doc["value"]) // 3


@pytest.mark.django_db
def test_subregion_dashboard_asks_a_fixed_number_of_queries(
    demo_statistics, django_assert_max_num_queries
):
    sub = Region.objects.subregions().select_related("parent").get(code="131")
    with django_assert_max_num_queries(5):
        context = dashboards.subregion_context(sub)
    having = sorted(
        set(
            Observation.objects.filter(area="SK131", key="", industry="").values_list(
                "indicator__code", flat=True
            )
        )
    )
    assert 0 < len(having) <= dashboards.KEY_INDICATORS
    assert [f.indicator.code for f in context["figures"]] == having
    population = next(f for f in context["figures"] if f.indicator.code == "demo.population")
    stored = Observation.objects.filter(
        indicator__code="demo.population", area="SK131", key="", industry=""
    ).order_by("period")
    assert [v for _p, v in population.series] == [o.value for o in stored]
