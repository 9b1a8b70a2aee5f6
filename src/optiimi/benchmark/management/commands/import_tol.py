from pathlib import Path
from typing import Any

from optiimi.benchmark import services
from optiimi.benchmark.readers import tol_items
from optiimi.core.commands import ImportCommand
from optiimi.core.writes import System


class Command(ImportCommand):
    help = (
        "Import the TOL 2008 classification from Statistics Finland's classification "
        "service JSON (a list of items with code, level, classificationItemNames, parentItem)."
    )

    def run(self, paths: list[Path], **options: Any) -> object:
        return services.import_industries(tol_items(paths[0]), actor=System("import industries"))
