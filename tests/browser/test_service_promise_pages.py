"""No wrong door: a company files a request in Finnish, the Joutsa development company refers
it to JAMK, JAMK accepts and closes it; the company's status link shows every step and the
monthly page the time to the right organisation; every page type fits a phone's width."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from optiimi.core.writes import System
from optiimi.network import services as network
from optiimi.network.models import CapabilityRole, RoleKind
from optiimi.regions.models import Region
from optiimi.services import services
from optiimi.services.models import Service
from tests.browser.conftest import axe_violations
from tests.browser.test_network_pages import log_in

pytestmark = pytest.mark.browser
SETUP = System("test setup")


@pytest.fixture
def jamk(regions):
    return network.create_organisation(
        actor=SETUP,
        name="Jyväskylän ammattikorkeakoulu",
        short_name="JAMK",
        kind="uas",
        home_municipality=Region.objects.get(level="kunta", code="179"),
        member_since=datetime.date(2004, 1, 1),
        sub_regions=list(Region.objects.subregions()),
    )


def _advisor(django_user_model, username, organisation):
    user = django_user_model.objects.create_user(username, f"{username}@example.com", "pw")
    network.set_role(
        user,
        RoleKind.MEMBER,
        organisation,
        actor=SETUP,
        capabilities=[CapabilityRole.SERVICE_ADVISOR],
    )
    return user


@pytest.fixture
def catalogue(organisation, jamk):
    services.save_service(
        None,
        actor=SETUP,
        organisation=organisation,
        name_fi="Yritysneuvonta",
        description_fi="Neuvontaa perustamiseen, rahoitukseen ja kasvuun.",
        sub_regions=organisation.sub_regions.all(),
    )
    services.save_service(
        None,
        actor=SETUP,
        organisation=jamk,
        name_fi="TKI-yhteistyö yrityksille",
        description_fi="Tuotekehitys ja prototyypit yhdessä asiantuntijoiden kanssa.",
    )


def _in_context(browser, live_server, username):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fi-FI")
    page = context.new_page()
    log_in(page, live_server, username)
    return context, page


def test_no_wrong_door_from_request_to_the_right_organisation(
    live_server, page, browser, catalogue, organisation, jamk, django_user_model, screenshot
):
    _advisor(django_user_model, "joutsan-neuvoja", organisation)
    _advisor(django_user_model, "jamkin-neuvoja", jamk)
    problems = {}

    # The company, without an account, in Finnish.
    page.goto(f"{live_server.url}/services/help/")
    assert "Mistä apua yritykselle?" in page.locator("h1").inner_text()
    page.fill("#id_need", "Tarvitsemme tuotekehitystä ja prototyypin")
    page.select_option("#id_municipality", label="Joutsa")
    with page.expect_navigation():
        page.get_by_role("button", name="Etsi palveluja").click()
    assert "TKI-yhteistyö yrityksille" in page.locator("#found-h + ul").inner_text()
    page.fill("#req_company_name", "Hirsikoti Oy")
    page.fill("#req_business_id", "0112038-9")
    page.fill("#req_contact_name", "Heikki Hirvonen")
    page.fill("#req_email", "heikki@example.com")
    page.select_option("#req_service", label="Verkosto valitsee")
    page.check("#req_consent_to_share")
    problems["front door"] = axe_violations(page)
    screenshot(page, "services-front-door-fi")
    with page.expect_navigation():
        page.get_by_role("button", name="Lähetä pyyntö").click()
    assert "Pyyntö vastaanotettu" in page.locator("h1").inner_text()
    receipt = next(m for m in mail.outbox if m.to == ["heikki@example.com"])
    status_path = re.search(r"/services/status/[\w-]+/", receipt.body).group(0)

    # The Joutsa development company's advisor refers it to JAMK.
    context, advisor = _in_context(browser, live_server, "joutsan-neuvoja")
    advisor.goto(f"{live_server.url}/services/queue/")
    problems["queue"] = axe_violations(advisor)
    advisor.get_by_role("link", name=re.compile("Hirsikoti Oy")).click()
    advisor.wait_for_url(re.compile(r".*/services/cases/\d+/$"))
    expect(advisor.locator("main")).to_contain_text("heikki@example.com")
    advisor.select_option("#id_refer-organisation", label="Jyväskylän ammattikorkeakoulu")
    advisor.fill("#id_refer-reason", "Tuotekehitys sopii JAMKin TKI-palveluun.")
    problems["case"] = axe_violations(advisor)
    with advisor.expect_navigation():
        advisor.get_by_role("button", name="Ohjaa", exact=True).click()
    expect(advisor.locator("main")).to_contain_text("Ohjaus odottaa vastausta")
    context.close()

    # A JAMK advisor accepts and closes it.
    context, jamk_advisor = _in_context(browser, live_server, "jamkin-neuvoja")
    jamk_advisor.goto(f"{live_server.url}/services/queue/?q=referred")
    jamk_advisor.get_by_role("link", name=re.compile("Hirsikoti Oy")).click()
    with jamk_advisor.expect_navigation():
        jamk_advisor.get_by_role("button", name="Hyväksy", exact=True).click()
    expect(jamk_advisor.locator("main")).to_contain_text("heikki@example.com")  # now a holder
    screenshot(jamk_advisor, "services-case-accepted-fi")
    jamk_advisor.fill("#id_respond-note", "Soitettu, tapaaminen sovittu.")
    with jamk_advisor.expect_navigation():
        jamk_advisor.get_by_role("button", name="Kirjaa yhteydenotto").click()
    jamk_advisor.select_option("#id_close-outcome", label="suunnitelma sovittu")
    with jamk_advisor.expect_navigation():
        jamk_advisor.get_by_role("button", name="Sulje pyyntö").click()
    screenshot(jamk_advisor, "services-case-closed-fi")
    context.close()

    # The company's status link shows each step, without the advisors' notes.
    page.goto(live_server.url + status_path)
    steps = page.locator("ol.steps").inner_text()
    for step in ("pyyntö vastaanotettu", "ohjattu", "ohjaus hyväksytty", "suljettu"):
        assert step in steps, steps
    assert "Soitettu, tapaaminen" not in page.content()
    assert "Jyväskylän ammattikorkeakoulu" in page.content()
    problems["status"] = axe_violations(page)
    screenshot(page, "services-status-fi")

    # The monthly page shows the time to the right organisation.
    page.goto(f"{live_server.url}/services/promise/")
    cell = page.locator("td.time-to-right").first.inner_text()
    assert re.fullmatch(r"\d+[,.]\d", cell.strip()), cell
    problems["metrics"] = axe_violations(page)
    screenshot(page, "services-metrics-fi")
    assert {k: v for k, v in problems.items() if v} == {}


def test_service_promise_pages_in_english_are_accessible(
    live_server, page, catalogue, organisation, screenshot
):
    page.goto(live_server.url + "/")
    page.locator("button[name=language][value=en]").click()
    page.wait_for_load_state()
    problems = {}
    for name, path in {
        "catalogue": "/services/",
        "front door": "/services/help/?need=rahoitusta&municipality="
        + str(Region.objects.get(level="kunta", code="172").pk),
        "metrics": "/services/promise/",
    }.items():
        page.goto(live_server.url + path)
        found = axe_violations(page)
        if found:
            problems[name] = found
    screenshot(page, "services-metrics-en")
    assert problems == {}


WIDTH = 390


def _overflow(page) -> int:
    """How many pixels the page is wider than the screen (0 when it fits)."""
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


def test_every_service_page_fits_a_phone(
    live_server, browser, catalogue, organisation, jamk, django_user_model, screenshot
):
    _advisor(django_user_model, "kapea-neuvoja", organisation)
    advisor = django_user_model.objects.get(username="kapea-neuvoja")
    joutsa = organisation.home_municipality
    service = Service.objects.get(organisation=organisation)
    case = services.receive_request(
        actor=services.COMPANY,
        company_name="Keski-Suomen Metsäkoneurakointi ja Puunjalostus Osakeyhtiö",
        business_id="0112038-9",
        contact_name="Maija-Liisa Puuseppä-Hirvonen",
        email="maija-liisa.puuseppa-hirvonen@metsakoneurakointi-puunjalostus.example.com",
        municipality=joutsa,
        need="Tarvitsemme rahoitusta kasvuun ja viennin aloittamiseen: "
        "https://www.metsakoneurakointi-puunjalostus.example.com/hankesuunnitelma-2026-luonnos",
        consent_to_share=True,
        service=service,
        at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=3),
        mail=False,
    )
    services.respond(case, actor=advisor, note="Soitettu; tapaaminen sovittu ensi viikolle.")
    services.refer(case, actor=advisor, to=jamk, reason="Tuotekehitys sopii JAMKin TKI-palveluun.")
    services.reply(case, actor=services.COMPANY, message="Kiitos, odotamme yhteydenottoa.")

    context = browser.new_context(viewport={"width": WIDTH, "height": 844}, locale="fi-FI")
    page = context.new_page()
    wide = {}

    def visit(name: str, path: str | None = None) -> None:
        if path is not None:
            page.goto(live_server.url + path)
        page.wait_for_load_state()
        screenshot(page, f"services-{name}-{WIDTH}")
        extra = _overflow(page)
        if extra > 0:
            wide[name] = extra

    visit("catalogue", "/services/")
    visit("service", f"/services/{service.pk}/")
    visit("front-door", f"/services/help/?need=rahoitusta+kasvuun&municipality={joutsa.pk}")
    page.fill("#req_company_name", "Hirsikoti Oy")
    page.fill("#req_contact_name", "Heikki Hirvonen")
    page.fill("#req_email", "heikki@example.com")
    page.check("#req_consent_to_share")
    with page.expect_navigation():
        page.get_by_role("button", name="Lähetä pyyntö").click()
    expect(page.locator("h1")).to_contain_text("Pyyntö vastaanotettu")
    visit("received")
    visit("status", f"/services/status/{case.token}/")
    visit("figures", "/services/promise/")
    log_in(page, live_server, "kapea-neuvoja")
    visit("queue", "/services/queue/")
    visit("queue-all", "/services/queue/?q=all")
    visit("case", f"/services/cases/{case.pk}/")
    context.close()
    assert wide == {}, f"wider than {WIDTH} px (by px): {wide}"
