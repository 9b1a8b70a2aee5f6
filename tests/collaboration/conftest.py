"""A small tie network: a development company, a university, a UAS and two companies of the
Joutsa and Keuruu sub-regions, tied through projects, a consultation and an event."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from optiimi.core.writes import System
from optiimi.network import services as network
from optiimi.projects import services as projects
from optiimi.regions.models import Region
from tests.replay import replayed

SETUP = System("test setup")


def municipality(code: str) -> Region:
    return Region.objects.get(level="kunta", code=code)


def make_org(name: str, kind: str, home: str | None = "172", **data):
    return network.create_organisation(
        actor=SETUP,
        name=name,
        kind=kind,
        home_municipality=municipality(home) if home else None,
        **data,
    )


@pytest.fixture
def orgs(organisation, other_organisation):
    """JoSK (Joutsa, development), KeSK (Keuruu, development), JY, JAMK, two Joutsa firms."""
    return {"josk": organisation, "kesk": other_organisation, **replayed("orgs", _more_orgs)}


def _more_orgs():
    return {
        "jy": make_org("Jyväskylän yliopisto", "university", "179", short_name="JY"),
        "jamk": make_org("Jyväskylän ammattikorkeakoulu", "uas", "179", short_name="JAMK"),
        "saha": make_org("Joutsan Saha Oy", "company", "172", business_id="1234567-1"),
        "paja": make_org("Joutsan Paja Oy", "company", "172"),
    }


@pytest.fixture
def project(orgs):
    """Led by JoSK with JAMK and Saha as partners, started 2005."""
    return projects.create_project(
        actor=SETUP,
        name="Joutsan pilotti",
        lead=orgs["josk"],
        start=datetime.date(2005, 3, 1),
        partners=[
            (orgs["jamk"], "training", "", Decimal(60)),
            (orgs["saha"], "other", "yritys", Decimal(40)),
        ],
    )
