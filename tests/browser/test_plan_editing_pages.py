from __future__ import annotations

import pytest

from optiimi.strategy.models import Measure
from tests.browser.conftest import axe_violations
from tests.browser.test_network_pages import log_in

pytestmark = pytest.mark.browser


def _save(page) -> None:
    page.get_by_role("button", name="Tallenna").click()
    page.wait_for_load_state()


def test_coordinator_builds_a_plan_in_the_browser(
    live_server, page, coordinator, organisation, screenshot
):
    log_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/plan/")
    page.get_by_role("link", name="Uusi kausi").click()
    page.wait_for_url(f"{live_server.url}/plan/edit/periods/new/")
    assert axe_violations(page) == []
    page.fill("#id_code", "2025-2027")
    page.fill("#id_name_fi", "Kausi 2025–2027")
    page.select_option("#id_kind", "current")
    page.fill("#id_start_year", "2027")
    page.fill("#id_end_year", "2025")
    _save(page)
    assert (
        "Viimeinen vuosi on ennen ensimmäistä vuotta."
        in page.locator("#id_end_year_error").inner_text()
    )
    page.fill("#id_start_year", "2025")
    page.fill("#id_end_year", "2027")
    _save(page)
    page.wait_for_url(f"{live_server.url}/plan/2025-2027/")

    page.get_by_role("link", name="Lisää painopiste").click()
    page.fill("#id_number", "1")
    page.fill("#id_title_fi", "Osaaminen")
    _save(page)
    page.get_by_role("link", name="Lisää tavoite").click()
    page.fill("#id_number", "1")
    page.fill("#id_title_fi", "Osaajat jäävät seudulle")
    _save(page)
    page.get_by_role("link", name="Lisää toimenpide").click()
    page.fill("#id_number", "1.1")
    page.fill("#id_title_fi", "Koulutuspäivät")
    page.get_by_label(organisation.name).check()
    page.get_by_label("Palvelee osaamisnäkökulmaa").check()
    assert axe_violations(page) == []
    screenshot(page, "plan-measure-form")
    _save(page)
    measure = Measure.objects.get(number="1.1", goal__priority__period__code="2025-2027")
    page.wait_for_url(f"{live_server.url}{measure.get_absolute_url()}")
    assert "Koulutuspäivät" in page.locator("h1").inner_text()
    assert "coordinator" in page.locator(".history").inner_text()
    page.goto(f"{live_server.url}/plan/2025-2027/")
    assert "Koulutuspäivät" in page.locator("main").inner_text()
    assert axe_violations(page) == []
