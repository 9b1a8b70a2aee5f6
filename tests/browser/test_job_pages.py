"""An upload in Chromium: the page answers at once with the import job's page, which shows
the job's progress while it waits and runs, then the result; a bad file ends there with the
importer's message."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import expect

from optiimi.core import jobs
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser

PX = "statfin/statfin_vaerak_pxt_11rc.px"


@pytest.fixture
def queue(settings):
    """Jobs wait in an in-memory queue until `queue.work()` starts a worker thread."""
    settings.JOBS_EAGER = False
    settings.JOBS_BROKER = "memory"
    jobs.reset()
    stop = threading.Event()
    shared = connections["default"]
    sharing = shared.vendor == "sqlite" and shared.is_in_memory_db()
    if sharing:
        shared.inc_thread_sharing()

    class Queue:
        def work(self) -> None:
            def loop() -> None:
                if sharing:
                    connections["default"] = shared  # the live server's in-memory database
                huey = jobs.huey()
                while not stop.is_set():
                    task = huey.dequeue()
                    if task is None:
                        stop.wait(0.1)
                    else:
                        huey.execute(task)

            threading.Thread(target=loop, daemon=True).start()

    yield Queue()
    stop.set()
    if sharing:
        shared.dec_thread_sharing()
    jobs.reset()


def log_in(page, live_server) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "coordinator")
    page.fill("#id_password", "pw")
    with page.expect_navigation():
        page.click("button.primary")


def upload(page, live_server, path: Path) -> None:
    page.goto(f"{live_server.url}/foresight/import/")
    page.set_input_files("#id_file", str(path))
    with page.expect_navigation():
        page.get_by_role("button", name="Tuo").click()
    assert "/jobs/" in page.url


def test_an_upload_shows_its_job_progress_then_the_result(
    live_server, page, coordinator, shared_data, queue, screenshot
):
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security" in m.text else None)
    log_in(page, live_server)
    upload(page, live_server, shared_data / PX)
    status = page.locator("#job-status")
    expect(status).to_contain_text("Odottaa")
    expect(status.locator("progress")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "job-waiting")
    queue.work()
    expect(status).to_contain_text("Valmis", timeout=60_000)
    expect(status).to_contain_text("statfin_vaerak_pxt_11rc.px")
    expect(status).to_contain_text("new")
    assert status.locator("progress").count() == 0
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 800})
    page.reload()
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')]"
        ".filter(e => e.getBoundingClientRect().right > 390)"
        ".map(e => e.tagName + '.' + e.className + ' ' + e.getBoundingClientRect().right)"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, wide
    screenshot(page, "job-done-390")
    assert blocked == []


def test_a_bad_file_ends_on_the_job_page_with_the_importers_message(
    live_server, page, coordinator, queue, tmp_path, screenshot
):
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator,area,period,value\nx,MK13,2024,abc\n")
    log_in(page, live_server)
    upload(page, live_server, bad)
    status = page.locator("#job-status")
    expect(status.locator("progress")).to_be_visible()
    queue.work()
    expect(status).to_contain_text("Työ epäonnistui", timeout=60_000)
    expect(status).to_contain_text("line 2: value 'abc' is not a number")
    expect(status).to_contain_text("Mitään ei tuotu")
    expect(status.get_by_role("link", name="Yritä uudelleen")).to_be_visible()
    screenshot(page, "job-failed")
    assert axe_violations(page) == []
