from __future__ import annotations

import pytest
from playwright.sync_api import expect

from optiimi.demo import guidance as demo
from optiimi.regions.models import Region
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def needs_and_supply(regions):
    demo.load()


@pytest.mark.parametrize("language", ["fi", "en"])
def test_guidance_pages_are_accessible_and_fit_a_phone(
    live_server, page, language, screenshot, needs_and_supply
):
    if language == "en":
        page.goto(live_server.url + "/")
        page.locator("button[name=language][value=en]").click()
        page.wait_for_load_state()
    jamsa = Region.objects.get(level="kunta", code="182")
    problems = {}
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in {
            "index": "/guidance/",
            "subregion": "/guidance/134/",
            "crosswalk": "/guidance/crosswalk/",
            "provider": "/guidance/provider/?provider=Gradia",
            "study": f"/guidance/study/?interests=puu+ja+metsä&municipality={jamsa.pk}",
        }.items():
            page.goto(live_server.url + path)
            page.wait_for_load_state("networkidle")
            found = axe_violations(page)
            if found:
                problems[f"{name} at {width}"] = found
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= width, f"{path} is {wide} px wide at {width} px"
            screenshot(page, f"guidance-{name}-{language}-{width}")
    assert problems == {}


def test_a_person_describes_interests_and_sees_education_with_why(
    live_server, page, needs_and_supply
):
    page.goto(live_server.url + "/guidance/study/")
    page.get_by_label("Mikä sinua kiinnostaa").fill("Olen ollut metsätöissä ja pidän luonnosta")
    page.get_by_label("Kunta").select_option(label="Joutsa")
    with page.expect_navigation():
        page.get_by_role("button", name="Etsi koulutuksia").click()
    found = page.locator("section[aria-labelledby=found-h]")
    expect(found).to_contain_text("Metsäalan perustutkinto, oppisopimus")
    expect(found).to_contain_text("kotikunnassasi")


@pytest.mark.parametrize("language", ["fi", "en"])
def test_a_counsellor_answers_a_referral_and_the_pages_are_accessible(
    live_server, page, language, screenshot, organisation, other_organisation, django_user_model
):
    from optiimi.core.writes import System
    from optiimi.guidance import services
    from optiimi.network import services as network
    from optiimi.network.models import CapabilityRole, RoleKind
    from tests.browser.test_network_pages import log_in

    setup = System("test setup")
    user = django_user_model.objects.create_user("opo", "opo@example.com", "pw")
    network.set_role(
        user,
        RoleKind.MEMBER,
        organisation,
        actor=setup,
        capabilities=[CapabilityRole.GUIDANCE_COUNSELLOR],
    )
    client = services.open_client(
        actor=setup,
        organisation=other_organisation,
        name="Maija Meikäläinen",
        municipality=Region.objects.get(level="kunta", code="172"),
        need="Alanvaihto",
        consent_to_share=True,
    )
    services.refer_client(client, actor=setup, to=organisation, reason="Opintojen ohjaus")
    log_in(page, live_server, "opo")
    if language == "en":
        page.locator("button[name=language][value=en]").click()
        page.wait_for_load_state()
    problems = {}
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in {
            "clients": "/guidance/clients/",
            "client": f"/guidance/clients/{client.pk}/",
            "client-new": "/guidance/clients/new/",
        }.items():
            page.goto(live_server.url + path)
            found = axe_violations(page)
            if found:
                problems[f"{name} at {width}"] = found
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= width, f"{path} is {wide} px wide at {width} px"
            screenshot(page, f"guidance-{name}-{language}-{width}")
    assert problems == {}
    page.goto(f"{live_server.url}/guidance/clients/{client.pk}/")
    assert "Maija" not in page.locator("main").inner_text()
    with page.expect_navigation():
        page.locator("form[action$='/accept/'] button").click()
    expect(page.locator("h1")).to_contain_text("Maija Meikäläinen")


@pytest.mark.parametrize("language", ["fi", "en"])
def test_the_guidance_calendar_is_accessible_and_fits_a_phone(
    live_server, page, language, screenshot, regions
):
    from tests import factories

    jamsa = Region.objects.get(code="134")
    factories.event(
        title="Ohjauspäivä: uusi ammatti aikuisena", category="guidance_day", sub_region=jamsa
    )
    if language == "en":
        page.goto(live_server.url + "/")
        page.locator("button[name=language][value=en]").click()
        page.wait_for_load_state()
    problems = {}
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + "/guidance/calendar/")
        expect(page.locator("main")).to_contain_text("Ohjauspäivä: uusi ammatti aikuisena")
        found = axe_violations(page)
        if found:
            problems[width] = found
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, f"the calendar is {wide} px wide at {width} px"
        screenshot(page, f"guidance-calendar-{language}-{width}")
    assert problems == {}


@pytest.mark.parametrize("language", ["fi", "en"])
def test_a_company_answers_the_needs_survey_on_an_accessible_page_that_fits_a_phone(
    live_server, page, language, screenshot, regions
):
    from optiimi.core.writes import System
    from optiimi.guidance import services

    invitation = services.invite_to_survey(
        actor=System("test setup"),
        company_name="Konepaja Oy",
        sub_region=Region.objects.subregions().get(code="134"),
    )
    if language == "en":
        page.goto(live_server.url + "/")
        page.locator("button[name=language][value=en]").click()
        page.wait_for_load_state()
    url = live_server.url + invitation.get_absolute_url()
    problems = {}
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        found = axe_violations(page)
        if found:
            problems[f"survey at {width}"] = found
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, f"the survey is {wide} px wide at {width} px"
        screenshot(page, f"guidance-survey-{language}-{width}")
    field = "Koulutusala 1" if language == "fi" else "Field of education 1"
    people = "Henkilöitä 1" if language == "fi" else "People 1"
    page.get_by_label(field).select_option(value="072")
    # a field without a number of people is named, and nothing is saved
    with page.expect_navigation():
        page.get_by_role(
            "button", name="Lähetä vastaus" if language == "fi" else "Send the answer"
        ).click()
    expect(page.locator(".error-summary")).to_be_visible()
    found = axe_violations(page)
    if found:
        problems["survey with an error"] = found
    assert not invitation.answers.exists()
    page.get_by_label(people).fill("4")
    with page.expect_navigation():
        page.get_by_role(
            "button", name="Lähetä vastaus" if language == "fi" else "Send the answer"
        ).click()
    expect(page.locator("[role=status]")).to_be_visible()
    assert dict(invitation.answers.values_list("field", "people")) == {"072": 4}
    assert problems == {}
