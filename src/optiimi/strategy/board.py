"""The board pack, "järkee vai ei?": does the network make sense, with the evidence.

One period, the whole home region or one sub-region. The plan's own part (measures' lights, the
computed indicators against their targets, results and critical factors) is read here; what
other capabilities know arrives through core registries only: their evidence sections
(`core.evidence`), on which the plan's targets are marked where a section names the computed
indicator (`core.indicators`) that its claims are.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from optiimi.core import evidence, units
from optiimi.core import indicators as registry
from optiimi.core.evidence import Claim, Scope, Section
from optiimi.regions.models import Region
from optiimi.strategy import analytics, charts, queries
from optiimi.strategy.models import Indicator, Measure, Period, ResultKind

LIGHT_GROUPS: list[tuple[str, tuple[analytics.Light, ...]]] = [
    ("on_track", ("on_track",)),
    ("at_risk", ("at_risk",)),
    ("off_track", ("off_track",)),
    ("no_data", ("no_data", "no_target")),
]


@dataclass
class MeasureLine:
    number: str
    title: str
    url: str
    light: analytics.Light
    status: str
    why: str  # which indicator drives the light and why, when its indicators disagree


@dataclass
class IndicatorLine:
    claim: Claim
    light: analytics.Light
    year: int | None
    svg: charts.Svg | None
    indicator: Indicator


@dataclass
class BarRow:
    y: int
    label: str
    width: float
    value_x: float
    value: str
    target_x: float | None
    target: str


@dataclass
class Bars:
    title: str
    width: int
    height: int
    label_width: int
    rows: list[BarRow]
    description: str


@dataclass
class EvidenceBlock:
    code: str
    section: Section
    bars: Bars | None = None

    @property
    def anchor(self) -> str:
        return "s-" + self.code.replace(".", "-").replace("_", "-")


@dataclass
class IndicatorChart:
    indicator: Indicator
    svg: charts.Svg


@dataclass
class Board:
    period: Period
    subregion: Region | None
    region_name: str
    subregions: list[Region]
    generated: datetime.datetime
    light_counts: dict[str, int]
    measures: list[MeasureLine]
    indicators: list[IndicatorLine]
    blocks: list[EvidenceBlock]
    results: list = field(default_factory=list)
    factors: list = field(default_factory=list)
    lessons: list = field(default_factory=list)
    result_charts: list[IndicatorChart] = field(default_factory=list)
    synthetic: bool = False

    @property
    def measure_count(self) -> int:
        return len(self.measures)

    @property
    def indicators_met(self) -> int:
        return sum(line.light == "on_track" for line in self.indicators)


def _measure_applies(measure: Measure, subregion: Region | None) -> bool:
    if subregion is None:
        return True
    targeted = list(measure.sub_regions.all())
    return not targeted or subregion in targeted


def _measure_light(
    row: queries.MeasureRow, subregion: Region | None, period: Period
) -> tuple[analytics.Light, str]:
    """The measure's one light (in the sub-region when one is asked for) and, when its
    indicators disagree, which one drives it and why."""
    verdict = (
        queries.measure_light(row.measure, subregion, period=period)
        if subregion is not None
        else row.verdict
    )
    return verdict.light, verdict.explanation if verdict.disagree else ""


def _values(indicator: Indicator, subregion: Region | None) -> dict[int, float]:
    """Year → the value the board judges: one sub-region's own; for the whole region a total,
    or for a per-sub-region indicator the weakest sub-region (the target holds in each)."""
    if subregion is not None:
        return {v.year: v.value for v in indicator.values.all() if v.region_id == subregion.pk}
    if not indicator.by_subregion:
        return queries.series(indicator)
    per_year: dict[int, list[float]] = defaultdict(list)
    for value in indicator.values.all():
        per_year[value.year].append(value.value)
    return {year: min(values) for year, values in sorted(per_year.items())}


def _indicator_line(
    indicator: Indicator, period: Period, subregion: Region | None
) -> IndicatorLine:
    values = _values(indicator, subregion)
    progress = queries.indicator_progress(indicator, period, subregion).progress
    target = progress.target
    within = {y: v for y, v in values.items() if period.start_year <= y <= period.end_year}
    try:
        source = registry.get(indicator.computed).source
    except registry.UnknownIndicator:
        source = indicator.source
    weakest = indicator.by_subregion and subregion is None
    claim = Claim(
        label=indicator.name,
        value=progress.actual,
        unit=indicator.unit,
        url=indicator.get_absolute_url(),
        target=target,
        n=len(within),
        n_unit="years",
        source=_("computed from %(source)s records") % {"source": source or "Optiimi"},
        note=_("the weakest sub-region each year") if weakest else "",
        synthetic=indicator.synthetic,
    )
    svg = charts.indicator_svg(indicator, values, width=480, height=200) if values else None
    return IndicatorLine(claim, progress.light, progress.actual_year, svg, indicator)


def bars(title: str, claims: list[Claim], width: int = 480) -> Bars | None:
    """Horizontal bars of claims in one unit, each with its target marked when it has one."""
    shown = [c for c in claims if c.value is not None]
    if not shown:
        return None
    label_width, row, top = 150, 28, 8
    scale_to = max([float(c.value or 0) for c in shown] + [float(c.target or 0) for c in shown])
    span = width - label_width - 50
    rows = []
    for i, claim in enumerate(shown):
        value = float(claim.value or 0)
        bar = round(value / scale_to * span, 1) if scale_to else 0.0
        rows.append(
            BarRow(
                y=top + i * row,
                label=claim.label,
                width=bar,
                value_x=label_width + bar + 6,
                value=units.format_value(value, claim.unit),
                target_x=(
                    round(label_width + claim.target / scale_to * span, 1)
                    if claim.target is not None and scale_to
                    else None
                ),
                target=units.format_value(claim.target, claim.unit)
                if claim.target is not None
                else "",
            )
        )
    description = "; ".join(
        f"{c.label}: {units.format_value(c.value, c.unit)}"
        + (
            f" ({_('target')} {units.format_value(c.target, c.unit)})"
            if c.target is not None
            else ""
        )
        for c in shown
    )
    return Bars(title, width, top * 2 + row * len(rows), label_width, rows, description)


def with_plan_targets(section: Section, period: Period) -> Section:
    """The section with the plan's period targets marked on its claims that have none, where the
    section names the computed indicator its claims are and the plan measures it: a sub-region's
    claim gets the sub-region's target (else the target "in every sub-region"); a claim about
    the whole gets a target only when the indicator is not broken down by sub-region."""
    if not section.indicator:
        return section
    indicator = (
        Indicator.objects.filter(computed=section.indicator)
        .prefetch_related("targets")
        .order_by("code")
        .first()
    )
    if indicator is None:
        return section
    try:
        unit = registry.get(section.indicator).unit
    except registry.UnknownIndicator:
        return section
    regions = {r.code: r for r in Region.objects.subregions()}

    def mark(claim: Claim) -> Claim:
        if claim.target is not None or claim.unit != unit:
            return claim
        if claim.region is None and indicator.by_subregion:
            return claim
        target = queries.target_for(
            indicator, period, regions.get(claim.region) if claim.region else None
        )
        return claim if target is None else replace(claim, target=target)

    return replace(
        section,
        claims=[mark(c) for c in section.claims],
        bars=[mark(c) for c in section.bars],
        summary=mark(section.summary) if section.summary is not None else None,
    )


def build(period: Period, subregion: Region | None = None) -> Board:
    home = settings.HOME_REGION
    subregions = list(Region.objects.subregions().filter(parent__code=home).order_by("code"))
    region = Region.objects.filter(code=home).first()
    scope = Scope(
        period.start_year,
        period.end_year,
        region=home,
        subregion=subregion.code if subregion else None,
    )

    measures: list[MeasureLine] = []
    plan_indicators: dict[int, Indicator] = {}
    for priority in queries.plan_tree(period):
        for goal in priority.goals:
            for p in goal.indicators:
                plan_indicators.setdefault(p.indicator.pk, p.indicator)
            for row in goal.measures:
                if not _measure_applies(row.measure, subregion):
                    continue
                for p in row.indicators:
                    plan_indicators.setdefault(p.indicator.pk, p.indicator)
                light, why = _measure_light(row, subregion, period)
                measures.append(
                    MeasureLine(
                        row.measure.number,
                        row.measure.title,
                        row.measure.get_absolute_url(),
                        light,
                        row.measure.get_status_display(),
                        why,
                    )
                )
    counted = Counter(m.light for m in measures)
    light_counts = {
        group: sum(counted[light] for light in lights) for group, lights in LIGHT_GROUPS
    }
    # The plan's computed indicators: those its goals and measures use, and those given a
    # target for the period.
    targeted = Indicator.objects.filter(targets__period=period).exclude(computed="")
    for indicator in targeted.distinct().prefetch_related("values", "targets"):
        plan_indicators.setdefault(indicator.pk, indicator)
    computed = [i for i in plan_indicators.values() if i.computed]
    if subregion is not None:
        computed = [i for i in computed if i.by_subregion]
    lines = [_indicator_line(i, period, subregion) for i in sorted(computed, key=lambda i: i.name)]

    blocks = []
    for code, found in evidence.collect(scope):
        section = with_plan_targets(found, period)
        blocks.append(EvidenceBlock(code, section, bars(section.bars_title, section.bars)))

    grouped = queries.results(period)
    if subregion is not None:
        grouped = {
            kind: [r for r in items if not r.sub_regions.all() or subregion in r.sub_regions.all()]
            for kind, items in grouped.items()
        }
    behind_results: dict[str, IndicatorChart] = {}
    for item in grouped[ResultKind.RESULT]:
        for ind in item.indicators.all():
            svg = charts.indicator_svg(ind, queries.series(ind), width=480, height=200)
            if svg is not None and ind.code not in behind_results:
                behind_results[ind.code] = IndicatorChart(ind, svg)
    synthetic = any(line.claim.synthetic for line in lines) or any(
        c.synthetic for b in blocks for c in b.section.claims
    )
    return Board(
        period=period,
        subregion=subregion,
        region_name=subregion.name if subregion else (region.name if region else home),
        subregions=subregions,
        generated=timezone.localtime(),
        light_counts=light_counts,
        measures=measures,
        indicators=lines,
        blocks=blocks,
        results=grouped[ResultKind.RESULT],
        factors=grouped[ResultKind.CRITICAL_FACTOR],
        lessons=grouped[ResultKind.LESSON] + grouped[ResultKind.PAIN_POINT],
        result_charts=list(behind_results.values()),
        synthetic=synthetic,
    )
