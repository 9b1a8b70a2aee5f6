"""A year of synthetic requests in the demo gives the monthly page and the plan's indicator
their data; the figures are computed as the page and the registry show them."""

from __future__ import annotations

import datetime

import polars as pl
import pytest
from django.test import Client

from optiimi.core import indicators
from optiimi.demo import services as demo_services
from optiimi.demo.loader import load_organisations
from optiimi.services import analytics
from optiimi.services.models import Case, Referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_of_requests(regions):
    load_organisations()
    demo_services.load_catalogue()
    return demo_services.load_requests(seed=7, days=120)


def test_demo_requests_are_synthetic_and_travel(year_of_requests):
    assert year_of_requests > 50
    assert not Case.objects.filter(synthetic=False).exists()
    assert Referral.objects.filter(status="accepted").exists()
    assert Referral.objects.filter(status="declined").exists()
    assert Case.objects.filter(status="closed").count() > year_of_requests / 2
    assert demo_services.load_requests(seed=7, days=120) == 0  # loaded once


def test_metrics_page_and_indicators_have_data(year_of_requests):
    page = Client().get("/services/promise/")
    assert page.status_code == 200
    assert "synteettis" in page.content.decode().lower() or "synthetic" in page.content.decode()
    # the key figures are the design system's component: a list of value and label
    text = page.content.decode()
    stats = text[text.index('<div class="grid stats" role="list">') :].split("\n</div>")[0]
    assert stats.count('<div class="stat" role="listitem"><span class="value">') == 4
    assert "&nbsp;%</span>" in stats and "<br>" not in stats
    values = indicators.get("services.promise_kept_share").compute()
    network = [v for v in values if v.region is None]
    assert network and all(0 <= v.value <= 100 for v in network)
    assert any(v.region == "132" for v in values)
    assert indicators.get("services.time_to_right_organisation").compute()


def _frame(rows):
    return analytics.case_frame(rows)


def test_time_to_right_organisation_counts_working_days_until_acceptance():
    monday = datetime.date(2026, 6, 15)
    rows = [
        # Accepted by the closing organisation on Tuesday 23 June, after Juhannus: 5 days.
        (
            monday,
            monday,
            datetime.date(2026, 6, 23),
            datetime.date(2026, 6, 24),
            1,
            "132",
            True,
            True,
            None,
            None,
        ),
        # The first organisation was the right one.
        (monday, monday, monday, datetime.date(2026, 6, 16), 1, "132", True, True, None, None),
        # Still open: not counted yet.
        (monday, None, monday, None, 1, "132", None, None, datetime.date(2026, 6, 17), None),
    ]
    out = analytics.monthly(
        _frame(rows), analytics.referral_frame([]), today=datetime.date(2026, 6, 30)
    )
    row = out.to_dicts()[0]
    assert row["cases"] == 3
    assert row["right_org_median"] == 2.5  # median of 5 and 0
    # The open case passed its due day: a broken promise, not announced.
    assert (row["kept"], row["broken"], row["announced_share"]) == (2, 1, 0.0)


def test_referral_acceptance_rate():
    day = datetime.date(2026, 3, 2)
    referrals = analytics.referral_frame(
        [(day, 1, "132", "accepted"), (day, 1, "132", "declined"), (day, 1, "132", "pending")]
    )
    cases = _frame([(day, day, day, day, 1, "132", True, True, None, None)])
    row = analytics.monthly(cases, referrals, today=day).to_dicts()[0]
    assert (row["referrals"], row["accepted"], row["referral_acceptance"]) == (2, 1, 50.0)
    assert isinstance(analytics.working_days(pl.Series([day]), pl.Series([None])), pl.Series)
