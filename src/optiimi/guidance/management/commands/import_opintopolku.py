from pathlib import Path
from typing import Any

from optiimi.core.commands import ImportCommand
from optiimi.guidance import opintopolku, services


class Command(ImportCommand):
    help = (
        "Import education on offer from Opintopolku's published JSON (a Konfo search answer "
        "of implementations: name, provider, kind of education, education field and "
        "municipality codes, starting places, starting year). Programmes match by provider, "
        "programme, municipality and year, like `import education`; every bad offer is named "
        "and nothing is written unless the whole file is good."
    )

    def run(self, paths: list[Path], **options: Any) -> object:
        path = paths[0]
        rows = opintopolku.programme_rows(path.read_bytes(), path.name)
        return services.import_education(rows, actor=services.IMPORT_OPINTOPOLKU)
