"""Forecasts with prediction intervals: an ensemble of AutoETS, Theta and random walk with
drift, weighted by each model's rolling-origin backtest error (MASE). Pure polars and
statsforecast: no Django.

Frame in: `unique_id`, `ds` (year as an integer), `y`. Frame out: per series and horizon the
ensemble mean and interval, plus the models' and the ensemble's backtest MASE.

The ensemble interval is the weighted mean of the models' interval bounds, a common and
slightly conservative approximation; the MASE beside it says how far to trust it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import polars as pl

os.environ.setdefault("NIXTLA_ID_AS_COL", "1")

MODELS = ("AutoETS", "Theta", "RWD")
MIN_LENGTH = 8  # shorter series get the random walk with drift alone


@dataclass
class Result:
    forecasts: pl.DataFrame  # unique_id, ds, mean, lo, hi
    accuracy: pl.DataFrame  # unique_id, model (ensemble description), mase, weights


def _models() -> list:
    from statsforecast.models import AutoETS, RandomWalkWithDrift, Theta

    return [AutoETS(season_length=1), Theta(season_length=1), RandomWalkWithDrift()]


def _mase(cv: pl.DataFrame, scale: pl.DataFrame, column: str) -> pl.DataFrame:
    return (
        cv.group_by("unique_id")
        .agg((pl.col(column) - pl.col("y")).abs().mean().alias("mae"))
        .join(scale, on="unique_id")
        .select("unique_id", (pl.col("mae") / pl.col("scale")).alias(column))
    )


def forecast(
    df: pl.DataFrame, h: int = 5, level: int = 80, windows: int = 3, n_jobs: int = -1
) -> Result:
    """Backtest the three models over `windows` rolling origins, then forecast `h` ahead."""
    from statsforecast import StatsForecast

    df = (
        df.select("unique_id", pl.col("ds").cast(pl.Int64), pl.col("y").cast(pl.Float64))
        .drop_nulls()
        .sort(["unique_id", "ds"])
    )
    lengths = df.group_by("unique_id").len()
    long_ids = lengths.filter(pl.col("len") >= MIN_LENGTH)["unique_id"]
    short_ids = lengths.filter(pl.col("len") < MIN_LENGTH)["unique_id"]
    parts, accuracy = [], []
    if len(long_ids):
        data = df.filter(pl.col("unique_id").is_in(long_ids.to_list()))
        sf = StatsForecast(models=_models(), freq=1, n_jobs=n_jobs)
        # AutoETS and Theta are fitted once and rolled forward over the backtest windows;
        # the random walk with drift is closed-form, so it is simply refitted
        cv_models = _models()
        smooth = StatsForecast(models=cv_models[:2], freq=1, n_jobs=n_jobs)
        walk = StatsForecast(models=cv_models[2:], freq=1, n_jobs=1)
        cv = pl.DataFrame(
            smooth.cross_validation(df=data, h=1, step_size=1, n_windows=windows, refit=False)
        ).join(
            pl.DataFrame(
                walk.cross_validation(df=data, h=1, step_size=1, n_windows=windows)
            ).select("unique_id", "ds", "cutoff", "RWD"),
            on=["unique_id", "ds", "cutoff"],
        )
        first_cut = cv.group_by("unique_id").agg(pl.col("cutoff").min())
        scale = (
            data.join(first_cut, on="unique_id")
            .filter(pl.col("ds") <= pl.col("cutoff"))
            .group_by("unique_id")
            .agg(pl.col("y").diff().abs().mean().alias("scale"))
            .with_columns(pl.when(pl.col("scale") > 0).then(pl.col("scale")).otherwise(1.0))
        )
        errors = _mase(cv, scale, "AutoETS")
        for name in MODELS[1:]:
            errors = errors.join(_mase(cv, scale, name), on="unique_id")
        # inverse-MASE weights; a model with a near-perfect backtest does not take all
        inv = [(1 / pl.max_horizontal(pl.col(m), pl.lit(0.05))).alias(f"w_{m}") for m in MODELS]
        errors = errors.with_columns(inv).with_columns(
            (pl.col(f"w_{m}") / pl.sum_horizontal([f"w_{x}" for x in MODELS])).alias(f"w_{m}")
            for m in MODELS
        )
        ens_cv = cv.join(
            errors.select("unique_id", *[f"w_{m}" for m in MODELS]), on="unique_id"
        ).with_columns(
            pl.sum_horizontal([pl.col(m) * pl.col(f"w_{m}") for m in MODELS]).alias("ensemble")
        )
        errors = errors.join(_mase(ens_cv, scale, "ensemble"), on="unique_id")
        fc = pl.DataFrame(sf.forecast(df=data, h=h, level=[level]))
        fc = fc.join(errors.select("unique_id", *[f"w_{m}" for m in MODELS]), on="unique_id")
        parts.append(
            fc.select(
                "unique_id",
                "ds",
                pl.sum_horizontal([pl.col(m) * pl.col(f"w_{m}") for m in MODELS]).alias("mean"),
                pl.sum_horizontal(
                    [pl.col(f"{m}-lo-{level}") * pl.col(f"w_{m}") for m in MODELS]
                ).alias("lo"),
                pl.sum_horizontal(
                    [pl.col(f"{m}-hi-{level}") * pl.col(f"w_{m}") for m in MODELS]
                ).alias("hi"),
            )
        )
        accuracy.append(
            errors.select(
                "unique_id",
                pl.format(
                    "ensemble AutoETS {}% + Theta {}% + RWD {}%",
                    *[(pl.col(f"w_{m}") * 100).round(0).cast(pl.Int32) for m in MODELS],
                ).alias("model"),
                pl.col("ensemble").alias("mase"),
            )
        )
    if len(short_ids):
        from statsforecast.models import RandomWalkWithDrift

        data = df.filter(pl.col("unique_id").is_in(short_ids.to_list()))
        sf = StatsForecast(models=[RandomWalkWithDrift()], freq=1, n_jobs=1)
        fc = pl.DataFrame(sf.forecast(df=data, h=h, level=[level]))
        parts.append(
            fc.select(
                "unique_id",
                "ds",
                pl.col("RWD").alias("mean"),
                pl.col(f"RWD-lo-{level}").alias("lo"),
                pl.col(f"RWD-hi-{level}").alias("hi"),
            )
        )
        accuracy.append(
            pl.DataFrame({"unique_id": short_ids}).with_columns(
                pl.lit("RWD (series too short to backtest)").alias("model"),
                pl.lit(None, dtype=pl.Float64).alias("mase"),
            )
        )
    empty_fc = pl.DataFrame(
        schema={
            "unique_id": pl.String,
            "ds": pl.Int64,
            "mean": pl.Float64,
            "lo": pl.Float64,
            "hi": pl.Float64,
        }
    )
    empty_acc = pl.DataFrame(
        schema={"unique_id": pl.String, "model": pl.String, "mase": pl.Float64}
    )
    return Result(
        forecasts=pl.concat([p.with_columns(pl.col("ds").cast(pl.Int64)) for p in parts])
        if parts
        else empty_fc,
        accuracy=pl.concat(accuracy) if accuracy else empty_acc,
    )
