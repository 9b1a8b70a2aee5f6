from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from optiimi.core.commands import ImportCommand
from optiimi.core.formats.classification import read_classification
from optiimi.core.writes import System
from optiimi.regions import services


class Command(ImportCommand):
    help = (
        "Import Statistics Finland's municipality classification (kunta → seutukunta → "
        "maakunta): one CSV key like kunta_seutukunta_maakunta_2025.csv, or the classification "
        "service's JSON correspondence maps (kunta→seutukunta and seutukunta→maakunta). "
        "Re-running updates names and parents; it never duplicates."
    )
    many_files = True

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--year", type=int, help="classification year (JSON maps without it)")

    def run(self, paths: list[Path], **options: Any) -> str:
        rows = read_classification(paths, options.get("year"))
        summary = services.import_regions(rows, actor=System("import regions"))
        counts = services.level_counts()
        return (
            f"{summary}; now {counts['kunta']} municipalities, {counts['seutukunta']} "
            f"sub-regions, {counts['maakunta']} regions"
        )
