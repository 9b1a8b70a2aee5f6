"""The sub-region dashboard in Chromium: charts render with intervals, and axe finds nothing
serious."""

from pathlib import Path

import pytest

from optiimi.foresight import services
from optiimi.foresight.models import Indicator

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium not installed"),
]


@pytest.mark.django_db(transaction=True)
def test_subregion_dashboard_draws_forecast_interval_and_passes_axe(
    page, live_server, demo_statistics, tmp_path
):
    services.forecast_indicator(
        Indicator.objects.get(code="demo.population"), areas=["SK131"], n_jobs=1
    )
    page.goto(f"{live_server.url}/foresight/131/")
    page.wait_for_selector(".chart-canvas svg")
    assert page.locator("text=MASE").count() >= 1
    # the interval band is a filled area in the forecast chart
    assert page.locator(".chart-canvas svg path[aria-roledescription='area mark']").count() >= 1
    page.screenshot(path=str(tmp_path / "subregion.png"), full_page=True)
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    serious = [
        v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


@pytest.mark.django_db(transaction=True)
def test_region_dashboard_passes_axe(page, live_server, demo_statistics):
    page.goto(f"{live_server.url}/foresight/")
    page.wait_for_selector(".chart-canvas svg")
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    serious = [
        v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
