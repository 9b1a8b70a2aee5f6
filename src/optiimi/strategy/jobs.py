"""Strategy's background job (`core.jobs`): the board pack as a PDF, made in a worker."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from optiimi.core import jobs
from optiimi.core.mail import site_url
from optiimi.core.pdf import html_to_pdf
from optiimi.regions.models import Region
from optiimi.strategy import board, permissions

BOARD_PDF = "strategy.board_pdf"


def board_url(code: str, region: str) -> str:
    url = reverse("strategy:board", args=[code])
    return f"{url}?region={region}" if region else url


def run_board_pdf(ctx: jobs.Context) -> jobs.Done:
    """params: code (the period), region (a sub-region's code, or empty for the region)."""
    code, region = ctx.job.params["code"], ctx.job.params.get("region", "")
    try:
        period = permissions.get_period_for_user(ctx.job.created_by, code)
    except Http404:
        raise jobs.Failed(_("No such period")) from None
    subregion = None
    if region:
        subregion = (
            Region.objects.subregions()
            .filter(parent__code=settings.HOME_REGION, code=region)
            .first()
        )
    ctx.progress(0, 2, _("Gathering the board pack"))
    pack = board.build(period, subregion)
    ctx.progress(1, 2, _("Writing the PDF"))
    html = render_to_string("strategy/board_pdf.html", {"board": pack, "period": period})
    pdf = html_to_pdf(html, base_url=site_url("/"))
    if pdf is None:
        raise jobs.Failed(
            _("PDF is not available on this server; use your browser's print to PDF."),
            board_url(code, region),
        )
    ctx.progress(2, 2)
    name = f"optiimi-{period.code}{'-' + region if subregion else ''}-{get_language()}.pdf"
    return jobs.Done(
        _("The board pack is ready."), board_url(code, region), (name, pdf, "application/pdf")
    )


def register() -> None:
    jobs.register(BOARD_PDF, run_board_pdf, label=gettext_lazy("Board pack PDF"))
