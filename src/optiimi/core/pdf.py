"""HTML to PDF with WeasyPrint, fetching only the site's static files (never the network)."""

from __future__ import annotations

import logging
import mimetypes
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage

log = logging.getLogger(__name__)


def _static_only(url: str, **_kwargs: Any) -> Any:
    """Give WeasyPrint our static files from disk; refuse anything else (no network)."""
    path = urlsplit(url).path
    prefix = (
        settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/" + settings.STATIC_URL
    )
    if not path.startswith(prefix):
        raise ValueError(f"the document may only use the site's static files, not {url}")
    name = path.split(settings.STATIC_URL.strip("/") + "/", 1)[1]
    found = (
        staticfiles_storage.path(name)
        if staticfiles_storage.exists(name)
        else finders.find(name.split("?")[0])
    )
    if not found:
        raise ValueError(f"no static file {name}")
    from weasyprint.urls import URLFetcherResponse

    with open(found, "rb") as handle:
        body = handle.read()
    mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return URLFetcherResponse(url, body=body, headers={"Content-Type": mime})


def html_to_pdf(html: str, base_url: str) -> bytes | None:
    """WeasyPrint needs the Pango library; without it None (the page itself prints)."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        log.warning("PDF unavailable: %s", exc)
        return None
    return weasyprint.HTML(string=html, base_url=base_url, url_fetcher=_static_only).write_pdf()
