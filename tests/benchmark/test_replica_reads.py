"""With a read replica configured (here Django's test mirror of the test database), the peer
benchmark pages read the financials store through the `replica` connection."""

from __future__ import annotations

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from optiimi.benchmark.models import Company
from optiimi.core import replica


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_industry_page_reads_the_financials_from_the_replica(demo_companies, client, settings):
    settings.DATABASE_ROUTERS = [replica.ROUTER]  # what DATABASE_REPLICA_URL turns on
    code = Company.objects.values_list("section", flat=True).first()
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_default,
    ):
        page = client.get(f"/benchmark/industry/{code}/")
    assert page.status_code == 200
    assert page.context["totals"]  # the groups computed from the financials read there
    on_replica_sql = "\n".join(q["sql"] for q in on_replica.captured_queries)
    on_default_sql = "\n".join(q["sql"] for q in on_default.captured_queries)
    assert "benchmark_financials" in on_replica_sql
    assert "benchmark_financials" not in on_default_sql
