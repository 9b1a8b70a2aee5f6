"""`optiimi benchmark`: the financials as Parquet files, and the national peer percentiles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from optiimi.benchmark import queries

PERCENTILES_FILE = "percentiles-{year}.parquet"


class Command(BaseCommand):
    help = (
        "`export-parquet [DIR]` writes the financials with each company's industry and area as "
        "Parquet, one file a year (DIR: default OPTIIMI_PEERS_PARQUET). `percentiles DIR` "
        "writes every company-year's growth percentile (turnover unless --value says "
        "otherwise), n, mean and median in each peer grouping (TOL level × area), one Parquet "
        "file a year; with OPTIIMI_PEERS_PARQUET "
        "set they are computed from its Parquet files a year at a time with polars' streaming "
        "engine, else from the database in memory."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["export-parquet", "percentiles"])
        parser.add_argument("directory", nargs="?", type=Path)
        parser.add_argument(
            "--value",
            choices=["turnover_growth", "personnel_growth"],
            default="turnover_growth",
            help="the growth ranked (default: turnover)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        directory: Path | None = options["directory"]
        if options["action"] == "export-parquet":
            if directory is None:
                if not settings.PEERS_PARQUET:
                    raise CommandError("give a directory or set OPTIIMI_PEERS_PARQUET")
                directory = Path(settings.PEERS_PARQUET)
            written = queries.export_parquet(directory)
            self.stdout.write(self.style.SUCCESS(f"{written} company-years in {directory}"))
            return
        if directory is None:
            raise CommandError("give the directory to write the percentiles to")
        directory.mkdir(parents=True, exist_ok=True)
        for old in directory.glob(PERCENTILES_FILE.format(year="*")):
            old.unlink()
        rows = 0
        try:
            for frame in queries.peer_percentiles(options["value"]):
                year = frame["year"][0]
                frame.write_parquet(directory / PERCENTILES_FILE.format(year=year))
                rows += frame.height
        except FileNotFoundError as exc:
            raise CommandError(str(exc)) from None
        source = settings.PEERS_PARQUET or "the database"
        self.stdout.write(
            self.style.SUCCESS(f"{rows} company-years ranked from {source} into {directory}")
        )
