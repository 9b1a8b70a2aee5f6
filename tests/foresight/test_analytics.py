import numpy as np
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


def _growth_series(n: int, seed: int) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    y = 1000 * np.cumprod(1 + rng.normal(0.01, 0.03, (n, 25)), axis=1)
    return pl.DataFrame(
        {
            "unique_id": np.repeat([f"s{i}" for i in range(n)], 25),
            "ds": np.tile(np.arange(2000, 2025), n),
            "y": y.ravel(),
        }
    )


def test_backtest_is_statsforecasts_rolling_origin_cross_validation():
    """One fit per model, rolled forward: the same one-step forecasts as statsforecast's
    cross_validation (refit=False for AutoETS and Theta, refitted for the random walk)."""
    from statsforecast import StatsForecast
    from statsforecast.models import AutoETS, RandomWalkWithDrift, Theta

    from optiimi.foresight.forecasting import _fit_chunk

    df = _growth_series(5, seed=3)
    ys = [g["y"].to_numpy() for _, g in df.group_by("unique_id", maintain_order=True)]
    _mean, _lo, _hi, backtest = _fit_chunk(ys, h=5, level=80, windows=3)
    smooth = StatsForecast(models=[AutoETS(season_length=1), Theta(season_length=1)], freq=1)
    cv = pl.DataFrame(
        smooth.cross_validation(df=df, h=1, n_windows=3, step_size=1, refit=False)
    ).sort("unique_id", "ds")
    walk = StatsForecast(models=[RandomWalkWithDrift()], freq=1)
    rwd = pl.DataFrame(walk.cross_validation(df=df, h=1, n_windows=3, step_size=1)).sort(
        "unique_id", "ds"
    )
    expected = np.stack(
        [
            cv["AutoETS"].to_numpy().reshape(5, 3),
            cv["Theta"].to_numpy().reshape(5, 3),
            rwd["RWD"].to_numpy().reshape(5, 3),
        ],
        axis=1,
    )
    np.testing.assert_allclose(backtest, expected, rtol=1e-9)


def test_ensemble_interval_contains_its_mean_and_every_series_has_a_mase():
    df = _growth_series(40, seed=4)
    result = forecast(df, h=5, n_jobs=2)
    f = result.forecasts
    assert f.height == 200 and f["ds"].unique().sort().to_list() == list(range(2025, 2030))
    assert (f["lo"] < f["mean"]).all() and (f["mean"] < f["hi"]).all()
    assert result.accuracy.height == 40 and result.accuracy["mase"].is_not_null().all()
    assert (result.accuracy["mase"] > 0).all()
    # the same answer from one process as from the pool
    single = forecast(df, h=5, n_jobs=1)
    assert single.forecasts["unique_id"].equals(f["unique_id"])
    for column in ("mean", "lo", "hi"):
        np.testing.assert_allclose(single.forecasts[column], f[column], rtol=1e-9)


def test_cached_normal_quantiles_give_the_same_intervals():
    from statsforecast import utils
    from statsforecast.models import RandomWalkWithDrift

    from optiimi.foresight.forecasting import normal_quantiles_once

    y = _growth_series(1, seed=5)["y"].to_numpy()
    plain = RandomWalkWithDrift().forecast(y=y, h=5, level=[80, 95])
    original = utils._quantiles
    with normal_quantiles_once():
        cached = [RandomWalkWithDrift().forecast(y=y, h=5, level=[80, 95]) for _ in range(2)]
    assert utils._quantiles is original
    for out in cached:
        for key in ("lo-80", "hi-80", "lo-95", "hi-95"):
            np.testing.assert_array_equal(out[key], plain[key])


def test_series_too_short_for_autoets_get_the_random_walk():
    """AutoETS is fitted without the last three years and needs seven points: a series of
    nine years is forecast by the random walk alone instead of failing the whole run."""
    df = pl.concat([_growth_series(1, seed=6), _growth_series(1, seed=7).head(9)])
    df = df.with_columns(pl.Series("unique_id", ["long"] * 25 + ["nine"] * 9))
    result = forecast(df, h=2, n_jobs=1)
    models = dict(result.accuracy.select("unique_id", "model").iter_rows())
    assert models["nine"] == "RWD (series too short to backtest)"
    assert models["long"].startswith("ensemble")
    assert result.forecasts.filter(pl.col("unique_id") == "nine")["ds"].to_list() == [2009, 2010]
