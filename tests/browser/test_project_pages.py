from __future__ import annotations

from decimal import Decimal

import pytest

from optiimi.core.writes import System
from optiimi.network import services as network
from optiimi.projects import services
from optiimi.projects.models import Phase, Project
from tests.browser.conftest import axe_violations
from tests.browser.test_network_pages import log_in

SETUP = System("test setup")

pytestmark = pytest.mark.browser


@pytest.fixture
def project(organisation, other_organisation, competences):
    network.create_person(
        actor=SETUP,
        organisation=other_organisation,
        name="Ulla Ulko",
        email="ulla@example.com",
        public=True,
        expertise_fi="Matkailualan yritysten markkinointi.",
    )
    return services.create_project(
        actor=SETUP,
        name="Matkailun kehittäminen Joutsassa",
        phase=Phase.PLANNING,
        lead=organisation,
        summary_fi="Matkailuyritysten yhteismarkkinointi.",
        budget=Decimal(100_000),
        partners=[(organisation, "lead", "", Decimal(100))],
        fundings=[("Keski-Suomen liitto", "erdf", Decimal(100_000))],
    )


def test_owner_adds_a_project_in_the_form_and_is_told_what_does_not_add_up(
    live_server, page, owner, organisation, project, screenshot
):
    log_in(page, live_server, "owner")
    page.goto(f"{live_server.url}/projects/")
    page.get_by_role("link", name="Lisää hanke").click()
    page.fill("#id_name", "Puurakentamisen osaamiskeskus")
    page.fill("#id_budget", "80000")
    page.select_option("#id_partners-0-organisation", str(organisation.pk))
    page.fill("#id_partners-0-budget_share", "100")
    page.fill("#id_fundings-0-funder", "Keski-Suomen liitto")
    page.select_option("#id_fundings-0-instrument", "erdf")
    page.fill("#id_fundings-0-amount", "70000")
    page.get_by_role("button", name="Tallenna").click()
    errors = page.locator(".has-error").all_inner_texts()
    assert "70000" in page.locator(".errorlist").first.inner_text(), errors
    assert axe_violations(page) == []
    screenshot(page, "project-form-error")
    page.fill("#id_fundings-0-amount", "80000")
    page.get_by_role("button", name="Tallenna").click()
    page.wait_for_url(f"{live_server.url}/projects/*/")
    assert page.locator("h1").inner_text() == "Puurakentamisen osaamiskeskus"
    assert Project.objects.get(name="Puurakentamisen osaamiskeskus").budget == 80000


@pytest.mark.parametrize("language", ["fi", "en"])
def test_project_pages_have_no_serious_accessibility_violations(
    live_server, page, owner, project, language, screenshot
):
    log_in(page, live_server, "owner")
    if language == "en":
        page.locator("button[name=language][value=en]").click()
        page.wait_for_load_state()
    pages = {
        "projects": "/projects/",
        "project": f"/projects/{project.pk}/",
        "project-form": f"/projects/{project.pk}/edit/",
        "project-new": "/projects/new/",
        "experts": "/projects/experts/?q=matkailun+markkinointi",
        "search": "/projects/search/?q=matkailu",
    }
    problems = {}
    for name, path in pages.items():
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == language
        found = axe_violations(page)
        if found:
            problems[name] = found
        if name in ("project", "experts"):
            screenshot(page, f"{name}-{language}")
    assert problems == {}
