"""The collaboration network's evidence for the board pack: each sub-region's share of ties
reaching knowledge organisations and its change with the p-value and interval that the
bridging page shows."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from optiimi.collaboration import evidence, queries
from optiimi.collaboration import services as collaboration
from optiimi.core.evidence import Scope
from tests.collaboration.conftest import SETUP

pytestmark = pytest.mark.django_db


@pytest.fixture
def ties(orgs):
    """Joutsa's two companies tied to the development company in 2010; in 2025 one has a project
    with the UAS and the other attended the university's event."""
    rows = [
        (orgs["saha"], orgs["josk"], 2010, "project"),
        (orgs["paja"], orgs["josk"], 2010, "project"),
        (orgs["saha"], orgs["josk"], 2025, "project"),
        (orgs["saha"], orgs["jamk"], 2025, "project"),
        (orgs["paja"], orgs["jy"], 2025, "event"),
    ]
    collaboration.import_ties(
        enumerate(
            (
                {"organisation_a": a.name, "organisation_b": b.name, "year": str(y), "kind": k}
                for a, b, y, k in rows
            ),
            start=2,
        ),
        actor=SETUP,
    )
    return orgs


def test_section_gives_the_bridging_pages_change_since_the_first_year(ties):
    with translation.override("en"):
        section = evidence.knowledge_ties(Scope(2025, 2027, region="13"))
    assert section is not None
    assert section.indicator == "collaboration.bridging_share"
    change = {c.subregion: c for c in queries.bridging_changes(2010, 2025)}["132"]
    claim = next(c for c in section.claims if c.region == "132")
    assert change.change is not None and change.change > 0
    assert claim.value == round(100 * change.change, 1)
    assert claim.unit == "pp"
    assert (claim.low, claim.high) == (round(100 * change.low, 1), round(100 * change.high, 1))
    assert claim.n == change.organisations
    assert f"(p = {change.p_value:.3f})" in claim.note
    # too few organisations for the test: not shown either way
    assert claim.verdict == "unclear"
    assert claim.url == "/network/bridging/?from=2010&to=2025"
    # the share in 2025 as a bar, both companies tied to a knowledge organisation
    now = {(b.subregion, b.year): b for b in queries.bridging()}[("132", 2025)]
    assert now.companies_tied == 2
    bar = next(c for c in section.bars if c.region == "132")
    assert bar.value == round(100 * now.share, 1) and bar.unit == "%"
    assert claim.note.endswith("Companies with a tie to a knowledge organisation in 2025: 2.")
    assert claim.label == (
        f"Joutsa: {100 * change.share_from:.0f} % (2010) → {100 * change.share_to:.0f} % (2025)"
    )
    assert section.summary is not None and section.summary.value == 0
    page = Client().get(claim.url)
    assert page.status_code == 200


def test_one_subregion_and_years_without_ties(ties):
    mine = evidence.knowledge_ties(Scope(2025, 2027, region="13", subregion="132"))
    assert mine is not None and [c.region for c in mine.claims] == ["132"]
    assert mine.summary == mine.claims[0]
    assert evidence.knowledge_ties(Scope(2030, 2032, region="13")) is None
    # a sub-region without ties in either year says nothing
    assert evidence.knowledge_ties(Scope(2025, 2027, region="13", subregion="135")) is None
