"""The pages run under their Content-Security-Policy: no violation, charts still drawn."""

from __future__ import annotations

import pytest

from optiimi.demo import loader

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "foresight": "/foresight/",
    "foresight-subregion": "/foresight/131/",
    "plan-board": "/plan/2004-2006/board/",
    "plan-indicator": "/plan/indicators/planning_consultation/",
    "events": "/events/",
    "projects": "/projects/",
    "people": "/people/",
    "login": "/accounts/login/",
    "admin-login": "/admin/login/",
    "api-docs": "/api/v1/docs",
}


def test_pages_pass_their_content_security_policy(live_server, page):
    loader.load_demo()
    problems: list[str] = []

    def console(message) -> None:
        # Violations are reported as console errors ("Refused to execute inline script ...").
        if message.type == "error" and "Failed to load resource" not in message.text:
            problems.append(f"{page.url}: {message.text}")

    page.on("console", console)
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    charts = {}
    for name, path in PAGES.items():
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, (name, response)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        charts[name] = page.locator(".chart-canvas svg").count()
    assert problems == []
    # Vega draws its charts through the interpreter, without eval.
    assert charts["foresight"] > 0 and charts["plan-indicator"] > 0
