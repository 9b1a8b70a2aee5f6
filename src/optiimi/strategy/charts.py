"""Charts of an indicator against its targets: Vega-Lite for pages, inline SVG for the report
(the report must also print and render to PDF without JavaScript)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from optiimi.core import units
from optiimi.core.charts import Chart
from optiimi.strategy.models import Indicator, Target


def _targets(indicator: Indicator) -> list[Target]:
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


def indicator_chart(indicator: Indicator, values: dict[int, float]) -> Chart:
    actual = _("actual")
    target = _("target")
    points = dict(values)
    if indicator.baseline is not None and indicator.baseline_year:
        points.setdefault(indicator.baseline_year, indicator.baseline)
    # `run` numbers the stretches of consecutive years, so that the line breaks at a gap.
    data = [
        {"year": year, "value": value, "series": actual, "run": n}
        for n, run in enumerate(_runs(sorted(points.items())))
        for year, value in run
    ]
    targets = [
        {"year": t.period.end_year, "value": t.value, "series": target} for t in _targets(indicator)
    ]
    unit = units.label(indicator.unit)
    spec = {
        "data": {"values": data + targets},
        "height": 220,
        "layer": [
            {
                "transform": [{"filter": f"datum.series == '{actual}'"}],
                "mark": {"type": "line", "point": True},
                "encoding": {
                    "x": {
                        "field": "year",
                        "type": "quantitative",
                        "axis": {"format": "d", "title": _("year")},
                    },
                    "y": {"field": "value", "type": "quantitative", "title": unit},
                    "color": {"field": "series", "type": "nominal", "title": None},
                    "detail": {"field": "run", "type": "nominal"},
                },
            },
            {
                "transform": [{"filter": f"datum.series == '{target}'"}],
                "mark": {"type": "point", "shape": "diamond", "size": 140, "filled": True},
                "encoding": {
                    "x": {"field": "year", "type": "quantitative"},
                    "y": {"field": "value", "type": "quantitative"},
                    "color": {"field": "series", "type": "nominal", "title": None},
                },
            },
        ],
    }
    every: list[dict[str, Any]] = data + targets
    rows = [
        [str(d["year"]), str(d["series"]), number_format(d["value"], force_grouping=True)]
        for d in sorted(every, key=lambda d: (d["year"], str(d["series"])))
    ]
    years = sorted({int(d["year"]) for d in every})
    period = f"{years[0]}–{years[-1]}" if years else ""
    title = indicator.name
    if indicator.synthetic:
        title += f" ({_('synthetic demo data')})"
    return Chart(
        title=title,
        spec=spec,
        unit=unit,
        source=indicator.source or "Optiimi",
        period=period,
        columns=[_("year"), _("series"), unit],
        rows=rows,
    )


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
    fmt = lambda v: number_format(v, decimal_pos=0 if float(v).is_integer() else 1)  # noqa: E731
    return Svg(
        width,
        height,
        lines=[" ".join(f"{x(yr)},{y(v)}" for yr, v in run) for run in _runs(ordered)],
        points=[(x(yr), y(v), f"{yr}: {fmt(v)}") for yr, v in ordered],
        targets=[(x(yr), y(v), f"{_('target')} {yr}: {fmt(v)}") for yr, v in targets.items()],
        x_labels=[(x(yr), str(yr)) for yr in sorted({x0, x1, *targets})],
        y_labels=[(y(v), fmt(v)) for v in (y0, y1)],
        plot=(left, top, right, bottom),
    )
