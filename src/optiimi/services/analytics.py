"""Is the promise kept? The monthly figures from the cases' columns: pure polars and numpy, no
Django. Working days are counted with numpy's business-day calendar and Finnish holidays.

Per group (a month, and optionally an organisation or a sub-region):
- `first_contact_median`: median working days from the request to the first contact;
- `right_org_median`: median working days from the request to its acceptance by the
  organisation that closed it (0 when the first organisation was the right one);
- `referral_acceptance`: accepted referrals of those answered, %;
- `kept_share`: requests whose promise was kept, of those whose promise was met or broken, %;
- `announced_share`: breaches the company was told of before the due day, of all breaches, %.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

import numpy as np
import polars as pl

from optiimi.services import clock

CASE_COLUMNS = (
    "created",
    "first_contact",
    "accepted",
    "closed",
    "organisation",
    "sub_region",
    "first_contact_kept",
    "plan_kept",
    "due",
    "breach_announced",
)
REFERRAL_COLUMNS = ("created", "organisation", "sub_region", "status")


def _holidays(first: int, last: int) -> np.ndarray:
    days = [d for year in range(first, last + 1) for d in clock._finnish(year)]
    return np.array(sorted(days), dtype="datetime64[D]")


def working_days(start: pl.Series, end: pl.Series) -> pl.Series:
    """Working days after `start` up to and including `end`, per row (null where end is)."""
    mask = end.is_not_null().to_numpy()
    out = np.full(len(start), np.nan)
    if mask.any():
        s = start.to_numpy()[mask].astype("datetime64[D]")
        e = end.to_numpy()[mask].astype("datetime64[D]")
        years = [int(str(s.min())[:4]), int(str(e.max())[:4])]
        hol = _holidays(min(years), max(years))
        one = np.timedelta64(1, "D")
        out[mask] = np.busday_count(s + one, np.maximum(e, s) + one, holidays=hol)
    return pl.Series(out)


DATES = ("created", "first_contact", "accepted", "closed", "due")


def _frame(rows: Sequence[tuple[Any, ...]], schema: dict[str, Any]) -> pl.DataFrame:
    """Rows with dates as ISO text (or `date`) and booleans as bool or 0/1, into a typed
    frame; the text is parsed by polars in one go."""
    loose = {
        k: (pl.Utf8 if v == pl.Date else pl.Int64 if v == pl.Boolean else v)
        for k, v in schema.items()
    }
    if rows and any(isinstance(v, datetime.date) for v in rows[0]):
        rows = [
            tuple(v.isoformat() if isinstance(v, datetime.date) else v for v in row) for row in rows
        ]
    frame = pl.DataFrame(rows, schema=loose, orient="row", strict=False)
    return frame.with_columns(
        [
            pl.col(k).str.slice(0, 10).str.to_date("%Y-%m-%d")
            if v == pl.Date
            else pl.col(k).cast(pl.Boolean)
            for k, v in schema.items()
            if v in (pl.Date, pl.Boolean)
        ]
    )


def case_frame(rows: Sequence[tuple[Any, ...]]) -> pl.DataFrame:
    return _frame(
        rows,
        {
            "created": pl.Date,
            "first_contact": pl.Date,
            "accepted": pl.Date,
            "closed": pl.Date,
            "organisation": pl.Int64,
            "sub_region": pl.Utf8,
            "first_contact_kept": pl.Boolean,
            "plan_kept": pl.Boolean,
            "due": pl.Date,
            "breach_announced": pl.Boolean,
        },
    )


def referral_frame(rows: Sequence[tuple[Any, ...]]) -> pl.DataFrame:
    return _frame(
        rows,
        {
            "created": pl.Date,
            "organisation": pl.Int64,
            "sub_region": pl.Utf8,
            "status": pl.Utf8,
        },
    )


def monthly(
    cases: pl.DataFrame,
    referrals: pl.DataFrame,
    *,
    today: datetime.date,
    by: str | None = None,
) -> pl.DataFrame:
    """One row a month (and a value of `by`: "organisation" or "sub_region")."""
    keys = ["month"] + ([by] if by else [])
    if cases.is_empty():
        return pl.DataFrame()
    # The time to the right organisation is known once the case is closed.
    right = cases.select(
        pl.when(pl.col("closed").is_not_null()).then(pl.col("accepted")).otherwise(None)
    ).to_series()
    c = cases.with_columns(
        pl.col("created").dt.strftime("%Y-%m").alias("month"),
        working_days(cases["created"], cases["first_contact"]).alias("to_contact"),
        working_days(cases["created"], right).alias("to_right"),
    )
    broken = (
        (pl.col("first_contact_kept") == False)  # noqa: E712 - null is not broken
        | (pl.col("plan_kept") == False)  # noqa: E712
        | (pl.col("due").is_not_null() & (pl.col("due") < today))
    ).fill_null(False)
    kept = (pl.col("first_contact_kept") & pl.col("plan_kept").fill_null(True)).fill_null(False)
    c = c.with_columns(broken.alias("broken"), (kept & ~broken).alias("kept"))
    out = (
        c.group_by(keys)
        .agg(
            pl.len().alias("cases"),
            pl.col("to_contact").drop_nans().median().alias("first_contact_median"),
            pl.col("to_right").drop_nans().median().alias("right_org_median"),
            pl.col("kept").sum().alias("kept"),
            pl.col("broken").sum().alias("broken"),
            (pl.col("broken") & pl.col("breach_announced").fill_null(False))
            .sum()
            .alias("announced"),
        )
        .with_columns(
            _share(pl.col("kept"), pl.col("kept") + pl.col("broken")).alias("kept_share"),
            _share(pl.col("announced"), pl.col("broken")).alias("announced_share"),
        )
    )
    if not referrals.is_empty():
        r = (
            referrals.with_columns(pl.col("created").dt.strftime("%Y-%m").alias("month"))
            .filter(pl.col("status").is_in(["accepted", "declined"]))
            .group_by(keys)
            .agg(
                pl.len().alias("referrals"),
                (pl.col("status") == "accepted").sum().alias("accepted"),
            )
        )
        out = out.join(r, on=keys, how="left")
    else:
        out = out.with_columns(
            pl.lit(0, dtype=pl.UInt32).alias("referrals"),
            pl.lit(0, dtype=pl.UInt32).alias("accepted"),
        )
    out = out.with_columns(
        pl.col("referrals").fill_null(0), pl.col("accepted").fill_null(0)
    ).with_columns(_share(pl.col("accepted"), pl.col("referrals")).alias("referral_acceptance"))
    return out.sort(keys)


def _share(part: pl.Expr, whole: pl.Expr) -> pl.Expr:
    return pl.when(whole > 0).then((100.0 * part / whole).round(1)).otherwise(None)
