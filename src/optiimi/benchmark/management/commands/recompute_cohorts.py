"""`optiimi recompute_cohorts [ID ...]`: recompute and store cohorts' effect estimates."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from optiimi.benchmark import jobs as benchmark_jobs
from optiimi.benchmark.models import Cohort
from optiimi.core import jobcli
from optiimi.core.writes import System


class Command(BaseCommand):
    help = (
        "Recompute the difference-in-differences estimate of saved cohorts (default: all) and "
        "store it for the pages. A worker runs it (this command follows its progress); --now "
        "runs it here."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("ids", nargs="*", type=int, metavar="ID", help="cohort ids")
        jobcli.add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        cohorts = list(Cohort.objects.filter(pk__in=options["ids"])) if options["ids"] else []
        missing = set(options["ids"]) - {c.pk for c in cohorts}
        if missing:
            raise CommandError(f"no cohort with id {', '.join(map(str, sorted(missing)))}")
        job = benchmark_jobs.recompute(
            cohorts, actor=System("recompute cohorts"), queue=not options["now"]
        )
        job = jobcli.run(self, job, options)
        if job.finished:
            self.stdout.write(self.style.SUCCESS(job.message))
