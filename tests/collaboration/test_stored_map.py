"""The network map's default drawing is stored when the ledger is rebuilt: the first request
after a rebuild reads it and lays nothing out, and it is what the page would compute."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from polars.testing import assert_frame_equal

from optiimi.collaboration import netmap, queries, services
from optiimi.collaboration.models import Ledger, StoredMap
from optiimi.core.writes import System
from tests.collaboration.test_api_and_pages import florence  # noqa: F401 - a fixture

SETUP = System("test setup")


@pytest.fixture
def rebuilt(florence):  # noqa: F811
    services.rebuild_ledger(actor=SETUP)
    cache.clear()
    return Ledger.objects.get()


def test_the_stored_default_map_is_what_the_page_would_compute(rebuilt):
    stored = StoredMap.objects.get()
    assert (stored.version, stored.year, stored.kind, stored.top) == (
        rebuilt.version,
        2004,
        "",
        netmap.TOP_TIES,
    )
    read = queries.stored_map(2004, None, netmap.TOP_TIES)
    computed = queries.compute_map(2004, None, netmap.TOP_TIES)
    assert read is not None
    assert read.pair_count == computed.pair_count == 20
    assert_frame_equal(read.pairs, computed.pairs)
    assert read.positions == computed.positions
    assert len(read.positions) == 15  # Pucci has no marriage tie


def test_the_first_map_request_after_a_rebuild_lays_nothing_out(rebuilt, client, monkeypatch):
    computed = queries.compute_map(2004, None, netmap.TOP_TIES)
    orgs = queries.organisations()
    measures = queries.year_measures(2004)
    expected = netmap.draw(
        computed.pairs, orgs, measures, "weighted_degree", 2004, "", computed.positions
    ).svg("map-h")

    def refused(*args, **kwargs):
        raise AssertionError("the default map is stored: nothing is laid out or summed")

    monkeypatch.setattr(netmap, "layout", refused)
    monkeypatch.setattr(queries, "strongest_pairs", refused)
    monkeypatch.setattr(queries, "compute_map", refused)
    page = client.get("/network/").content.decode()
    assert expected in page
    assert page.count("<line") == 20


def test_the_first_map_request_reads_stored_rows_only(rebuilt, client):
    with CaptureQueriesContext(connection) as queries_made:
        assert client.get("/network/").status_code == 200
    sql = [q["sql"] for q in queries_made.captured_queries]
    assert len(sql) <= 15
    # of the ledger's ties only the list of years is read: none summed per pair
    on_ties = [q for q in sql if '"collaboration_tie"' in q]
    assert len(on_ties) == 1 and "DISTINCT" in on_ties[0] and "GROUP BY" not in on_ties[0]
    assert any('"collaboration_storedmap"' in q for q in sql)


def test_another_map_is_computed_on_first_read(rebuilt, client, monkeypatch):
    calls = []
    layout = netmap.layout
    monkeypatch.setattr(netmap, "layout", lambda g: calls.append(g) or layout(g))
    page = client.get("/network/?top=10").content.decode()
    assert page.count("<line") == 10 and len(calls) == 1
    assert StoredMap.objects.count() == 1  # only the default map is stored


def test_a_rebuild_that_changes_the_ledger_stores_a_new_default_map(rebuilt):
    from optiimi.collaboration.models import ImportedTie

    services.remove_imported_ties(actor=SETUP)
    assert not ImportedTie.objects.exists()
    services.rebuild_ledger(actor=SETUP)
    assert not StoredMap.objects.exists()  # no ties, no map; the old version's is gone
    assert Ledger.objects.get().version == rebuilt.version + 1


def test_a_label_near_either_edge_of_the_map_runs_inwards_and_is_not_cut_off():
    def node(pk: int, x: float) -> netmap.Node:
        return netmap.Node(
            pk, x, 300.0, 8.0, "public", "Äänekosken kaupunki", "Äänekosken kaupunki", True, 1.0
        )

    svg = netmap.Map([node(1, 40.0), node(2, 500.0), node(3, 960.0)], []).svg("map-h")

    assert '<text x="40.0" y="300.0" dy="-8.0" class="from-node">' in svg
    assert '<text x="500.0" y="300.0" dy="-8.0">' in svg
    assert '<text x="960.0" y="300.0" dy="-8.0" class="to-node">' in svg
