"""Forecasts with prediction intervals: an ensemble of AutoETS, Theta and random walk with
drift, weighted by each model's rolling-origin backtest error (MASE). Pure polars, numpy and
statsforecast: no Django.

Frame in: `unique_id`, `ds` (year as an integer), `y`. Frame out: per series and horizon the
ensemble mean and interval, plus the ensemble's backtest MASE and its weights.

How each series is handled (the statsforecast models are called directly, one series at a
time, in a pool of `n_jobs` processes; no pandas frames are built):

- AutoETS (the full non-seasonal model space, `ZZN`, damped or not) and Theta are fitted
  once, on the series without its last `windows` years. `forward` then runs the fitted
  model over the whole series: its one-step-ahead predictions of the last `windows` years
  are the rolling-origin backtest (for ETS its one-step fitted values, for Theta a forward
  from each origin: the same numbers as statsforecast's `cross_validation` with `h=1` and
  `refit=False`), and its forecast from the last year is the forecast. The
  parameters are therefore estimated without the last `windows` years; the states are
  updated with them.
- The random walk with drift is closed-form, so it is refitted at every origin.

The ensemble interval is the weighted mean of the models' interval bounds, a common and
slightly conservative approximation; the MASE beside it says how far to trust it.

The same numbers come from statsforecast's public `cross_validation`, in this process or on a
Dask, Ray or Spark cluster through Fugue (`forecast(engine=...)`, `statsforecast_partition`);
the pool above stays the default on one machine, where it is the fastest.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import polars as pl

MODELS = ("AutoETS", "Theta", "RWD")
# Shorter series get the random walk with drift alone: AutoETS is fitted without the last
# `windows` (3) years, and statsforecast's AutoETS refuses fewer than 7 points.
MIN_LENGTH = 10
CHUNK = 500  # at most this many series per unit of work in the process pool
POOL_FROM = 20  # fewer series than this are forecast in this process


@dataclass
class Result:
    forecasts: pl.DataFrame  # unique_id, ds, mean, lo, hi
    accuracy: pl.DataFrame  # unique_id, model (ensemble description), mase


@contextmanager
def normal_quantiles_once() -> Iterator[None]:
    """statsforecast builds a scipy frozen distribution for every interval it computes
    (about half a millisecond each, a fifth of the whole run here); the normal quantiles of a
    fixed level are constants, so within this block they are computed once per level.
    Other distributions go through unchanged."""
    from statsforecast import utils

    original = utils._quantiles
    cache: dict[tuple[float, ...], np.ndarray] = {}

    def quantiles(level: Any, distribution: str = "normal", dist_params: Any = None) -> Any:
        if distribution != "normal" or dist_params:
            return original(level, distribution=distribution, dist_params=dist_params)
        key = tuple(np.atleast_1d(level).tolist())
        if key not in cache:
            cache[key] = original(level, distribution=distribution)
        return cache[key].copy()

    utils._quantiles = quantiles
    try:
        yield
    finally:
        utils._quantiles = original


def _fit_chunk(
    ys: list[np.ndarray], h: int, level: int, windows: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per series and model: forecast mean, lo and hi (n×3×h) and backtest predictions
    (n×3×windows)."""
    from statsforecast.models import AutoETS, RandomWalkWithDrift, Theta

    n = len(ys)
    mean, lo, hi = (np.empty((n, len(MODELS), h)) for _ in range(3))
    backtest = np.empty((n, len(MODELS), windows))
    walk = RandomWalkWithDrift()
    bands = ("mean", f"lo-{level}", f"hi-{level}")
    with normal_quantiles_once():
        for i, y in enumerate(ys):
            origins = range(len(y) - windows, len(y))
            ets = AutoETS(season_length=1, model="ZZN").fit(y=y[:-windows])
            theta = Theta(season_length=1).fit(y=y[:-windows])
            outs = (
                ets.forward(y=y, h=h, level=[level]),
                theta.forward(y=y, h=h, level=[level]),
                walk.forecast(y=y, h=h, level=[level]),
            )
            for j, out in enumerate(outs):
                mean[i, j], lo[i, j], hi[i, j] = (out[k] for k in bands)
            # ETS: the one-step fitted values are the one-step forecasts from each origin
            backtest[i, 0] = ets.forward(y=y, h=1, fitted=True)["fitted"][-windows:]
            # Theta's fitted values are not its forecasts: forward from each origin
            backtest[i, 1] = [theta.forward(y=y[:cut], h=1)["mean"][0] for cut in origins]
            backtest[i, 2] = [walk.forecast(y=y[:cut], h=1)["mean"][0] for cut in origins]
    return mean, lo, hi, backtest


def _walk_only(ys: list[np.ndarray], h: int, level: int) -> tuple[np.ndarray, ...]:
    from statsforecast.models import RandomWalkWithDrift

    with normal_quantiles_once():
        outs = [RandomWalkWithDrift().forecast(y=y, h=h, level=[level]) for y in ys]
    return tuple(np.array([o[k] for o in outs]) for k in ("mean", f"lo-{level}", f"hi-{level}"))


def _run(
    ys: list[np.ndarray],
    h: int,
    level: int,
    windows: int,
    n_jobs: int,
    progress: Callable[[int], None] | None = None,
) -> tuple[np.ndarray, ...]:
    jobs = (os.cpu_count() or 1) if n_jobs < 1 else n_jobs
    if jobs == 1 or len(ys) < POOL_FROM:
        if progress is None:
            parts = [_fit_chunk(ys, h, level, windows)]
        else:  # in chunks, telling how many series are done after each
            parts = []
            for i in range(0, len(ys), CHUNK):
                parts.append(_fit_chunk(ys[i : i + CHUNK], h, level, windows))
                progress(len(ys[i : i + CHUNK]))
    else:
        # a few chunks per process, so that one slow chunk does not hold the others up
        size = max(1, min(CHUNK, -(-len(ys) // (jobs * 4))))
        chunks = [ys[i : i + size] for i in range(0, len(ys), size)]
        n = len(chunks)
        with ProcessPoolExecutor(max_workers=min(jobs, n)) as pool:
            parts = []
            for chunk, part in zip(
                chunks,
                pool.map(_fit_chunk, chunks, [h] * n, [level] * n, [windows] * n),
                strict=True,
            ):
                parts.append(part)
                if progress is not None:
                    progress(len(chunk))
    return tuple(np.concatenate([p[k] for p in parts]) for k in range(4))


ENGINES = ("local", "statsforecast", "dask", "ray", "spark")
# the model columns of the statsforecast path, per model: mean, lower and upper bound
BANDS = [f"{m}{b}" for m in ("ets", "theta", "rwd") for b in ("", "_lo", "_hi")]


def statsforecast_partition(series: pd.DataFrame, h: int, level: int, windows: int) -> pd.DataFrame:
    """The three models over some series through statsforecast's public API, as one Fugue
    partition or the whole frame in this process. Every series gets `h` years after its end
    whose values are unknown (never read: a model sees only the years up to each origin), so
    that one rolling-origin `cross_validation` with origins at the last `windows + 1` years
    gives both the one-step backtest (the first step from each of the first `windows`
    origins) and the forecast (from the last year). AutoETS and Theta are fitted once, at the
    first origin, and rolled forward (`refit=False`); the random walk is refitted at each."""
    from statsforecast import StatsForecast
    from statsforecast.models import AutoETS, RandomWalkWithDrift, Theta

    series = series[["unique_id", "ds", "y"]]
    last = series.groupby("unique_id", sort=False)["ds"].max()
    future = pd.DataFrame(
        {
            "unique_id": np.repeat(last.index.to_numpy(), h),
            "ds": (last.to_numpy()[:, None] + np.arange(1, h + 1)[None, :]).ravel(),
            "y": 0.0,
        }
    )
    frame = pd.concat([series, future], ignore_index=True).sort_values(
        ["unique_id", "ds"], kind="stable"
    )
    frame["ds"] = frame["ds"].astype("int64")
    frame["y"] = frame["y"].astype("float64")
    options: dict[str, Any] = {"h": h, "n_windows": windows + 1, "step_size": 1, "level": [level]}
    smooth: pd.DataFrame
    walk: pd.DataFrame
    with normal_quantiles_once():  # pandas in: pandas out
        smooth = StatsForecast(
            models=[AutoETS(season_length=1, model="ZZN"), Theta(season_length=1)], freq=1
        ).cross_validation(df=frame, refit=False, **options)
        walk = StatsForecast(models=[RandomWalkWithDrift()], freq=1).cross_validation(
            df=frame, **options
        )
    out = smooth.merge(walk.drop(columns="y"), on=["unique_id", "ds", "cutoff"])
    names: dict[str, str] = {}
    for model, prefix in (("AutoETS", "ets"), ("Theta", "theta"), ("RWD", "rwd")):
        names |= {
            model: prefix,
            f"{model}-lo-{level}": f"{prefix}_lo",
            f"{model}-hi-{level}": f"{prefix}_hi",
        }
    out = out.rename(columns=names)[["unique_id", "cutoff", "ds", *BANDS]]
    return out.astype(
        {"unique_id": str, "cutoff": "int64", "ds": "int64"} | dict.fromkeys(BANDS, "float64")
    )


class EngineUnavailable(Exception):
    """The engine's libraries are not installed, or its cluster cannot be reached."""


@contextmanager
def fugue_engine(name: str, scheduler: str | None = None) -> Iterator[Any]:
    """What `forecast(engine=...)` takes for an engine named on the command line: "local"
    and "statsforecast" as they are; "dask" a client of the scheduler at `scheduler`
    (`tcp://HOST:8786`; none: a cluster of this machine's cores, stopped afterwards);
    "ray" and "spark" (the extras of the same names) their cluster at `scheduler`."""
    if name not in ENGINES:
        raise EngineUnavailable(f"unknown engine {name!r}; one of {', '.join(ENGINES)}")
    if name in ("local", "statsforecast"):
        yield name
        return
    try:
        if name == "dask":
            from distributed import Client

            client = Client(scheduler, timeout="20s") if scheduler else Client()
        elif name == "ray":
            import ray

            ray.init(address=scheduler)
        else:
            from pyspark.sql import SparkSession

            builder = SparkSession.builder.appName("optiimi forecast")
            spark = (builder.master(scheduler) if scheduler else builder).getOrCreate()
    except ImportError as exc:
        raise EngineUnavailable(
            f"the {name} engine needs the {name!r} extra (pip install 'optiimi[{name}]'): {exc}"
        ) from None
    except OSError as exc:  # a scheduler that does not answer
        raise EngineUnavailable(f"{name} scheduler {scheduler}: {exc}") from None
    try:
        if name == "dask":
            yield client
        elif name == "ray":
            yield "ray"
        else:
            yield spark
    finally:
        if name == "dask":
            client.close()
        elif name == "ray":
            ray.shutdown()


def _run_statsforecast(
    long: pl.DataFrame,
    h: int,
    level: int,
    windows: int,
    engine: Any,
    partitions: int,
) -> tuple[np.ndarray, ...]:
    """The same arrays as `_run`, through statsforecast's public API: in this process
    (`engine` "statsforecast") or on a Fugue engine (Dask, Ray, Spark), where each partition
    of series runs `statsforecast_partition`. statsforecast's own Fugue backend writes its
    results as 32-bit floats; Fugue's `transform` is called here with 64-bit ones, so that
    the cluster's numbers are the local ones."""
    series = long.select("unique_id", pl.col("years").alias("ds"), "y").explode("ds", "y")
    if engine == "statsforecast":
        out = statsforecast_partition(series.to_pandas(), h, level, windows)
    else:
        import fugue.api as fa

        ids = long["unique_id"]
        chunk = pl.DataFrame(
            {"unique_id": ids, "chunk": np.arange(ids.len()) % max(1, partitions)},
            schema={"unique_id": pl.String, "chunk": pl.Int64},
        )
        frame = series.join(chunk, on="unique_id").to_pandas()
        schema = "unique_id:str,cutoff:long,ds:long," + ",".join(f"{b}:double" for b in BANDS)
        out = fa.as_pandas(
            fa.transform(
                frame,
                statsforecast_partition,
                schema=schema,
                params={"h": h, "level": level, "windows": windows},
                partition={"by": "chunk"},
                engine=engine,
                as_local=True,
            )
        )
    n = long.height
    order = pl.DataFrame({"unique_id": long["unique_id"], "i": np.arange(n)})
    result = pl.from_pandas(out).join(order, on="unique_id").sort("i", "cutoff", "ds")
    values = result.select(BANDS).to_numpy().reshape(n, windows + 1, h, 3, 3)
    # models × bands last: [series, origin, step, model, band]
    forecast_ = values[:, -1]  # from the last year: n × h × model × band
    mean, lo, hi = (np.moveaxis(forecast_[..., b], 1, 2) for b in range(3))
    backtest = np.moveaxis(values[:, :-1, 0, :, 0], 1, 2)  # n × model × windows
    return mean, lo, hi, backtest


def _future(ids: list[str], last: np.ndarray, h: int) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "unique_id": np.repeat(np.array(ids, dtype=object), h),
            "ds": (last[:, None] + np.arange(1, h + 1)[None, :]).ravel(),
        },
        schema={"unique_id": pl.String, "ds": pl.Int64},
    )


def forecast(
    df: pl.DataFrame,
    h: int = 5,
    level: int = 80,
    windows: int = 3,
    n_jobs: int = -1,
    progress: Callable[[int], None] | None = None,
    engine: Any = "local",
    partitions: int = 8,
) -> Result:
    """Backtest the three models over `windows` rolling origins, then forecast `h` ahead;
    `progress(n)` is told as each chunk of `n` long series is done.

    `engine`: "local" calls the models per series in a pool of `n_jobs` processes (the
    fastest on one machine); "statsforecast" runs statsforecast's `cross_validation` in this
    process; anything else is a Fugue engine ("dask", "ray", "spark", a Dask `Client`, a
    Spark session) that runs it over `partitions` groups of series. The numbers are the same."""
    df = (
        df.select(pl.col("unique_id").cast(pl.String), pl.col("ds").cast(pl.Int64), pl.col("y"))
        .with_columns(pl.col("y").cast(pl.Float64))
        .drop_nulls()
        .sort(["unique_id", "ds"])
    )
    groups = df.group_by("unique_id", maintain_order=True).agg(
        pl.col("ds").last().alias("last"), pl.col("ds").alias("years"), pl.col("y")
    )
    groups = groups.with_columns(pl.col("y").list.len().alias("len"))
    forecasts, accuracy = [], []
    long = groups.filter(pl.col("len") >= MIN_LENGTH)
    if long.height:
        ids = long["unique_id"].to_list()
        ys = [s.to_numpy() for s in long["y"]]
        if engine == "local":
            mean, lo, hi, backtest = _run(ys, h, level, windows, n_jobs, progress)
        else:
            mean, lo, hi, backtest = _run_statsforecast(long, h, level, windows, engine, partitions)
            if progress is not None:
                progress(len(ys))
        actual = np.array([y[-windows:] for y in ys])
        # MASE scale: the in-sample one-step naive error before the first backtest origin
        scale = np.array([np.abs(np.diff(y[:-windows])).mean() for y in ys])
        scale = np.where(scale > 0, scale, 1.0)
        mase = np.abs(backtest - actual[:, None, :]).mean(axis=2) / scale[:, None]
        # inverse-MASE weights; a model with a near-perfect backtest does not take all
        weights = 1 / np.maximum(mase, 0.05)
        weights /= weights.sum(axis=1, keepdims=True)
        ensemble_bt = (backtest * weights[:, :, None]).sum(axis=1)
        ensemble_mase = np.abs(ensemble_bt - actual).mean(axis=1) / scale

        def blend(values: np.ndarray) -> np.ndarray:
            return (values * weights[:, :, None]).sum(axis=1).ravel()

        forecasts.append(
            _future(ids, long["last"].to_numpy(), h).with_columns(
                pl.Series("mean", blend(mean)),
                pl.Series("lo", blend(lo)),
                pl.Series("hi", blend(hi)),
            )
        )
        percent = np.rint(weights * 100).astype(int)
        accuracy.append(
            pl.DataFrame(
                {
                    "unique_id": ids,
                    "model": [
                        "ensemble AutoETS {}% + Theta {}% + RWD {}%".format(*p) for p in percent
                    ],
                    "mase": ensemble_mase,
                },
                schema={"unique_id": pl.String, "model": pl.String, "mase": pl.Float64},
            )
        )
    short = groups.filter(pl.col("len") < MIN_LENGTH)
    if short.height:
        ids = short["unique_id"].to_list()
        mean, lo, hi = _walk_only([s.to_numpy() for s in short["y"]], h, level)
        forecasts.append(
            _future(ids, short["last"].to_numpy(), h).with_columns(
                pl.Series("mean", mean.ravel()),
                pl.Series("lo", lo.ravel()),
                pl.Series("hi", hi.ravel()),
            )
        )
        accuracy.append(
            pl.DataFrame(
                {"unique_id": ids},
                schema={"unique_id": pl.String},
            ).with_columns(
                pl.lit("RWD (series too short to backtest)").alias("model"),
                pl.lit(None, dtype=pl.Float64).alias("mase"),
            )
        )
    if not forecasts:
        return Result(
            forecasts=pl.DataFrame(
                schema={
                    "unique_id": pl.String,
                    "ds": pl.Int64,
                    "mean": pl.Float64,
                    "lo": pl.Float64,
                    "hi": pl.Float64,
                }
            ),
            accuracy=pl.DataFrame(
                schema={"unique_id": pl.String, "model": pl.String, "mase": pl.Float64}
            ),
        )
    return Result(forecasts=pl.concat(forecasts), accuracy=pl.concat(accuracy))
