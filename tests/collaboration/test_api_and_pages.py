"""Known answers through the interfaces: Padgett's Florentine families imported as ties, the
API's ties, measures and bridging, `optiimi collaboration`, the pages and the exports."""

from __future__ import annotations

import csv
import datetime
import io
import json
from decimal import Decimal

import networkx as nx
import pytest
from django.core.management import call_command

from optiimi.collaboration import services
from optiimi.core.formats.tables import table_rows
from optiimi.core.indicators import get as indicator
from optiimi.core.writes import System
from optiimi.network import services as network
from optiimi.projects import services as projects

SETUP = System("test setup")


@pytest.fixture
def florence(db):
    """The Florentine marriage network (Padgett), families as organisations, imported."""
    g = nx.florentine_families_graph()
    for family in sorted(g):
        network.create_organisation(actor=SETUP, name=family, kind="other")
    text = "organisation_a,organisation_b,year,kind\n" + "".join(
        f"{a},{b},2004,other\n" for a, b in sorted(g.edges)
    )
    rows = table_rows(text.encode(), "florence.csv", {"organisation_a", "organisation_b"})
    summary = services.import_ties(rows, actor=SETUP)
    assert summary.new == g.number_of_edges()
    return g


def test_the_medici_broker_florence(florence, client):
    body = client.get("/api/v1/collaboration/measures?year=2004").json()
    assert len(body) == 15
    by_betweenness = sorted(body, key=lambda r: -r["betweenness"])
    assert by_betweenness[0]["name"] == "Medici"
    assert by_betweenness[0]["betweenness"] == pytest.approx(0.521978, abs=1e-6)
    by_constraint = sorted(body, key=lambda r: r["constraint"])
    assert by_constraint[0]["name"] == "Medici"
    assert by_constraint[0]["constraint"] == pytest.approx(0.2098765, abs=1e-6)
    medici = by_betweenness[0]
    assert medici["degree"] == 6
    # all families are in one group: every open pair the Medici broker is coordination
    assert medici["brokerage"]["coordinator"] > 0
    assert medici["brokerage"]["liaison"] == 0


def test_exports_for_gephi_hold_the_same_network(florence, client):
    for fmt, reader in (("gexf", nx.read_gexf), ("graphml", nx.read_graphml)):
        response = client.get(f"/network/export/network.{fmt}?year=2004")
        assert response.status_code == 200
        g = reader(io.BytesIO(response.content))
        assert g.number_of_nodes() == 15 and g.number_of_edges() == 20
        labels = {g.nodes[n]["label"] for n in g}
        assert "Medici" in labels


@pytest.fixture
def network_years(orgs, project):
    """2005: JoSK–JAMK–Saha project; 2008: Paja and Saha with JoSK only (no knowledge tie)."""
    projects.create_project(
        actor=SETUP,
        name="Yritysverkosto",
        lead=orgs["josk"],
        start=datetime.date(2008, 1, 1),
        partners=[(orgs["paja"], "", "", Decimal(50)), (orgs["saha"], "", "", Decimal(50))],
    )
    return orgs


def test_api_ties_filter_by_year_and_kind(network_years, client):
    rows = client.get("/api/v1/collaboration/ties?year=2005&kind=project").json()
    assert len(rows) == 3 and {r["year"] for r in rows} == {2005}
    assert client.get("/api/v1/collaboration/ties?year=2005&kind=event").json() == []
    assert client.get("/api/v1/collaboration/ties?kind=friendship").status_code == 422


def test_bridging_share_counts_the_sub_regions_ties_to_knowledge_organisations(
    network_years, client
):
    rows = client.get("/api/v1/collaboration/bridging?from=2005&to=2008").json()
    joutsa = next(r for r in rows if r["subregion"] == "132")
    # 2005: JoSK (JAMK 1, Saha 1) and Saha (JoSK 1, JAMK 1): 2 of 4
    assert joutsa["share_from"] == pytest.approx(0.5)
    # 2008: JoSK, Paja and Saha tied to each other only
    assert joutsa["share_to"] == 0
    assert joutsa["change"] == pytest.approx(-0.5)
    assert 0 < joutsa["p_value"] <= 1
    assert joutsa["from"] == 2005 and joutsa["to"] == 2008
    values = {
        (v.region, v.period): v.value for v in indicator("collaboration.bridging_share").compute()
    }
    assert values[("132", "2005")] == 50.0 and values[("132", "2008")] == 0.0
    tied = {
        (v.region, v.period): v.value for v in indicator("collaboration.companies_tied").compute()
    }
    assert tied[("132", "2005")] == 1 and tied[("132", "2008")] == 0
    assert client.get("/api/v1/collaboration/bridging?from=2005&to=2005").status_code == 422


def test_command_prints_the_same_bridging_rows_as_the_api(network_years, client):
    out = io.StringIO()
    call_command("collaboration", "--from", "2005", "--to", "2008", "--json", stdout=out)
    assert (
        json.loads(out.getvalue())
        == client.get("/api/v1/collaboration/bridging?from=2005&to=2008").json()
    )
    table = io.StringIO()
    call_command("collaboration", "--from", "2005", "--to", "2008", stdout=table)
    assert "132" in table.getvalue() and "-50.0" in table.getvalue()
    rebuilt = io.StringIO()
    call_command("collaboration", "rebuild", stdout=rebuilt)
    assert "6 ties" in rebuilt.getvalue()


def test_map_page_draws_the_ties_with_a_table_of_the_same_figures(network_years, client):
    page = client.get("/network/?year=2005&size=betweenness").content.decode()
    assert "<svg" in page and page.count("<line") == 3
    assert "Joutsan Saha Oy" in page and "Jyväskylän ammattikorkeakoulu" in page
    assert "<script>" not in page and "style=" not in page
    assert "collaboration/netmap.js" in page
    org = network_years["josk"]
    detail = client.get(f"/network/?year=2005&a={org.pk}&b={network_years['jamk'].pk}")
    assert "Joutsan pilotti" in detail.content.decode()


def test_bridging_page_says_the_change_in_words(network_years, client):
    page = client.get("/network/bridging/?from=2005&to=2008").content.decode()
    assert "Joutsa" in page and "50,0" in page
    assert "p =" in page or "p =" in page.replace("\xa0", " ")


def test_organisation_page_has_a_collaboration_section(network_years, client):
    page = client.get(f"/organisations/{network_years['josk'].pk}/").content.decode()
    assert 'id="collaboration-h"' in page
    assert "Joutsan Paja Oy" in page and "Jyväskylän ammattikorkeakoulu" in page


def test_csv_exports_are_formula_safe(orgs, client):
    network.create_organisation(actor=SETUP, name="=HYPERLINK(1)", kind="company")
    text = 'organisation_a,organisation_b,year,kind\n"=HYPERLINK(1)",JoSK,2010,other\n'
    services.import_ties(table_rows(text.encode(), "x.csv", set()), actor=SETUP)
    rows = list(csv.reader(io.StringIO(client.get("/network/export/ties.csv").content.decode())))
    assert rows[0][:3] == ["organisation_a", "organisation_b", "year"]
    assert "'=HYPERLINK(1)" in rows[1][:2]
    measures = client.get("/network/export/measures.csv?year=2010").content.decode()
    assert "'=HYPERLINK(1)" in measures


def test_only_a_coordinator_rebuilds_from_the_page(
    orgs, project, client, coordinator_client, owner_client
):
    assert owner_client.post("/network/rebuild/").status_code == 403
    assert client.post("/network/rebuild/").status_code == 302
    assert coordinator_client.post("/network/rebuild/").status_code == 302
