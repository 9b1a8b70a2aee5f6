"""Guidance's background job (`core.jobs`): collecting the competence needs every source tells."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from optiimi.core import jobs
from optiimi.core.models import Job
from optiimi.guidance import services

COLLECT = "guidance.collect_needs"


def run_collect(ctx: jobs.Context) -> jobs.Done:
    ctx.progress(0, None, _("Collecting the competence needs"))
    summary = services.collect_needs(actor=ctx.actor)
    return jobs.Done(str(summary), reverse("guidance:index"))


def collect() -> Job:
    """Collect the needs in a job; one still waiting or running is returned instead of a second,
    so that a run of survey answers or closed rounds is collected once, off the request."""
    return jobs.start(COLLECT, actor=services.COLLECT_NEEDS, key=COLLECT)


def register() -> None:
    jobs.register(COLLECT, run_collect, label=gettext_lazy("Collect the competence needs"))
