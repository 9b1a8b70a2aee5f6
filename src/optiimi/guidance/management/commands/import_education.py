from pathlib import Path
from typing import Any

from optiimi.core.commands import ImportCommand
from optiimi.guidance import readers, services


class Command(ImportCommand):
    help = (
        "Import education on offer: a CSV or XLSX table with columns provider, programme, field"
        " (education field code), level, municipality (code or name), places (a whole number, "
        "not negative), year and optionally adult (adult education or apprenticeship: yes/no). "
        "Programmes match by provider, programme, municipality and year; every bad row is named"
        " and nothing is written unless the whole file is good."
    )

    def run(self, paths: list[Path], **options: Any) -> object:
        path = paths[0]
        rows = readers.education_rows(path.read_bytes(), path.name)
        return services.import_education(rows, actor=services.IMPORT_EDUCATION)
