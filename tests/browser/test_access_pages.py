"""The coordinator's pages for logins, roles, tokens, vocabulary and series on a phone."""

from __future__ import annotations

import pytest

from optiimi.network import services
from tests.browser.conftest import axe_violations
from tests.browser.test_network_pages import log_in

pytestmark = pytest.mark.browser


def test_coordinator_grants_a_capability_role_on_a_phone(
    live_server, browser, coordinator, member, competences, screenshot
):
    coordinator.set_password("pw")
    coordinator.save()
    services.grant_capability(member, "foresight_analyst", actor=coordinator)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fi-FI")
    page = context.new_page()
    try:
        log_in(page, live_server, "coordinator")
        problems, too_wide = {}, {}
        for path in (
            "/users/",
            "/users/new/",
            f"/users/{member.pk}/",
            "/competences/new/",
            "/events/series/",
            "/events/series/new/",
        ):
            page.goto(live_server.url + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 390:
                too_wide[path] = width
            found = axe_violations(page)
            if found:
                problems[path] = found
        assert too_wide == {} and problems == {}
        page.goto(f"{live_server.url}/users/{member.pk}/")
        page.get_by_label("tapahtumajärjestäjä").check()
        page.get_by_role("button", name="Tallenna rooli").click()
        page.wait_for_url(f"{live_server.url}/users/{member.pk}/")
        assert "Rooli tallennettiin." in page.locator(".messages").inner_text()
        screenshot(page, "user-roles-390")
        member.optiimi_role.refresh_from_db()
        assert member.optiimi_role.capabilities == ["foresight_analyst", "event_organiser"]
    finally:
        context.close()
