"""The ties events hold, registered in `core.ties`: the hosts of an event are tied to each
other, and an attendee's organisation to each host (a weaker tie: one per organisation and
event, however many of its people came). Dated by the event's start."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

from django.utils import timezone

from optiimi.core import ties
from optiimi.core.ties import Record, Tie
from optiimi.events.models import Event, Registration, Status
from optiimi.network.models import Affiliation

HOSTING = "events.hosting"
ATTENDANCE = "events.attendance"
ATTENDANCE_WEIGHT = 0.25


def _hosts() -> dict[int, set[int]]:
    hosts: dict[int, set[int]] = {}
    for event_id, organisation_id in Event.hosts.through.objects.values_list(
        "event_id", "organisation_id"
    ):
        hosts.setdefault(event_id, set()).add(organisation_id)
    return hosts


def _years() -> dict[int, int]:
    return {
        pk: timezone.localtime(start).year for pk, start in Event.objects.values_list("pk", "start")
    }


def hosting_ties() -> Iterator[Tie]:
    years = _years()
    for event_id, hosts in _hosts().items():
        for a, b in combinations(sorted(hosts), 2):
            yield Tie(a, b, years[event_id], "event", 1.0, HOSTING, event_id)


def attendance_ties() -> Iterator[Tie]:
    hosts = _hosts()
    if not hosts:
        return
    years = _years()
    primary = dict(
        Affiliation.objects.filter(primary=True).values_list("person_id", "organisation_id")
    )
    attended = Registration.objects.filter(
        status=Status.CONFIRMED, attended=True, person__isnull=False
    ).values_list("event_id", "person_id")
    pairs = {(event_id, primary[p]) for event_id, p in attended if p in primary}
    for event_id, organisation_id in sorted(pairs):
        for host in sorted(hosts.get(event_id, ())):
            if host != organisation_id:
                yield Tie(
                    organisation_id,
                    host,
                    years[event_id],
                    "event",
                    ATTENDANCE_WEIGHT,
                    ATTENDANCE,
                    event_id,
                )


def event_records(ids: list[int]) -> dict[int, Record]:
    return {
        e.pk: Record(
            title=e.title, url=e.get_absolute_url(), date=timezone.localtime(e.start).date()
        )
        for e in Event.objects.filter(pk__in=ids)
    }


ties.register(
    HOSTING,
    kind="event",
    name_fi="Tapahtuman yhteisjärjestäjät",
    name_en="Co-hosts of an event",
    name_sv="Medarrangörer av ett evenemang",
    ties=hosting_ties,
    records=event_records,
    follow=("events.Event",),
)
ties.register(
    ATTENDANCE,
    kind="event",
    name_fi="Osallistuminen toisen järjestämään tapahtumaan",
    name_en="Attending another's event",
    name_sv="Deltagande i en annans evenemang",
    ties=attendance_ties,
    records=event_records,
    follow=("events.Registration",),
    # only an attended registration is a tie; a new one is not attended yet
    follow_new={"events.Registration": lambda registration: registration.attended},
)
