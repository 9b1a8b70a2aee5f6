from __future__ import annotations

import pytest

from optiimi.core.writes import System
from optiimi.network import services
from tests.browser.conftest import axe_violations

SETUP = System("test setup")

pytestmark = pytest.mark.browser


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.click("button.primary")
    page.wait_for_url(f"{live_server.url}/")


def test_owner_edits_organisation_and_sees_the_change_in_history(
    live_server, page, owner, organisation, screenshot
):
    log_in(page, live_server, "owner")
    page.goto(f"{live_server.url}/organisations/{organisation.pk}/")
    page.get_by_role("link", name="Muokkaa").click()
    page.fill("#id_name", "Joutsan Kehitys Oy")
    page.fill("#id_website", "https://joutsa.example")
    page.get_by_role("button", name="Tallenna").click()
    page.wait_for_url(f"{live_server.url}/organisations/{organisation.pk}/")
    assert page.locator("h1").inner_text() == "Joutsan Kehitys Oy"
    history = page.locator(".history")
    assert "owner" in history.inner_text()
    assert "Joutsan seudun kehittämisyhtiö" in history.locator("del").first.inner_text()
    assert "Joutsan Kehitys Oy" in history.locator("ins").first.inner_text()
    screenshot(page, "organisation-history")


def test_form_shows_the_check_digit_error_beside_the_field(
    live_server, page, coordinator, organisation, django_user_model
):
    coordinator.set_password("pw")
    coordinator.save()
    log_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/organisations/{organisation.pk}/edit/")
    page.fill("#id_business_id", "0112038-8")
    page.get_by_role("button", name="Tallenna").click()
    assert "8 given, 9 expected" in page.locator("#id_business_id_error").inner_text()
    assert axe_violations(page) == []


@pytest.mark.parametrize("language", ["fi", "en"])
def test_pages_have_no_serious_accessibility_violations(
    live_server, page, owner, organisation, competences, language, screenshot
):
    person = services.create_person(
        actor=SETUP,
        organisation=organisation,
        name="Aino Virtanen",
        email="aino@example.com",
        public=True,
        expertise_fi="Matkailun kehittäminen.",
    )
    log_in(page, live_server, "owner")
    if language == "en":
        page.locator("button[name=language][value=en]").click()
        page.wait_for_load_state()
    pages = {
        "home": "/",
        "organisations": "/organisations/",
        "organisation": f"/organisations/{organisation.pk}/",
        "organisation-form": f"/organisations/{organisation.pk}/edit/",
        "people": "/people/",
        "person": f"/people/{person.pk}/",
        "person-form": f"/people/{person.pk}/edit/",
        "competences": "/competences/",
        "login": "/accounts/login/",
    }
    problems = {}
    for name, path in pages.items():
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == language
        found = axe_violations(page)
        if found:
            problems[name] = found
        if name in ("home", "organisations"):
            screenshot(page, f"{name}-{language}")
    assert problems == {}
