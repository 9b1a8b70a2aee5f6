"""The shared components in the browser: the focus ring's contrast, the form's error summary
linking to its fields, tables scrolling in their own named region, the phone's menu."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from optiimi.core.writes import System
from optiimi.network import services
from tests.browser.conftest import axe_violations
from tests.browser.test_network_pages import log_in

SETUP = System("test setup")

pytestmark = pytest.mark.browser

# The ring's colour against the background next to it, from the computed styles.
CONTRAST = """(element) => {
  const rgb = (text) => text.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const luminance = ([r, g, b]) => {
    const f = (c) => {
      c /= 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (node) => {
    for (; node; node = node.parentElement) {
      const colour = getComputedStyle(node).backgroundColor;
      const clear = colour.startsWith("rgba(0, 0, 0, 0)") || colour === "transparent";
      if (colour && !clear) return colour;
    }
    return "rgb(255, 255, 255)";
  };
  const style = getComputedStyle(element);
  const ring = luminance(rgb(style.outlineColor));
  const behind = luminance(rgb(background(element.parentElement)));
  return {
    ratio: (Math.max(ring, behind) + 0.05) / (Math.min(ring, behind) + 0.05),
    width: parseFloat(style.outlineWidth),
    style: style.outlineStyle,
  };
}"""


def test_focus_ring_has_at_least_3_to_1_contrast_in_the_page_and_the_header(
    live_server, page, regions
):
    page.goto(f"{live_server.url}/accounts/login/")
    page.keyboard.press("Tab")  # the skip link
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_username":
            break
    in_page = page.evaluate(CONTRAST, page.locator("#id_username").element_handle())
    assert in_page["style"] == "solid" and in_page["width"] >= 2
    assert in_page["ratio"] >= 3, in_page
    brand = page.locator("a.brand")
    brand.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    in_header = page.evaluate(CONTRAST, brand.element_handle())
    assert in_header["ratio"] >= 3, in_header


@pytest.mark.parametrize("language", ["fi", "en", "sv"])
def test_error_summary_links_each_error_to_its_field(
    live_server, page, owner, organisation, language, screenshot
):
    log_in(page, live_server, "owner")
    if language != "fi":
        with page.expect_navigation():
            page.locator(f"button[name=language][value={language}]").click()
    page.goto(f"{live_server.url}/organisations/{organisation.pk}/edit/")
    page.fill("#id_business_id", "0112038-8")
    page.fill("#id_name", "")
    with page.expect_navigation():
        page.locator("main button.primary").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    links = summary.locator("a")
    assert sorted(links.evaluate_all("links => links.map(a => a.getAttribute('href'))")) == [
        "#id_business_id",
        "#id_name",
    ]
    summary.locator("a[href='#id_business_id']").click()
    expect(page.locator("#id_business_id")).to_be_focused()
    assert axe_violations(page) == []
    screenshot(page, f"design-error-summary-{language}")


@pytest.mark.parametrize("language", ["fi", "en", "sv"])
def test_phone_menu_and_wide_tables_in_their_own_region(
    live_server, browser, owner, organisation, language, screenshot
):
    for n in range(3):
        services.create_person(
            actor=SETUP,
            organisation=organisation,
            name=f"Aino Virtanen-Korhonen {n}",
            email=f"aino{n}@example.com",
            public=True,
        )
    context = browser.new_context(viewport={"width": 320, "height": 700}, locale="fi-FI")
    page = context.new_page()
    try:
        log_in(page, live_server, "owner")
        if language != "fi":
            with page.expect_navigation():
                page.locator(f"button[name=language][value={language}]").click()
        page.goto(f"{live_server.url}/organisations/")
        toggle = page.locator(".menu-toggle")
        sections = page.locator("#site-menu")
        expect(toggle).to_have_attribute("aria-expanded", "false")
        expect(sections).to_be_hidden()
        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "true")
        expect(sections).to_be_visible()
        expect(sections.locator("a[aria-current]")).to_have_count(1)
        page.keyboard.press("Escape")
        expect(sections).to_be_hidden()
        expect(toggle).to_be_focused()

        region = page.locator("main .table-wrap").first
        expect(region).to_have_attribute("role", "region")
        expect(region).to_have_attribute("tabindex", "0")
        assert region.get_attribute("aria-label")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        wider = region.evaluate("r => r.scrollWidth > r.clientWidth")
        hint = page.locator("main .table-hint").first
        if wider:
            expect(hint).to_be_visible()
        else:
            expect(hint).to_be_hidden()
        assert axe_violations(page) == []
        screenshot(page, f"design-phone-{language}")
    finally:
        context.close()


@pytest.mark.parametrize("language", ["fi", "en", "sv"])
def test_error_and_account_pages_are_accessible(live_server, page, member, language, screenshot):
    page.goto(f"{live_server.url}/accounts/login/")
    if language != "fi":
        with page.expect_navigation():
            page.locator(f"button[name=language][value={language}]").click()
    problems = {}
    for name, path in [
        ("404", "/no-such-page/"),
        ("password-reset", "/accounts/password/reset/"),
        ("password-reset-sent", "/accounts/password/reset/sent/"),
        ("password-reset-bad-link", "/accounts/password/reset/MQ/not-a-token/"),
    ]:
        page.goto(live_server.url + path)
        assert page.locator("header.site nav#site-menu").count() == 1, name
        assert page.locator("html").get_attribute("lang") == language
        found = axe_violations(page)
        if found:
            problems[name] = found
        screenshot(page, f"design-{name}-{language}")
    log_in(page, live_server, "member")
    page.goto(f"{live_server.url}/users/")
    assert page.locator("html").get_attribute("lang") == language
    assert (
        page.locator("h1").inner_text()
        == {
            "fi": "Ei pääsyä tälle sivulle",
            "en": "No access to this page",
            "sv": "Ingen åtkomst till den här sidan",
        }[language]
    )
    found = axe_violations(page)
    if found:
        problems["403"] = found
    assert problems == {}
