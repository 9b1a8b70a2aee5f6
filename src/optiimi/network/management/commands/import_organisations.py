from pathlib import Path
from typing import Any

from optiimi.core.commands import ImportCommand
from optiimi.core.formats.csvrows import dict_rows
from optiimi.core.writes import System
from optiimi.network import services

REQUIRED = {"name", "business_id", "kind", "home_municipality"}


class Command(ImportCommand):
    help = (
        "Import organisations from CSV. Columns: name, business_id (Y-tunnus, may be empty), "
        "kind (code, or English or Finnish label), home_municipality (code or name); optional "
        "short_name, sub_regions (codes or names separated by ';'), member_since, member_until, "
        "website, description_fi, description_en. Rows match existing organisations by "
        "Y-tunnus, else by name; the whole file is imported or nothing."
    )

    def run(self, paths: list[Path], **options: Any) -> object:
        return services.import_organisations(
            dict_rows(paths[0], REQUIRED), actor=System("import organisations")
        )
