"""`optiimi collaboration`: bridging shares and their change, or rebuild the tie ledger."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from optiimi.collaboration import queries, services
from optiimi.collaboration.api import bridging_rows
from optiimi.core.writes import System


class Command(BaseCommand):
    help = (
        "Each sub-region's share of tie weight reaching knowledge organisations in two years, "
        "the change, its permutation p-value and 95 %% interval (--from YEAR --to YEAR "
        "[--json]); or `rebuild` the tie ledger from the records."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "action", nargs="?", choices=["bridging", "rebuild"], default="bridging"
        )
        parser.add_argument("--from", dest="year_from", type=int, help="first year")
        parser.add_argument("--to", dest="year_to", type=int, help="second year")
        parser.add_argument("--kind", help="only ties of this kind (project, consultation, ...)")
        parser.add_argument("--json", action="store_true", help="print JSON rows")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "rebuild":
            count = services.rebuild_ledger(actor=System("command collaboration rebuild"))
            self.stdout.write(self.style.SUCCESS(f"{count} ties in the ledger"))
            return
        years = queries.years()
        if not years:
            raise CommandError("no ties in the ledger")
        year_from = options["year_from"] or years[0]
        year_to = options["year_to"] or years[-1]
        if year_from == year_to:
            raise CommandError("--from and --to must be different years")
        rows = bridging_rows(year_from, year_to, options["kind"])
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{'sub-region':<28} {year_from:>7} {year_to:>7} {'change':>8} {'p':>6}")
        for r in rows:

            def pct(v: float | None) -> str:
                return "—" if v is None else f"{100 * v:.1f}"

            p = "—" if r["p_value"] is None else f"{r['p_value']:.3f}"
            name = f"{r['subregion']} {r['name']}"[:28]
            change = "—" if r["change"] is None else f"{100 * r['change']:+.1f}"
            self.stdout.write(
                f"{name:<28} {pct(r['share_from']):>7} {pct(r['share_to']):>7} {change:>8} {p:>6}"
            )
