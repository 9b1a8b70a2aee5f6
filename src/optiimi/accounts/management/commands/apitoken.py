from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from optiimi.accounts.models import ApiToken


class Command(BaseCommand):
    help = "Issue an API token for a user and print it once (send it as 'Authorization: Bearer …')."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="cli", help="a name to tell tokens apart")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user {options['username']!r}")
        _token, raw = ApiToken.issue(user, options["name"])
        self.stdout.write(raw)
