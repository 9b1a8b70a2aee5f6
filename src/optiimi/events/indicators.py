"""Computed indicators from joint events, for the strategy's measures (seed goal 2)."""

from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import QuerySet
from django.utils import timezone

from optiimi.core.indicators import Record, Value, register
from optiimi.events.models import Category, Event, Registration, Status
from optiimi.network.models import Affiliation, OrganisationKind
from optiimi.regions.models import Region

KNOWLEDGE_KINDS = {OrganisationKind.UNIVERSITY, OrganisationKind.UAS, OrganisationKind.VOCATIONAL}


def held(category: str) -> QuerySet[Event]:
    """Events of a category that were held (`EventQuerySet.held`: started, at least one
    participant checked in, not cancelled)."""
    return Event.objects.held().filter(category=category)


def held_counts(category: str) -> dict[tuple[str | None, int], int]:
    """(sub-region code or None for a regional event, year) → events of a category held."""
    counts: Counter[tuple[str | None, int]] = Counter()
    for code, start in held(category).values_list("sub_region__code", "start"):
        counts[(code, timezone.localtime(start).year)] += 1
    return dict(counts)


def project_days_held() -> dict[tuple[str, int], int]:
    """(sub-region code, year) → project days held."""
    return {
        (code, year): n
        for (code, year), n in held_counts(Category.PROJECT_DAY).items()
        if code is not None
    }


def active_years(
    counts: dict[tuple[str, int], int] | dict[tuple[str | None, int], int],
) -> list[int]:
    """Years in which the network held such events anywhere, and the year under way: a year
    with none held anywhere is a year the plan was not running, not a miss in every sub-region."""
    return sorted({year for _code, year in counts} | {timezone.localdate().year})


def _per_subregion(category: str) -> list[Value]:
    counts = {k: n for k, n in held_counts(category).items() if k[0] is not None}
    if not counts:
        return []
    years = active_years(counts)
    codes = (
        Region.objects.subregions()
        .filter(pk__in=Event.objects.exclude(sub_region=None).values("sub_region"))
        .values_list("code", flat=True)
    )
    return [Value(str(year), counts.get((code, year), 0), code) for code in codes for year in years]


def _records(category: str, year: int, region: str | None) -> list[Record]:
    """The held events one value counts, oldest first."""
    tz = timezone.get_current_timezone()
    first = datetime.datetime(year, 1, 1, tzinfo=tz)
    rows = (
        held(category)
        .filter(start__gte=first, start__lt=first.replace(year=year + 1))
        .select_related("sub_region")
    )
    if region:
        rows = rows.filter(sub_region__code=region)
    return [
        Record(
            label=e.title,
            url=e.get_absolute_url(),
            date=timezone.localtime(e.start).date(),
            detail=e.venue,
            public=e.public,
        )
        for e in rows.order_by("start", "pk")
    ]


@register(
    "events.project_days",
    name_fi="Seutuhankepäivät seutukunnittain vuodessa",
    name_en="Sub-regional project days held per sub-region a year",
    name_sv="Regionala projektdagar per ekonomisk region och år",
    unit="events",
    breakdown="subregion",
    description_en="Project days held in each sub-region each year (target: at least one): "
    "started, at least one participant checked in, not cancelled.",
    description_fi="Kullakin seutukunnalla kunakin vuonna pidetyt seutuhankepäivät (tavoite "
    "vähintään yksi): alkaneet, vähintään yksi osallistuja kirjattu paikalle, ei peruttu.",
    records=lambda year, region: _records(Category.PROJECT_DAY, year, region),
)
def project_days() -> list[Value]:
    return _per_subregion(Category.PROJECT_DAY)


@register(
    "events.adult_education_days",
    name_fi="Seudulliset aikuiskoulutuspäivät seutukunnittain vuodessa",
    name_en="Sub-regional adult-education days held per sub-region a year",
    name_sv="Regionala vuxenutbildningsdagar per ekonomisk region och år",
    unit="events",
    breakdown="subregion",
    description_en="Adult-education days held in each sub-region each year: started, at least "
    "one participant checked in, not cancelled.",
    description_fi="Kullakin seutukunnalla kunakin vuonna pidetyt aikuiskoulutuspäivät: "
    "alkaneet, vähintään yksi osallistuja kirjattu paikalle, ei peruttu.",
    records=lambda year, region: _records(Category.ADULT_EDUCATION_DAY, year, region),
)
def adult_education_days() -> list[Value]:
    return _per_subregion(Category.ADULT_EDUCATION_DAY)


@register(
    "events.regional_events",
    name_fi="Yhteiset maakunnalliset tapahtumat vuodessa",
    name_en="Joint regional events held a year",
    name_sv="Gemensamma evenemang i landskapet per år",
    unit="events",
    description_en="Joint regional events held each year: started, at least one participant "
    "checked in, not cancelled.",
    description_fi="Kunakin vuonna pidetyt yhteiset maakunnalliset tapahtumat: alkaneet, "
    "vähintään yksi osallistuja kirjattu paikalle, ei peruttu.",
    records=lambda year, region: _records(Category.REGIONAL, year, None),
)
def regional_events() -> list[Value]:
    counts: Counter[int] = Counter()
    for (_code, year), n in held_counts(Category.REGIONAL).items():
        counts[year] += n
    if not counts:
        return []
    years = sorted(set(counts) | {timezone.localdate().year})
    return [Value(str(year), counts[year]) for year in years]


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
    name_sv="Andel av evenemangens deltagare från kunskapsorganisationer",
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
