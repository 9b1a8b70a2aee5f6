"""With a read replica configured (here Django's test mirror of the test database), the
dashboards read the indicator store through the `replica` connection and write to `default`."""

from __future__ import annotations

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from optiimi.core import replica

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture
def replica_router(settings):
    settings.DATABASE_ROUTERS = [replica.ROUTER]  # what DATABASE_REPLICA_URL turns on


def _sql(captured: CaptureQueriesContext) -> str:
    return "\n".join(q["sql"] for q in captured.captured_queries)


def test_subregion_dashboard_reads_the_store_from_the_replica(
    client, demo_statistics, replica_router
):
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_default,
    ):
        response = client.get("/foresight/135/")
    assert response.status_code == 200
    assert "Äänekoski" in response.content.decode()  # the store's figures, read from the replica
    assert "foresight_observation" in _sql(on_replica)
    assert "foresight_indicator" in _sql(on_replica)
    assert "foresight_observation" not in _sql(on_default)
    # the page's other reads and its one write (the day's view count) go to default
    assert "regions_region" in _sql(on_default) and "regions_region" not in _sql(on_replica)
    assert "foresight_dashboardview" in _sql(on_default)
    assert not any(
        q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        for q in on_replica.captured_queries
    )


def test_series_download_reads_the_store_from_the_replica(client, demo_statistics, replica_router):
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        response = client.get("/foresight/series.csv?indicator=demo.population&region=131")
    assert response.status_code == 200
    assert "foresight_observation" in _sql(on_replica)
    assert len(response.content.decode().splitlines()) > 2  # the header and the rows


def test_without_the_router_the_dashboard_reads_default(client, demo_statistics):
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert client.get("/foresight/135/").status_code == 200
    assert on_replica.captured_queries == []
