from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from optiimi.core.writes import System
from optiimi.events import services
from optiimi.events.models import Event


class Command(BaseCommand):
    help = (
        "Events: `purge [--days N]` removes external participants' names and addresses N "
        "days (default OPTIIMI_EVENTS_RETENTION_DAYS) after their event ended; "
        "`remind EVENT_ID …` (or `remind --tomorrow`) reminds those invited who have not "
        "answered and, the day before, those registered."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        purge = sub.add_parser("purge", help="remove old external participants' personal data")
        purge.add_argument("--days", type=int, default=None)
        remind = sub.add_parser("remind", help="send the reminders of events")
        remind.add_argument("events", nargs="*", type=int, help="ids of the events")
        remind.add_argument(
            "--tomorrow", action="store_true", help="every event that starts tomorrow"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "remind":
            self._remind(options["events"], options["tomorrow"])
            return
        summary = services.purge(options.get("days"), actor=System("purge events"))
        self.stdout.write(
            self.style.SUCCESS(
                f"{summary.registrations} registration(s) of events that ended before "
                f"{summary.cutoff:%Y-%m-%d} anonymised"
            )
        )

    def _remind(self, ids: list[int], tomorrow: bool) -> None:
        if not ids and not tomorrow:
            raise CommandError("give the events' ids, or --tomorrow")
        events = list(Event.objects.filter(pk__in=ids))
        missing = set(ids) - {e.pk for e in events}
        if missing:
            raise CommandError(f"no event with id {', '.join(map(str, sorted(missing)))}")
        if tomorrow:
            day = timezone.localdate() + datetime.timedelta(days=1)
            events += list(
                Event.objects.filter(cancelled=None, start__date=day).exclude(pk__in=ids)
            )
        for event in events:
            try:
                done = services.send_reminders(event, actor=System("event reminders"))
            except services.RegistrationRefused as exc:
                raise CommandError(f"event {event.pk}: {exc}") from None
            self.stdout.write(
                self.style.SUCCESS(
                    f"event {event.pk}: {done.invitations} invited and "
                    f"{done.registrations} registered reminded"
                )
            )
