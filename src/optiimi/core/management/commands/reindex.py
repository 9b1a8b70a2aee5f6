from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from optiimi.core import jobcli, jobs
from optiimi.core.writes import System


class Command(BaseCommand):
    help = (
        "Rebuild the search index over every registered kind of document and save it. "
        "A worker runs it (this command follows it); --now runs it here."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        jobcli.add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        job = jobs.start(
            jobs.REINDEX, actor=System("reindex"), key=jobs.REINDEX, queue=not options["now"]
        )
        job = jobcli.run(self, job, options)
        if job.finished:
            self.stdout.write(job.message)
