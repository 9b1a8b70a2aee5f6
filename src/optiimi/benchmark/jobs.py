"""Benchmark's background job (`core.jobs`): recomputing cohorts' effect estimates."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from optiimi.benchmark import queries, services
from optiimi.benchmark.models import Cohort
from optiimi.core import jobs
from optiimi.core.models import Job
from optiimi.core.writes import Actor

IMPACT = "benchmark.impact"


def run_impact(ctx: jobs.Context) -> jobs.Done:
    """params: cohorts (ids; empty: every cohort). Every estimate is computed first, then all
    are stored in one transaction: an attempt stopped half-way has stored nothing."""
    ids = ctx.job.params.get("cohorts") or []
    cohorts = list(Cohort.objects.filter(pk__in=ids) if ids else Cohort.objects.all())
    ctx.progress(0, len(cohorts), _("Reading the companies' financials"))
    panel = queries.panel()
    ctx.progress(0, len(cohorts), _("Estimating the effects"))
    results = []
    for cohort in cohorts:
        key = queries.impact_key(cohort)
        results.append((cohort, key, queries.compute_impact(cohort, panel_frame=panel)))
        ctx.advance(1)
    n = services.store_impacts(results, actor=ctx.actor)
    message = ngettext(
        "Effect of %(n)d cohort recomputed", "Effects of %(n)d cohorts recomputed", n
    ) % {"n": n}
    link = cohorts[0].get_absolute_url() if len(cohorts) == 1 else reverse("benchmark:cohorts")
    return jobs.Done(message, link)


def recompute(cohorts: list[Cohort], *, actor: Actor, queue: bool = True) -> Job:
    """A job recomputing these cohorts' estimates (none: every cohort); the same one still
    waiting or running is returned instead of a second."""
    ids = sorted(c.pk for c in cohorts)
    if len(cohorts) == 1:
        label = _("Recompute the effect of %(cohort)s") % {"cohort": cohorts[0].name}
    else:
        label = ""
    return jobs.start(
        IMPACT,
        actor=actor,
        params={"cohorts": ids},
        key=f"{IMPACT}:{','.join(map(str, ids)) or 'all'}",
        label=label,
        queue=queue,
    )


def register() -> None:
    jobs.register(IMPACT, run_impact, label=gettext_lazy("Recompute cohort effects"))
