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
        "board": "/plan/2004-2006/board/",
        "indicator": "/plan/indicators/strategies/",
        "measure": f"/plan/measures/{plan['measure'].pk}/",
    }.items():
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        found = axe_violations(page)
        if found:
            problems[name] = found
        if name in ("board", "plan", "indicator"):
            screenshot(page, f"strategy-{name}-{language}")
    assert problems == {}


def test_board_pack_shows_its_results_and_factors_with_charts(live_server, page, regions):
    factories.report(factories.phase(), results=4, factors=3)
    page.goto(live_server.url + "/plan/2004-2006/board/")
    assert page.locator("#results-h").inner_text() == "Tuloksia 2004–2006"
    assert page.locator("#results-h + ol > li").count() == 4
    assert page.locator("#factors-h + ol > li").count() == 3
    assert page.locator(".chart svg polyline").count() == 2


@pytest.mark.parametrize("language", ["fi", "en"])
def test_subregion_indicator_is_small_multiples_on_a_phone(
    live_server, page, language, screenshot, plan
):
    from optiimi.core.writes import System
    from optiimi.regions.models import Region
    from optiimi.strategy import services

    setup = System("test setup")
    indicator = services.define_indicator(
        "members_by_subregion",
        actor=setup,
        name_fi="Jäsenorganisaatiot seutukunnittain",
        name_en="Member organisations by sub-region",
        unit="organisations",
        by_subregion=True,
        source="seuranta",
        measures=[plan["measure"]],
        public=True,
    )
    for n, sub in enumerate(Region.objects.subregions().filter(parent__code="13")):
        services.set_target(indicator, plan["period"], 8, actor=setup, region=sub)
        for year in range(1998, 2010):  # more years than the table shows unfolded
            services.set_value(
                indicator, year, 3 + n + year % 3, actor=setup, source="seuranta", region=sub
            )
    page.set_viewport_size({"width": 390, "height": 844})
    if language == "en":
        page.goto(live_server.url + "/")
        page.locator("button[name=language][value=en]").click()
        page.wait_for_load_state()
    page.goto(live_server.url + "/plan/indicators/members_by_subregion/")
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
