"""Peer percentiles over Parquet files with polars' streaming engine, a year at a time: the
same figures as on the whole panel in memory."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from polars.testing import assert_frame_equal

from optiimi.benchmark import analytics, queries


def _panel(n: int = 3000, years: int = 6, seed: int = 7) -> pl.DataFrame:
    """Companies in a few industries and areas (groups of every size, tied values), with gaps
    in their years and non-positive turnover, so that growth is sometimes missing."""
    rng = np.random.default_rng(seed)
    codes = ["25620", "25610", "25110", "43210", "62010", "62020", "01110"]
    tol5 = rng.choice(codes, n, p=[0.2, 0.2, 0.2, 0.15, 0.15, 0.098, 0.002])  # 01110: a few
    sub = rng.integers(0, 9, n)
    companies = pl.DataFrame(
        {
            "business_id": [f"{i:07d}-{i % 10}" for i in range(n)],
            "tol5": tol5,
            "subregion": [f"S{s}" for s in sub],
            "region": [f"R{s // 3}" for s in sub],
        }
    ).with_columns(
        pl.col("tol5").str.slice(0, 4).alias("tol4"),
        pl.col("tol5").str.slice(0, 3).alias("tol3"),
        pl.col("tol5").str.slice(0, 2).alias("tol2"),
        pl.when(pl.col("tol5").str.starts_with("0"))
        .then(pl.lit("A"))
        .otherwise(pl.lit("C"))
        .alias("section"),
    )
    frames = []
    for k in range(years):
        turnover = np.round(rng.lognormal(12, 1, n), -4)  # rounded: many equal values
        turnover[rng.random(n) < 0.03] = 0.0
        frames.append(
            pl.DataFrame(
                {
                    "business_id": companies["business_id"],
                    "year": np.full(n, 2018 + k),
                    "turnover": turnover,
                    "personnel": np.round(rng.lognormal(1.5, 1, n)),
                }
            ).filter(pl.Series(rng.random(n) > 0.1))  # a tenth of the company-years missing
        )
    return pl.concat(frames).join(companies, on="business_id")


@pytest.mark.parametrize("value", ["turnover_growth", "personnel_growth"])
def test_streaming_over_parquet_gives_exactly_the_in_memory_percentiles(tmp_path, value):
    panel = _panel()
    in_memory = analytics.percentiles(analytics.with_growth(panel), value)
    files = analytics.write_panel(panel, tmp_path)
    assert [f.name for f in files] == [f"financials-{y}.parquet" for y in range(2018, 2024)]
    frames = list(analytics.percentiles_by_year(analytics.scan_panel(tmp_path), value))
    # a frame a year that has growth (not the first year), each of one year only
    assert [f["year"].unique().to_list() for f in frames] == [[y] for y in range(2019, 2024)]
    streamed = pl.concat(frames)
    assert in_memory.height > 10_000 and in_memory["n_tol5_subregion"].min() < analytics.MIN_GROUP
    assert_frame_equal(streamed, in_memory, check_exact=True)


def test_a_year_is_computed_from_itself_and_the_year_before_only(tmp_path):
    """Streaming keeps at most two years in memory: dropping the other years' files changes
    nothing in a year's figures."""
    panel = _panel(n=800)
    analytics.write_panel(panel, tmp_path / "all")
    analytics.write_panel(panel.filter(pl.col("year").is_in([2020, 2021])), tmp_path / "two")
    whole = pl.concat(analytics.percentiles_by_year(analytics.scan_panel(tmp_path / "all")))
    two = pl.concat(analytics.percentiles_by_year(analytics.scan_panel(tmp_path / "two")))
    assert_frame_equal(two, whole.filter(pl.col("year") == 2021), check_exact=True)


# --- the command and the setting -------------------------------------------------------------


@pytest.fixture
def demo_companies(demo_companies_for_the_module, regions):
    """The synthetic companies (300 × 2000–2025), written once for this module."""


def _read(directory: Path) -> pl.DataFrame:
    """The command's files, each of the year in its name."""
    for path in directory.glob("percentiles-*.parquet"):
        assert pl.read_parquet(path)["year"].unique().to_list() == [int(path.stem[-4:])]
    return pl.read_parquet(directory / "percentiles-*.parquet").sort("year", "business_id")


def test_exported_parquet_with_the_setting_gives_the_databases_percentiles(
    demo_companies, tmp_path, settings
):
    settings.PEERS_PARQUET = ""
    call_command("benchmark", "percentiles", str(tmp_path / "from-db"))
    from_db = _read(tmp_path / "from-db")

    settings.PEERS_PARQUET = str(tmp_path / "financials")
    (tmp_path / "financials").mkdir()
    (tmp_path / "financials" / "financials-1990.parquet").write_bytes(b"an earlier export")
    call_command("benchmark", "export-parquet")  # into the setting's directory
    exported = analytics.scan_panel(tmp_path / "financials").collect()
    assert exported.height == queries.panel().height > 7000
    assert not (tmp_path / "financials" / "financials-1990.parquet").exists()
    call_command("benchmark", "percentiles", str(tmp_path / "streamed"))
    streamed = _read(tmp_path / "streamed")

    assert from_db.height > 5000 and set(from_db["year"]) == set(range(2001, 2026))
    assert_frame_equal(streamed, from_db, check_exact=True)


def test_export_needs_a_directory(db, settings):
    settings.PEERS_PARQUET = ""
    with pytest.raises(CommandError, match="OPTIIMI_PEERS_PARQUET"):
        call_command("benchmark", "export-parquet")


def test_percentiles_without_an_export_say_how_to_make_one(db, settings, tmp_path):
    settings.PEERS_PARQUET = str(tmp_path / "empty")
    (tmp_path / "empty").mkdir()
    with pytest.raises(CommandError, match="optiimi benchmark export-parquet"):
        call_command("benchmark", "percentiles", str(tmp_path / "out"))
