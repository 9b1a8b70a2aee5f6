"""Reads for the pages and the API: the advisor's queue and the monthly figures."""

from __future__ import annotations

import datetime
from typing import Any

import polars as pl
from django.core.cache import cache
from django.db import connection
from django.db.models import CharField, F, Max, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from optiimi.services import analytics, figures
from optiimi.services.models import Case, CaseStatus, Referral, ReferralStatus

QUEUES = ("new", "mine", "referred", "waiting", "overdue", "all")


def queue(user: Any, organisation_id: int | None, which: str) -> QuerySet[Case]:
    """The cases of one queue of an organisation's advisors."""
    cases = Case.objects.select_related("holder", "municipality", "assignee")
    today = timezone.localdate()
    if organisation_id is None:  # the coordinator: the network's open cases
        held = cases.exclude(status=CaseStatus.CLOSED)
    else:
        held = cases.filter(holder_id=organisation_id).exclude(status=CaseStatus.CLOSED)
    if which == "new":
        return held.filter(status=CaseStatus.NEW).order_by("due", "created")
    if which == "mine":
        return held.filter(assignee=user).order_by("due", "created")
    if which == "referred":
        pending = Referral.objects.filter(status=ReferralStatus.PENDING)
        if organisation_id is not None:
            pending = pending.filter(to_organisation_id=organisation_id)
        return cases.filter(pk__in=pending.values("case_id")).order_by("due", "created")
    if which == "waiting":
        return held.filter(status=CaseStatus.WAITING).order_by("created")
    if which == "overdue":
        return held.filter(due__lt=today).order_by("due", "created")
    return held.order_by("due", "created")


def queue_counts(user: Any, organisation_id: int | None) -> dict[str, int]:
    return {which: queue(user, organisation_id, which).count() for which in QUEUES}


def version() -> str:
    """Changes whenever a case or referral does: the figures' cache key."""
    cases = Case.history.aggregate(m=Max("history_id"))["m"]
    referrals = Referral.history.aggregate(m=Max("history_id"))["m"]
    return f"{cases}-{referrals}"


def _rows(queryset: QuerySet[Any], fields: tuple[str, ...]) -> list[tuple[Any, ...]]:
    """The rows as the database gives them, without Django's per-value conversion: dates are
    cast to ISO text in SQL, so that no driver parses 100,000 of them one by one; the frame
    parses them in one go."""
    dates = {"created_on", "first_contact_on", "accepted_on", "closed_on", "due"}
    columns = {
        f"c{i}": Cast(name, CharField()) if name in dates else F(name)
        for i, name in enumerate(fields)
    }
    rows = queryset.order_by().annotate(**columns).values_list(*columns)
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def frames(
    *,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    organisation: int | None = None,
    sub_region: str | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The cases and referrals received between `start` and `end` (inclusive), as frames."""
    cases = Case.objects.all()
    referrals = Referral.objects.all()
    if start:
        cases = cases.filter(created_on__gte=start)
        referrals = referrals.filter(created_on__gte=start)
    if end:
        cases = cases.filter(created_on__lte=end)
        referrals = referrals.filter(created_on__lte=end)
    if organisation:
        cases = cases.filter(holder_id=organisation)
        referrals = referrals.filter(to_organisation_id=organisation)
    if sub_region:
        cases = cases.filter(sub_region__code=sub_region)
        referrals = referrals.filter(case__sub_region__code=sub_region)
    case_rows = _rows(
        cases,
        (
            "created_on",
            "first_contact_on",
            "accepted_on",
            "closed_on",
            "holder_id",
            "sub_region__code",
            "first_contact_kept",
            "plan_kept",
            "due",
            "breach_announced",
        ),
    )
    referral_rows = _rows(
        referrals, ("created_on", "to_organisation_id", "case__sub_region__code", "status")
    )
    return analytics.case_frame(case_rows), analytics.referral_frame(referral_rows)


def metrics(
    *,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    organisation: int | None = None,
    sub_region: str | None = None,
    by: str | None = None,
) -> list[dict[str, Any]]:
    """The monthly figures as rows, cached until a case or referral changes: of whole months
    merged from the months' summaries (`figures.py`), of other periods recomputed."""
    today = timezone.localdate()
    key = f"services.metrics:{version()}:{start}:{end}:{organisation}:{sub_region}:{by}:{today}"
    found = cache.get(key)
    if found is not None:
        return found
    if figures.whole_months(start, end):
        rows = figures.rows(
            today=today,
            start=start,
            end=end,
            organisation=organisation,
            sub_region=sub_region,
            by=by,
        )
    else:
        rows = full_metrics(
            today=today,
            start=start,
            end=end,
            organisation=organisation,
            sub_region=sub_region,
            by=by,
        )
    cache.set(key, rows, 60 * 60)
    return rows


def full_metrics(
    *,
    today: datetime.date,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    organisation: int | None = None,
    sub_region: str | None = None,
    by: str | None = None,
) -> list[dict[str, Any]]:
    """The monthly figures recomputed from every request of the period (any period)."""
    cases, referrals = frames(
        start=start, end=end, organisation=organisation, sub_region=sub_region
    )
    return analytics.monthly(cases, referrals, today=today, by=by).to_dicts()


def totals(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts summed over the months (medians are not summed: the page shows them per month)."""
    total = {
        k: sum(r.get(k) or 0 for r in rows)
        for k in ("cases", "kept", "broken", "announced", "referrals", "accepted")
    }
    total["kept_share"] = _share(total["kept"], total["kept"] + total["broken"])
    total["announced_share"] = _share(total["announced"], total["broken"])
    total["referral_acceptance"] = _share(total["accepted"], total["referrals"])
    return total


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def open_filter() -> Q:
    return ~Q(status=CaseStatus.CLOSED)
