"""A command that starts a job: queue it and follow its progress bar, or run it here (`--now`)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.progress import Progress

from optiimi.core import jobs
from optiimi.core.models import Job


def add_arguments(parser: CommandParser) -> None:
    how = parser.add_mutually_exclusive_group()
    how.add_argument("--now", action="store_true", help="run the work here, not in a worker")
    how.add_argument(
        "--no-wait", action="store_true", help="queue the job, print its number and return"
    )


def run(command: BaseCommand, job: Job, options: dict[str, Any]) -> Job:
    """Run or follow `job` (made with `jobs.start(..., queue=not options["now"])`) with a rich
    progress bar; a failed job is a CommandError with the job's message."""
    if options.get("no_wait"):
        command.stdout.write(f"Job {job.pk} queued: /jobs/{job.pk}/ (a worker runs it)")
        return job
    with Progress(transient=True, disable=options.get("verbosity", 1) == 0) as bar:
        task = bar.add_task(job.label, total=None)

        def show(done: int, total: int | None, stage: str) -> None:
            bar.update(task, completed=done, total=total, description=stage or job.label)

        if options.get("now"):
            job = jobs.run_inline(job, show)
        else:
            while True:
                job = jobs.live(Job.objects.get(pk=job.pk))
                show(job.done, job.total, job.stage)
                if job.finished:
                    break
                time.sleep(0.5)
    if job.state == Job.State.FAILED:
        raise CommandError(job.message)
    return job
