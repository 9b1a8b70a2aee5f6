"""Peer benchmarks and cohort impact on company panels: pure polars + numpy, no Django.

A panel is a polars frame with one row per company and year:
`business_id, year, turnover, personnel` and the company's attributes
`tol5, tol4, tol3, tol2, section, subregion, region`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import polars as pl

MIN_GROUP = 5  # a peer group smaller than this is never shown
TOL_LEVELS = ("tol5", "tol4", "tol3", "tol2", "section")  # most specific first
AREAS = ("subregion", "region", "country")  # narrowest first


def size_class(personnel: float | None, turnover: float | None) -> str:
    """EU SME size class from headcount and turnover (EUR); the balance-sheet test is not used."""
    p = personnel or 0
    t = turnover or 0
    if p < 10 and t <= 2_000_000:
        return "micro"
    if p < 50 and t <= 10_000_000:
        return "small"
    if p < 250 and t <= 50_000_000:
        return "medium"
    return "large"


def size_class_expr(personnel: str = "personnel", turnover: str = "turnover") -> pl.Expr:
    p, t = pl.col(personnel).fill_null(0), pl.col(turnover).fill_null(0)
    return (
        pl.when((p < 10) & (t <= 2_000_000))
        .then(pl.lit("micro"))
        .when((p < 50) & (t <= 10_000_000))
        .then(pl.lit("small"))
        .when((p < 250) & (t <= 50_000_000))
        .then(pl.lit("medium"))
        .otherwise(pl.lit("large"))
    )


def with_growth(panel: pl.DataFrame) -> pl.DataFrame:
    """Add annual log growth ×100 of turnover and personnel (null where the year before is missing
    or a value is not positive)."""
    df = panel.sort("business_id", "year")
    same = (pl.col("business_id").shift(1) == pl.col("business_id")) & (
        pl.col("year").shift(1) == pl.col("year") - 1
    )
    out = []
    for col in ("turnover", "personnel"):
        prev = pl.col(col).shift(1)
        ok = same & (prev > 0) & (pl.col(col) > 0)
        out.append(
            pl.when(ok)
            .then((pl.col(col).log() - prev.log()) * 100)
            .otherwise(None)
            .alias(f"{col}_growth")
        )
    return df.with_columns(out)


def _codes(series: pl.Series) -> tuple[np.ndarray, int]:
    """Dense integer codes 0..k-1 of a column, and k."""
    if series.dtype.is_integer():
        codes = series.to_numpy().astype(np.int64)
        low = int(codes.min()) if codes.size else 0
        return codes - low, (int(codes.max()) - low + 1) if codes.size else 1
    levels = series.cast(pl.Utf8).fill_null("").unique().sort()
    physical = series.cast(pl.Utf8).fill_null("").cast(pl.Enum(levels)).to_physical()
    return physical.to_numpy().astype(np.int64), max(levels.len(), 1)


def _group_stats(gid: np.ndarray, rank: np.ndarray, values: np.ndarray):
    """Percentile (mid-rank, ties averaged), n, mean and median of each row's group.
    `rank` is each value's position in the global sort, so one integer argsort orders rows by
    group, then value."""
    size = values.size
    order = np.argsort(gid * size + rank)  # keys are unique: any sort will do
    g, v = gid[order], values[order]
    new_group = np.empty(size, bool)
    new_group[0] = True
    new_group[1:] = g[1:] != g[:-1]
    starts = np.flatnonzero(new_group)
    grp = np.cumsum(new_group) - 1
    n = np.diff(np.append(starts, size))
    new_run = new_group.copy()
    new_run[1:] |= v[1:] != v[:-1]
    run_starts = np.flatnonzero(new_run)
    run = np.cumsum(new_run) - 1
    run_ends = np.append(run_starts[1:], size) - 1
    mid = (run_starts[run] + run_ends[run]) / 2 - starts[grp] + 1
    pct_sorted = (mid - 0.5) / n[grp] * 100
    mean = np.add.reduceat(v, starts) / n
    median = (v[starts + (n - 1) // 2] + v[starts + n // 2]) / 2
    # two scatters back to row order; the group figures are then gathered by group number
    pct = np.empty(size)
    pct[order] = pct_sorted
    row_group = np.empty(size, np.int64)
    row_group[order] = grp
    return [pct, n[row_group], mean[row_group], median[row_group]]


def percentiles(growth: pl.DataFrame, value: str = "turnover_growth") -> pl.DataFrame:
    """Every company-year's percentile (0–100) and its group's n, mean and median, for every
    TOL level × area. Adds columns `pct_<level>_<area>`, `n_…`, `mean_…`, `median_…`.

    Vectorised: rows are ordered by year and each year handled on its own (every group lies
    within one year, and the smaller arrays stay in cache); within a year, integer group codes
    and one integer sort per grouping (no per-group Python). Rows come back ordered by year."""
    df = growth.filter(pl.col(value).is_not_null()).sort("year", "business_id")
    values = df[value].to_numpy().astype(np.float64)
    years = df["year"].to_numpy()
    cuts = [0, *(np.flatnonzero(np.diff(years)) + 1).tolist(), values.size]
    spans = [(a, b) for a, b in itertools.pairwise(cuts) if b > a]
    rank = np.empty(values.size, np.int64)
    for a, b in spans:
        rank[a + np.argsort(values[a:b])] = np.arange(b - a)
    codes = {c: _codes(df[c]) for c in (*TOL_LEVELS, "subregion", "region")}
    columns: dict[str, np.ndarray] = {}
    for level in TOL_LEVELS:
        for area in AREAS:
            keys = [level] + ([] if area == "country" else [area])
            gid = np.zeros(values.size, np.int64)
            span = 1
            for k in keys:
                c, size = codes[k]
                gid, span = gid * size + c, span * size
                if span * values.size >= 2**62:  # keep the sort key in int64
                    gid = np.unique(gid, return_inverse=True)[1].astype(np.int64)
                    span = int(gid.max()) + 1
            out = [
                np.empty(values.size),
                np.empty(values.size, np.int64),
                np.empty(values.size),
                np.empty(values.size),
            ]
            for a, b in spans:
                for target, part in zip(
                    out, _group_stats(gid[a:b], rank[a:b], values[a:b]), strict=True
                ):
                    target[a:b] = part
            tag = f"{level}_{area}"
            columns |= {
                f"pct_{tag}": out[0],
                f"n_{tag}": out[1],
                f"mean_{tag}": out[2],
                f"median_{tag}": out[3],
            }
    return df.with_columns(pl.DataFrame(columns))


def percentiles_by_year(
    source: pl.LazyFrame,
    value: str = "turnover_growth",
    *,
    engine: Literal["streaming", "in-memory", "auto"] = "streaming",
) -> Iterator[pl.DataFrame]:
    """`percentiles(with_growth(panel))` a year at a time, for a panel too large to hold at once.

    Every peer group lies within one year, and a year's growth needs only the year before, so
    each year's rows and the year before's are read from `source` (a lazy panel, e.g.
    `scan_panel` over Parquet files) with polars' `engine` and ranked on their own; at most two
    years are in memory. The frames, in order and concatenated, equal
    `percentiles(with_growth(source.collect()))`: same rows, same order, same figures."""
    years = source.select(pl.col("year").unique()).collect(engine=engine)["year"].sort()
    for year in years.to_list():
        rows = source.filter(pl.col("year").is_between(year - 1, year)).collect(engine=engine)
        growth = with_growth(rows).filter((pl.col("year") == year) & pl.col(value).is_not_null())
        if growth.height:
            yield percentiles(growth, value)


PANEL_FILE = "financials-{year}.parquet"


def write_panel(panel: pl.DataFrame, directory: Path) -> list[Path]:
    """Write a panel as Parquet, one file a year (`financials-2024.parquet`), for `scan_panel`."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for (year,), part in panel.partition_by("year", as_dict=True, maintain_order=True).items():
        path = directory / PANEL_FILE.format(year=year)
        part.write_parquet(path)
        written.append(path)
    return written


def scan_panel(directory: Path) -> pl.LazyFrame:
    """The panel in `directory`'s Parquet files, lazily (a filter on the year skips the other
    files by their statistics)."""
    return pl.scan_parquet(directory / PANEL_FILE.format(year="*"))


@dataclass
class PeerComparison:
    area: str  # subregion / region / country
    area_name: str
    level: str  # tol5 … section
    code: str
    n: int
    mean: float
    median: float
    value: float | None
    percentile: float | None
    widened_from: str | None = None  # the level asked for when it had too few companies


def group_stats(
    growth: pl.DataFrame,
    *,
    year: int,
    level: str,
    code: str,
    area: str,
    area_name: str,
    value: str = "turnover_growth",
) -> tuple[int, float | None, float | None, pl.Series]:
    df = growth.filter(
        (pl.col("year") == year) & (pl.col(level) == code) & pl.col(value).is_not_null()
    )
    if area != "country":
        df = df.filter(pl.col(area) == area_name)
    s = df[value]
    if s.len() == 0:
        return 0, None, None, s
    return s.len(), float(s.mean()), float(s.median()), s  # type: ignore[arg-type]


def compare(
    growth: pl.DataFrame,
    company: dict,
    *,
    year: int,
    level: str = "tol5",
    value: str = "turnover_growth",
    own: float | None = None,
    min_group: int = MIN_GROUP,
) -> list[PeerComparison]:
    """The company's growth against its peers in each area, at `level` or — where that group has
    fewer than `min_group` companies — at the nearest broader TOL level that has enough.
    Areas where no level has enough companies are left out."""
    result = []
    start = TOL_LEVELS.index(level)
    for area in AREAS:
        area_name = "" if area == "country" else company[area]
        for lvl in TOL_LEVELS[start:]:
            n, mean, median, s = group_stats(
                growth,
                year=year,
                level=lvl,
                code=company[lvl],
                area=area,
                area_name=area_name,
                value=value,
            )
            if n >= min_group and mean is not None and median is not None:
                pct = None
                if own is not None:
                    arr = s.to_numpy()
                    pct = float(((arr < own).sum() + 0.5 * (arr == own).sum()) / n * 100)
                result.append(
                    PeerComparison(
                        area,
                        area_name,
                        lvl,
                        company[lvl],
                        n,
                        mean,
                        median,
                        own,
                        pct,
                        widened_from=level if lvl != level else None,
                    )
                )
                break
    return result


def public_aggregates(
    growth: pl.DataFrame,
    *,
    level: str,
    by: str,
    value: str = "turnover_growth",
    min_group: int = MIN_GROUP,
) -> pl.DataFrame:
    """Group n / mean / median / quartiles by year × industry code × area, only groups of at least
    `min_group` companies (the rule for anything shown to the public)."""
    keys = ["year", level] + ([] if by == "country" else [by])
    df = (
        growth.filter(pl.col(value).is_not_null())
        .group_by(keys)
        .agg(
            pl.len().alias("n"),
            pl.col(value).mean().alias("mean"),
            pl.col(value).median().alias("median"),
            pl.col(value).quantile(0.25).alias("q1"),
            pl.col(value).quantile(0.75).alias("q3"),
        )
    )
    return df.filter(pl.col("n") >= min_group).sort(keys)


# --- cohort impact ---------------------------------------------------------------------------


@dataclass
class Impact:
    effect: float | None
    ci_low: float | None
    ci_high: float | None
    n_cohort: int
    n_peers: int
    start_year: int
    pre_years: list[int]
    post_years: list[int]
    unit: str = "percentage points a year"
    conclusive: bool = False
    reason: str = ""
    trends: list[dict] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def company_change(
    panel: pl.DataFrame,
    *,
    start_year: int,
    pre: int | None = None,
    post: int | None = None,
) -> pl.DataFrame:
    """Per company: mean annual log turnover growth ×100 before and from `start_year`, their
    difference `d`, plus the company's industry (tol2) and size class the year before start."""
    g = with_growth(panel)
    lo = start_year - pre if pre else -(10**6)
    hi = start_year + post - 1 if post else 10**6
    g = g.filter(pl.col("year").is_between(lo + 1, hi))
    before = (
        g.filter(pl.col("year") < start_year)
        .group_by("business_id")
        .agg(
            pl.col("turnover_growth").mean().alias("pre"),
            pl.col("turnover_growth").count().alias("n_pre"),
        )
    )
    after = (
        g.filter(pl.col("year") >= start_year)
        .group_by("business_id")
        .agg(
            pl.col("turnover_growth").mean().alias("post"),
            pl.col("turnover_growth").count().alias("n_post"),
        )
    )
    base = panel.filter(pl.col("year") == start_year - 1).select(
        "business_id", "tol2", size_class_expr().alias("size")
    )
    return (
        before.join(after, on="business_id")
        .join(base, on="business_id")
        .filter((pl.col("n_pre") > 0) & (pl.col("n_post") > 0))
        .with_columns((pl.col("post") - pl.col("pre")).alias("d"))
    )


def did(
    panel: pl.DataFrame,
    cohort: set[str],
    *,
    start_year: int,
    n_boot: int = 1000,
    seed: int = 0,
    pre: int | None = None,
    post: int | None = None,
    alpha: float = 0.05,
) -> Impact:
    """Difference-in-differences of log turnover against matched peers.

    Estimand: (cohort's mean annual growth after − before start) − (matched peers' same change),
    in log points ×100 a year. Peers: companies outside the cohort with the same TOL division
    (2-digit) and EU size class the year before start; each cohort company is compared with the
    mean of its own stratum's peers. The interval is a percentile bootstrap that resamples
    companies (cohort companies, and peers within each stratum), vectorised with numpy.
    """
    ch = company_change(panel, start_year=start_year, pre=pre, post=post)
    years = sorted(panel["year"].unique().to_list())
    pre_years = [y for y in years if y < start_year and (pre is None or y >= start_year - pre)]
    post_years = [y for y in years if y >= start_year and (post is None or y < start_year + post)]
    ch = ch.with_columns((pl.col("tol2") + "|" + pl.col("size")).alias("stratum"))
    in_cohort = pl.col("business_id").is_in(list(cohort))
    c = ch.filter(in_cohort)
    p = ch.filter(~in_cohort)
    strata_c = set(c["stratum"].to_list())
    p = p.filter(pl.col("stratum").is_in(list(strata_c)))
    peer_strata = set(p["stratum"].to_list())
    unmatched = sorted(c.filter(~pl.col("stratum").is_in(list(peer_strata)))["business_id"])
    c = c.filter(pl.col("stratum").is_in(list(peer_strata)))
    result = Impact(
        None, None, None, c.height, p.height, start_year, pre_years, post_years, unmatched=unmatched
    )
    result.trends = trends(panel, set(c["business_id"]), set(p["business_id"]), start_year)
    if c.height < MIN_GROUP or p.height < MIN_GROUP:
        result.reason = "too_few"
        return result
    if len(pre_years) < 2 or not post_years:
        result.reason = "too_short"
        return result
    strata = sorted(peer_strata & set(c["stratum"].to_list()))
    index = {s: i for i, s in enumerate(strata)}
    d_c = c["d"].to_numpy()
    s_c = np.array([index[s] for s in c["stratum"]])
    rng = np.random.default_rng(seed)
    peer_mean = np.empty(len(strata))
    boot_peer = np.empty((n_boot, len(strata)))
    for s, i in index.items():
        d = p.filter(pl.col("stratum") == s)["d"].to_numpy()
        peer_mean[i] = d.mean()
        boot_peer[:, i] = d[rng.integers(0, d.size, (n_boot, d.size))].mean(axis=1)
    effect = float((d_c - peer_mean[s_c]).mean())
    idx = rng.integers(0, d_c.size, (n_boot, d_c.size))
    rows = np.arange(n_boot)[:, None]
    boots = (d_c[idx] - boot_peer[rows, s_c[idx]]).mean(axis=1)
    lo, hi = np.quantile(boots, [alpha / 2, 1 - alpha / 2])
    result.effect, result.ci_low, result.ci_high = effect, float(lo), float(hi)
    result.conclusive = bool(lo > 0 or hi < 0)
    result.reason = "" if result.conclusive else "interval_includes_zero"
    return result


def trends(
    panel: pl.DataFrame,
    cohort: set[str],
    peers: set[str],
    start_year: int,
) -> list[dict]:
    """Mean log turnover ×100 by year, relative to each group's year before start (for the
    parallel-trends chart)."""
    df = panel.filter(pl.col("turnover") > 0).with_columns(
        pl.when(pl.col("business_id").is_in(list(cohort)))
        .then(pl.lit("cohort"))
        .when(pl.col("business_id").is_in(list(peers)))
        .then(pl.lit("peers"))
        .otherwise(None)
        .alias("group"),
        (pl.col("turnover").log() * 100).alias("lt"),
    )
    df = df.filter(pl.col("group").is_not_null())
    means = df.group_by("group", "year").agg(pl.col("lt").mean().alias("m")).sort("group", "year")
    base = means.filter(pl.col("year") == start_year - 1).select("group", pl.col("m").alias("b"))
    out = (
        means.join(base, on="group", how="left")
        .with_columns((pl.col("m") - pl.col("b")).alias("index"))
        .select("group", "year", "index")
    )
    return out.to_dicts()


def simulate_panel(
    *,
    n_companies: int = 600,
    n_cohort: int = 60,
    years: range = range(2000, 2012),
    start_year: int = 2005,
    effect: float = 3.0,
    seed: int = 0,
) -> tuple[pl.DataFrame, set[str]]:
    """A synthetic panel with a known effect: the cohort's annual log growth rises by `effect`
    log points ×100 from `start_year`. Industry trends and year shocks are shared with peers."""
    rng = np.random.default_rng(seed)
    ids = np.array([f"{i:07d}" for i in range(n_companies)])
    tol2 = rng.choice(["10", "25", "43", "62"], n_companies)
    trend = {"10": 1.0, "25": 3.0, "43": 2.0, "62": 5.0}
    level = rng.normal(13.0, 0.8, n_companies)  # log turnover ~ 440 k€
    cohort_mask = np.zeros(n_companies, bool)
    cohort_mask[rng.choice(n_companies, n_cohort, replace=False)] = True
    rows = []
    lt = level.copy()
    shocks = rng.normal(0, 2.0, len(years))
    ind_trend = np.array([trend[t] for t in tol2])
    for k, year in enumerate(years):
        if k:
            g = ind_trend + shocks[k] + rng.normal(0, 6.0, n_companies)
            g = g + np.where(cohort_mask & (year >= start_year), effect, 0.0)
            lt = lt + g / 100
        rows.append(
            pl.DataFrame(
                {
                    "business_id": ids,
                    "year": np.full(n_companies, year),
                    "turnover": np.exp(lt),
                    "personnel": np.full(n_companies, 5.0),
                    "tol2": tol2,
                }
            )
        )
    panel = pl.concat(rows)
    return panel, set(ids[cohort_mask].tolist())
