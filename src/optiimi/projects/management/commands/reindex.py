import time

from django.core.management.base import BaseCommand

from optiimi.projects import index


class Command(BaseCommand):
    help = "Rebuild the search index over organisations, people and projects."

    def handle(self, *args, **options):
        started = time.perf_counter()
        built = index.rebuild()
        self.stdout.write(
            f"Indexed {len(built)} documents in {time.perf_counter() - started:.1f} s."
        )
