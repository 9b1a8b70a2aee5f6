import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from optiimi.benchmark import analytics, queries, texts
from optiimi.benchmark.models import Cohort
from optiimi.core import ytunnus
from optiimi.core.formats import FormatError
from optiimi.core.formats.tables import table_rows


def read_cohort(raw: bytes, name: str = "") -> set[str]:
    ids = set()
    for line, row in table_rows(raw, name, {"business_id"}):
        try:
            ids.add(ytunnus.normalise(row["business_id"]))
        except ytunnus.InvalidBusinessId as exc:
            raise FormatError(str(exc), f"line {line}") from None
    return ids


class Command(BaseCommand):
    help = (
        "Estimate a cohort's effect on turnover growth by difference-in-differences against "
        "matched peers (same TOL division and EU size class), with a bootstrap 95% CI."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--cohort", type=Path, help="CSV or XLSX with a business_id column")
        which.add_argument("--cohort-id", type=int, help="a cohort saved in Optiimi")
        parser.add_argument(
            "--start-year",
            type=int,
            default=None,
            help="required with --cohort; with --cohort-id, default: the cohort's",
        )
        parser.add_argument("--json", action="store_true", help="print the result as JSON")
        parser.add_argument("--bootstrap", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument(
            "--pre-years",
            type=int,
            default=None,
            help="growth years before the start year to use (default: all)",
        )
        parser.add_argument(
            "--post-years",
            type=int,
            default=None,
            help="growth years from the start year to use (default: all)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        start_year: int | None = options["start_year"]
        if options["cohort_id"] is not None:
            saved = Cohort.objects.filter(pk=options["cohort_id"]).first()
            if saved is None:
                raise CommandError(f"no cohort with id {options['cohort_id']}")
            cohort = set(saved.companies.values_list("business_id", flat=True))
            start_year = start_year or saved.start_year
            if options["pre_years"] is None:
                options["pre_years"] = saved.pre_years
            if options["post_years"] is None:
                options["post_years"] = saved.post_years
        else:
            path: Path = options["cohort"]
            if start_year is None:
                raise CommandError("--start-year is required with --cohort")
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
            try:
                cohort = read_cohort(path.read_bytes(), path.name)
            except FormatError as exc:
                raise CommandError(f"{path}: {exc}") from None
        result = analytics.did(
            queries.panel(),
            cohort,
            start_year=start_year,
            n_boot=options["bootstrap"],
            seed=options["seed"],
            pre=options["pre_years"],
            post=options["post_years"],
        )
        if options["json"]:
            data = result.as_dict()
            data.pop("trends")
            data["statement"] = str(texts.impact_statement(result))
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(str(texts.impact_statement(result)))
