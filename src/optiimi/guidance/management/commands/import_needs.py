from pathlib import Path
from typing import Any

from optiimi.core.commands import ImportCommand
from optiimi.guidance import readers, services


class Command(ImportCommand):
    help = (
        "Import competence needs: a CSV (comma or semicolon, decimal comma allowed, UTF-8 or "
        "Windows-1252) or XLSX table with columns sub_region (code or name), field (education "
        "field code, Koulutusluokitus 2016), year, need (a non-negative number) and source. "
        "Needs match by sub-region, field, year and source; every bad row is named and nothing "
        "is written unless the whole file is good."
    )

    def run(self, paths: list[Path], **options: Any) -> object:
        path = paths[0]
        rows = readers.need_rows(path.read_bytes(), path.name)
        return services.import_needs(rows, actor=services.IMPORT_NEEDS)
