import polars as pl
import pytest

from optiimi.foresight import analytics
from optiimi.foresight.forecasting import forecast


def _frame():
    return pl.DataFrame(
        {
            "area": ["SK131"] * 3 + ["SK132"] * 3,
            "period": ["2020", "2021", "2022"] * 2,
            "value": [100.0, 110.0, 121.0, 50.0, 50.0, 40.0],
        }
    )


def test_yoy_growth_per_area():
    out = analytics.yoy_growth(_frame())
    assert out.filter(pl.col("area") == "SK131")["yoy_pct"].to_list()[1:] == pytest.approx(
        [10.0, 10.0]
    )
    assert out.filter(pl.col("area") == "SK132")["yoy_pct"][0] is None


def test_cagr_and_index():
    assert analytics.cagr(_frame(), "2020", "2022")["cagr_pct"][0] == pytest.approx(10.0)
    idx = analytics.index(_frame(), "2020")
    assert idx.filter(pl.col("area") == "SK132")["index"].to_list() == [100.0, 100.0, 80.0]


def test_share_of_parent():
    df = pl.DataFrame(
        {"area": ["SK131", "SK132", "MK13"], "period": ["2022"] * 3, "value": [30.0, 10.0, 40.0]}
    )
    parents = pl.DataFrame({"area": ["SK131", "SK132"], "parent": ["MK13", "MK13"]})
    out = analytics.share_of_parent(df, parents)
    assert out["share_pct"].to_list() == [75.0, 25.0]


def test_location_quotient_against_whole_country():
    df = pl.DataFrame(
        {
            "area": ["SK131", "SK131", "SSS", "SSS"],
            "industry": ["C", "G"] * 2,
            "period": ["2022"] * 4,
            "value": [60.0, 40.0, 300.0, 700.0],
        }
    )
    out = analytics.location_quotient(df)
    assert out["lq"].to_list() == pytest.approx([2.0, 40 / 70])


def test_rank_among_subregions_per_period():
    out = analytics.rank(_frame())
    assert out.filter(pl.col("period") == "2022")["area"].to_list() == ["SK131", "SK132"]
    assert out["rank"].to_list()[:2] == [1, 2]


def test_forecast_has_intervals_and_backtest_error():
    years = list(range(2000, 2016))
    df = pl.DataFrame(
        {
            "unique_id": ["a"] * 16 + ["short"] * 4,
            "ds": years + years[:4],
            "y": [100.0 + 3 * i + (i % 3) for i in range(16)] + [1.0, 2.0, 3.0, 4.0],
        }
    )
    result = forecast(df, h=3, n_jobs=1)
    a = result.forecasts.filter(pl.col("unique_id") == "a")
    assert a["ds"].to_list() == [2016, 2017, 2018]
    assert (a["lo"] < a["mean"]).all() and (a["mean"] < a["hi"]).all()
    acc = {r["unique_id"]: r for r in result.accuracy.iter_rows(named=True)}
    assert acc["a"]["mase"] > 0 and acc["a"]["model"].startswith("ensemble AutoETS")
    assert acc["short"]["mase"] is None and "RWD" in acc["short"]["model"]


@pytest.mark.django_db
def test_forecast_command_stores_model_mase_and_data_version(demo_statistics):
    from django.core.management import call_command

    from optiimi.foresight.models import Forecast

    call_command(
        "forecast", "demo.unemployment_rate", "--area", "SK135", "--horizon", "3", verbosity=0
    )
    forecast = Forecast.objects.get()
    assert forecast.area == "SK135" and len(forecast.points) == 3
    assert forecast.model.startswith("ensemble") and forecast.mase is not None
    before = forecast.data_version
    call_command("forecast", "demo.unemployment_rate", "--area", "SK135", verbosity=0)
    forecast.refresh_from_db()
    assert forecast.data_version == before and len(forecast.points) == 5


@pytest.mark.django_db
def test_forecast_command_rejects_unknown_indicator(db):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="no such indicator: nope"):
        call_command("forecast", "nope", verbosity=0)
