"""The benchmark pages in a real browser: they render their charts and pass an axe check."""

import os
from pathlib import Path

import pytest

from optiimi.benchmark.models import Company

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


def test_public_pages_pass_axe(demo_companies, live_server, page):
    _check(page, f"{live_server.url}/benchmark/joutsa/", "joutsa")
    _check(page, f"{live_server.url}/benchmark/industry/47/", "industry")
    _check(page, f"{live_server.url}/benchmark/", "index")


def test_company_page_passes_axe_for_member(demo_companies, live_server, page, member):
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session["_auth_user_id"] = str(member.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = member.get_session_auth_hash()
    session.save()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "url": live_server.url,
            }
        ]
    )
    bid = Company.objects.order_by("business_id").first().business_id
    _check(page, f"{live_server.url}/benchmark/company/{bid}/", "company")
