from __future__ import annotations

import pytest

from optiimi.demo import loader
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["fi", "en"])
def test_plan_pages_are_accessible(live_server, page, language, screenshot):
    loader.load_demo()
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
        "indicator": "/plan/indicators/planning_consultation/",
        "measure": "/plan/measures/1/",
    }.items():
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        found = axe_violations(page)
        if found:
            problems[name] = found
        if name in ("report", "plan", "indicator"):
            screenshot(page, f"strategy-{name}-{language}")
    assert problems == {}


def test_report_shows_eleven_results_and_five_factors_with_charts(live_server, page):
    loader.load_demo()
    page.goto(live_server.url + "/plan/2004-2006/report/")
    assert page.locator("#r-title").inner_text() == "TULOKSIA 2004–2006"
    assert page.locator("#r-title + ol > li").count() == 11
    assert page.locator("#f-title + ol > li").count() == 5
    assert page.locator(".mini-chart svg polyline").count() >= 2


@pytest.mark.parametrize("language", ["fi", "en"])
def test_subregion_indicator_is_small_multiples_on_a_phone(live_server, page, language, screenshot):
    loader.load_demo()
    page.set_viewport_size({"width": 390, "height": 844})
    if language == "en":
        page.goto(live_server.url + "/")
        page.locator("button[name=language][value=en]").click()
        page.wait_for_load_state()
    page.goto(live_server.url + "/plan/indicators/active_members/")
    page.wait_for_load_state("networkidle")
    # One chart per sub-region of Central Finland, each drawn with its axes.
    assert page.locator(".small-multiple figure").count() == 6
    assert page.locator(".small-multiple .chart-canvas svg").count() == 6
    assert page.locator(".small-multiple .chart-canvas svg .role-axis").count() >= 12
    # Nothing wider than the phone; the older years of the table are folded away.
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right"
        " > 391 && !e.closest('.table-wrap')).slice(0, 5).map(e => e.tagName + '.' + e.className)"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, wide
    assert not page.locator("details.earlier").evaluate("d => d.open")
    assert axe_violations(page) == []
    screenshot(page, f"strategy-indicator-subregions-390-{language}")
