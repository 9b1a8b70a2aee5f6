from pathlib import Path
from typing import Any

from optiimi.core.commands import ImportCommand
from optiimi.core.formats.tables import table_rows
from optiimi.core.writes import System
from optiimi.network import services

REQUIRED = {"name", "business_id", "kind", "home_municipality"}


class Command(ImportCommand):
    help = (
        "Import organisations from CSV or XLSX (first sheet). "
        "Columns: name, business_id (Y-tunnus, may be empty), "
        "kind (code, or English or Finnish label), home_municipality (code or name); optional "
        "short_name, sub_regions (codes or names separated by ';'), member_since, member_until, "
        "website, description_fi, description_en. Rows match existing organisations by "
        "Y-tunnus, else by name; the whole file is imported or nothing."
    )

    def run(self, paths: list[Path], **options: Any) -> object:
        notes: list[str] = []
        rows = table_rows(paths[0].read_bytes(), paths[0].name, REQUIRED, notes=notes)
        summary = services.import_organisations(rows, actor=System("import organisations"))
        summary.warnings += notes  # read once the rows have all been taken
        return summary
