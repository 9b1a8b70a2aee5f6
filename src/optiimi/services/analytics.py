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
from collections.abc import Iterable, Sequence
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


# The same figures from monthly summaries ------------------------------------------------------
#
# A summary holds, for one month, organisation and sub-region, everything `monthly` needs and
# nothing that depends on the day it is read: counts, histograms of the working days (medians
# are exact from a histogram of whole days), and the open cases by due day (an open case past
# its due day counts as broken on the day the figures are read). The figures of any whole
# months, organisation and sub-region are then merged from a few hundred summaries.

Summary = dict[str, Any]
#: A summary's key: (month "YYYY-MM", organisation id, sub-region code or None).
Key = tuple[str, int | None, str | None]


def _empty() -> Summary:
    return {
        "cases": 0,
        "contact": {},
        "right": {},
        "kept": 0,
        "broken": 0,
        "announced": 0,
        "due": {},
        "referrals": 0,
        "accepted": 0,
    }


def summarise(cases: pl.DataFrame, referrals: pl.DataFrame) -> dict[Key, Summary]:
    """The summaries of the cases and referrals, per (month, organisation, sub-region); the
    organisation is a case's holder and a referral's receiver."""
    out: dict[Key, Summary] = {}
    if not cases.is_empty():
        right = cases.select(
            pl.when(pl.col("closed").is_not_null()).then(pl.col("accepted")).otherwise(None)
        ).to_series()
        c = cases.with_columns(
            pl.col("created").dt.strftime("%Y-%m").alias("month"),
            working_days(cases["created"], cases["first_contact"]).alias("to_contact"),
            working_days(cases["created"], right).alias("to_right"),
            (
                (pl.col("first_contact_kept") == False).fill_null(False)  # noqa: E712
                | (pl.col("plan_kept") == False).fill_null(False)  # noqa: E712
            ).alias("static_broken"),
            (pl.col("first_contact_kept") & pl.col("plan_kept").fill_null(True))
            .fill_null(False)
            .alias("keptcand"),
            pl.col("breach_announced").fill_null(False).alias("told"),
        )
        columns = (
            "month",
            "organisation",
            "sub_region",
            "to_contact",
            "to_right",
            "static_broken",
            "keptcand",
            "told",
            "due",
        )
        for month, org, sub, contact, to_right, broken, keptcand, told, due in c.select(
            columns
        ).iter_rows():
            s = out.setdefault((month, org, sub), _empty())
            s["cases"] += 1
            if contact == contact:  # not NaN
                day = str(int(contact))
                s["contact"][day] = s["contact"].get(day, 0) + 1
            if to_right == to_right:
                day = str(int(to_right))
                s["right"][day] = s["right"].get(day, 0) + 1
            if broken:
                s["broken"] += 1
                s["announced"] += int(told)
            elif due is not None:
                n, k, a = s["due"].get(due.isoformat(), (0, 0, 0))
                s["due"][due.isoformat()] = [n + 1, k + int(keptcand), a + int(told)]
            else:
                s["kept"] += int(keptcand)
    if not referrals.is_empty():
        r = referrals.with_columns(pl.col("created").dt.strftime("%Y-%m").alias("month")).filter(
            pl.col("status").is_in(["accepted", "declined"])
        )
        for month, org, sub, status in r.select(
            "month", "organisation", "sub_region", "status"
        ).iter_rows():
            s = out.setdefault((month, org, sub), _empty())
            s["referrals"] += 1
            s["accepted"] += int(status == "accepted")
    return out


def _median(histogram: dict[str, int]) -> float | None:
    n = sum(histogram.values())
    if n == 0:
        return None
    wanted = sorted({(n - 1) // 2, n // 2})
    found: list[int] = []
    seen = 0
    for day, count in sorted((int(d), c) for d, c in histogram.items()):
        seen += count
        while wanted and wanted[0] < seen:
            found.append(day)
            wanted.pop(0)
    return sum(found) / len(found)


def merge(
    summaries: Iterable[tuple[Key, Summary]], *, by: str | None = None
) -> dict[tuple[Any, ...], Summary]:
    """The summaries summed per month (and organisation or sub-region, `by`); still
    independent of the day of reading, so a month's merge can be kept."""
    merged: dict[tuple[Any, ...], Summary] = {}
    for (month, org, sub), s in summaries:
        key: tuple[Any, ...] = (month,)
        if by == "organisation":
            key = (month, org)
        elif by == "sub_region":
            key = (month, sub)
        m = merged.setdefault(key, _empty())
        for field in ("cases", "kept", "broken", "announced"):
            m[field] += s[field]
        if not (by == "sub_region" and sub is None):  # as `monthly`'s join: null keys no match
            m["referrals"] += s["referrals"]
            m["accepted"] += s["accepted"]
        for field in ("contact", "right"):
            for day, count in s[field].items():
                m[field][day] = m[field].get(day, 0) + count
        for due, (n, k, a) in s["due"].items():
            was = m["due"].get(due, (0, 0, 0))
            m["due"][due] = [was[0] + n, was[1] + k, was[2] + a]
    return merged


def from_summaries(
    summaries: Iterable[tuple[Key, Summary]], *, today: datetime.date, by: str | None = None
) -> pl.DataFrame:
    """The rows `monthly` gives, from the summaries of the chosen months, organisations and
    sub-regions."""
    return finish(merge(summaries, by=by), today=today, by=by)


def finish(
    merged: dict[tuple[Any, ...], Summary], *, today: datetime.date, by: str | None = None
) -> pl.DataFrame:
    """The rows `monthly` gives from merged summaries (`merge`), on the day `today`: an open
    request past its due day counts as broken. The merged summaries are not changed."""
    limit = today.isoformat()
    counted: dict[tuple[Any, ...], Summary] = {}
    for key, m in merged.items():
        kept, broken, announced = m["kept"], m["broken"], m["announced"]
        for due, (n, k, a) in m["due"].items():
            if due < limit:
                broken += n
                announced += a
            else:
                kept += k
        counted[key] = {**m, "kept": kept, "broken": broken, "announced": announced}
    merged = counted
    keys = ["month"] + ([by] if by else [])
    rows = [
        {
            **dict(zip(keys, key, strict=True)),
            "cases": m["cases"],
            "first_contact_median": _median(m["contact"]),
            "right_org_median": _median(m["right"]),
            "kept": m["kept"],
            "broken": m["broken"],
            "announced": m["announced"],
            "referrals": m["referrals"],
            "accepted": m["accepted"],
        }
        for key, m in merged.items()
        if m["cases"]
    ]
    if not rows:
        return pl.DataFrame()
    schema: dict[str, Any] = {"month": pl.Utf8}
    if by:
        schema[by] = pl.Int64 if by == "organisation" else pl.Utf8
    schema.update(
        {
            "cases": pl.UInt32,
            "first_contact_median": pl.Float64,
            "right_org_median": pl.Float64,
            "kept": pl.UInt32,
            "broken": pl.UInt32,
            "announced": pl.UInt32,
            "referrals": pl.UInt32,
            "accepted": pl.UInt32,
        }
    )
    out = pl.DataFrame(rows, schema=schema)
    return (
        out.with_columns(
            _share(pl.col("kept"), pl.col("kept") + pl.col("broken")).alias("kept_share"),
            _share(pl.col("announced"), pl.col("broken")).alias("announced_share"),
            _share(pl.col("accepted"), pl.col("referrals")).alias("referral_acceptance"),
        )
        .select(_columns(by))
        .sort(keys)
    )


def _columns(by: str | None) -> list[str]:
    """The columns of `monthly`, in order."""
    return [
        "month",
        *([by] if by else []),
        "cases",
        "first_contact_median",
        "right_org_median",
        "kept",
        "broken",
        "announced",
        "kept_share",
        "announced_share",
        "referrals",
        "accepted",
        "referral_acceptance",
    ]
