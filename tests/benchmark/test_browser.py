"""The benchmark pages in a real browser: they render their charts and pass an axe check."""

import os
from pathlib import Path

import pytest

from optiimi.benchmark.models import Company
from optiimi.core.writes import System
from tests.browser.conftest import axe_violations

SETUP = System("test setup")

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(os.environ.get("OPTIIMI_DATA_DIR", ".")) / "screenshots"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium not installed"),
]


def _check(page, url, name):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(url)
    page.wait_for_timeout(500)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    results = Axe().run(page)
    serious = [
        v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert not serious, serious


def test_public_pages_pass_axe(joutsa_cohort, live_server, page):
    _check(page, f"{live_server.url}/benchmark/joutsa/", "joutsa")
    _check(page, f"{live_server.url}/benchmark/industry/47/", "industry")
    _check(page, f"{live_server.url}/benchmark/", "index")


def _sign_in(page, live_server, user, language: str = "fi") -> None:
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.save()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "url": live_server.url,
            },
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url},
        ]
    )


def test_company_page_passes_axe_for_member(demo_companies, live_server, page, member):
    _sign_in(page, live_server, member)
    bid = Company.objects.order_by("business_id").first().business_id
    _check(page, f"{live_server.url}/benchmark/company/{bid}/", "company")


@pytest.mark.parametrize("language", ["fi", "en"])
def test_cohort_pages_pass_axe_for_the_public(
    joutsa_cohort, organisation, live_server, page, language
):
    from django.conf import settings

    from optiimi.benchmark import services
    from optiimi.projects import services as projects
    from optiimi.projects.models import Phase

    project = projects.create_project(
        actor=SETUP, lead=organisation, name="Joutsan seudun pilotti", phase=Phase.CLOSED
    )
    services.update_cohort(joutsa_cohort, actor=SETUP, project=project)
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    _check(page, f"{live_server.url}/benchmark/cohorts/", f"cohorts-{language}")
    _check(page, f"{live_server.url}/benchmark/cohorts/{joutsa_cohort.pk}/", f"cohort-{language}")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("figure, .chart").count() >= 1
    assert joutsa_cohort.companies.first().name not in page.content()
    _check(page, f"{live_server.url}/projects/{project.pk}/", f"project-impact-{language}")
    link = page.locator(f'a[href="/benchmark/cohorts/{joutsa_cohort.pk}/"]')
    assert link.count() == 1


@pytest.mark.parametrize("language", ["fi", "en"])
def test_cohort_form_and_member_view_pass_axe(joutsa_cohort, live_server, page, owner, language):
    _sign_in(page, live_server, owner, language)
    _check(
        page, f"{live_server.url}/benchmark/cohorts/{joutsa_cohort.pk}/", f"cohort-owner-{language}"
    )
    assert joutsa_cohort.companies.order_by("name").first().name in page.content()
    _check(page, f"{live_server.url}/benchmark/cohorts/new/", f"cohort-new-{language}")
    page.fill("#id_name", "Testikohortti")
    page.fill("#id_start_year", "2010")
    page.fill("#id_business_ids", "0112038-8")
    page.locator("form.card button[type=submit]").click()
    page.wait_for_load_state()
    assert "0112038-8" in page.locator("[role=alert]").first.inner_text()
    assert axe_violations(page) == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"cohort-form-errors-{language}.png"), full_page=True)
