"""Charts of an indicator against its targets: Vega-Lite for pages, inline SVG for the report
(the report must also print and render to PDF without JavaScript)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from optiimi.core import units
from optiimi.core.charts import (
    Chart,
    Series,
    describe,
    described,
    series_encoding,
    value_axis,
    year_axis,
)
from optiimi.regions.models import Region
from optiimi.strategy import analytics
from optiimi.strategy.models import Direction, Indicator, Target


def _targets(indicator: Indicator) -> list[Target]:
    """The targets a total is compared with. A sub-region indicator's target without a
    sub-region holds in every sub-region, so a sum over sub-regions has no target."""
    if indicator.by_subregion:
        return []
    return [t for t in indicator.targets.all() if t.region_id is None]


def _runs(points: list[tuple[int, float]]) -> list[list[tuple[int, float]]]:
    """Split a series where years are missing, so that a line never bridges a gap."""
    runs: list[list[tuple[int, float]]] = []
    for year, value in points:
        if runs and year - runs[-1][-1][0] == 1:
            runs[-1].append((year, value))
        else:
            runs.append([(year, value)])
    return runs


def _line_chart(
    indicator: Indicator,
    title: str,
    points: dict[int, float],
    targets: list[Target],
    *,
    height: int = 220,
    domain: tuple[float, float] | None = None,
    years: tuple[int, int] | None = None,
) -> Chart:
    """Actual values as a line (broken at missing years), each period's target as a dashed
    line over the period's years."""
    actual = _("actual")
    target = _("target")
    unit = units.label(indicator.unit)
    fmt = lambda v: units.format_value(v, indicator.unit)  # noqa: E731
    # `run` numbers the stretches of consecutive years, so that the line breaks at a gap.
    data = [
        {
            "year": year,
            "value": value,
            "key": "actual",
            "run": n,
            "text": describe(actual, year, fmt(value), units.label(indicator.unit, value)),
        }
        for n, run in enumerate(_runs(sorted(points.items())))
        for year, value in run
    ]
    goals = [
        {
            "year": t.period.start_year,
            "end": t.period.end_year,
            "value": t.value,
            "key": "target",
            "period": t.period.name,
            "text": describe(
                target,
                f"{t.period.start_year}–{t.period.end_year}",
                fmt(t.value),
                units.label(indicator.unit, t.value),
            ),
        }
        for t in targets
    ]
    counts = indicator.unit in units.COUNTS
    y: dict[str, Any] = {
        "field": "value",
        "type": "quantitative",
        "axis": value_axis(unit, counts=counts),
    }
    x = year_axis()
    if domain is not None:
        y["scale"] = {"domain": list(domain)}
    if years is not None:
        x["scale"] = {"domain": list(years)}
    style = series_encoding(
        [Series("actual", actual, focal=True), Series("target", target, dashed=True)]
    )
    spec = {
        "data": {"values": data + goals},
        "height": height,
        "layer": [
            {
                "transform": [{"filter": {"field": "key", "equal": "actual"}}],
                "mark": {"type": "line", "point": True},
                "encoding": described(
                    {
                        "x": x,
                        "y": y,
                        "color": style["color"],
                        "strokeWidth": style["strokeWidth"],
                        "detail": {"field": "run"},
                    }
                ),
            },
            {
                "transform": [{"filter": {"field": "key", "equal": "target"}}],
                "mark": {"type": "rule", "strokeWidth": 2},
                "encoding": described(
                    {
                        "x": {"field": "year", "type": "quantitative"},
                        "x2": {"field": "end"},
                        "y": {"field": "value", "type": "quantitative"},
                        "color": style["color"],
                        "strokeDash": style["strokeDash"],
                    }
                ),
            },
        ],
    }
    rows = [[str(d["year"]), str(actual), fmt(d["value"])] for d in data] + [
        [f"{g['year']}–{g['end']}", str(target), fmt(g["value"])] for g in goals
    ]
    every = sorted({*points, *(t.period.start_year for t in targets)}) + [
        t.period.end_year for t in targets
    ]
    period = f"{min(every)}–{max(every)}" if every else ""
    return Chart(
        title=title,
        spec=spec,
        unit=unit,
        source=indicator.source or "Optiimi",
        period=period,
        columns=[_("year"), _("series"), unit],
        rows=sorted(rows, key=lambda r: (r[0], r[1])),
    )


def indicator_chart(indicator: Indicator, values: dict[int, float]) -> Chart:
    """The indicator's total against its total targets (a sub-region indicator's sum has none:
    its targets are compared per sub-region, see `subregion_charts`)."""
    points = dict(values)
    if indicator.baseline is not None and indicator.baseline_year:
        points.setdefault(indicator.baseline_year, indicator.baseline)
    title = indicator.name
    if indicator.by_subregion:
        title += f" — {_('all sub-regions together')}"
    if indicator.synthetic:
        title += f" ({_('synthetic demo data')})"
    return _line_chart(indicator, title, points, _targets(indicator))


@dataclass
class SubregionChart:
    """One small multiple: a sub-region's values against the targets that hold there."""

    region: Region
    chart: Chart
    latest: tuple[int, float] | None
    target: Target | None  # the target of the current (or latest) period
    light: analytics.Light


def subregion_charts(indicator: Indicator, this_year: int) -> list[SubregionChart]:
    """Small multiples of a sub-region indicator: one chart per sub-region, each with the
    target that holds there (its own, else the one set for every sub-region), on one scale."""
    values = list(indicator.values.all())
    targets = list(indicator.targets.all())
    regions = {v.region_id: v.region for v in values if v.region is not None}
    regions.update({t.region_id: t.region for t in targets if t.region is not None})
    periods = {t.period_id: t.period for t in targets}
    common = {t.period_id: t for t in targets if t.region_id is None}
    every_value = [v.value for v in values] + [t.value for t in targets]
    domain = (min(0.0, *every_value), max(every_value)) if every_value else None
    years = [v.year for v in values] + [
        y for p in periods.values() for y in (p.start_year, p.end_year)
    ]
    span = (min(years), max(years)) if years else None
    current = sorted(periods.values(), key=lambda p: (p.start_year <= this_year, p.start_year))
    small = []
    for region in sorted(regions.values(), key=lambda r: r.name):
        own = {t.period_id: t for t in targets if t.region_id == region.pk}
        held = [own.get(pid) or common[pid] for pid in periods if pid in own or pid in common]
        points = {v.year: v.value for v in values if v.region_id == region.pk}
        latest = max(points.items()) if points else None
        target = None
        light: analytics.Light = "no_target"
        for period in reversed(current):
            target = own.get(period.pk) or common.get(period.pk)
            if target is not None:
                before = [y for y in points if y < period.start_year]
                light = analytics.progress(
                    baseline=points[max(before)] if before else None,
                    target=target.value,
                    values={y: v for y, v in points.items() if y >= period.start_year},
                    start_year=period.start_year,
                    end_year=period.end_year,
                    this_year=this_year,
                    higher_is_better=indicator.direction == Direction.HIGHER,
                ).light
                break
        chart = _line_chart(
            indicator, region.name, points, held, height=140, domain=domain, years=span
        )
        small.append(SubregionChart(region, chart, latest, target, light))
    return small


@dataclass
class Svg:
    width: int
    height: int
    lines: list[str]  # one polyline per run of consecutive years
    points: list[tuple[float, float, str]]
    targets: list[tuple[float, float, str]]
    x_labels: list[tuple[float, str]]
    y_labels: list[tuple[float, str]]
    plot: tuple[float, float, float, float]  # left, top, right, bottom


def _spaced(labels: list[tuple[float, str]], gap: float = 40.0) -> list[tuple[float, str]]:
    """Year labels at least `gap` apart, so that they never run together ("20002002"): the
    first and the last year stay, a label too close to one already kept is left out."""
    if len(labels) < 3:
        return labels[:1] if len(labels) == 2 and labels[1][0] - labels[0][0] < gap else labels
    kept = [labels[0]]
    for x, text in labels[1:-1]:
        if x - kept[-1][0] >= gap and labels[-1][0] - x >= gap:
            kept.append((x, text))
    last = labels[-1]
    if last[0] - kept[-1][0] < gap and len(kept) > 1:
        kept.pop()
    if last[0] - kept[-1][0] >= gap:
        kept.append(last)
    return kept


def indicator_svg(
    indicator: Indicator, values: dict[int, float], width: int = 320, height: int = 150
) -> Svg | None:
    """A small line chart with axes: actual values as a line, targets as diamonds."""
    points = dict(values)
    if indicator.baseline is not None and indicator.baseline_year:
        points.setdefault(indicator.baseline_year, indicator.baseline)
    targets = {t.period.end_year: t.value for t in _targets(indicator)}
    every = {**points, **targets}
    if not every:
        return None
    left, top, right, bottom = 44.0, 10.0, width - 20.0, height - 24.0
    x0, x1 = min(every), max(every)
    y1 = max(every.values()) or 1.0
    y0 = min(0.0, min(every.values()))

    def x(year: int) -> float:
        return round(left + (year - x0) / max(x1 - x0, 1) * (right - left), 1)

    def y(value: float) -> float:
        return round(bottom - (value - y0) / max(y1 - y0, 1e-9) * (bottom - top), 1)

    ordered = sorted(points.items())
    fmt = lambda v: units.format_value(v, indicator.unit)  # noqa: E731
    return Svg(
        width,
        height,
        lines=[" ".join(f"{x(yr)},{y(v)}" for yr, v in run) for run in _runs(ordered)],
        points=[(x(yr), y(v), f"{yr}: {fmt(v)}") for yr, v in ordered],
        targets=[(x(yr), y(v), f"{_('target')} {yr}: {fmt(v)}") for yr, v in targets.items()],
        x_labels=_spaced([(x(yr), str(yr)) for yr in sorted({x0, x1, *targets})]),
        y_labels=[(y(v), fmt(v)) for v in (y0, y1)],
        plot=(left, top, right, bottom),
    )
