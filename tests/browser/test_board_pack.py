"""The board pack in the browser: accessible in Finnish and English, readable on a phone."""

from __future__ import annotations

import datetime

import pytest

from optiimi.network import services as network
from optiimi.projects import services as projects
from tests import factories
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def pack(plan, organisation, other_organisation):
    """A board pack with something in every section: lights, results, project days held and a
    planning consultation across organisations."""
    factories.report(plan["period"])
    for code, year in [("132", 2007), ("132", 2008), ("133", 2008)]:
        factories.project_day(code, year)
    project = projects.create_project(
        actor=factories.SETUP,
        lead=organisation,
        name="Kasvupolku",
        phase="planning",
        sub_regions=[factories.subregion("132")],
    )
    expert = network.create_person(
        actor=factories.SETUP, organisation=other_organisation, name="Ulla Ulko"
    )
    projects.record_consultation(
        project, actor=factories.SETUP, person=expert, date=datetime.date(2008, 3, 1)
    )
    return plan


@pytest.mark.parametrize("language", ["fi", "en"])
def test_board_pack_is_accessible_and_fits_a_phone(live_server, page, language, screenshot, pack):
    if language == "en":
        page.goto(live_server.url + "/")
        page.locator("button[name=language][value=en]").click()
        page.wait_for_load_state()
    problems = {}
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for path in ("/plan/2007-2009/board/", "/plan/2007-2009/board/?region=132"):
            page.goto(live_server.url + path)
            page.wait_for_load_state("networkidle")
            found = axe_violations(page)
            if found:
                problems[f"{path} at {width}"] = found
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= width, f"{path} is {wide} px wide at {width} px"
        screenshot(page, f"board-pack-{language}-{width}")
    assert problems == {}
    heading = {"fi": "Vastaus yhdellä silmäyksellä", "en": "The answer at a glance"}[language]
    assert page.locator("#answer-h").inner_text() == heading


def test_choosing_a_subregion_shows_its_board_pack(live_server, page, pack):
    page.goto(live_server.url + "/plan/2007-2009/board/")
    page.select_option("#board-region", "133")
    page.get_by_role("button", name="Näytä").click()
    page.wait_for_load_state()
    assert page.url.endswith("?region=133")
    days = page.locator("#s-events-project-days tbody")
    assert days.locator("tr").count() == 1 and "Keuruu" in days.inner_text()
