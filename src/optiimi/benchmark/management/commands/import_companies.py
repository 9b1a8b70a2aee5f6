from pathlib import Path
from typing import Any

from optiimi.benchmark import services
from optiimi.benchmark.readers import table_rows
from optiimi.core.commands import ImportCommand
from optiimi.core.writes import System


class Command(ImportCommand):
    help = (
        "Import companies from CSV or XLSX with columns business_id,name,tol,municipality "
        "(municipality as code or Finnish name). Atomic: any bad row and nothing is written."
    )

    def run(self, paths: list[Path], **options: Any) -> object:
        path = paths[0]
        notes: list[str] = []
        rows = list(table_rows(path.read_bytes(), path.name, services.COMPANY_COLUMNS, notes=notes))
        report = services.import_companies(rows, actor=System("import companies"))
        report.warnings += notes
        return report
