"""The figures merged from monthly summaries equal the full recomputation, on random data."""

from __future__ import annotations

import datetime
import random

import polars as pl
import pytest

from optiimi.services import analytics

TODAY = datetime.date(2026, 6, 15)


def _random_frames(rng: random.Random, n: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    cases, referrals = [], []
    for _ in range(n):
        created = datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randint(0, 530))
        contact = (
            created + datetime.timedelta(days=rng.randint(0, 9)) if rng.random() < 0.85 else None
        )
        closed = (
            (contact or created) + datetime.timedelta(days=rng.randint(0, 40))
            if contact and rng.random() < 0.7
            else None
        )
        accepted = (
            created + datetime.timedelta(days=rng.randint(0, 5)) if rng.random() < 0.3 else created
        )
        due = None if closed else created + datetime.timedelta(days=rng.randint(1, 30))
        choice = [True, False, None]
        cases.append(
            (
                created,
                contact,
                accepted,
                closed,
                rng.randint(1, 4),
                rng.choice(["131", "132", None]),
                rng.choice(choice) if contact else None,
                rng.choice(choice) if closed else None,
                due if rng.random() < 0.9 else None,
                rng.choice(choice),
            )
        )
        if rng.random() < 0.3:
            referrals.append(
                (
                    created + datetime.timedelta(days=rng.randint(0, 3)),
                    rng.randint(1, 4),
                    rng.choice(["131", "132", None]),
                    rng.choice(["pending", "accepted", "declined", "withdrawn"]),
                )
            )
    return analytics.case_frame(cases), analytics.referral_frame(referrals)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("by", [None, "organisation", "sub_region"])
def test_summaries_give_the_full_recomputation(seed, by):
    rng = random.Random(seed)
    cases, referrals = _random_frames(rng, 1500)
    summaries = analytics.summarise(cases, referrals)
    for today in (TODAY, datetime.date(2025, 3, 3), datetime.date(2027, 1, 1)):
        full = analytics.monthly(cases, referrals, today=today, by=by).to_dicts()
        fast = analytics.from_summaries(summaries.items(), today=today, by=by).to_dicts()
        assert fast == full
    # one organisation, one sub-region: the summaries filtered equal the frames filtered
    full = analytics.monthly(
        cases.filter(pl.col("organisation") == 2),
        referrals.filter(pl.col("organisation") == 2),
        today=TODAY,
        by=by,
    ).to_dicts()
    chosen = [(k, s) for k, s in summaries.items() if k[1] == 2]
    assert analytics.from_summaries(chosen, today=TODAY, by=by).to_dicts() == full
    full = analytics.monthly(
        cases.filter(pl.col("sub_region") == "132"),
        referrals.filter(pl.col("sub_region") == "132"),
        today=TODAY,
        by=by,
    ).to_dicts()
    chosen = [(k, s) for k, s in summaries.items() if k[2] == "132"]
    assert analytics.from_summaries(chosen, today=TODAY, by=by).to_dicts() == full
    assert full  # the comparison was not of two empty lists


def test_medians_from_histograms():
    assert analytics._median({}) is None
    assert analytics._median({"3": 1}) == 3.0
    assert analytics._median({"1": 1, "4": 1}) == 2.5
    assert analytics._median({"0": 2, "7": 1}) == 0.0


@pytest.mark.django_db
def test_the_figures_page_reads_the_months_summaries_recomputing_only_changed_months(
    case, advisor, other_organisation, joutsa
):
    from django.utils import timezone

    from optiimi.services import queries, services
    from optiimi.services.models import FigureMonth

    today = timezone.localdate()
    old = services.receive_request(
        actor=services.COMPANY,
        company_name="Vanha Oy",
        email="v@example.com",
        municipality=joutsa,
        need="Rahoitus",
        consent_to_share=True,
        at=timezone.now() - datetime.timedelta(days=70),
        mail=False,
    )
    services.respond(old, actor=advisor, at=timezone.now() - datetime.timedelta(days=69))
    services.refer(old, actor=advisor, to=other_organisation, reason="Keuruu")
    assert queries.figures.rows(today=today) == queries.full_metrics(today=today)
    assert FigureMonth.objects.filter(computed=None).count() == 0
    computed = dict(FigureMonth.objects.values_list("month", "computed"))
    services.close(case, actor=advisor, outcome="helped")  # this month only
    after = dict(FigureMonth.objects.values_list("month", "changes"))
    this = today.replace(day=1)
    assert after[this] > computed[this]
    assert all(after[m] == computed[m] for m in after if m != this)  # others untouched
    for by in (None, "organisation", "sub_region"):
        fast = queries.figures.rows(today=today, by=by)
        assert fast == queries.full_metrics(today=today, by=by)
    org = case.holder_id
    assert queries.figures.rows(today=today, organisation=org) == queries.full_metrics(
        today=today, organisation=org
    )
    rows = queries.metrics()
    assert sum(r["cases"] for r in rows) == 2
