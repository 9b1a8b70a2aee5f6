from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from optiimi.core.commands import ImportCommand
from optiimi.guidance import opintopolku, services


class Command(ImportCommand):
    help = (
        "Import education on offer from Opintopolku's published JSON: answers of the external "
        "Konfo API (GET /konfo-backend/external/koulutus/OID?toteutukset=true&hakukohteet=true), "
        "one per file or a JSON array of them. Each application option is a programme of its "
        "unit and municipality, with its starting places and year. Programmes match by "
        "provider, programme, municipality and year, like `import education`; every bad offer "
        "is named and nothing is written unless the whole file is good."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--year",
            type=int,
            help="starting year of offers that give none (those starting by a personal plan)",
        )

    def run(self, paths: list[Path], **options: Any) -> object:
        path = paths[0]
        rows = opintopolku.programme_rows(path.read_bytes(), path.name, year=options.get("year"))
        return services.import_education(rows, actor=services.IMPORT_OPINTOPOLKU)
