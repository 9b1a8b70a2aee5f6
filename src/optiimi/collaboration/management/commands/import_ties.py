from pathlib import Path
from typing import Any

from optiimi.collaboration import services
from optiimi.core.commands import ImportCommand
from optiimi.core.formats.tables import table_rows
from optiimi.core.writes import System

REQUIRED = {"organisation_a", "organisation_b", "year", "kind"}


class Command(ImportCommand):
    help = (
        "Import ties between organisations that happened outside the platform, from CSV or "
        "XLSX (first sheet). Columns: organisation_a, organisation_b (name, short name or "
        "Y-tunnus), year, kind (project, consultation, event, referral, other), weight "
        "(optional, default 1). A tie is keyed by its pair, year and kind: the same file "
        "imported again changes nothing; the whole file is imported or nothing."
    )

    def run(self, paths: list[Path], **options: Any) -> object:
        notes: list[str] = []
        rows = table_rows(paths[0].read_bytes(), paths[0].name, REQUIRED, notes=notes)
        summary = services.import_ties(rows, actor=System("import ties"))
        summary.warnings += notes
        return summary
