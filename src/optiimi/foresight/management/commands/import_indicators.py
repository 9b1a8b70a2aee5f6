"""`optiimi import indicators FILE`: JSON-stat 2.0 (.json), PX (.px), long CSV (.csv) or XLSX."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from rich.progress import Progress

from optiimi.core.commands import ImportCommand
from optiimi.core.writes import System
from optiimi.foresight import services
from optiimi.foresight.sources import read_file


class Command(ImportCommand):
    help = (
        "Import statistics into the indicator store from JSON-stat 2.0 (.json), PX (.px) "
        "or long-format CSV (.csv) or Excel workbook (.xlsx). Re-importing updates changed "
        "values and keeps the old ones in history."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--table", default="", help="table id when the file has none")
        parser.add_argument("--language", default=None, help="PX language (default: main)")

    def run(self, paths: list[Path], **options: Any) -> object:
        path = paths[0]
        notes: list[str] = []
        fmt, metas, rows, total = read_file(
            path, table=options["table"], language=options["language"], notes=notes
        )
        with Progress(transient=True, disable=options.get("verbosity", 1) == 0) as bar:
            task = bar.add_task(f"Importing {path.name}", total=total)
            run = services.import_observations(
                metas,
                rows,
                source=str(path.name),
                format=fmt,
                table_id=metas[0].table_id if metas else "",
                source_updated=metas[0].source_updated if metas else "",
                progress=lambda n: bar.advance(task, n),
                notes=notes,
                actor=System("import indicators"),
            )
        return services.describe(run)
