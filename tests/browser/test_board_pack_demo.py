"""The demo's current board pack (2025–2027) in the browser, in Finnish, Swedish and English: every
evidence section is there, the service promise and the ties to knowledge organisations among
them, as cards on a phone, with no sideways scroll and no serious accessibility problem."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser

PATHS = ("/plan/2025-2027/board/", "/plan/2025-2027/board/?region=134")  # 134: Jämsä
NEW_SECTIONS = ("#s-services-promise", "#s-collaboration-knowledge-ties")
HEADINGS = {
    "fi": "Vastaus yhdellä silmäyksellä",
    "sv": "Svaret i korthet",
    "en": "The answer at a glance",
}


def test_demo_board_pack_in_three_languages_on_a_desk_and_a_phone(demo_site, page, screenshot):
    problems: dict[str, list[str]] = {}
    for language in ("fi", "sv", "en"):
        page.goto(demo_site.url + "/")
        if language != "fi":
            with page.expect_navigation():
                page.locator(f"button[name=language][value={language}]").first.click()
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            for path in PATHS:
                page.goto(demo_site.url + path)
                page.wait_for_load_state("networkidle")
                assert page.locator("html").get_attribute("lang") == language
                assert page.locator("#answer-h").inner_text() == HEADINGS[language]
                for section in NEW_SECTIONS:
                    claims = page.locator(f"{section} table.claims tbody tr")
                    assert claims.count() > 0, f"{section} is empty on {path} in {language}"
                if found := axe_violations(page):
                    problems[f"{path} in {language} at {width}"] = found
                wide = page.evaluate("document.documentElement.scrollWidth")
                assert wide <= width, f"{path} in {language} is {wide} px wide at {width} px"
            screenshot(page, f"board-pack-demo-{language}-{width}")
    assert problems == {}
