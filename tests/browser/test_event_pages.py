from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from optiimi.events import services
from optiimi.events.models import Registration
from tests import factories
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


def test_register_read_the_mail_cancel_by_its_link_and_the_first_waiting_is_promoted(
    live_server, page, event, screenshot
):
    services.register(event, name="Ensimmäinen", email="eka@example.com", actor=services.PUBLIC)
    page.goto(f"{live_server.url}/events/{event.pk}/")
    page.fill("#id_name", "Aino Virtanen")
    page.fill("#id_email", "aino@example.com")
    page.get_by_role("button", name="Ilmoittaudu").click()
    expect(page.locator("h1")).to_contain_text("Olet ilmoittautunut")
    confirmation = mail.outbox[-1]
    assert confirmation.to == ["aino@example.com"]
    # The event is now full: the next person waits.
    page.goto(f"{live_server.url}/events/{event.pk}/")
    page.fill("#id_name", "Odottava Olli")
    page.fill("#id_email", "olli@example.com")
    page.get_by_role("button", name="Ilmoittaudu jonoon").click()
    expect(page.locator("h1")).to_contain_text("jonossa", ignore_case=True)
    assert axe_violations(page) == []
    link = re.search(r"https?://\S+/events/cancel/\S+/", confirmation.body).group(0)
    page.goto(live_server.url + link.split("8000", 1)[1])
    screenshot(page, "event-cancel")
    page.get_by_role("button", name="Peru ilmoittautumiseni").click()
    expect(page.locator("[role=status]")).to_contain_text("peruttu", ignore_case=True)
    assert Registration.objects.get(email="olli@example.com").status == "confirmed"
    assert mail.outbox[-1].to == ["olli@example.com"]


@pytest.mark.parametrize("language", ["fi", "en"])
def test_event_pages_are_accessible(live_server, page, language, screenshot, organisation):
    made = factories.calendar(organisation)
    if language == "en":
        page.goto(live_server.url + "/")
        page.locator("button[name=language][value=en]").click()
        page.wait_for_load_state()
    problems = {}
    upcoming = made["upcoming"]
    for name, path in {
        "events": "/events/",
        "past": "/events/?when=past",
        "targets": "/events/targets/",
        "event": f"/events/{upcoming.pk}/",
        "series": f"/events/series/{made['series'].pk}/",
    }.items():
        page.goto(live_server.url + path)
        found = axe_violations(page)
        if found:
            problems[name] = found
        if name in ("targets", "event"):
            screenshot(page, f"events-{name}-{language}")
    assert problems == {}


@pytest.mark.parametrize("language", ["fi", "en"])
def test_organisers_pages_are_accessible_on_a_phone(
    live_server, browser, owner, organisation, language, screenshot
):
    from tests.browser.test_network_pages import log_in

    owner.set_password("pw")
    owner.save()
    made = factories.calendar(organisation)
    past, upcoming = made["past"], made["upcoming"]
    registration = upcoming.registrations.first()
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fi-FI")
    page = context.new_page()
    try:
        log_in(page, live_server, "owner")
        if language == "en":
            page.locator("button[name=language][value=en]").click()
            page.wait_for_load_state()
        problems, too_wide = {}, {}
        for name, path in {
            "past-event": f"/events/{past.pk}/",
            "participants": f"/events/{past.pk}/participants/",
            "checkin": f"/events/{upcoming.pk}/checkin/",
            "cancel": f"/events/{upcoming.pk}/cancel/",
            "registered": f"/events/registered/{services.registered_token(registration)}/",
            "targets": "/events/targets/",
        }.items():
            page.goto(live_server.url + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 390:
                too_wide[name] = width
            found = axe_violations(page)
            if found:
                problems[name] = found
            if name in ("past-event", "participants", "registered"):
                screenshot(page, f"events-{name}-{language}")
        assert too_wide == {} and problems == {}
    finally:
        context.close()
