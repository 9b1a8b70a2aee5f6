"""The API's interactive documentation in the site's frame: the page is in the reader's language
with the site's header, and Swagger UI stays free of serious accessibility problems as an
operation is opened, tried and answered, on a desk and on a phone. (The page as it opens is
checked in every language by the accessibility walk.)"""

from __future__ import annotations

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


@pytest.mark.django_db
def test_api_docs_stay_accessible_as_an_operation_is_tried(live_server, page, screenshot):
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "sv", "url": live_server.url}]
    )
    page.goto(live_server.url + "/api/v1/docs")
    page.wait_for_selector(".opblock")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.locator(".page-head h1").inner_text() == "API för utvecklare"
    assert page.locator("header.site .brand").count() == 1
    # the OpenAPI description is in English; Swagger UI's title is a level under the page's
    assert page.locator("#swagger-ui").get_attribute("lang") == "en"
    expect(page.locator("#swagger-ui h1")).to_have_attribute("aria-level", "2")

    # the regions list: a choice of value (the level) and, once answered, copy buttons
    operation = page.locator("#operations-regions-optiimi_regions_api_list_regions")
    operation.locator(".opblock-summary-control").click()
    operation.locator(".try-out__btn").click()
    choice = operation.locator("tr[data-param-name=level] select")
    choice.select_option("seutukunta")
    operation.locator(".execute").click()
    operation.locator(".live-responses-table").wait_for()
    expect(operation.locator(".copy-to-clipboard button").first).to_have_attribute(
        "aria-label", "Kopiera till urklipp"
    )
    expect(choice).to_have_accessible_name("level")
    problems = {"desk": axe_violations(page)}
    screenshot(page, "api-docs-tried-1280")

    page.set_viewport_size({"width": 390, "height": 844})
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= 390, f"{wide} px wide at 390 px"
    problems["phone"] = axe_violations(page)
    screenshot(page, "api-docs-tried-390")
    assert {where: found for where, found in problems.items() if found} == {}
