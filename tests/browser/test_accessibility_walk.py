"""axe-core on every page type of the site in Finnish, Swedish and English at a desk's width, and
in Finnish on a phone (390 px), with the demo's data: no serious or critical violation. The page
types are the ones the site walk finds from the front page (`walk.found_pages`): a visitor's pages
as the visitor, the rest as the coordinator; and the API's documentation page, which the footer
links. One test per language and width, so that pytest-xdist spreads them over its workers."""

from __future__ import annotations

import pytest
from django.conf import settings

from tests.browser import walk
from tests.browser.conftest import axe_violations, log_in

pytestmark = pytest.mark.browser

COORDINATOR = "koordinaattori"
API_DOCS = ("api:openapi-view", "/api/v1/docs")


DESK, PHONE = {"width": 1280, "height": 900}, {"width": 390, "height": 844}


def _check(browser, base_url, language, viewport, username, pages, checked) -> list[str]:
    """axe on each page, in `language` at `viewport`, signed in as `username` (or as a visitor)."""
    problems: list[str] = []
    context = browser.new_context(viewport=viewport)
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base_url}]
    )
    page = context.new_page()
    try:
        if username:
            log_in(page, base_url, username)
        for name, path in sorted(pages.items()):
            response = page.goto(base_url + path)
            where = f"{name}, {path}, {language}, {viewport['width']} px"
            if response is None or response.status != 200:
                problems.append(f"{where}: answered {response.status if response else 'nothing'}")
                continue
            if name == API_DOCS[0]:
                page.wait_for_selector(".opblock")  # Swagger UI drew the operations
            shown_in = page.locator("html").get_attribute("lang")
            if shown_in != language:
                problems.append(f"{where}: the page says lang={shown_in!r}")
            problems.extend(f"{where}: {found}" for found in axe_violations(page))
            checked[name] = path
    finally:
        context.close()
    return problems


@pytest.mark.parametrize(
    ("language", "viewport"),
    [("fi", DESK), ("sv", DESK), ("en", DESK), ("fi", PHONE)],
    ids=["fi", "sv", "en", "fi-phone"],
)
def test_no_serious_accessibility_violation_on_any_page_type(
    demo_site, browser, language, viewport
):
    base_url = demo_site.url
    checked: dict[str, str] = {}
    visitor = walk.found_pages(browser, base_url, None)
    problems = _check(
        browser, base_url, language, viewport, None, dict([*visitor.items(), API_DOCS]), checked
    )
    coordinator = walk.found_pages(browser, base_url, COORDINATOR)
    own = {name: path for name, path in coordinator.items() if name not in visitor}
    problems += _check(browser, base_url, language, viewport, COORDINATOR, own, checked)

    assert problems == [], "\n" + "\n".join(problems)
    # every page type the walks found was checked, the coordinator's own pages among them
    assert set(checked) == {*visitor, *coordinator, API_DOCS[0]}
    assert len(checked) > 60 and "network:person_create" in own
