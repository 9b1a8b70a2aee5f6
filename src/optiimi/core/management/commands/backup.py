from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from optiimi.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write a consistent snapshot of the database and the data directory's files to FILE "
        "(a .tar.gz), while the server keeps running."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the archive to write, e.g. optiimi.tar.gz")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup(options["file"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Backed up the {manifest['database']} database and {len(manifest['files'])} "
            f"file(s) to {options['file']}"
        )
