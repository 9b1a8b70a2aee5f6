"""The coordinator's whole Jämsä project day in the browser: plan it in its series, ask a diet
question, invite with a message, an invitee registers with a diet answer by the private link,
reminders, check-in on the day, feedback, and the target turns ✓ on the targets view."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from optiimi.core.writes import System
from optiimi.events import services
from optiimi.events.models import Event, Registration
from optiimi.network import services as network
from optiimi.regions.models import Region
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser
SETUP = System("test setup")


def _path(link: str) -> str:
    return "/" + link.split("//", 1)[1].split("/", 1)[1]


@pytest.fixture
def jamsa(regions, coordinator):
    region = Region.objects.subregions().get(code="134")
    services.save_series(
        None,
        actor=coordinator,
        name_fi="Seutuhankepäivä — Jämsä",
        category="project_day",
        sub_region=region,
    )
    company = network.create_organisation(
        actor=SETUP, name="Jämsän kehitys", kind="development_company", sub_regions=[region]
    )
    network.create_person(
        actor=SETUP, organisation=company, name="Jaana Jämsäläinen", email="jaana@example.com"
    )
    coordinator.set_password("pw")
    coordinator.save()
    return {"region": region, "company": company}


def test_coordinator_runs_the_jamsa_project_day(live_server, page, browser, jamsa, screenshot):
    from tests.browser.test_network_pages import log_in

    url = live_server.url
    log_in(page, live_server, "coordinator")
    # Plan: tomorrow, in the series; kind and sub-region come from it.
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page.goto(url + "/events/new/")
    page.fill("#id_title", "Jämsän seutuhankepäivä")
    page.select_option("#id_series", label="Seutuhankepäivä — Jämsä")
    page.select_option("#id_hosts", label="Jämsän kehitys")
    page.fill("#id_venue", "Jämsän kaupungintalo")
    page.fill("#id_start", f"{tomorrow:%Y-%m-%d}T09:00")
    page.fill("#id_end", f"{tomorrow:%Y-%m-%d}T15:00")
    page.fill("#id_capacity", "40")
    with page.expect_navigation():
        page.locator("form button.primary").click()
    event = Event.objects.get(title="Jämsän seutuhankepäivä")
    assert event.category == "project_day" and event.sub_region == jamsa["region"]
    # A required diet question.
    page.goto(f"{url}/events/{event.pk}/questions/")
    page.select_option("#id_asked", "registration")
    page.fill("#id_text", "Ruokavalio")
    page.select_option("#id_type", "choice")
    page.fill("#id_choices", "ei erityisruokavaliota\nkasvis\ngluteeniton")
    page.check("#id_required")
    with page.expect_navigation():
        page.get_by_role("button", name="Lisää", exact=True).click()
    expect(page.locator("main")).to_contain_text("Ruokavalio")
    # Invite: the group of one organisation, a guest and a personal message.
    page.goto(f"{url}/events/{event.pk}/invitations/")
    page.select_option("#id_organisation", label="Jämsän kehitys")
    with page.expect_navigation():
        page.get_by_role("button", name="Näytä ryhmä").click()
    expect(page.locator("table")).to_contain_text("Jaana Jämsäläinen")
    person = page.locator("input[name=person]")
    page.uncheck("#select-all")
    expect(person).not_to_be_checked()
    page.check("#select-all")
    expect(person).to_be_checked()
    page.fill("#id_guests", "vieras@example.com")
    page.fill("#id_message", "Tervetuloa suunnittelemaan Jämsän ensi vuotta!")
    screenshot(page, "events-invitations-fi")
    with page.expect_navigation():
        page.get_by_role("button", name="Lähetä kutsut").click()
    expect(page.locator("main")).to_contain_text("2")
    invitation = next(m for m in mail.outbox if m.to == ["jaana@example.com"])
    assert "Tervetuloa suunnittelemaan" in invitation.body and invitation.attachments
    # The invitee opens the private link and answers yes with a diet answer.
    private = re.search(r"https?://\S+/events/invited/\S+/", invitation.body).group(0)
    guest = browser.new_context(locale="fi-FI").new_page()
    guest.goto(url + _path(private))
    expect(guest.locator("h1")).to_contain_text("Jämsän seutuhankepäivä")
    label = guest.locator("label", has_text="Ruokavalio")
    guest.select_option(f"#{label.get_attribute('for')}", "kasvis")
    with guest.expect_navigation():
        guest.get_by_role("button", name="Kyllä, tulen").click()
    expect(guest.locator("main")).to_contain_text("Paikkasi on vahvistettu")
    registration = Registration.objects.get(email="jaana@example.com")
    assert registration.replies.get().value == "kasvis"
    guest.context.close()
    # Remind: the guest has not answered; Jaana is registered and the event is tomorrow.
    mail.outbox.clear()
    page.goto(f"{url}/events/{event.pk}/invitations/")
    with page.expect_navigation():
        page.get_by_role("button", name="Lähetä muistutukset").click()
    expect(page.locator("main")).to_contain_text("1 kutsutulle, 1 ilmoittautuneelle")
    assert {m.to[0] for m in mail.outbox} == {"vieras@example.com", "jaana@example.com"}
    # The day comes: the event is today and has just ended.
    now = timezone.now()
    Event.objects.filter(pk=event.pk).update(
        start=now - datetime.timedelta(minutes=90), end=now - datetime.timedelta(minutes=1)
    )
    page.goto(f"{url}/events/{event.pk}/checkin/")
    with page.expect_navigation():
        page.get_by_role("button", name="Merkitse saapuneeksi").click()
    assert Registration.objects.get(pk=registration.pk).attended
    mail.outbox.clear()
    with page.expect_navigation():
        page.get_by_role("button", name="Pyydä osallistujilta palautetta").click()
    (ask,) = mail.outbox
    feedback = re.search(r"https?://\S+/events/feedback/\S+/", ask.body).group(0)
    attendee = browser.new_context(locale="fi-FI").new_page()
    attendee.goto(url + _path(feedback))
    attendee.locator("input[name=rating][value='5']").check()
    attendee.fill("#id_comment", "Hyvä päivä")
    attendee.locator("form button.primary").click()
    expect(attendee.locator("[role=status]")).to_contain_text("Kiitos")
    attendee.context.close()
    # The target turns ✓.
    page.goto(url + "/events/targets/")
    row = page.locator("tr", has=page.locator("th", has_text="Jämsä"))
    expect(row.locator("td.target-cell.met")).to_have_count(1)
    screenshot(page, "events-targets-jamsa")


@pytest.mark.parametrize("language", ["fi", "en"])
def test_invitation_question_and_invitee_pages_are_accessible(
    live_server, browser, jamsa, coordinator, language, screenshot
):
    from tests.browser.test_network_pages import log_in

    start = timezone.now() + datetime.timedelta(days=10)
    event = services.create_event(
        actor=SETUP,
        hosts=[jamsa["company"]],
        title="Jämsän seutuhankepäivä",
        category="project_day",
        sub_region=jamsa["region"],
        venue="Jämsä",
        start=start,
        end=start + datetime.timedelta(hours=6),
        capacity=20,
        public=False,
    )
    diet = services.add_question(
        event,
        actor=SETUP,
        asked="registration",
        text="Ruokavalio",
        type="choice",
        choices="kasvis\ngluteeniton",
        required=True,
    )
    services.add_question(event, actor=SETUP, asked="feedback", text="Tila", type="scale")
    services.send_invitations(event, [], guests=["vieras@example.com"], actor=SETUP)
    services.register(
        event,
        name="Aino",
        email="aino@example.com",
        actor=SETUP,
        invited_only_ok=True,
        answers={diet.pk: "kasvis"},
    )
    token = services.invitation_token(event.invitations.get())
    problems, too_wide = {}, {}
    for width in (1280, 390):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="fi-FI")
        page = context.new_page()
        try:
            log_in(page, live_server, "coordinator")
            if language == "en":
                page.locator("button[name=language][value=en]").click()
                page.wait_for_load_state()
            for name, path in {
                "invitations": f"/events/{event.pk}/invitations/",
                "questions": f"/events/{event.pk}/questions/",
                "participants": f"/events/{event.pk}/participants/",
                "invited": f"/events/invited/{token}/",
            }.items():
                page.goto(live_server.url + path)
                if width == 390:
                    scroll = page.evaluate("document.documentElement.scrollWidth")
                    if scroll > 390:
                        too_wide[name] = scroll
                found = axe_violations(page)
                if found:
                    problems[f"{name}@{width}"] = found
                screenshot(page, f"events-{name}-{language}-{width}")
        finally:
            context.close()
    assert problems == {} and too_wide == {}
