from pathlib import Path
from typing import Any

from optiimi.core.commands import ImportCommand
from optiimi.guidance import readers, services


class Command(ImportCommand):
    help = (
        "Import the occupation–field crosswalk: a CSV or XLSX table with columns occupation "
        "(Ammattiluokitus 2010 code), occupation_name, field (education field code) and "
        "optionally weight (0–1). Lines match by occupation and field."
    )

    def run(self, paths: list[Path], **options: Any) -> object:
        path = paths[0]
        rows = readers.crosswalk_rows(path.read_bytes(), path.name)
        return services.import_crosswalk(rows, actor=services.IMPORT_CROSSWALK)
