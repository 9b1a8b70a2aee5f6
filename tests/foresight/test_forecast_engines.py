"""The forecasts are the same wherever they run: the local process pool, statsforecast's
public API in one process, or a Dask cluster through Fugue."""

import numpy as np
import polars as pl
import pytest
from django.core.management import CommandError, call_command

from optiimi.foresight.forecasting import Result, forecast

RTOL = 1e-9


def _series(n: int, seed: int, length: int = 25, prefix: str = "s") -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    y = 1000 * np.cumprod(1 + rng.normal(0.01, 0.03, (n, length)), axis=1)
    return pl.DataFrame(
        {
            "unique_id": np.repeat([f"{prefix}{i}" for i in range(n)], length),
            "ds": np.tile(np.arange(2000, 2000 + length), n),
            "y": y.ravel(),
        }
    )


def _frame() -> pl.DataFrame:
    """Long series of different lengths and a few too short to backtest."""
    return pl.concat(
        [_series(6, seed=1), _series(4, seed=2, length=11, prefix="m"), _series(2, 3, 9, "t")]
    )


def assert_same(a: Result, b: Result) -> None:
    assert a.forecasts.select("unique_id", "ds").equals(b.forecasts.select("unique_id", "ds"))
    for column in ("mean", "lo", "hi"):
        np.testing.assert_allclose(b.forecasts[column], a.forecasts[column], rtol=RTOL)
    assert a.accuracy["unique_id"].equals(b.accuracy["unique_id"])
    assert a.accuracy["model"].equals(b.accuracy["model"])
    long = a.accuracy["mase"].is_not_null()
    assert long.sum() == 10 and long.equals(b.accuracy["mase"].is_not_null())
    np.testing.assert_allclose(
        b.accuracy.filter(long)["mase"], a.accuracy.filter(long)["mase"], rtol=RTOL
    )


@pytest.fixture(scope="module")
def cluster():
    """A Dask cluster of two workers in this process (threads, not processes: quick to start
    and light on a shared machine; the work still goes through the scheduler and Fugue)."""
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        yield cluster


def test_statsforecast_public_api_gives_the_local_forecasts_and_mase():
    df = _frame()
    assert_same(forecast(df, n_jobs=1), forecast(df, engine="statsforecast"))


def test_dask_cluster_gives_the_local_forecasts_and_mase(cluster):
    from distributed import Client

    df = _frame()
    local = forecast(df, n_jobs=1)
    with Client(cluster) as client:
        on_cluster = forecast(df, engine=client, partitions=3)
    assert_same(local, on_cluster)
    # and the numbers differ when the method does: the check can fail
    shorter = forecast(df, engine="statsforecast", windows=2)
    assert not np.allclose(shorter.forecasts["mean"], local.forecasts["mean"], rtol=RTOL)


@pytest.mark.django_db
def test_forecast_command_on_a_dask_scheduler_stores_the_local_forecasts(demo_statistics, cluster):
    from optiimi.foresight.models import Forecast

    def stored() -> dict:
        return {
            (f.area, f.key): (f.model, f.mase, f.points)
            for f in Forecast.objects.order_by("area", "key")
        }

    args = ["forecast", "demo.unemployment_rate", "--area", "SK135", "--area", "SK131"]
    call_command(*args, verbosity=0)
    local = stored()
    Forecast.objects.all().delete()
    call_command(*args, "--engine", "dask", "--scheduler", cluster.scheduler_address, verbosity=0)
    remote = stored()
    assert local.keys() == remote.keys() and len(local) == 2
    for key, (model, mase, points) in local.items():
        r_model, r_mase, r_points = remote[key]
        assert r_model == model and r_mase == pytest.approx(mase, rel=RTOL)
        assert [p["period"] for p in r_points] == [p["period"] for p in points]
        for band in ("mean", "lo", "hi"):
            assert [p[band] for p in r_points] == pytest.approx([p[band] for p in points], rel=RTOL)


@pytest.mark.django_db
def test_forecast_command_names_a_missing_engine_extra_and_a_misplaced_scheduler(
    demo_statistics,
):
    with pytest.raises(CommandError, match="the ray engine needs the 'ray' extra"):
        call_command("forecast", "demo.unemployment_rate", "--engine", "ray", verbosity=0)
    with pytest.raises(CommandError, match="--scheduler needs --engine dask, ray or spark"):
        call_command("forecast", "--scheduler", "tcp://127.0.0.1:8786", verbosity=0)
