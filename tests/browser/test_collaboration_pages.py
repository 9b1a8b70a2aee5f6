from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from optiimi.core.writes import System
from optiimi.network import services as network
from optiimi.projects import services as projects
from optiimi.regions.models import Region
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser
SETUP = System("test setup")


@pytest.fixture
def tie_network(organisation, other_organisation):
    home = Region.objects.get(level="kunta", code="179")
    jy = network.create_organisation(
        actor=SETUP,
        name="Jyväskylän yliopisto",
        short_name="JY",
        kind="university",
        home_municipality=home,
    )
    jamk = network.create_organisation(
        actor=SETUP,
        name="Jyväskylän ammattikorkeakoulu",
        short_name="JAMK",
        kind="uas",
        home_municipality=home,
    )
    firm = network.create_organisation(
        actor=SETUP,
        name="Joutsan Saha Oy",
        kind="company",
        home_municipality=Region.objects.get(level="kunta", code="172"),
    )
    for year, partners in (
        (2007, [(other_organisation, 50), (firm, 50)]),
        (2009, [(jamk, 40), (firm, 30), (jy, 30)]),
    ):
        projects.create_project(
            actor=SETUP,
            name=f"Hanke {year}",
            lead=organisation,
            start=datetime.date(year, 2, 1),
            partners=[(o, "", "", Decimal(s)) for o, s in partners],
        )
    return {"josk": organisation, "jamk": jamk}


@pytest.mark.parametrize("language", ["fi", "en"])
def test_collaboration_pages_are_accessible(live_server, page, language, screenshot, tie_network):
    if language == "en":
        page.goto(live_server.url + "/")
        page.locator("button[name=language][value=en]").click()
        page.wait_for_load_state()
    problems = {}
    josk, jamk = tie_network["josk"], tie_network["jamk"]
    for name, path in {
        "map": f"/network/?year=2009&a={min(josk.pk, jamk.pk)}&b={max(josk.pk, jamk.pk)}",
        "bridging": "/network/bridging/?from=2007&to=2009",
        "organisation": f"/organisations/{josk.pk}/",
    }.items():
        page.goto(live_server.url + path)
        found = axe_violations(page)
        if found:
            problems[name] = found
        screenshot(page, f"collaboration-{name}-{language}")
    assert problems == {}


def test_hovering_an_organisation_highlights_its_ties(live_server, page, tie_network):
    page.goto(live_server.url + "/network/?year=2009")
    node = page.locator(f"svg.netmap a[data-node='{tie_network['jamk'].pk}']")
    node.hover()
    assert page.locator("svg.netmap g.ties a.on").count() == 3
    assert page.locator("svg.netmap g.ties a.off").count() == 3
    page.set_viewport_size({"width": 390, "height": 800})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
