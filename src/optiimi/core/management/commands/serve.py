from __future__ import annotations

import multiprocessing
import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from gunicorn.app.base import BaseApplication


class Server(BaseApplication):
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        # Imported here so that whitenoise indexes the files collectstatic has just written.
        from django.core.wsgi import get_wsgi_application

        application = get_wsgi_application()
        warm_up()
        return application


def warm_up() -> None:
    """Do in a worker, before it takes requests, what its first request would otherwise do:
    import the URLconf (every view and the API's schemas, about half a second of CPU), index its
    names for reversing, and read the message catalogues."""
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils import translation

    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            get_resolver().reverse_dict  # noqa: B018 (the property imports and indexes the URLconf)
            translation.gettext("Registration")


class Command(BaseCommand):
    help = "Serve Optiimi with gunicorn (static files by whitenoise). Not Django's runserver."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=min(4, multiprocessing.cpu_count()))
        parser.add_argument("--threads", type=int, default=4)
        parser.add_argument(
            "--limit-request-line",
            type=int,
            default=4094,
            help="longest request line (method and URL) in bytes; 0 for no limit",
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="start no job worker (when `optiimi worker` runs elsewhere)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(
            f"Serving Optiimi at http://{options['host']}:{options['port']}/ (Ctrl+C stops)"
        )
        self.stdout.flush()
        worker = None
        if not options["no_worker"]:
            # the background jobs' worker, stopped with the server
            worker = subprocess.Popen(
                [sys.executable, "-m", "optiimi", "worker", "--verbosity", "0"]
            )
        try:
            self._serve(options)
        finally:
            if worker is not None:
                worker.terminate()
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()

    def _serve(self, options: dict[str, Any]) -> None:
        Server(
            {
                "bind": f"{options['host']}:{options['port']}",
                "workers": options["workers"],
                "threads": options["threads"],
                "worker_class": "gthread",
                "accesslog": "-",
                "timeout": 60,
                "limit_request_line": options["limit_request_line"],
            }
        ).run()
