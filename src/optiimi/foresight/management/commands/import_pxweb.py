"""`optiimi import pxweb URL --query QUERY.json`: fetch a StatFin table live and store it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.progress import Progress

from optiimi.core.formats import FormatError
from optiimi.core.writes import System
from optiimi.foresight import services
from optiimi.foresight.pxweb import LIMIT, PxWebClient, load_query, table_id
from optiimi.foresight.sources import CELL_SCHEMA, IndicatorMeta, cube_cells


class Command(BaseCommand):
    help = (
        "Fetch a PxWeb API v1 table (e.g. https://pxdata.stat.fi/PxWeb/api/v1/fi/StatFin/"
        "vaerak/statfin_vaerak_pxt_11rc.px) as JSON-stat 2.0 and import it."
    )
    transport: Any = None  # tests put an httpx.MockTransport here

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("url")
        parser.add_argument(
            "--query", type=Path, required=True, help="PxWeb query JSON (or a StatFin saved query)"
        )
        parser.add_argument("--limit", type=int, default=LIMIT, help="values per call")

    def handle(self, *args: Any, **options: Any) -> None:
        url = options["url"]
        try:
            query = load_query(options["query"])
            client = PxWebClient(self.transport)
            metas: list[IndicatorMeta] = []
            parts: list[pl.DataFrame] = []
            with Progress(transient=True, disable=options["verbosity"] == 0) as bar:
                task = bar.add_task("Fetching", total=None)
                for number, cube in enumerate(client.cubes(url, query, options["limit"]), 1):
                    part_metas, cells = cube_cells(cube, table=cube.table_id or table_id(url))
                    metas.extend(m for m in part_metas if m.code not in {x.code for x in metas})
                    # a cell's place names the call it came in
                    parts.append(cells.with_columns(pl.format(f"call {number}, {{}}", "place")))
                    bar.advance(task)
                run = services.import_observations(
                    metas,
                    pl.concat(parts) if parts else pl.DataFrame(schema=CELL_SCHEMA),
                    source=url,
                    format="pxweb",
                    table_id=table_id(url),
                    source_url=url,
                    source_updated=metas[0].source_updated if metas else "",
                    actor=System("import pxweb"),
                )
        except FileNotFoundError as exc:
            raise CommandError(f"{exc.filename}: no such file") from None
        except FormatError as exc:
            raise CommandError(f"{url}: {exc}; nothing was written") from None
        self.stdout.write(self.style.SUCCESS(services.describe(run)))
