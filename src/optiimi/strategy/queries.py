"""Reads for the plan's pages, API and exports: the tree with progress, the matrix, reports."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from optiimi.core import indicators as registry
from optiimi.regions.models import Region
from optiimi.strategy import analytics
from optiimi.strategy.models import (
    Direction,
    Goal,
    Indicator,
    IndicatorValue,
    Measure,
    Period,
    Perspective,
    Priority,
    Result,
    ResultKind,
    SubregionStrategy,
)


@dataclass
class IndicatorProgress:
    indicator: Indicator
    progress: analytics.Progress
    series: dict[int, float]  # year → value (sub-regions summed when broken down)


@dataclass
class MeasureRow:
    measure: Measure
    indicators: list[IndicatorProgress]
    light: analytics.Light
    verdict: MeasureLight


@dataclass
class GoalRow:
    goal: Goal
    measures: list[MeasureRow]
    indicators: list[IndicatorProgress]
    light: analytics.Light


@dataclass
class PriorityRow:
    priority: Priority
    goals: list[GoalRow] = field(default_factory=list)


def series(indicator: Indicator, region: Region | None = None) -> dict[int, float]:
    """Year → value; a sub-region breakdown is summed unless one sub-region is asked for."""
    totals: dict[int, float] = defaultdict(float)
    for value in indicator.values.all():
        if region is None or value.region_id == region.pk:
            totals[value.year] += value.value
    return dict(sorted(totals.items()))


def target_for(indicator: Indicator, period: Period, region: Region | None = None) -> float | None:
    """The period's target: the sub-region's own when one is asked for and set, else the one
    set for the whole (for a sub-region indicator: the target "in every sub-region")."""
    common = None
    for target in indicator.targets.all():
        if target.period_id != period.pk:
            continue
        if region is not None and target.region_id == region.pk:
            return target.value
        if target.region_id is None:
            common = target.value
    return common


def indicator_progress(
    indicator: Indicator, period: Period, region: Region | None = None
) -> IndicatorProgress:
    """An indicator's progress in a period: for one sub-region when one is asked for and the
    indicator is broken down by sub-region, else for the whole."""
    local = region if indicator.by_subregion else None
    values = series(indicator, local)
    if indicator.by_subregion and local is None:
        # A per-sub-region target ("at least one a year in every sub-region") is met when the
        # weakest sub-region meets it: judge by the minimum over sub-regions each year.
        per_region: dict[int, list[float]] = defaultdict(list)
        for value in indicator.values.all():
            per_region[value.year].append(value.value)
        judged = {year: min(vals) for year, vals in per_region.items()}
    else:
        judged = values
    progress = analytics.progress(
        baseline=indicator.baseline,
        target=target_for(indicator, period, local),
        values={y: v for y, v in judged.items() if period.start_year <= y <= period.end_year},
        start_year=period.start_year,
        end_year=period.end_year,
        this_year=timezone.localdate().year,
        higher_is_better=indicator.direction == Direction.HIGHER,
    )
    return IndicatorProgress(indicator, progress, values)


# One light per measure -------------------------------------------------------------------------

Reason = Literal["no_indicator", "only", "agree", "weakest"]


@dataclass(frozen=True)
class MeasureLight:
    """A measure's one light, the indicator that drives it and why.

    The rule: **the weakest indicator drives the light** — a measure is on track only when
    every indicator with a target is (off track < at risk < no data yet < on track; an
    indicator without a target does not count). Among equally weak indicators one computed
    from the platform's records drives before a typed-in one, then the one furthest from its
    target, then by code.
    """

    light: analytics.Light
    driver: IndicatorProgress | None
    reason: Reason
    indicators: list[IndicatorProgress]

    @property
    def disagree(self) -> bool:
        return self.reason == "weakest"

    @property
    def explanation(self) -> str:
        """The rule in the reader's language, naming the driving indicator."""
        if self.driver is None:
            return str(_("The measure has no indicator with a target."))
        name = self.driver.indicator.name
        if self.reason == "only":
            return str(_("The light is that of its one indicator, %(name)s.") % {"name": name})
        if self.reason == "agree":
            return str(
                _("Its %(count)s indicators agree; %(name)s is shown first.")
                % {"count": len(self.indicators), "name": name}
            )
        return str(
            _(
                "Its indicators disagree; %(name)s drives the light because it is the weakest: "
                "a measure is on track only when every indicator with a target is."
            )
            % {"name": name}
        )


def _rank(p: IndicatorProgress) -> tuple[int, int, float, str]:
    share = p.progress.share if p.progress.share is not None else 0.0
    expected = p.progress.expected or 1.0
    return (
        analytics.ORDER[p.progress.light],
        0 if p.indicator.computed else 1,
        share / expected,
        p.indicator.code,
    )


def measure_light(
    measure: Measure,
    sub_region: Region | None = None,
    *,
    period: Period | None = None,
    progress: list[IndicatorProgress] | None = None,
) -> MeasureLight:
    """The one light of a measure (in one sub-region when given), its driving indicator and the
    reason. Indicators are read through `measure.indicators` (prefetch `values` and `targets`
    to avoid queries); `progress` may pass progress already computed for the same period."""
    if progress is None:
        period = period or measure.goal.priority.period
        progress = [indicator_progress(i, period, sub_region) for i in measure.indicators.all()]
    judged = [p for p in progress if p.progress.light != "no_target"]
    if not judged:
        return MeasureLight("no_target", None, "no_indicator", progress)
    driver = min(judged, key=_rank)
    if len(judged) == 1:
        reason: Reason = "only"
    elif len({p.progress.light for p in judged}) == 1:
        reason = "agree"
    else:
        reason = "weakest"
    return MeasureLight(driver.progress.light, driver, reason, progress)


def _indicators() -> Prefetch:
    return Prefetch("indicators", queryset=Indicator.objects.prefetch_related("values", "targets"))


def plan_tree(period: Period) -> list[PriorityRow]:
    priorities = period.priorities.prefetch_related(
        Prefetch(
            "goals",
            queryset=Goal.objects.prefetch_related(
                _indicators(),
                Prefetch(
                    "measures",
                    queryset=Measure.objects.prefetch_related(
                        "responsible", "sub_regions", _indicators()
                    ),
                ),
            ),
        )
    )
    rows = []
    for priority in priorities:
        row = PriorityRow(priority)
        for goal in priority.goals.all():
            measure_rows = []
            for measure in goal.measures.all():
                progress = [indicator_progress(i, period) for i in measure.indicators.all()]
                verdict = measure_light(measure, progress=progress)
                measure_rows.append(MeasureRow(measure, progress, verdict.light, verdict))
            goal_indicators = [indicator_progress(i, period) for i in goal.indicators.all()]
            light = analytics.worst(
                [m.light for m in measure_rows] + [p.progress.light for p in goal_indicators]
            )
            row.goals.append(GoalRow(goal, measure_rows, goal_indicators, light))
        rows.append(row)
    return rows


@dataclass
class MatrixCell:
    served: list[str]
    missing: list[str]
    measures: list[Measure]


def subregion_matrix(period: Period, region_code: str) -> dict[str, Any]:
    """Per sub-region × goal: the perspectives its measures serve there, and the ones missing."""
    subregions = list(Region.objects.subregions().filter(parent__code=region_code).order_by("code"))
    goals = list(
        Goal.objects.filter(priority__period=period)
        .order_by("number")
        .prefetch_related(
            Prefetch("measures", queryset=Measure.objects.prefetch_related("sub_regions"))
        )
    )
    strategies = {s.region_id: s for s in SubregionStrategy.objects.filter(region__in=subregions)}
    rows = []
    for sub in subregions:
        cells = []
        for goal in goals:
            targeted = [
                m
                for m in goal.measures.all()
                if not m.sub_regions.all() or sub in m.sub_regions.all()
            ]
            served = [p for p in Perspective.values if any(getattr(m, p) for m in targeted)]
            cells.append(
                MatrixCell(served, [p for p in Perspective.values if p not in served], targeted)
            )
        strategy = strategies.get(sub.pk)
        covered = strategy.perspectives if strategy else []
        rows.append(
            {
                "region": sub,
                "cells": cells,
                "strategy": strategy,
                "strategy_missing": [p for p in Perspective.values if p not in covered],
            }
        )
    return {"goals": goals, "rows": rows, "perspectives": Perspective.choices}


def results(period: Period) -> dict[str, list[Result]]:
    items = period.results.prefetch_related(
        "goals",
        "sub_regions",
        Prefetch("indicators", queryset=Indicator.objects.prefetch_related("values", "targets")),
    )
    grouped: dict[str, list[Result]] = {kind: [] for kind in ResultKind.values}
    for item in items.order_by("number"):
        grouped[item.kind].append(item)
    return grouped


@dataclass
class ValueRow:
    year: int
    cells: list[IndicatorValue | None]  # one per column: a sub-region, or the single total


@dataclass
class ValueTable:
    """An indicator's values as a year × sub-region table, newest years first; the years past
    `RECENT_YEARS` are folded away so that a long history does not bury the page."""

    regions: list[Region]  # empty when the indicator is not broken down by sub-region
    recent: list[ValueRow]
    earlier: list[ValueRow]
    sources: list[str]
    computed_at: datetime.datetime | None

    @property
    def earlier_years(self) -> str:
        return f"{self.earlier[-1].year}–{self.earlier[0].year}" if self.earlier else ""


RECENT_YEARS = 10


def value_table(indicator: Indicator) -> ValueTable:
    values = list(indicator.values.all())
    regions = sorted(
        {v.region_id: v.region for v in values if v.region is not None}.values(),
        key=lambda r: r.name,
    )
    columns: list[int | None] = [r.pk for r in regions] if regions else [None]
    cells = {(v.year, v.region_id): v for v in values}
    years = sorted({v.year for v in values}, reverse=True)
    rows = [ValueRow(y, [cells.get((y, c)) for c in columns]) for y in years]
    stamps = [v.computed_at for v in values if v.computed_at]
    return ValueTable(
        regions=regions,
        recent=rows[:RECENT_YEARS],
        earlier=rows[RECENT_YEARS:],
        sources=sorted({v.source for v in values if v.source}),
        computed_at=max(stamps) if stamps else None,
    )


# The records behind a computed value -----------------------------------------------------------


@dataclass
class ValueRecords:
    """The records a computed value counts, and the value stored for it."""

    year: int
    region: Region | None
    records: list[registry.Record]
    stored: IndicatorValue | None

    @property
    def total(self) -> float:
        return sum(r.count for r in self.records)

    @property
    def agrees(self) -> bool:
        """The stored value is what the records add up to (else it awaits a recompute)."""
        return self.stored is not None and abs(self.stored.value - self.total) < 1e-9


def has_records(indicator: Indicator) -> bool:
    """Whether the indicator's values are counted from records that can be listed."""
    if not indicator.computed:
        return False
    try:
        return registry.get(indicator.computed).records is not None
    except registry.UnknownIndicator:
        return False


def value_records(indicator: Indicator, year: int, region_code: str | None) -> ValueRecords | None:
    """The records behind one value: `None` when the indicator is not counted from records or
    the sub-region does not fit its breakdown."""
    if not has_records(indicator):
        return None
    records = registry.get(indicator.computed).records
    if records is None:  # checked by has_records; for the type checker
        return None
    region = None
    if region_code is not None:
        if not indicator.by_subregion:
            return None
        region = Region.objects.subregions().filter(code=region_code).first()
        if region is None:
            return None
    stored = IndicatorValue.objects.filter(indicator=indicator, year=year, region=region).first()
    return ValueRecords(year, region, records(year, region_code), stored)
