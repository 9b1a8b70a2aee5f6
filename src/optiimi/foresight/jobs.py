"""Foresight's background jobs (`core.jobs`): an uploaded statistics file, forecasts, and
PxWeb refreshes. Each runs the same services as the CLI, with the same messages."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from optiimi.core import jobs
from optiimi.core.formats import FormatError, InvalidRows
from optiimi.core.models import Job
from optiimi.core.writes import Actor, System
from optiimi.foresight import services
from optiimi.foresight.models import Indicator, PxWebSource
from optiimi.foresight.pxweb import table_id
from optiimi.foresight.sources import read_bytes

IMPORT = "foresight.import"
FORECAST = "foresight.forecast"
PXWEB = "foresight.pxweb"
# The HTTP layer of PxWeb refreshes; tests put an httpx.MockTransport here.
pxweb_transport: Any = None


def run_import(ctx: jobs.Context) -> jobs.Done:
    """params: name (the file's name), table; the file is the job's payload."""
    params = ctx.job.params
    ctx.progress(0, None, _("Reading the file"))
    try:
        notes: list[str] = []
        fmt, metas, rows, total = read_bytes(
            bytes(ctx.job.payload or b""),
            params["name"],
            table=params.get("table", ""),
            notes=notes,
        )
        ctx.progress(0, total, _("Checking and writing the cells"))
        run = services.import_observations(
            metas,
            rows,
            actor=ctx.actor,
            source=params["name"],
            format=fmt,
            table_id=metas[0].table_id if metas else "",
            source_updated=metas[0].source_updated if metas else "",
            notes=notes,
            progress=lambda n: ctx.advance(n),
        )
    except InvalidRows as exc:
        raise jobs.Failed(
            "\n".join([_("Nothing was imported."), *(str(e) for e in exc.errors)]),
            reverse("foresight:upload"),
        ) from None
    except FormatError as exc:
        raise jobs.Failed(
            "\n".join([_("Nothing was imported."), str(exc)]), reverse("foresight:upload")
        ) from None
    return jobs.Done(services.describe(run), reverse("foresight:region"))


def run_forecast(ctx: jobs.Context) -> jobs.Done:
    """params: codes (empty: every indicator), horizon, level, areas, n_jobs, engine (local,
    statsforecast, dask, ray, spark) and scheduler (the cluster's address)."""
    from optiimi.foresight.forecasting import EngineUnavailable, fugue_engine

    params = ctx.job.params
    try:
        with fugue_engine(params.get("engine", "local"), params.get("scheduler")) as engine:
            return _forecast(ctx, engine)
    except EngineUnavailable as exc:
        raise jobs.Failed(str(exc)) from None


def _forecast(ctx: jobs.Context, engine: Any) -> jobs.Done:
    params = ctx.job.params
    indicators = Indicator.objects.all()
    if params.get("codes"):
        indicators = indicators.filter(code__in=params["codes"])
    total_series = sum(
        services.series_frame(i, params.get("areas"))["unique_id"].n_unique() for i in indicators
    )
    ctx.progress(0, total_series, _("Forecasting"))
    count = 0
    for indicator in indicators:
        count += services.forecast_indicator(
            indicator,
            h=params.get("horizon", 5),
            level=params.get("level", 80),
            areas=params.get("areas"),
            n_jobs=params.get("n_jobs", 1),
            progress=lambda n: ctx.advance(n),
            engine=engine,
            actor=ctx.actor,
        )
    return jobs.Done(_("%(n)d series forecast") % {"n": count}, reverse("foresight:region"))


def forecast(
    codes: list[str], *, actor: Actor, areas: list[str] | None = None, key: str = ""
) -> Job:
    """A forecast job of these indicators, handed to the workers when the caller's
    transaction commits (a worker elsewhere must find its row); a job of the same `key` still
    waiting or running is the same job."""
    job = jobs.start(
        FORECAST,
        actor=actor,
        params={"codes": codes, "horizon": 5, "level": 80, "areas": areas, "n_jobs": 1},
        key=key,
        queue=False,
    )
    if job.enqueued_at is None:
        if settings.JOBS_EAGER:  # tests: at once, in the caller's transaction
            jobs.enqueue(job)
            job.refresh_from_db()
        else:
            transaction.on_commit(lambda: jobs.enqueue(job))
    return job


def run_pxweb(ctx: jobs.Context) -> jobs.Done:
    """params: source (a PxWebSource id)."""
    source = PxWebSource.objects.get(pk=ctx.job.params["source"])
    ctx.progress(0, None, _("Fetching %(url)s") % {"url": source.url})
    try:
        run = services.refresh_pxweb(
            source,
            actor=ctx.actor,
            transport=pxweb_transport,
            progress=lambda n, stage: ctx.progress(n, None, stage),
        )
    except (FormatError, InvalidRows) as exc:
        raise jobs.Failed(f"{source.url}: {exc}; nothing was written") from None
    return jobs.Done(services.describe(run), reverse("foresight:region"))


def refresh(source: PxWebSource, *, actor: Actor, queue: bool = True) -> Job:
    """A refresh job of `source`; one already waiting or running is the same job."""
    return jobs.start(
        PXWEB,
        actor=actor,
        params={"source": source.pk},
        key=f"{PXWEB}:{source.pk}",
        label=_("Refresh %(table)s") % {"table": table_id(source.url)},
        queue=queue,
    )


def start_due_refreshes(now: datetime.datetime | None = None) -> list[Job]:
    """Start a refresh job for every PxWeb source whose schedule is due (the worker asks every
    minute)."""
    return [
        refresh(source, actor=System("scheduled refresh"))
        for source in services.due_pxweb_sources(now)
    ]


def register() -> None:
    jobs.register(IMPORT, run_import, label=gettext_lazy("Import statistics"), max_attempts=3)
    jobs.register(FORECAST, run_forecast, label=gettext_lazy("Forecast indicators"))
    jobs.register(PXWEB, run_pxweb, label=gettext_lazy("Refresh a PxWeb table"))
    jobs.every_minute(PXWEB, start_due_refreshes)
