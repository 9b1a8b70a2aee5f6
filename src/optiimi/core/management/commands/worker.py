"""`optiimi worker`: run background jobs (core.jobs) until stopped."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from optiimi.core import jobs


class Command(BaseCommand):
    help = (
        "Run background jobs (imports from the web, forecasts, reindexing, report PDFs, "
        "scheduled PxWeb refreshes) until stopped. `optiimi serve` starts one itself."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--threads", type=int, default=2, help="jobs run at once (default 2)")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.JOBS_EAGER:
            raise CommandError("OPTIIMI_JOBS_EAGER is set: jobs run where they are started")
        huey = jobs.huey()
        if options["verbosity"] > 0:
            self.stdout.write(f"Worker {jobs.worker_name()} running jobs (Ctrl+C stops)")
            self.stdout.flush()
        consumer = huey.create_consumer(
            workers=options["threads"], worker_type="thread", periodic=True
        )
        consumer.run()
