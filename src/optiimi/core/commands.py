"""A base for `optiimi import KIND FILE` commands: one-line errors, a summary, exit codes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from optiimi.core.formats import FormatError


class ImportCommand(BaseCommand):
    """Subclasses implement `run(paths, **options)` returning a printable summary."""

    many_files = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "files" if self.many_files else "file",
            nargs="+" if self.many_files else None,
            type=Path,
            metavar="FILE",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        paths: list[Path] = options.pop("files", None) or [options.pop("file")]
        for path in paths:
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
        try:
            summary = self.run(paths, **options)
        except FormatError as exc:
            raise CommandError(
                f"{paths[0] if len(paths) == 1 else 'input'}: {exc}; nothing was written"
            ) from None
        self.stdout.write(self.style.SUCCESS(str(summary)))

    def run(self, paths: list[Path], **options: Any) -> object:
        raise NotImplementedError
