from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from optiimi.core.commands import ImportCommand
from optiimi.core.formats.geojson import read_features
from optiimi.core.writes import System
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
        features = read_features(paths[0], options.get("code_property"))
        summary = services.import_geometry(features, actor=System("import geometry"))
        for warning in summary.warnings:
            self.stdout.write(self.style.WARNING(warning))
        unmatched = len(summary.warnings)
        summary.warnings = []
        return f"{summary}, {unmatched} unmatched" if unmatched else str(summary)
