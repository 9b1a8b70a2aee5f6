"""Read companies and financials into polars panels for the analytics."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import polars as pl
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max

from optiimi.benchmark import analytics
from optiimi.benchmark.models import Cohort, CohortImpact, Company, Financials
from optiimi.regions.models import Region

SCHEMA = {"business_id": pl.Utf8, "year": pl.Int64, "turnover": pl.Float64, "personnel": pl.Float64}


def company_frame() -> pl.DataFrame:
    subs = {r.pk: r for r in Region.objects.subregions().select_related("parent")}
    rows = []
    for c in Company.objects.select_related("municipality").only(
        "business_id", "tol", "section", "municipality__parent_id", "municipality__name_fi"
    ):
        parent_id = c.municipality.parent_id
        sub = subs.get(parent_id) if parent_id is not None else None
        rows.append(
            {
                "business_id": c.business_id,
                "section": c.section,
                **{f"tol{n}": c.tol[:n] if len(c.tol) >= n else c.tol for n in (2, 3, 4, 5)},
                "municipality": c.municipality.name_fi,
                "subregion": sub.name_fi if sub else "",
                "region": (sub.parent.name_fi if sub and sub.parent else ""),
            }
        )
    if not rows:
        return pl.DataFrame(schema={"business_id": pl.Utf8})
    return pl.DataFrame(rows)


def panel(*, year: int | None = None, companies: pl.DataFrame | None = None) -> pl.DataFrame:
    """One row per company-year with the company's industry and area columns (of one `year`
    only when given; `companies`: the `company_frame()` when the caller has it already)."""
    financials = Financials.objects.all() if year is None else Financials.objects.filter(year=year)
    fin = list(financials.values_list("company__business_id", "year", "turnover", "personnel"))
    frame = pl.DataFrame(
        [(b, y, float(t), float(p)) for b, y, t, p in fin], schema=SCHEMA, orient="row"
    )
    companies = company_frame() if companies is None else companies
    if companies.height == 0:
        return frame.with_columns(
            *(
                pl.lit(None, pl.Utf8).alias(c)
                for c in (
                    "section",
                    "tol2",
                    "tol3",
                    "tol4",
                    "tol5",
                    "municipality",
                    "subregion",
                    "region",
                )
            )
        )
    return frame.join(companies, on="business_id", how="inner")


def export_parquet(directory: Path) -> int:
    """Write the financials with the companies' industry and area columns as Parquet, one file
    a year (`analytics.write_panel`), replacing an earlier export there; a year at a time, so
    the whole panel is never in memory. Returns the company-years written."""
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.glob(analytics.PANEL_FILE.format(year="*")):
        old.unlink()
    companies = company_frame()
    years = Financials.objects.values_list("year", flat=True).distinct().order_by("year")
    written = 0
    for year in years:
        frame = panel(year=year, companies=companies)
        analytics.write_panel(frame, directory)
        written += frame.height
    return written


def peer_percentiles(value: str = "turnover_growth") -> Iterator[pl.DataFrame]:
    """Every company-year's growth percentile, n, mean and median in each peer grouping
    (`analytics.percentiles`), a frame a year. From the database's panel in memory; with
    `OPTIIMI_PEERS_PARQUET` set, from the Parquet files there, a year at a time with polars'
    streaming engine (the same figures; `analytics.percentiles_by_year`)."""
    if settings.PEERS_PARQUET:
        directory = Path(settings.PEERS_PARQUET)
        if not any(directory.glob(analytics.PANEL_FILE.format(year="*"))):
            raise FileNotFoundError(
                f"no financials in {directory}: write them with "
                "`optiimi benchmark export-parquet` (OPTIIMI_PEERS_PARQUET)"
            )
        yield from analytics.percentiles_by_year(analytics.scan_panel(directory), value)
        return
    growth = analytics.with_growth(panel()).filter(pl.col(value).is_not_null())
    if not growth.height:
        return
    ranked = analytics.percentiles(growth, value)  # ordered by year: a year is a slice of it
    offset = 0
    for rows in ranked.group_by("year", maintain_order=True).len()["len"]:
        yield ranked.slice(offset, rows)
        offset += rows


def _data_version() -> str:
    """Changes whenever companies or financials are written (bulk inserts included)."""
    fin = Financials.objects.aggregate(n=Count("pk"), last=Max("pk"))
    hist_fin = Financials.history.aggregate(last=Max("history_id"))
    comp = Company.objects.aggregate(n=Count("pk"), last=Max("pk"))
    hist_comp = Company.history.aggregate(last=Max("history_id"))
    parts = (fin["n"], fin["last"], hist_fin["last"], comp["n"], comp["last"], hist_comp["last"])
    return ".".join(str(p) for p in parts)


def impact_key(cohort: Cohort, n_boot: int = 2000, seed: int = 0) -> str:
    """What an estimate depends on: the cohort's last change, the bootstrap, the data."""
    return f"{cohort.pk}:{cohort.updated.timestamp()}:{n_boot}:{seed}:{_data_version()}"


def compute_impact(
    cohort: Cohort, *, n_boot: int = 2000, seed: int = 0, panel_frame: pl.DataFrame | None = None
) -> analytics.Impact:
    """The cohort's difference-in-differences estimate, computed now."""
    ids = set(cohort.companies.values_list("business_id", flat=True))
    return analytics.did(
        panel() if panel_frame is None else panel_frame,
        ids,
        start_year=cohort.start_year,
        pre=cohort.pre_years,
        post=cohort.post_years,
        n_boot=n_boot,
        seed=seed,
    )


def cohort_impact(
    cohort: Cohort,
    *,
    n_boot: int = 2000,
    seed: int = 0,
    panel_frame: pl.DataFrame | None = None,
) -> analytics.Impact:
    """The cohort's difference-in-differences estimate: the one the last recomputation job
    stored while nothing it depends on has changed, else computed here (and cached until the
    data or cohort change). The bootstrap is seeded, so the same data always give the same
    interval. `panel_frame`: the panel when the caller has it already (several cohorts)."""
    key = impact_key(cohort, n_boot, seed)
    cached = cache.get(f"benchmark:impact:{key}")
    if cached is not None:
        return cached
    stored = CohortImpact.objects.filter(cohort=cohort, key=key).values_list("result", flat=True)
    if stored:
        result = analytics.Impact(**stored[0])
    else:
        result = compute_impact(cohort, n_boot=n_boot, seed=seed, panel_frame=panel_frame)
    cache.set(f"benchmark:impact:{key}", result, 3600)
    return result
