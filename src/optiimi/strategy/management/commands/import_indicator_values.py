from pathlib import Path
from typing import Any

from optiimi.core.commands import ImportCommand
from optiimi.core.formats.tables import table_rows
from optiimi.core.writes import System
from optiimi.strategy import services


class Command(ImportCommand):
    help = (
        "Import typed-in indicator values from CSV or XLSX (first sheet). Columns: indicator "
        "(code), sub_region (code or name; only for indicators broken down by sub-region), "
        "year, value (a decimal comma is fine), source. Computed indicators are refused. "
        "Every row is checked first: one bad row and nothing is written; a re-import of the "
        "same file changes nothing."
    )

    def run(self, paths: list[Path], **options: Any) -> object:
        notes: list[str] = []
        rows = table_rows(paths[0].read_bytes(), paths[0].name, services.VALUE_COLUMNS, notes=notes)
        summary = services.import_values(rows, actor=System("import indicator values"))
        summary.warnings += notes  # read once the rows have all been taken
        return summary
