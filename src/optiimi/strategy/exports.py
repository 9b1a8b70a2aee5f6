"""The plan as rows (CSV, XLSX) and the board pack as PDF."""

from __future__ import annotations

import logging
import mimetypes
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from optiimi.core import spreadsheets
from optiimi.strategy import queries
from optiimi.strategy.models import Period

log = logging.getLogger(__name__)

LIGHTS = {
    "on_track": "on track",
    "at_risk": "at risk",
    "off_track": "off track",
    "no_data": "no data",
    "no_target": "no target",
}


def plan_rows(period: Period) -> list[list[Any]]:
    """One row per measure and indicator, with the latest value and the progress light."""
    header = [
        _("priority"),
        _("goal"),
        _("measure"),
        pgettext("measure", "title"),
        _("status"),
        _("responsible organisations"),
        _("perspectives"),
        _("indicator"),
        _("unit"),
        _("baseline"),
        _("target"),
        _("latest value"),
        _("latest year"),
        _("progress"),
        _("source"),
    ]
    rows: list[list[Any]] = [header]
    for priority in queries.plan_tree(period):
        for goal in priority.goals:
            for row in goal.measures:
                m = row.measure
                base = [
                    priority.priority.number,
                    goal.goal.number,
                    m.number,
                    m.title,
                    m.get_status_display(),
                    "; ".join(o.name for o in m.responsible.all()),
                    "; ".join(m.perspectives),
                ]
                if not row.indicators:
                    rows.append([*base, "", "", "", "", "", "", "", m.no_indicator_reason])
                for p in row.indicators:
                    i = p.indicator
                    rows.append(
                        [
                            *base,
                            i.name,
                            i.unit,
                            i.baseline,
                            p.progress.target,
                            p.progress.actual,
                            p.progress.actual_year,
                            LIGHTS[p.progress.light],
                            i.source,
                        ]
                    )
    return rows


def xlsx(rows: list[list[Any]], title: str) -> bytes:
    widths = (8, 6, 8, 60, 12, 40, 30, 50, 12, 10, 10, 12, 10, 12, 40)
    return spreadsheets.xlsx_bytes(rows, title, widths)


def pdf_available() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def _static_only(url: str, **_kwargs: Any) -> Any:
    """Give WeasyPrint our static files from disk; refuse anything else (no network)."""
    path = urlsplit(url).path
    if not path.startswith(
        settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/" + settings.STATIC_URL
    ):
        raise ValueError(f"the report may only use the site's static files, not {url}")
    name = path.split(settings.STATIC_URL.strip("/") + "/", 1)[1]
    found = None
    if staticfiles_storage.exists(name):
        found = staticfiles_storage.path(name)
    else:
        found = finders.find(name.split("?")[0])
    if not found:
        raise ValueError(f"no static file {name}")
    from weasyprint.urls import URLFetcherResponse

    with open(found, "rb") as handle:
        body = handle.read()
    mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return URLFetcherResponse(url, body=body, headers={"Content-Type": mime})


def html_to_pdf(html: str, base_url: str) -> bytes | None:
    """WeasyPrint needs the Pango library; without it the page's print stylesheet serves."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        log.warning("PDF unavailable: %s", exc)
        return None
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=_static_only)
    return document.write_pdf()
