"""`optiimi import pxweb URL --query QUERY.json`: fetch a StatFin table live and store it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from optiimi.core import jobcli
from optiimi.core.formats import FormatError
from optiimi.core.writes import System
from optiimi.foresight import jobs as foresight_jobs
from optiimi.foresight import services
from optiimi.foresight.models import PxWebSource
from optiimi.foresight.pxweb import LIMIT, load_query


class Command(BaseCommand):
    help = (
        "Fetch a PxWeb API v1 table (e.g. https://pxdata.stat.fi/PxWeb/api/v1/fi/StatFin/"
        "vaerak/statfin_vaerak_pxt_11rc.px) as JSON-stat 2.0 and import it. The table is kept "
        "as a source that --schedule refreshes daily, weekly or monthly in the worker; without "
        "--query the source's saved query is used."
    )
    transport: Any = None  # tests put an httpx.MockTransport here

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("url")
        parser.add_argument(
            "--query", type=Path, help="PxWeb query JSON (or a StatFin saved query)"
        )
        parser.add_argument("--limit", type=int, default=LIMIT, help="values per call")
        parser.add_argument(
            "--schedule",
            choices=[s or "none" for s in PxWebSource.Schedule.values],
            help="refresh on this schedule in the worker (none: by hand only)",
        )
        jobcli.add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        url = options["url"]
        actor = System("import pxweb")
        try:
            if options["query"] is not None:
                query = load_query(options["query"])
            elif (known := PxWebSource.objects.filter(url=url).first()) is not None:
                query = known.query
            else:
                raise CommandError(f"{url}: no saved query; give one with --query")
            schedule = options["schedule"]
            source = services.save_pxweb_source(
                actor=actor,
                url=url,
                query=query,
                limit=options["limit"],
                schedule=None if schedule is None else schedule.replace("none", ""),
            )
        except FileNotFoundError as exc:
            raise CommandError(f"{exc.filename}: no such file") from None
        except FormatError as exc:
            raise CommandError(f"{url}: {exc}; nothing was written") from None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        saved, foresight_jobs.pxweb_transport = foresight_jobs.pxweb_transport, self.transport
        try:
            job = foresight_jobs.refresh(source, actor=actor, queue=not options["now"])
            job = jobcli.run(self, job, options)
        finally:
            foresight_jobs.pxweb_transport = saved
        if job.finished:
            self.stdout.write(self.style.SUCCESS(job.message))
