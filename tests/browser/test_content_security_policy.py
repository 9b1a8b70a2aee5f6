"""The pages run under their Content-Security-Policy: no violation, charts still drawn."""

from __future__ import annotations

import pytest

from optiimi.core.writes import System
from optiimi.demo import foresight as demo_foresight
from optiimi.foresight import services as foresight
from optiimi.network import services as network
from optiimi.projects import services as projects
from tests import factories

SETUP = System("test setup")
pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "foresight": "/foresight/",
    "foresight-subregion": "/foresight/131/",
    "plan-board": "/plan/2004-2006/board/",
    "plan-indicator": "/plan/indicators/planning_consultation/",
    "events": "/events/",
    "projects": "/projects/",
    "people": "/people/",
    "login": "/accounts/login/",
    "admin-login": "/admin/login/",
    "api-docs": "/api/v1/docs",
}


@pytest.fixture
def pages_with_content(organisation, event, competences):
    """Something on every page the test visits, each kind of chart among it: the demo's
    statistics (without their slow forecasts), a reported phase with charted results, an
    indicator followed year by year, an event, a project and a public person."""
    foresight.import_observations(
        demo_foresight.INDICATORS,
        demo_foresight.rows(),
        source="demo",
        format="demo",
        actor=SETUP,
    )
    period = factories.phase("2004-2006")
    factories.report(period)
    factories.indicator_with_values(
        "planning_consultation", {2004: 20, 2005: 35, 2006: 50}, name_fi="Asiantuntijat"
    )
    person = network.create_person(
        actor=SETUP,
        organisation=organisation,
        name="Aino Asiantuntija",
        email="aino@example.com",
        expertise_fi="Matkailu",
        public=True,
    )
    projects.create_project(actor=SETUP, name="Luontomatkailu", lead=organisation, team=[person])


def test_pages_pass_their_content_security_policy(live_server, page, pages_with_content):
    problems: list[str] = []

    def console(message) -> None:
        # Violations are reported as console errors ("Refused to execute inline script ...").
        if message.type == "error" and "Failed to load resource" not in message.text:
            problems.append(f"{page.url}: {message.text}")

    page.on("console", console)
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    charts = {}
    for name, path in PAGES.items():
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, (name, response)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        charts[name] = page.locator(".chart-canvas svg").count()
    assert problems == []
    # Vega draws its charts through the interpreter, without eval.
    assert charts["foresight"] > 0 and charts["plan-indicator"] > 0
