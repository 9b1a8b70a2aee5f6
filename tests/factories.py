"""Small factories: each test builds the few records it needs through the services.

The whole demo takes long to load; only tests about the demo itself load it (once, in
`tests/demo`). Everything else starts from the fixtures in `tests/conftest.py` and these.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from optiimi.core.writes import System
from optiimi.events import services as events
from optiimi.events.models import Category, Event, EventSeries
from optiimi.network.models import Organisation
from optiimi.regions.models import Region
from optiimi.strategy import services as strategy
from optiimi.strategy.models import Indicator, Period, PeriodKind, Result, ResultKind

SETUP = System("test setup")


def subregion(code: str) -> Region:
    return Region.objects.get(level="seutukunta", code=code)


def event(
    *,
    title: str = "Tapahtuma",
    start: datetime.datetime | None = None,
    hours: int = 3,
    capacity: int = 20,
    hosts: list[Organisation] | None = None,
    **data: Any,
) -> Event:
    """An event two weeks ahead unless `start` says otherwise."""
    start = start or (timezone.now() + datetime.timedelta(days=14)).replace(second=0, microsecond=0)
    return events.create_event(
        actor=SETUP,
        hosts=hosts or [],
        title=title,
        start=start,
        end=start + datetime.timedelta(hours=hours),
        capacity=capacity,
        **data,
    )


def attend(event: Event, n: int = 1) -> Event:
    """`n` participants registered a week ahead and checked in on the day: the event is held
    once its start has passed."""
    for i in range(n):
        registration = events.register(
            event,
            name=f"Paikalla {i}",
            email=f"paikalla{i}-{event.pk}@example.com",
            now=event.start - datetime.timedelta(days=7),
            invited_only_ok=True,
            actor=events.PUBLIC,
        )
        events.check_in(registration, actor=SETUP, now=event.start)
    return event


def project_day(sub_region_code: str, year: int, *, held: bool = True, **data: Any) -> Event:
    """A project day in a sub-region in `year` (in May), with one participant checked in
    unless `held` is False."""
    start = datetime.datetime(year, 5, 15, 9, tzinfo=datetime.UTC)
    day = event(
        title=f"Seutuhankepäivä {year} — {sub_region_code}",
        category=Category.PROJECT_DAY,
        sub_region=subregion(sub_region_code),
        start=start,
        hours=6,
        **data,
    )
    return attend(day) if held else day


def series(sub_region_code: str = "132", **data: Any) -> EventSeries:
    """A yearly series of project days in a sub-region."""
    return events.create_series(
        actor=SETUP,
        name_fi=data.pop("name_fi", "Seutuhankepäivä"),
        name_en=data.pop("name_en", "Project day"),
        category=data.pop("category", Category.PROJECT_DAY),
        sub_region=subregion(sub_region_code),
        **data,
    )


def calendar(host: Organisation) -> dict[str, Event]:
    """What the event pages show: a series with a past project day (attended, rated) and an
    upcoming event with one confirmed and one waiting."""
    days = series("132")
    past = project_day("132", timezone.localdate().year - 1, series=days, hosts=[host])
    for n in range(3):
        registration = events.register(
            past,
            name=f"Osallistuja {n}",
            email=f"o{n}@example.com",
            now=past.start - datetime.timedelta(days=7),
            actor=events.PUBLIC,
        )
        events.check_in(registration, actor=SETUP, now=past.start)
        registration.refresh_from_db()
        events.give_feedback(registration, 3 + n % 3, "Hyvä päivä.", actor=events.PUBLIC)
    upcoming = event(title="Optiimi-foorumi", capacity=1, hosts=[host], venue="Jyväskylä")
    events.register(upcoming, name="Aino Virtanen", email="aino@example.com", actor=events.PUBLIC)
    events.register(upcoming, name="Odottava Olli", email="olli@example.com", actor=events.PUBLIC)
    return {"past": past, "upcoming": upcoming, "series": days}  # type: ignore[dict-item]


def phase(code: str = "2004-2006", start_year: int = 2004, end_year: int = 2006) -> Period:
    return strategy.define_period(
        actor=SETUP,
        code=code,
        name_fi=f"Vaihe {code}",
        name_en=f"Phase {code}",
        kind=PeriodKind.PHASE,
        start_year=start_year,
        end_year=end_year,
        public=True,
    )


def indicator_with_values(code: str, values: dict[int, float], **data: Any) -> Indicator:
    indicator = strategy.define_indicator(
        code,
        actor=SETUP,
        name_fi=data.pop("name_fi", code),
        unit=data.pop("unit", "kpl"),
        source="seuranta",
        public=True,
        **data,
    )
    for year, value in values.items():
        strategy.set_value(indicator, year, value, actor=SETUP, source="seuranta")
    return indicator


def report(
    period: Period, *, results: int = 3, factors: int = 2, lessons: int = 1
) -> dict[str, list[Result]]:
    """A period's report: results (the first two followed by charted indicators), critical
    factors and lessons, numbered from 1 and titled "Tulos 1", "Tekijä 1", "Oppi 1"."""
    charted = [
        indicator_with_values("strategies", {2004: 1, 2005: 3, 2006: 5}, name_fi="Strategiat"),
        indicator_with_values("pilots", {2004: 0, 2005: 2, 2006: 4}, name_fi="Pilotit"),
    ]
    made: dict[str, list[Result]] = {"results": [], "factors": [], "lessons": []}
    for n in range(1, results + 1):
        made["results"].append(
            strategy.define_result(
                period,
                ResultKind.RESULT,
                n,
                actor=SETUP,
                title_fi=f"Tulos {n}",
                title_en=f"Result {n}",
                indicators=charted[n - 1 : n],
            )
        )
    for kind, key, word, count in [
        (ResultKind.CRITICAL_FACTOR, "factors", "Tekijä", factors),
        (ResultKind.LESSON, "lessons", "Oppi", lessons),
    ]:
        for n in range(1, count + 1):
            made[key].append(
                strategy.define_result(period, kind, n, actor=SETUP, title_fi=f"{word} {n}")
            )
    return made


def held_event(category: str, year: int, sub_region_code: str | None = None, **data: Any) -> Event:
    """An event of a category held in `year` (in March), in a sub-region or regional."""
    start = datetime.datetime(year, 3, 10, 9, tzinfo=datetime.UTC) + datetime.timedelta(
        days=Event.objects.count()
    )
    return attend(
        event(
            title=data.pop("title", f"{category} {year} {sub_region_code or ''}"),
            category=category,
            sub_region=subregion(sub_region_code) if sub_region_code else None,
            start=start,
            **data,
        )
    )


def consultation(
    lead: Organisation,
    expert_organisation: Organisation,
    date: datetime.date,
    sub_region_codes: tuple[str, ...] = ("132",),
    name: str = "Hanke",
) -> Any:
    """A project of `lead` aimed at the sub-regions, planned with an expert of
    `expert_organisation` on `date`."""
    from optiimi.network import services as network
    from optiimi.projects import services as projects
    from optiimi.projects.models import Phase

    project = projects.create_project(
        actor=SETUP,
        lead=lead,
        name=name,
        phase=Phase.PLANNING,
        sub_regions=[subregion(c) for c in sub_region_codes],
    )
    expert = network.create_person(
        actor=SETUP,
        organisation=expert_organisation,
        name=f"Asiantuntija {project.pk}",
        email=f"expert{project.pk}@example.com",
    )
    return projects.record_consultation(project, actor=SETUP, person=expert, date=date)


def dashboard_views(sub_region_code: str, date: datetime.date, n: int = 1) -> None:
    from optiimi.foresight import services as foresight

    foresight.count_dashboard_view(subregion(sub_region_code), date=date, n=n)


def import_run(at: datetime.datetime, source: str = "test.csv") -> Any:
    """A foresight import run made at `at` (its time is stamped on creation, so it is moved)."""
    from optiimi.foresight.models import ImportRun

    run = ImportRun.objects.create(source=source, format="csv")
    ImportRun.objects.filter(pk=run.pk).update(imported_at=at)
    return run
