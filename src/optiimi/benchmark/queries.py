"""Read companies and financials into polars panels for the analytics."""

from __future__ import annotations

import polars as pl

from optiimi.benchmark.models import Company, Financials
from optiimi.regions.models import Region

SCHEMA = {"business_id": pl.Utf8, "year": pl.Int64, "turnover": pl.Float64, "personnel": pl.Float64}


def company_frame() -> pl.DataFrame:
    subs = {r.pk: r for r in Region.objects.subregions()}
    rows = []
    for c in Company.objects.select_related("municipality").only(
        "business_id", "tol", "section", "municipality__parent_id", "municipality__name_fi"
    ):
        sub = subs.get(c.municipality.parent_id)
        rows.append(
            {
                "business_id": c.business_id,
                "section": c.section,
                **{f"tol{n}": c.tol[:n] if len(c.tol) >= n else c.tol for n in (2, 3, 4, 5)},
                "municipality": c.municipality.name_fi,
                "subregion": sub.name_fi if sub else "",
                "region": (sub.parent.name_fi if sub and sub.parent_id else ""),
            }
        )
    if not rows:
        return pl.DataFrame(schema={"business_id": pl.Utf8})
    return pl.DataFrame(rows)


def panel() -> pl.DataFrame:
    """One row per company-year with the company's industry and area columns."""
    fin = list(
        Financials.objects.values_list("company__business_id", "year", "turnover", "personnel")
    )
    frame = pl.DataFrame(
        [(b, y, float(t), float(p)) for b, y, t, p in fin], schema=SCHEMA, orient="row"
    )
    companies = company_frame()
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
