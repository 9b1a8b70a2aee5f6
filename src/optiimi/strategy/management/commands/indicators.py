from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from optiimi.core import indicators as registry
from optiimi.core.writes import System
from optiimi.strategy import services
from optiimi.strategy.models import Indicator


class Command(BaseCommand):
    help = (
        "Computed indicators: `list` what is registered and which plan indicators use it; "
        "`refresh [CODE ...]` recomputes and stores their values with the time computed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="list registered computed indicators")
        refresh = sub.add_parser("refresh", help="recompute stored values")
        refresh.add_argument(
            "codes",
            nargs="*",
            metavar="CODE",
            help="plan indicator codes (default: every computed one)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            users: dict[str, list[str]] = {}
            for code, computed in Indicator.objects.exclude(computed="").values_list(
                "code", "computed"
            ):
                users.setdefault(computed, []).append(code)
            for item in registry.registered():
                used = ", ".join(users.get(item.code, [])) or "not used by the plan"
                self.stdout.write(f"{item.code:<36} {item.name_en} [{item.unit}] — {used}")
            return
        codes = options["codes"] or None
        if codes:
            known = set(Indicator.objects.exclude(computed="").values_list("code", flat=True))
            unknown = sorted(set(codes) - known)
            if unknown:
                raise CommandError(f"not computed plan indicators: {', '.join(unknown)}")
        try:
            summary = services.refresh_computed(codes, actor=System("refresh indicators"))
        except registry.UnknownIndicator as exc:
            raise CommandError(f"no computed indicator {exc} is registered") from None
        self.stdout.write(self.style.SUCCESS(str(summary)))
