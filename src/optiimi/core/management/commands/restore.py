from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from optiimi.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup written by `optiimi backup` into an empty database and data "
        "directory (those OPTIIMI_DATA_DIR and DATABASE_URL name)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the archive `optiimi backup` wrote")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = restore(options["file"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Restored the {manifest['database']} database and {len(manifest['files'])} "
            f"file(s) from the backup of {manifest['created']}"
        )
