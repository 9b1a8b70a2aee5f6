from typing import Any

from django.core.management.base import BaseCommand

from optiimi.services import queries, services


class Command(BaseCommand):
    help = (
        "Run the service promise's daily clock: warn holders on the last working day before a "
        "promise is due, and tell companies of a delay on the due day; then compute the "
        "network's monthly figures ahead of the page. Run it once a day."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        done = services.run_clock(actor=services.CLOCK)
        queries.metrics()  # computes the network's figures once, so the page answers from cache
        self.stdout.write(f"{done['warned']} warned, {done['announced']} told of a delay")
