from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from optiimi.core.writes import System
from optiimi.events import services


class Command(BaseCommand):
    help = (
        "Events: `purge [--days N]` removes external participants' names and addresses N "
        "days (default OPTIIMI_EVENTS_RETENTION_DAYS) after their event ended."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        purge = sub.add_parser("purge", help="remove old external participants' personal data")
        purge.add_argument("--days", type=int, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        summary = services.purge(options.get("days"), actor=System("purge events"))
        self.stdout.write(
            self.style.SUCCESS(
                f"{summary.registrations} registration(s) of events that ended before "
                f"{summary.cutoff:%Y-%m-%d} anonymised"
            )
        )
