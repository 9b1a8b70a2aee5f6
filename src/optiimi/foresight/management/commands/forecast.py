"""`optiimi forecast [CODE ...]`: forecast annual series and store them with their MASE."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from optiimi.core import jobcli, jobs
from optiimi.core.writes import System
from optiimi.foresight import jobs as foresight_jobs
from optiimi.foresight.forecasting import ENGINES
from optiimi.foresight.models import Indicator


class Command(BaseCommand):
    help = (
        "Forecast indicators' annual series with an ensemble of AutoETS, Theta and random "
        "walk with drift weighted by a rolling-origin backtest (MASE), and store them. "
        "A worker runs it (this command follows its progress); --now runs it here."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("codes", nargs="*", metavar="CODE", help="indicators (default all)")
        parser.add_argument("--horizon", type=int, default=5, help="years ahead (default 5)")
        parser.add_argument("--level", type=int, default=80, help="interval level in per cent")
        parser.add_argument("--area", action="append", help="StatFin area codes only")
        parser.add_argument("--jobs", type=int, default=1, help="worker processes (-1: all cores)")
        parser.add_argument(
            "--engine",
            choices=ENGINES,
            default="local",
            help="local: a process pool on this machine (default, the fastest there); "
            "statsforecast: statsforecast's cross_validation in one process; dask, ray, spark: "
            "the same on a cluster through Fugue (ray and spark are extras)",
        )
        parser.add_argument(
            "--scheduler",
            metavar="ADDRESS",
            help="the cluster's address (dask: tcp://HOST:8786; ray: HOST:6379; spark: its "
            "master URL); none: a cluster of this machine",
        )
        jobcli.add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["codes"]:
            known = set(
                Indicator.objects.filter(code__in=options["codes"]).values_list("code", flat=True)
            )
            missing = set(options["codes"]) - known
            if missing:
                raise CommandError(f"no such indicator: {', '.join(sorted(missing))}")
        if not 50 <= options["level"] <= 99 or options["horizon"] < 1:
            raise CommandError("--level must be 50–99 and --horizon at least 1")
        if options["scheduler"] and options["engine"] not in ("dask", "ray", "spark"):
            raise CommandError("--scheduler needs --engine dask, ray or spark")
        job = jobs.start(
            foresight_jobs.FORECAST,
            actor=System("forecast"),
            params={
                "codes": options["codes"],
                "horizon": options["horizon"],
                "level": options["level"],
                "areas": options["area"],
                "n_jobs": options["jobs"],
                "engine": options["engine"],
                "scheduler": options["scheduler"],
            },
            queue=not options["now"],
        )
        job = jobcli.run(self, job, options)
        if job.finished:
            self.stdout.write(self.style.SUCCESS(job.message))
