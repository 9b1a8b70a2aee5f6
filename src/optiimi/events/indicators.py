"""Computed indicators from joint events, for the strategy's measures (seed goal 2)."""

from __future__ import annotations

from collections import Counter

from django.db.models import QuerySet
from django.utils import timezone

from optiimi.core.indicators import Value, register
from optiimi.events.models import Category, Event, Registration, Status
from optiimi.network.models import Affiliation, OrganisationKind
from optiimi.regions.models import Region

KNOWLEDGE_KINDS = {OrganisationKind.UNIVERSITY, OrganisationKind.UAS, OrganisationKind.VOCATIONAL}


def project_days_held() -> dict[tuple[str, int], int]:
    """(sub-region code, year) → project days held (started before now)."""
    held = (
        Event.objects.filter(category=Category.PROJECT_DAY, start__lt=timezone.now())
        .exclude(sub_region=None)
        .values_list("sub_region__code", "start")
    )
    counts: Counter[tuple[str, int]] = Counter()
    for code, start in held:
        counts[(code, timezone.localtime(start).year)] += 1
    return dict(counts)


def active_years(counts: dict[tuple[str, int], int]) -> list[int]:
    """Years in which the network held project days anywhere, and the year under way: a year
    with none held anywhere is a year the plan was not running, not a miss in every sub-region."""
    return sorted({year for _code, year in counts} | {timezone.localdate().year})


@register(
    "events.project_days",
    name_fi="Seutuhankepäivät seutukunnittain vuodessa",
    name_en="Sub-regional project days held per sub-region a year",
    unit="events",
    breakdown="subregion",
    description_en="Project days held in each sub-region each year (target: at least one).",
)
def project_days() -> list[Value]:
    counts = project_days_held()
    if not counts:
        return []
    years = active_years(counts)
    codes = (
        Region.objects.subregions()
        .filter(pk__in=Event.objects.exclude(sub_region=None).values("sub_region"))
        .values_list("code", flat=True)
    )
    return [Value(str(year), counts.get((code, year), 0), code) for code in codes for year in years]


def attendance_by_kind(events: QuerySet[Event] | None = None) -> dict[str, int]:
    """Attendees by the kind of their organisation ('' for people outside the registry)."""
    rows = Registration.objects.filter(status=Status.CONFIRMED, attended=True)
    if events is not None:
        rows = rows.filter(event__in=events)
    kinds = _primary_kinds()
    return dict(Counter(kinds.get(pid, "") for pid in rows.values_list("person_id", flat=True)))


def _primary_kinds() -> dict[int, str]:
    """Person id → the kind of their primary organisation."""
    return dict(
        Affiliation.objects.filter(primary=True).values_list("person_id", "organisation__kind")
    )


@register(
    "events.knowledge_attendance_share",
    name_fi="Osaamisorganisaatioiden osuus tapahtumien osallistujista",
    name_en="Share of event attendees from knowledge organisations",
    unit="%",
    description_en="Attendees from universities, universities of applied sciences and "
    "vocational institutions, of all attendees, per year.",
)
def knowledge_attendance_share() -> list[Value]:
    rows = Registration.objects.filter(status=Status.CONFIRMED, attended=True).values_list(
        "event__start", "person_id"
    )
    kinds = _primary_kinds()
    totals: Counter[int] = Counter()
    knowledge: Counter[int] = Counter()
    for start, person_id in rows:
        year = timezone.localtime(start).year
        totals[year] += 1
        knowledge[year] += kinds.get(person_id) in KNOWLEDGE_KINDS
    return [Value(str(y), round(100 * knowledge[y] / totals[y], 1)) for y in sorted(totals)]
