"""The monthly figures kept per month, so that the figures page answers from a few hundred
summaries instead of reading every request.

Every save or delete of a case or referral counts as a change of its month (`touch`, connected
in `ServicesConfig.ready`; `bulk_cases` touches the months it wrote). When the figures are read,
the months changed since their summaries were computed are recomputed — only those — from
their own requests and referrals (`analytics.summarise`), and the figures of the chosen months,
organisation and sub-region are merged from the summaries (`analytics.from_summaries`), equal
to the full recomputation (`analytics.monthly`; `tests/services/test_figures_fast_path.py`).
The summaries hold nothing that depends on the day they are read: the open cases are counted
by their due day.
"""

from __future__ import annotations

import calendar
import datetime
import secrets
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

from django.db.models import F

from optiimi.services import analytics
from optiimi.services.models import FigureMonth

#: Up to this many changed months are recomputed one by one; more in one read.
ONE_BY_ONE = 3


def month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_end(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def whole_months(start: datetime.date | None, end: datetime.date | None) -> bool:
    """Whether a period is made of whole months (open ends count as whole)."""
    return (start is None or start.day == 1) and (end is None or end == month_end(end))


def touch(days: Iterable[datetime.date | None]) -> None:
    """Count a change in the months of these days (the received days of cases or referrals)."""
    for month in sorted({month_of(d) for d in days if d is not None}):
        if not FigureMonth.objects.filter(month=month).update(changes=F("changes") + 1):
            figure, created = FigureMonth.objects.get_or_create(
                month=month, defaults={"changes": 1}
            )
            if not created:
                FigureMonth.objects.filter(pk=figure.pk).update(changes=F("changes") + 1)


def changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Signal receiver: a case or referral was saved or deleted."""
    touch([instance.created_on])


#: This process's summaries as last read, per month: (token, summaries).
_read: dict[datetime.date, tuple[str, list[list[Any]]]] = {}
#: This process's merged summaries, per (month, token, organisation, sub-region, by).
_merged: OrderedDict[tuple[Any, ...], dict[tuple[Any, ...], analytics.Summary]] = OrderedDict()
KEEP_MERGED = 2000


def _recompute(months: list[tuple[datetime.date, int]]) -> None:
    from optiimi.services import queries

    seen = dict(months)
    spans = (
        [(month, month_end(month)) for month in seen]
        if len(seen) <= ONE_BY_ONE
        else [(min(seen), month_end(max(seen)))]
    )
    found: dict[datetime.date, list[list[Any]]] = {month: [] for month in seen}
    for start, end in spans:
        cases, referrals = queries.frames(start=start, end=end)
        for (label, org, sub), summary in analytics.summarise(cases, referrals).items():
            day = datetime.date.fromisoformat(f"{label}-01")
            if day in found:
                found[day].append([org, sub, summary])
    for month, summaries in found.items():
        token = secrets.token_hex(16)
        FigureMonth.objects.filter(month=month).update(
            summaries=summaries, computed=seen[month], token=token
        )
        _read[month] = (token, summaries)


def _month(
    month: datetime.date,
    token: str,
    organisation: int | None,
    sub_region: str | None,
    by: str | None,
) -> dict[tuple[Any, ...], analytics.Summary]:
    """One month's summaries merged for the chosen organisation and sub-region, kept in this
    process until the month is recomputed."""
    key = (month, token, organisation, sub_region, by)
    found = _merged.get(key)
    if found is not None:
        _merged.move_to_end(key)
        return found
    label = f"{month:%Y-%m}"
    chosen = [
        ((label, org, sub), summary)
        for org, sub, summary in _read[month][1]
        if (organisation is None or org == organisation)
        and (sub_region is None or sub == sub_region)
    ]
    found = analytics.merge(chosen, by=by)
    _merged[key] = found
    while len(_merged) > KEEP_MERGED:
        _merged.popitem(last=False)
    return found


def rows(
    *,
    today: datetime.date,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    organisation: int | None = None,
    sub_region: str | None = None,
    by: str | None = None,
) -> list[dict[str, Any]]:
    """The monthly figures of whole months (see `whole_months`), as `analytics.monthly` rows.
    Reads only the months' counters, then the summaries of the months recomputed or changed
    since this process last read them."""
    months = FigureMonth.objects.all()
    if start is not None:
        months = months.filter(month__gte=month_of(start))
    if end is not None:
        months = months.filter(month__lte=month_of(end))
    counters = list(months.order_by("month").values_list("month", "changes", "computed", "token"))
    stale = [
        (month, changes) for month, changes, computed, _token in counters if computed != changes
    ]
    if stale:
        _recompute(stale)
    fresh = {month for month, _changes in stale}
    current = {
        month: _read[month][0] if month in fresh else token
        for month, _changes, _computed, token in counters
    }
    unread = [m for m, token in current.items() if m not in _read or _read[m][0] != token]
    if unread:
        for month, token, summaries in FigureMonth.objects.filter(month__in=unread).values_list(
            "month", "token", "summaries"
        ):
            _read[month] = (token, summaries)
    merged: dict[tuple[Any, ...], analytics.Summary] = {}
    for month in current:
        merged.update(_month(month, _read[month][0], organisation, sub_region, by))
    return analytics.finish(merged, today=today, by=by).to_dicts()
