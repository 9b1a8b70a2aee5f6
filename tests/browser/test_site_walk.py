"""The whole site walked from the front page with the demo's data, as a visitor and as the
coordinator: every page type of the URL configuration is reached by links (or is listed in
`walk.UNREACHABLE_BY_LINKS` with the reason), and no page scrolls sideways at 390 px or 320 px
(WCAG 1.4.10 reflow): wide tables scroll inside their own region instead. Each page is opened at
390 px and measured there, then with the window narrowed to 320 px (as a phone turned or a window
narrowed: the layout must follow without a reload).
"""

from __future__ import annotations

import pytest

from tests.browser import walk
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

PHONE, NARROW = 390, 320
# Only a visitor who is not logged in sees these.
ANONYMOUS_ONLY = {"login", "password_reset"}
# The pages nothing linked to before: reached by a visitor too.
PUBLIC_PAGES = {
    "foresight:barometer",
    "foresight:signals",
    "foresight:method",
    "benchmark:joutsa",
    "events:subregion_ics",
    "events:organisation_ics",
    "services:front_door",
}


def _walk(browser, base_url: str, username: str | None) -> tuple[walk.Walk, dict, dict]:
    """Walk at the phone's width; on each page opened, narrow the window to 320 px and back."""
    context = browser.new_context(viewport={"width": PHONE, "height": 844}, locale="fi-FI")
    page = context.new_page()
    too_wide: dict[str, tuple[str, int]] = {}
    narrow: dict[str, int] = {}
    try:
        if username:
            log_in(page, base_url, username)

        def reflows(page, path: str, name: str) -> None:
            for width, height in ((PHONE, 844), (NARROW, 700)):
                page.set_viewport_size({"width": width, "height": height})
                measured = walk.scroll_width(page)
                if width == NARROW:
                    narrow[name] = max(narrow.get(name, 0), measured)
                if measured > width:
                    too_wide[f"{name} at {width}"] = (path, measured)
            page.set_viewport_size({"width": PHONE, "height": 844})

        # the pages found are kept for the accessibility walk (walk.found_pages)
        with walk.remembering(username) as keep:
            found = walk.walk_site(page, base_url, more=walk.MORE, on_page=reflows)
            keep(found)
    finally:
        context.close()
    return found, too_wide, narrow


def test_every_page_type_is_reached_from_the_front_page_and_none_scrolls_sideways(
    demo_site, browser
):
    visitor, visitor_too_wide, visitor_narrow = _walk(browser, demo_site.url, None)
    coordinator, coordinator_too_wide, coordinator_narrow = _walk(
        browser, demo_site.url, "koordinaattori"
    )

    assert visitor.failed == {} and coordinator.failed == {}
    assert visitor_too_wide == {} and coordinator_too_wide == {}
    # every page opened was measured at both widths
    assert set(visitor_narrow) == set(visitor.found) and len(visitor.found) > 30
    assert set(coordinator_narrow) == set(coordinator.found)

    reached = {*visitor.found, *visitor.downloads, *coordinator.found, *coordinator.downloads}
    expected = walk.page_types() - set(walk.UNREACHABLE_BY_LINKS)
    assert sorted(expected - reached) == []
    # the exceptions name real page types that the walk did not reach after all
    assert set(walk.UNREACHABLE_BY_LINKS) <= walk.page_types()
    assert sorted(reached & set(walk.UNREACHABLE_BY_LINKS)) == []
    assert {*visitor.found, *visitor.downloads} >= PUBLIC_PAGES
    assert set(visitor.found) >= ANONYMOUS_ONLY
    assert expected - ANONYMOUS_ONLY <= {*coordinator.found, *coordinator.downloads}
