from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from optiimi.demo import benchmark as company_demo
from optiimi.demo import facts, loader, synthetic
from optiimi.demo.projects import generate_projects
from optiimi.network import services as network
from optiimi.projects import index as search_index
from optiimi.regions.models import Region


class Command(BaseCommand):
    help = (
        "Generate deterministic synthetic organisations and people at a scale (demo: 40 / 150, "
        "region: 600 / 2,000, national: 6,000 / 20,000), marked synthetic. Spread over the "
        "municipalities in the database (the demo's when none are imported). Same seed, same data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(synthetic.SCALES), default="demo")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        if not Region.objects.municipalities().exists():
            loader.load_regions()
        network.define_competences(facts.COMPETENCES, actor=loader.DEMO)
        try:
            orgs, people = synthetic.generate(options["scale"], options["seed"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{options['scale']}: {orgs} organisations and {people} people added (seed "
                f"{options['seed']})"
            )
        )
        if options["scale"] == "national":
            generate_projects(20_000, options["seed"])
        search_index.mark_stale()  # bulk inserts send no signals: every process rebuilds
        companies = company_demo.generate(options["scale"], options["seed"])
        self.stdout.write(f"{companies} synthetic companies with yearly financials added")
