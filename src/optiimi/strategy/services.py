"""Every write to the plan: structure, statuses and notes, indicator values, computed refresh."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from optiimi.core import indicators as registry
from optiimi.core import writes
from optiimi.core.formats import FormatError, InvalidRows
from optiimi.core.formats.tables import parse_number
from optiimi.core.writes import Actor, user_of
from optiimi.network.services import resolve_region
from optiimi.regions.models import Level, Region
from optiimi.strategy.models import (
    Goal,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureStatus,
    Period,
    Priority,
    ProgressNote,
    Result,
    SubregionStrategy,
    Target,
)

M = TypeVar("M", bound=models.Model)


def _upsert(
    model: type[M],
    key: dict[str, Any],
    values: dict[str, Any],
    actor: Actor,
    new: bool = False,
    **m2m: Any,
) -> M:
    """Create or change the row `key` names; with `new`, only create it (`writes.Taken` when
    it exists, also when a concurrent request has just created it)."""
    if new:
        return writes.create(model, key, values, actor=actor, m2m=m2m)
    return writes.upsert(model, key, values, actor=actor, m2m=m2m)[0]


# The plan's structure (coordinator) -----------------------------------------------------------


@writes.service
def define_period(*, actor: Actor, code: str, new: bool = False, **values: Any) -> Period:
    return _upsert(Period, {"code": code}, values, actor, new)


@writes.service
def define_priority(
    period: Period, number: int, *, actor: Actor, new: bool = False, **values: Any
) -> Priority:
    return _upsert(Priority, {"period": period, "number": number}, values, actor, new)


@writes.service
def define_goal(
    priority: Priority, number: int, *, actor: Actor, new: bool = False, **values: Any
) -> Goal:
    return _upsert(Goal, {"priority": priority, "number": number}, values, actor, new)


@writes.service
def define_measure(
    goal: Goal,
    number: str,
    *,
    actor: Actor,
    responsible: Iterable[models.Model] | None = (),
    sub_regions: Iterable[models.Model] | None = (),
    new: bool = False,
    **values: Any,
) -> Measure:
    """Create or change a measure; `None` for responsible/sub_regions leaves them as they are."""
    return _upsert(
        Measure,
        {"goal": goal, "number": number},
        values,
        actor,
        new,
        responsible=responsible,
        sub_regions=sub_regions,
    )


@writes.service
def define_indicator(
    code: str,
    *,
    actor: Actor,
    measures: Iterable[Measure] | None = (),
    new: bool = False,
    **values: Any,
) -> Indicator:
    """Create or change an indicator; `measures=None` leaves its measures as they are. A typed-in
    indicator that has typed-in values is not made computed: its values would be mixed with
    computed ones (remove them first)."""
    if values.get("computed"):
        registry.get(values["computed"])  # refuse an unknown computed indicator early
        typed = IndicatorValue.objects.filter(
            indicator__code=code, indicator__computed="", computed_at=None
        ).count()
        if typed:
            raise ValidationError(
                {
                    "computed": _(
                        "%(code)s has %(n)s typed-in values; a computed indicator takes none. "
                        "Remove them before computing it from the platform's records."
                    )
                    % {"code": code, "n": typed}
                }
            )
    return _upsert(Indicator, {"code": code}, values, actor, new, measures=measures)


@writes.service
def set_target(
    indicator: Indicator,
    period: Period,
    value: float,
    *,
    actor: Actor,
    region: Region | None = None,
    new: bool = False,
) -> Target:
    return _upsert(
        Target,
        {"indicator": indicator, "period": period, "region": region},
        {"value": value},
        actor,
        new,
    )


@writes.service
def define_result(
    period: Period,
    kind: str,
    number: int,
    *,
    actor: Actor,
    goals: Iterable[Goal] = (),
    measures: Iterable[Measure] = (),
    sub_regions: Iterable[Region] = (),
    indicators: Iterable[Indicator] = (),
    **values: Any,
) -> Result:
    return _upsert(
        Result,
        {"period": period, "kind": kind, "number": number},
        values,
        actor,
        goals=goals,
        measures=measures,
        sub_regions=sub_regions,
        indicators=indicators,
    )


@writes.service
def define_strategy(region: Region, *, actor: Actor, **values: Any) -> SubregionStrategy:
    return _upsert(SubregionStrategy, {"region": region}, values, actor)


@writes.service
def copy_plan(source: Period, into: Period, *, actor: Actor) -> Period:
    """Copy a period's plan into another period as a starting point: its priorities, goals and
    measures (with their responsible organisations, target sub-regions and perspectives, status
    back to planned, no dates) and each measure's indicator links. Values, targets, notes and
    results are not copied. Refused when `into` has a plan already."""
    if into.pk == source.pk:
        raise ValueError("a plan cannot be copied into its own period")
    if into.priorities.exists():
        raise ValueError(f"{into.code} has a plan already; copy only into a period without one")
    links: dict[int, list[Measure]] = {}
    for priority in source.priorities.prefetch_related(
        "goals__measures__responsible",
        "goals__measures__sub_regions",
        "goals__measures__indicators",
    ):
        new_priority = define_priority(
            into,
            priority.number,
            actor=actor,
            title_fi=priority.title_fi,
            title_en=priority.title_en,
        )
        for goal in priority.goals.all():
            new_goal = define_goal(
                new_priority,
                goal.number,
                actor=actor,
                title_fi=goal.title_fi,
                title_en=goal.title_en,
            )
            for measure in goal.measures.all():
                new_measure = define_measure(
                    new_goal,
                    measure.number,
                    actor=actor,
                    responsible=list(measure.responsible.all()),
                    sub_regions=list(measure.sub_regions.all()),
                    title_fi=measure.title_fi,
                    title_en=measure.title_en,
                    business=measure.business,
                    employment=measure.employment,
                    competence=measure.competence,
                    no_indicator_reason=measure.no_indicator_reason,
                )
                for indicator in measure.indicators.all():
                    links.setdefault(indicator.pk, []).append(new_measure)
    for indicator in Indicator.objects.filter(pk__in=links).prefetch_related("measures"):
        define_indicator(
            indicator.code,
            actor=actor,
            measures=[*indicator.measures.all(), *links[indicator.pk]],
        )
    return into


# What responsible organisations update ---------------------------------------------------------


@writes.service
def update_measure(
    measure: Measure,
    *,
    actor: Actor,
    status: str | None = None,
    note: str = "",
    date: datetime.date | None = None,
) -> Measure:
    """Change a measure's status and/or add a dated progress note."""
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    if status is not None and status != measure.status:
        if status not in MeasureStatus.values:
            raise ValueError(f"status {status!r} is not one of {', '.join(MeasureStatus.values)}")
        measure.status = status
        writes.save(measure, actor=actor)
    if note.strip():
        writes.save(
            ProgressNote(
                measure=measure,
                date=date or timezone.localdate(),
                text=note.strip(),
                author=user_of(actor),
            ),
            actor=actor,
        )
    return measure


@writes.service
def set_value(
    indicator: Indicator,
    year: int,
    value: float,
    *,
    actor: Actor,
    source: str,
    region: Region | None = None,
    synthetic: bool = False,
) -> IndicatorValue:
    """Enter (or correct) a value by hand; the earlier value stays in history."""
    if indicator.computed:
        raise ValueError(f"{indicator.code} is computed; its values cannot be entered")
    if not source.strip():
        raise ValueError("a value needs its source")
    if indicator.by_subregion != (region is not None):
        raise ValueError(
            "this indicator is broken down by sub-region: give one"
            if indicator.by_subregion
            else "this indicator is not broken down by sub-region"
        )
    return _upsert(
        IndicatorValue,
        {"indicator": indicator, "year": year, "region": region},
        {"value": value, "source": source.strip(), "synthetic": synthetic},
        actor,
    )


# Computed indicators ---------------------------------------------------------------------------


@dataclass
class RefreshSummary:
    indicators: int = 0
    values: int = 0
    changed: int = 0
    removed: int = 0

    def __str__(self) -> str:
        return (
            f"{self.indicators} computed indicator(s): {self.values} values, "
            f"{self.changed} new or changed, {self.removed} removed"
        )


@writes.service
def refresh_computed(codes: Iterable[str] | None = None, *, actor: Actor) -> RefreshSummary:
    """Evaluate registered computed indicators and store their values with the time computed."""
    summary = RefreshSummary()
    wanted = set(codes) if codes is not None else None
    regions = {
        r.code: r for r in Region.objects.filter(level__in=[Level.SUBREGION, Level.MUNICIPALITY])
    }
    now = timezone.now()
    for indicator in Indicator.objects.exclude(computed="").select_for_update():
        if wanted is not None and indicator.code not in wanted:
            continue
        definition = registry.get(indicator.computed)
        summary.indicators += 1
        keep = set()
        for item in definition.compute():
            region = regions.get(item.region) if item.region else None
            if item.region and region is None:
                continue  # a region outside the classification in use
            year = int(str(item.period)[:4])
            row, outcome = writes.upsert(
                IndicatorValue,
                {"indicator": indicator, "year": year, "region": region},
                {"value": float(item.value), "source": definition.source},
                actor=actor,
            )
            IndicatorValue.objects.filter(pk=row.pk).update(computed_at=now)
            summary.changed += outcome is not writes.Outcome.UNCHANGED
            keep.add(row.pk)
            summary.values += 1
        for stale in indicator.values.exclude(pk__in=keep):
            writes.delete(stale, actor=actor)
            summary.removed += 1
    return summary


# Typed-in values from a file -------------------------------------------------------------------

VALUE_COLUMNS = {"indicator", "year", "value", "source"}  # and `sub_region` where broken down


@dataclass(frozen=True)
class _ValueRow:
    place: str
    indicator: Indicator
    region: Region | None
    year: int
    value: float
    source: str


def _value_row(
    line: int,
    rec: dict[str, str],
    indicators: dict[str, Indicator | None],
    may_enter: Callable[[Indicator], bool],
) -> _ValueRow:
    """Check one row without writing; a ValueError names the column and the value."""

    def bad(column: str, message: str) -> FormatError:
        return FormatError(message, f"line {line}, column {column}")

    code = rec["indicator"].strip()
    if code not in indicators:
        indicators[code] = Indicator.objects.filter(code=code).first()
    indicator = indicators[code]
    if indicator is None:
        raise bad("indicator", f"no indicator with the code {code!r}")
    if indicator.computed:
        raise bad(
            "indicator",
            f"{code!r} is computed from platform data ({indicator.computed}); "
            "its values cannot be imported",
        )
    if not may_enter(indicator):
        raise bad("indicator", f"you may not enter values of {code!r}")
    place = rec.get("sub_region", "").strip()
    region = None
    if indicator.by_subregion:
        if not place:
            raise bad("sub_region", f"{code!r} is broken down by sub-region: give one")
        try:
            region = resolve_region(place, Level.SUBREGION)
        except ValueError as exc:
            raise bad("sub_region", str(exc)) from None
    elif place:
        raise bad("sub_region", f"{code!r} is not broken down by sub-region; leave it empty")
    try:
        year = int(rec["year"].strip())
    except ValueError:
        raise bad("year", f"{rec['year']!r} is not a year") from None
    if not 1990 <= year <= 2100:
        raise bad("year", f"{year} is not between 1990 and 2100")
    try:
        value = parse_number(rec["value"])
    except ValueError as exc:
        raise bad("value", str(exc)) from None
    source = rec["source"].strip()
    if not source:
        raise bad("source", "a value needs its source")
    if len(source) > 200:
        raise bad("source", f"{source[:40]!r}… is longer than 200 characters")
    return _ValueRow(f"line {line}", indicator, region, year, value, source)


def import_values(
    rows: Iterable[tuple[int, dict[str, str]]],
    *,
    actor: writes.Actor,
    may_enter: Callable[[Indicator], bool] = lambda indicator: True,
) -> writes.ImportSummary:
    """Upsert typed-in indicator values (indicator code, sub-region, year, value, source).

    Every row is checked before anything is written: one bad row (unknown indicator, a
    computed one, one the actor may not enter, a bad year or number, a missing source, the
    same value twice) and nothing is written. A value that is already stored is unchanged.
    """
    checked: list[_ValueRow] = []
    errors: list[FormatError] = []
    seen: dict[tuple[int, int | None, int], str] = {}
    indicators: dict[str, Indicator | None] = {}
    for line, rec in rows:
        try:
            row = _value_row(line, rec, indicators, may_enter)
        except FormatError as exc:
            errors.append(exc)
            continue
        key = (row.indicator.pk, row.region.pk if row.region else None, row.year)
        if key in seen:
            errors.append(FormatError(f"the same value as on {seen[key]}", row.place))
            continue
        seen[key] = row.place
        checked.append(row)
    if errors:
        raise InvalidRows(errors)
    summary = writes.ImportSummary()
    with writes.acting(actor):
        for row in checked:
            _, outcome = writes.upsert(
                IndicatorValue,
                {"indicator": row.indicator, "year": row.year, "region": row.region},
                {"value": row.value, "source": row.source, "synthetic": False},
                actor=actor,
            )
            summary.count(outcome)
    return summary
