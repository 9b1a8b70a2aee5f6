from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection

from optiimi.core.models import Job
from optiimi.demo import loader
from optiimi.demo.foresight import FORECAST_JOB


class Command(BaseCommand):
    help = (
        "Set up and serve the Central Finland demo: migrate, load the demo data when the database "
        "is empty (--fresh starts over), create a user for each role and print the logins."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--fresh", action="store_true", help="empty the database first")
        parser.add_argument("--no-serve", action="store_true", help="set up, print, and stop")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        if options["fresh"]:
            self.stdout.write("Emptying the database…")
            call_command("flush", interactive=False, verbosity=0)
        if loader.is_empty():
            self.stdout.write(
                f"Loading the Central Finland demo data into {connection.settings_dict['NAME']}…"
            )
            # `serve` starts a job worker, which makes the forecasts once the site is up
            logins = loader.load_demo(queue_forecasts=not options["no_serve"])
        else:
            self.stdout.write("The database has data already; keeping it (--fresh starts over).")
            logins = loader.create_demo_users()
        url = f"http://{options['host']}:{options['port']}/"
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Optiimi demo: {url}"))
        self.stdout.write(f"Log in as (password for all: {logins[0].password}):")
        for login in logins:
            self.stdout.write(f"  {login.username:<16} {login.role} — {login.organisation}")
        self.stdout.write("People and figures marked 'synthetic' are demo data.")
        job = Job.objects.filter(key=FORECAST_JOB).order_by("-pk").first()
        if job is not None and not job.finished:
            self.stdout.write(
                f"The forecasts are being made by the job worker: {url}jobs/{job.pk}/"
            )
        self.stdout.write("")
        if not options["no_serve"]:
            call_command("serve", host=options["host"], port=options["port"])
