"""Playwright driving Debian's Chromium; skipped with a reason where no Chromium is installed."""

from __future__ import annotations

import pytest

from optiimi.demo import loader
from tests.demo_database import demo_database, is_sqlite


def axe_violations(page) -> list[str]:
    """Serious and critical axe-core violations on the current page, one line each."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def demo_site(transactional_db, live_server, django_db_blocker):
    """The live server over the whole demo: on SQLite a copy of the demo loaded once per version
    of the code (`tests/demo_database.py`)."""
    if is_sqlite():
        with demo_database(django_db_blocker):
            yield live_server
        return
    loader.load_demo(queue_forecasts=True)
    yield live_server


def log_in(page, base_url: str, username: str) -> None:
    """Sign in through the login form with the demo's password."""
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", loader.DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("button.primary")
