from pathlib import Path
from typing import Any

from optiimi.benchmark import services
from optiimi.benchmark.readers import table_rows
from optiimi.core.commands import ImportCommand
from optiimi.core.writes import System


class Command(ImportCommand):
    help = (
        "Import yearly financials from CSV or XLSX with columns business_id,year,turnover,"
        "personnel and optionally operating_profit,exports (EUR). Atomic and idempotent."
    )

    def run(self, paths: list[Path], **options: Any) -> object:
        path = paths[0]
        notes: list[str] = []
        rows = list(
            table_rows(path.read_bytes(), path.name, services.FINANCIAL_COLUMNS, notes=notes)
        )
        report = services.import_financials(rows, actor=System("import financials"))
        report.warnings += notes
        return report
