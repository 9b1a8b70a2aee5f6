import time

from django.core.management.base import BaseCommand

from optiimi.core.search import store


class Command(BaseCommand):
    help = "Rebuild the search index over every registered kind of document."

    def handle(self, *args, **options):
        started = time.perf_counter()
        built = store.rebuild()
        self.stdout.write(
            f"Indexed {len(built)} documents in {time.perf_counter() - started:.1f} s."
        )
