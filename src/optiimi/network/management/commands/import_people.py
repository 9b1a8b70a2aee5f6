from pathlib import Path
from typing import Any

from optiimi.core.commands import ImportCommand
from optiimi.core.formats.tables import table_rows
from optiimi.core.writes import System
from optiimi.network import services

REQUIRED = {"name", "email", "organisation", "title", "competences", "expertise", "public"}


class Command(ImportCommand):
    help = (
        "Import people from CSV or XLSX (first sheet). "
        "Columns: name, email, organisation (name, short name or "
        "Y-tunnus), title, competences (codes or labels separated by ';'; unknown terms are "
        "proposed for the vocabulary), expertise (Finnish "
        "free text), public (true/false: consent to a public profile); optional expertise_en. "
        "Rows match existing people by e-mail; the whole file is imported or nothing."
    )

    def run(self, paths: list[Path], **options: Any) -> object:
        notes: list[str] = []
        rows = table_rows(paths[0].read_bytes(), paths[0].name, REQUIRED, notes=notes)
        summary = services.import_people(rows, actor=System("import people"))
        summary.warnings += notes  # read once the rows have all been taken
        return summary
