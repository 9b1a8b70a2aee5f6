"""`optiimi forecast [CODE ...]`: forecast annual series and store them with their MASE."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.progress import Progress

from optiimi.core.writes import System
from optiimi.foresight import services
from optiimi.foresight.models import Indicator


class Command(BaseCommand):
    help = (
        "Forecast indicators' annual series with an ensemble of AutoETS, Theta and random "
        "walk with drift weighted by a rolling-origin backtest (MASE), and store them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("codes", nargs="*", metavar="CODE", help="indicators (default all)")
        parser.add_argument("--horizon", type=int, default=5, help="years ahead (default 5)")
        parser.add_argument("--level", type=int, default=80, help="interval level in per cent")
        parser.add_argument("--area", action="append", help="StatFin area codes only")
        parser.add_argument("--jobs", type=int, default=1, help="worker processes (-1: all cores)")

    def handle(self, *args: Any, **options: Any) -> None:
        indicators = Indicator.objects.all()
        if options["codes"]:
            indicators = indicators.filter(code__in=options["codes"])
            missing = set(options["codes"]) - set(indicators.values_list("code", flat=True))
            if missing:
                raise CommandError(f"no such indicator: {', '.join(sorted(missing))}")
        if not 50 <= options["level"] <= 99 or options["horizon"] < 1:
            raise CommandError("--level must be 50–99 and --horizon at least 1")
        total = 0
        with Progress(transient=True, disable=options["verbosity"] == 0) as bar:
            task = bar.add_task("Forecasting", total=indicators.count())
            for indicator in indicators:
                total += services.forecast_indicator(
                    indicator,
                    h=options["horizon"],
                    level=options["level"],
                    areas=options["area"],
                    actor=System("forecast"),
                )
                bar.advance(task)
        self.stdout.write(self.style.SUCCESS(f"{total} series forecast"))
