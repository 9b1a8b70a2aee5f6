"""Every write to the plan: structure, statuses and notes, indicator values, computed refresh."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import models
from django.utils import timezone

from optiimi.core import indicators as registry
from optiimi.core import writes
from optiimi.core.writes import Actor, user_of
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
    model: type[M], key: dict[str, Any], values: dict[str, Any], actor: Actor, **m2m: Any
) -> M:
    return writes.upsert(model, key, values, actor=actor, m2m=m2m)[0]


# The plan's structure (coordinator) -----------------------------------------------------------


@writes.service
def define_period(*, actor: Actor, code: str, **values: Any) -> Period:
    return _upsert(Period, {"code": code}, values, actor)


@writes.service
def define_priority(period: Period, number: int, *, actor: Actor, **values: Any) -> Priority:
    return _upsert(Priority, {"period": period, "number": number}, values, actor)


@writes.service
def define_goal(priority: Priority, number: int, *, actor: Actor, **values: Any) -> Goal:
    return _upsert(Goal, {"priority": priority, "number": number}, values, actor)


@writes.service
def define_measure(
    goal: Goal,
    number: str,
    *,
    actor: Actor,
    responsible: Iterable[models.Model] = (),
    sub_regions: Iterable[models.Model] = (),
    **values: Any,
) -> Measure:
    return _upsert(
        Measure,
        {"goal": goal, "number": number},
        values,
        actor,
        responsible=responsible,
        sub_regions=sub_regions,
    )


@writes.service
def define_indicator(
    code: str, *, actor: Actor, measures: Iterable[Measure] = (), **values: Any
) -> Indicator:
    if values.get("computed"):
        registry.get(values["computed"])  # refuse an unknown computed indicator early
    return _upsert(Indicator, {"code": code}, values, actor, measures=measures)


@writes.service
def set_target(
    indicator: Indicator,
    period: Period,
    value: float,
    *,
    actor: Actor,
    region: Region | None = None,
) -> Target:
    return _upsert(
        Target,
        {"indicator": indicator, "period": period, "region": region},
        {"value": value},
        actor,
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
