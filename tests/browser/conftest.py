"""Playwright driving Debian's Chromium; skipped with a reason where no Chromium is installed."""

from __future__ import annotations


def axe_violations(page) -> list[str]:
    """Serious and critical axe-core violations on the current page, one line each."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
