"""Walking the site as a reader does: from the front page, following links only.

Used by tests/browser/test_site_walk.py: the crawl finds every page type of the URL
configuration, and the reflow check visits each page type at a phone's width; and by
tests/browser/test_accessibility_walk.py, which runs axe on each page type found in every language.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from playwright.sync_api import Error as PlaywrightError

# Not pages of the site: Django's admin, the API (its docs page is linked from the footer and
# checked on its own), the language switch (a POST form on every page).
OUTSIDE = ("admin:", "api:", "set_language")

# Instances of a page type differ in their links: only computed indicators link their records.
MORE = {"strategy:indicator": 30}

# Page types a reader cannot reach by following links, and why.
UNREACHABLE_BY_LINKS = {
    # Only answer a POST (a button on the page of their parent).
    "logout": "POST only: the log-out button",
    "network:competence_proposal": "POST only: accept or reject buttons on the proposals page",
    "network:person_erase": "POST only: the erase button on the person's page",
    "strategy:indicator_refresh": "POST only: the refresh button on the indicator page",
    "foresight:barometer_close": "POST only: the close button of a barometer round",
    "foresight:barometer_send": "POST only: the send buttons of a barometer round",
    "projects:phase": "POST only: the phase buttons on the project page",
    "services:respond": "POST only: a button on the case page",
    "services:resume": "POST only: a button on the case page",
    "services:education_field": "POST only: a form on the case page",
    "services:refer": "POST only: a form on the case page",
    "services:announce": "POST only: a button on the case page",
    "services:close": "POST only: a form on the case page",
    "services:accept": "POST only: a button on the case page of the receiving organisation",
    "services:decline": "POST only: a button on the case page of the receiving organisation",
    "services:status_erase": "POST only: the erase button on the status page",
    "services:status_reply": "POST only: the message form on the status page",
    "services:status_withdraw": "POST only: the consent withdrawal button on the status page",
    "events:register": "POST only: the registration form on the event page",
    "strategy:indicator_value": "POST only: the value form on the indicator page",
    "strategy:measure_update": "POST only: the progress form on the measure page",
    "projects:consultation": "POST only: the consultation form on the project page",
    "guidance:client_refer": "POST only: the referral form on a client's page",
    "guidance:client_complete": "POST only: a button on a client's page",
    "guidance:client_accept": "POST only: a button on a client's page of the receiving service",
    "guidance:client_decline": "POST only: a button on a client's page of the receiving service",
    # A guidance client is seen only by the counsellors of the services that hold or held them
    # (tests/browser/test_guidance_pages.py walks these as a counsellor).
    "guidance:clients": "guidance counsellors only, not the coordinator",
    "guidance:client_create": "guidance counsellors only, not the coordinator",
    "guidance:client": "guidance counsellors of the holding services only",
    # Old addresses kept working: they redirect to the board pack.
    "strategy:report": "old address, redirects to the board pack",
    "strategy:report_pdf": "old address, redirects to the board pack's PDF",
    "collaboration:rebuild": "POST only: the rebuild button on the map",
    "benchmark:cohort_recompute": "POST only: the recompute button on the cohort page",
    # Reached from e-mail through a signed link that only the addressee holds.
    "password_reset_confirm": "token link sent by e-mail",
    "password_reset_complete": "follows a password reset by token",
    "events:cancel": "token link sent by e-mail",
    "events:registered": "token link after registering",
    "events:registered_ics": "download on the token page after registering",
    "events:answer": "token link in an invitation e-mail",
    "events:invited": "the invitee's private link in the invitation e-mail",
    "events:invited_ics": "download on the invitee's private page",
    "events:feedback": "token link in the feedback e-mail",
    "services:status": "the company's private status link (e-mail and the thank-you page)",
    "guidance:survey": "the company's private needs survey link the network sends it",
    # A job's page is shown to the person who started it, after the form that starts it (an
    # upload, a board pack PDF); tests/browser/test_job_pages.py follows them.
    "core:job": "opened by the form that starts a job",
    "core:job_status": "polled by the job's page",
    "core:job_file": "the download on a finished job's page",
    # Shown only after a form was sent.
    "password_reset_done": "shown after the reset form was sent",
}


def page_types() -> set[str]:
    """Every named URL of the site's own pages."""
    names: set[str] = set()

    def walk(patterns, namespace: str = "") -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, ns)
            elif isinstance(entry, URLPattern) and entry.name:
                names.add(f"{namespace}{entry.name}")

    walk(get_resolver().url_patterns)
    return {name for name in names if not name.startswith(OUTSIDE)}


def page_type(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


DOWNLOAD_SUFFIXES = (".csv", ".xlsx", ".ics", ".pdf", ".json", ".graphml", ".gexf")


@dataclass
class Walk:
    """What a walk found: the first address of each page type, and the links that failed."""

    found: dict[str, str] = field(default_factory=dict)
    downloads: dict[str, str] = field(default_factory=dict)
    failed: dict[str, int] = field(default_factory=dict)
    widths: dict[str, int] = field(default_factory=dict)


def walk_site(
    page, base_url: str, *, per_type: int = 2, more: dict[str, int] | None = None, on_page=None
) -> Walk:
    """Follow links breadth-first from `/`, opening each page type `per_type` times (or as many
    times as `more` says: a page type whose instances differ in their links).

    `on_page(page, path, name)` runs on every page opened (the reflow and axe checks)."""
    result = Walk()
    queue: deque[str] = deque(["/"])
    queued = {"/"}
    opened: dict[str, int] = {}
    while queue:
        path = queue.popleft()
        name = page_type(urlsplit(path).path)
        if name is None or name.startswith(OUTSIDE) or name == "logout":
            continue
        if opened.get(name, 0) >= (more or {}).get(name, per_type):
            continue
        opened[name] = opened.get(name, 0) + 1
        if urlsplit(path).path.endswith(DOWNLOAD_SUFFIXES) or "format=" in path:
            response = page.request.get(base_url + path)
            if response.status != 200:
                result.failed[path] = response.status
            else:
                result.downloads.setdefault(name, path)
            continue
        try:
            response = page.goto(base_url + path)
        except PlaywrightError as error:
            if "Download is starting" not in str(error):
                raise
            download = page.request.get(base_url + path)
            if download.status != 200:
                result.failed[path] = download.status
            else:
                result.downloads.setdefault(name, path)
            continue
        if response is None or response.status != 200:
            result.failed[path] = response.status if response else 0
            continue
        content_type = response.headers.get("content-type", "")
        if not content_type.startswith("text/html"):
            result.downloads.setdefault(name, path)
            continue
        result.found.setdefault(name, path)
        if on_page is not None:
            on_page(page, path, name)
        hrefs = page.eval_on_selector_all(
            "a[href]", "links => links.map(a => a.getAttribute('href'))"
        )
        for href in hrefs:
            href = urldefrag(href)[0]
            if not href or href.startswith(("mailto:", "tel:", "javascript:")):
                continue
            parts = urlsplit(href)
            if parts.scheme or parts.netloc:
                if not href.startswith(base_url):
                    continue
                href = href[len(base_url) :]
                parts = urlsplit(href)
            if not parts.path.startswith("/"):
                # relative links: none in the site's templates, but resolve them plainly
                current = urlsplit(path).path
                href = current.rsplit("/", 1)[0] + "/" + href
            if parts.path.startswith(("/static/", "/admin/", "/api/", "/i18n/")):
                continue
            if href not in queued:
                queued.add(href)
                queue.append(href)
    return result


def scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def _remembered(username: str | None) -> Path | None:
    """Where a walk's pages are kept for this version of the code; None on PostgreSQL.

    On SQLite every test process restores the same copy of the demo (`tests/demo_database.py`),
    so a walk finds the same addresses in each of them: the first walk of a version of the code
    is kept in `.test-cache/` beside that copy (named by the same hash, and this file's)."""
    from tests import demo_database

    if not demo_database.is_sqlite():
        return None
    demo_database.CACHE.mkdir(exist_ok=True)
    return demo_database.CACHE / f"{_version()}{username or 'visitor'}"


def _version() -> str:
    from tests import demo_database

    return f"walk-{demo_database.source_hash()}-{_THIS_FILE}-"


_THIS_FILE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:8]


@contextlib.contextmanager
def remembering(username: str | None) -> Iterator[Callable[[Walk], None]]:
    """While a walk runs, hold its lock (a test that needs its pages waits for it instead of
    walking too); yields `keep(walk)`, which saves what a walk without failures found."""
    saved = _remembered(username)
    if saved is None:
        yield lambda found: None
        return
    with saved.with_suffix(".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:

            def keep(found: Walk) -> None:
                if not found.failed:
                    saved.with_suffix(".json").write_text(json.dumps(found.found))
                    version = _version()
                    for old in saved.parent.glob("walk-*"):
                        if not old.name.startswith(version):
                            old.unlink(missing_ok=True)

            yield keep
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def found_pages(browser, base_url: str, username: str | None) -> dict[str, str]:
    """The first address of each page type a walk from `/` finds, signed in as `username` or as
    a visitor: the pages the site walk (or an earlier call) kept for this version of the code,
    else a walk at a desk's width."""
    from tests.browser.conftest import log_in

    saved = _remembered(username)
    with remembering(username) as keep:
        if saved is not None and saved.with_suffix(".json").exists():
            return json.loads(saved.with_suffix(".json").read_text())
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI")
        page = context.new_page()
        try:
            if username:
                log_in(page, base_url, username)
            found = walk_site(page, base_url, more=MORE)
        finally:
            context.close()
        assert found.failed == {}, found.failed
        keep(found)
        return found.found
