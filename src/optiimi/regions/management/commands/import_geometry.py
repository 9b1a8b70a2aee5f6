from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from optiimi.core.commands import ImportCommand
from optiimi.core.formats.geojson import read_features
from optiimi.regions import services


class Command(ImportCommand):
    help = (
        "Import municipal borders from a GeoJSON FeatureCollection (WGS84) keyed by municipality "
        "code (property NATCODE, or the one given with --code-property). Features that match no "
        "municipality are listed, not dropped silently."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--code-property", help="feature property holding the code")

    def run(self, paths: list[Path], **options: Any) -> str:
        summary = services.import_geometry(read_features(paths[0], options.get("code_property")))
        for place in summary.unmatched:
            self.stdout.write(self.style.WARNING(f"no municipality matches {place}"))
        return str(summary)
