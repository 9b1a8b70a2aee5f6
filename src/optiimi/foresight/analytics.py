"""Indicator analytics in pure polars: frames in, frames out, no Django.

Series frames have the columns `area`, `period` (text: 2024, 2024Q1, 2024-03) and `value`.
The whole country's area code is `SSS`.
"""

from __future__ import annotations

import polars as pl

WHOLE_COUNTRY = "SSS"


def _sorted(df: pl.DataFrame) -> pl.DataFrame:
    return df.sort(["area", "period"])


def yoy_growth(df: pl.DataFrame, periods_per_year: int = 1) -> pl.DataFrame:
    """Year-on-year growth in per cent (against the same period a year earlier)."""
    return _sorted(df).with_columns(
        ((pl.col("value") / pl.col("value").shift(periods_per_year).over("area") - 1) * 100).alias(
            "yoy_pct"
        )
    )


def cagr(df: pl.DataFrame, start: str, end: str) -> pl.DataFrame:
    """Compound annual growth rate in per cent between two years, per area."""
    years = int(end[:4]) - int(start[:4])
    if years <= 0:
        raise ValueError("end must be after start")
    first = df.filter(pl.col("period") == start).select("area", pl.col("value").alias("v0"))
    last = df.filter(pl.col("period") == end).select("area", pl.col("value").alias("v1"))
    return (
        first.join(last, on="area")
        .with_columns((((pl.col("v1") / pl.col("v0")) ** (1 / years) - 1) * 100).alias("cagr_pct"))
        .select("area", "cagr_pct")
        .sort("area")
    )


def index(df: pl.DataFrame, base: str) -> pl.DataFrame:
    """The series as an index with the base period = 100."""
    base_values = df.filter(pl.col("period") == base).select("area", pl.col("value").alias("base"))
    return _sorted(
        df.join(base_values, on="area", how="left")
        .with_columns((pl.col("value") / pl.col("base") * 100).alias("index"))
        .drop("base")
    )


def share_of_parent(df: pl.DataFrame, parents: pl.DataFrame) -> pl.DataFrame:
    """Each area's share (%) of its parent's value; `parents` maps `area` → `parent`."""
    joined = df.join(parents, on="area")
    parent_values = df.select(
        pl.col("area").alias("parent"), "period", pl.col("value").alias("parent_value")
    )
    return _sorted(
        joined.join(parent_values, on=["parent", "period"], how="left").with_columns(
            (pl.col("value") / pl.col("parent_value") * 100).alias("share_pct")
        )
    )


def location_quotient(df: pl.DataFrame) -> pl.DataFrame:
    """LQ = (area's industry share) / (country's industry share).

    Columns: `area`, `industry`, `period`, `value`; the country is area `SSS` and each area's
    total is the sum over its industries.
    """
    with_totals = df.with_columns(pl.col("value").sum().over(["area", "period"]).alias("total"))
    local = with_totals.with_columns((pl.col("value") / pl.col("total")).alias("share"))
    country = local.filter(pl.col("area") == WHOLE_COUNTRY).select(
        "industry", "period", pl.col("share").alias("country_share")
    )
    return (
        local.filter(pl.col("area") != WHOLE_COUNTRY)
        .join(country, on=["industry", "period"], how="left")
        .with_columns((pl.col("share") / pl.col("country_share")).alias("lq"))
        .select("area", "industry", "period", "value", "lq")
        .sort(["area", "industry", "period"])
    )


def rank(df: pl.DataFrame, column: str = "value", descending: bool = True) -> pl.DataFrame:
    """Rank areas (1 = highest by default) within each period."""
    return df.with_columns(
        pl.col(column)
        .rank("min", descending=descending)
        .over("period")
        .cast(pl.Int32)
        .alias("rank")
    ).sort(["period", "rank"])


def trend(values: list[float | None]) -> str:
    """An arrow for the last change: up, down or flat (within 0.5 %)."""
    clean = [v for v in values if v is not None]
    if len(clean) < 2 or clean[-2] == 0:
        return "flat"
    change = clean[-1] / clean[-2] - 1
    return "up" if change > 0.005 else "down" if change < -0.005 else "flat"


def barometer_summary(answers: pl.DataFrame) -> pl.DataFrame:
    """Per sub-region, theme and horizon: answers, mean score and diffusion index.

    `answers` has `subregion`, `theme`, `horizon`, `score` (−2…2). The diffusion index is the
    share of positive answers minus the share of negative ones, in points (−100…100).
    """
    return (
        answers.group_by(["subregion", "theme", "horizon"])
        .agg(
            pl.len().alias("n"),
            pl.col("score").mean().alias("mean"),
            (
                (
                    (pl.col("score") > 0).cast(pl.Int64).sum()
                    - (pl.col("score") < 0).cast(pl.Int64).sum()
                )
                / pl.len()
                * 100
            ).alias("diffusion"),
        )
        .sort(["subregion", "theme", "horizon"])
    )


def barometer_change(current: pl.DataFrame, previous: pl.DataFrame) -> pl.DataFrame:
    """The summary with `change`: diffusion now minus in the previous round (null if new)."""
    keys = ["subregion", "theme", "horizon"]
    before = previous.select(*keys, pl.col("diffusion").alias("previous"))
    return current.join(before, on=keys, how="left").with_columns(
        (pl.col("diffusion") - pl.col("previous")).alias("change")
    )
