from __future__ import annotations

import pytest

from tests import factories
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["fi", "en"])
def test_plan_pages_are_accessible(live_server, page, language, screenshot, plan):
    factories.report(factories.phase())
    if language == "en":
        page.goto(live_server.url + "/")
        page.locator("button[name=language][value=en]").click()
        page.wait_for_load_state()
    problems = {}
    for name, path in {
        "plan-index": "/plan/",
        "plan": "/plan/2007-2009/",
        "matrix": "/plan/2007-2009/matrix/",
        "results": "/plan/2004-2006/results/",
        "report": "/plan/2004-2006/report/",
        "indicator": "/plan/indicators/strategies/",
        "measure": f"/plan/measures/{plan['measure'].pk}/",
    }.items():
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        found = axe_violations(page)
        if found:
            problems[name] = found
        if name in ("report", "plan", "indicator"):
            screenshot(page, f"strategy-{name}-{language}")
    assert problems == {}


def test_report_shows_its_results_and_factors_with_charts(live_server, page, regions):
    factories.report(factories.phase(), results=4, factors=3)
    page.goto(live_server.url + "/plan/2004-2006/report/")
    assert page.locator("#r-title").inner_text() == "TULOKSIA 2004–2006"
    assert page.locator("#r-title + ol > li").count() == 4
    assert page.locator("#f-title + ol > li").count() == 3
    assert page.locator(".mini-chart svg polyline").count() == 2
