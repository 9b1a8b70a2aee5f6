"""A coordinator builds the current plan in the browser with one measure and one computed
indicator, and sees the measure's light change when the records it counts change."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from optiimi.events.models import Category
from optiimi.strategy.models import Measure
from tests import factories
from tests.browser.conftest import axe_violations
from tests.browser.test_network_pages import log_in

pytestmark = pytest.mark.browser


def _save(page) -> None:
    page.get_by_role("button", name="Tallenna").click()
    page.wait_for_load_state()


def _held_regional_events(n: int) -> None:
    """`n` joint regional events held earlier today, each with a participant checked in
    (recorded through the events services)."""
    now = timezone.now().replace(second=0, microsecond=0)
    for i in range(n):
        start = now - datetime.timedelta(minutes=90 + i)
        factories.attend(
            factories.event(
                title=f"Maakuntapäivä {i}",
                category=Category.REGIONAL,
                start=start,
                hours=1,
            )
        )


def _recompute(page, live_server) -> None:
    page.goto(f"{live_server.url}/plan/indicators/regional_held/")
    page.get_by_role("button", name="Laske uudelleen nyt").click()
    page.wait_for_load_state()


def test_coordinator_sees_a_computed_light_change_with_the_records(
    live_server, page, coordinator, organisation, screenshot
):
    _held_regional_events(1)
    factories.event(title="Tuleva foorumi", category=Category.REGIONAL)  # ahead: not held
    log_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/plan/")
    page.get_by_role("link", name="Uusi kausi").click()
    page.fill("#id_code", "2025-2027")
    page.fill("#id_name_fi", "Kausi 2025–2027")
    page.select_option("#id_kind", "current")
    page.fill("#id_start_year", "2025")
    page.fill("#id_end_year", "2027")
    _save(page)
    page.wait_for_url(f"{live_server.url}/plan/2025-2027/")
    page.get_by_role("link", name="Lisää painopiste").click()
    page.fill("#id_number", "1")
    page.fill("#id_title_fi", "Verkosto")
    _save(page)
    page.get_by_role("link", name="Lisää tavoite").click()
    page.fill("#id_number", "1")
    page.fill("#id_title_fi", "Toimijat kohtaavat")
    _save(page)
    page.get_by_role("link", name="Lisää toimenpide").click()
    page.fill("#id_number", "1.1")
    page.fill("#id_title_fi", "Maakunnalliset tapahtumat")
    page.get_by_label(organisation.name).check()
    page.get_by_label("Palvelee elinkeinonäkökulmaa").check()
    _save(page)
    measure = Measure.objects.get(number="1.1", goal__priority__period__code="2025-2027")

    page.goto(f"{live_server.url}/plan/")
    page.get_by_role("link", name="Uusi mittari").click()
    page.fill("#id_code", "regional_held")
    page.fill("#id_name_fi", "Pidetyt maakunnalliset tapahtumat")
    page.fill("#id_unit", "events")
    page.fill("#id_baseline", "0")
    page.fill("#id_baseline_year", "2024")
    page.select_option("#id_computed", "events.regional_events")
    page.fill("#id_source", "Optiimi")
    page.get_by_label("2025-2027: 1.1 Maakunnalliset tapahtumat").check()
    assert axe_violations(page) == []
    screenshot(page, "computed-indicator-form")
    _save(page)
    page.wait_for_url(f"{live_server.url}/plan/indicators/regional_held/")
    page.get_by_role("link", name="Aseta tavoitearvo").click()
    page.select_option("#id_period", "2025-2027")
    page.fill("#id_value", "10")
    _save(page)

    # One event held of ten a year: behind, whichever year of the period it is.
    _recompute(page, live_server)
    page.goto(f"{live_server.url}{measure.get_absolute_url()}")
    assert page.locator("h1 ~ p .light").inner_text().endswith("jäljessä")
    screenshot(page, "computed-light-behind")

    # The records change (nine more events held); the coordinator recomputes and sees it.
    _held_regional_events(9)
    _recompute(page, live_server)
    page.goto(f"{live_server.url}{measure.get_absolute_url()}")
    assert page.locator("h1 ~ p .light").inner_text().endswith("aikataulussa")
    screenshot(page, "computed-light-on-track")
    page.goto(f"{live_server.url}/plan/2025-2027/")
    row = page.locator("tr", has_text="Maakunnalliset tapahtumat")
    assert row.locator(".light").count() == 1
    assert row.locator(".light").inner_text().endswith("aikataulussa")

    # The value is one click from the records it counts.
    page.goto(f"{live_server.url}/plan/indicators/regional_held/")
    page.locator("table.values td.num a").first.click()
    page.wait_for_load_state()
    assert page.locator("#stored-value").inner_text() == "10"
    assert page.locator("main tbody tr").count() == 10
    assert "Tuleva foorumi" not in page.locator("main").inner_text()
    screenshot(page, "computed-records")

    # The changed pages are accessible in Finnish and English.
    records_url = page.url
    pages = {
        "plan": "/plan/2025-2027/",
        "measure": measure.get_absolute_url(),
        "indicator": "/plan/indicators/regional_held/",
        "records": records_url.removeprefix(live_server.url),
        "indicator-form": "/plan/edit/indicators/regional_held/",
    }
    problems = {}
    for language in ("fi", "en"):
        if language == "en":
            page.goto(live_server.url + "/")
            page.locator("button[name=language][value=en]").click()
            page.wait_for_load_state()
        for name, path in pages.items():
            page.goto(live_server.url + path)
            page.wait_for_load_state("networkidle")
            found = axe_violations(page)
            if found:
                problems[f"{name}-{language}"] = found
    assert problems == {}
    page.goto(f"{live_server.url}{measure.get_absolute_url()}")
    assert page.locator("h1 ~ p .light").inner_text().endswith("on track")
