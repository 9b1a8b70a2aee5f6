"""What the sub-region and region pages show: key indicators, comparisons, forecast charts."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from django.urls import reverse
from django.utils.formats import number_format
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
from optiimi.core.localise import localised
from optiimi.foresight import analytics
from optiimi.foresight.models import WHOLE_COUNTRY, Forecast, Indicator, Observation
from optiimi.regions.models import Region

KEY_INDICATORS = 8


@dataclass
class KeyFigure:
    indicator: Indicator
    name: str
    period: str
    value: float | None
    status: str
    yoy: float | None
    trend: str
    sparkline: str
    series: list[tuple[str, float | None]] = field(default_factory=list)


def _sparkline(values: list[float | None], width: int = 120, height: int = 28) -> str:
    """SVG polyline points for a small trend line."""
    clean = [(i, v) for i, v in enumerate(values) if v is not None]
    if len(clean) < 2:
        return ""
    lo, hi = min(v for _, v in clean), max(v for _, v in clean)
    span = (hi - lo) or 1.0
    n = max(len(values) - 1, 1)
    return " ".join(
        f"{i / n * width:.1f},{height - 2 - (v - lo) / span * (height - 4):.1f}" for i, v in clean
    )


def _plain(rows: Any) -> dict[tuple[int, str], dict[str, tuple[float | None, str]]]:
    """{(indicator id, area): {period: (value, status)}} for whole-table series."""
    out: dict[tuple[int, str], dict[str, tuple[float | None, str]]] = {}
    for ind, area, period, value, status in rows:
        out.setdefault((ind, area), {})[period] = (value, status)
    return out


def series_for(areas: list[str]) -> tuple[list[Indicator], dict]:
    """Annual all-industry, all-category series of the first indicators the first area has.

    Two small queries whatever the size of the store: both name the indicators, so that the
    unique index (indicator, area, industry, period, key) finds the cells.
    """
    every = list(Indicator.objects.order_by("code").values_list("pk", flat=True))
    totals = Observation.objects.filter(key="", industry="")
    present = set(
        totals.filter(indicator_id__in=every, area=areas[0])
        .values_list("indicator_id", flat=True)
        .distinct()
    )
    ids = [pk for pk in every if pk in present][:KEY_INDICATORS]
    indicators = list(Indicator.objects.filter(pk__in=ids).order_by("code"))
    rows = totals.filter(indicator_id__in=ids, area__in=areas).values_list(
        "indicator_id", "area", "period", "value", "status"
    )
    return indicators, _plain(rows)


def key_figures(area: str, indicators: list[Indicator], data: dict) -> list[KeyFigure]:
    figures = []
    for ind in indicators:
        series = sorted(data.get((ind.pk, area), {}).items())
        if not series:
            continue
        values = [v for _, (v, _s) in series]
        period, (value, status) = series[-1]
        prev = series[-2][1][0] if len(series) > 1 else None
        yoy = (value / prev - 1) * 100 if value is not None and prev else None
        if value is not None and value.is_integer():
            value = int(value)
        figures.append(
            KeyFigure(
                indicator=ind,
                name=localised(ind, "name"),
                period=period,
                value=value,
                status=status,
                yoy=yoy,
                trend=analytics.trend(values),
                sparkline=_sparkline(values[-15:]),
                series=[(p, v) for p, (v, _s) in series],
            )
        )
    return figures


def source_of(ind: Indicator) -> str:
    """The source's name, and "synthetic" in the reader's language (an English marker stored
    with the name is left out)."""
    text = (ind.source or "").replace(" (synthetic)", "").strip() or _("Statistics Finland")
    if ind.synthetic:
        return f"{text} ({_('synthetic')})"
    return text


def comparison_chart(ind: Indicator, areas: list[tuple[str, str]], data: dict) -> Chart | None:
    """The indicator as an index (first common year = 100) for the area, region and country;
    the first area is the focal one."""
    names = dict(areas)
    rows = [
        (code, p, v)
        for code, _name in areas
        for p, (v, _s) in data.get((ind.pk, code), {}).items()
        if v is not None
    ]
    if not rows:
        return None
    frame = pl.DataFrame(rows, schema=["area", "period", "value"], orient="row")
    common = frame.group_by("period").len().filter(pl.col("len") == frame["area"].n_unique())
    if common.is_empty():
        return None
    base = common["period"].min()
    indexed = analytics.index(frame, str(base)).drop_nulls("index")
    order = {code: n for n, (code, _name) in enumerate(areas)}
    values = [
        {
            "key": r["area"],
            "year": int(r["period"]),
            "index": round(r["index"], 1),
            "text": describe(
                names[r["area"]],
                r["period"],
                number_format(round(r["index"], 1), 1, use_l10n=True, force_grouping=True),
            ),
        }
        for r in sorted(
            indexed.iter_rows(named=True), key=lambda r: (order[r["area"]], r["period"])
        )
        if len(r["period"]) == 4
    ]
    period = f"{min(v['year'] for v in values)}–{max(v['year'] for v in values)}" if values else ""
    unit = _("index, %(base)s = 100") % {"base": base}
    style = series_encoding(
        [Series(code, name, focal=n == 0) for n, (code, name) in enumerate(areas)],
        title=_("Area"),
    )
    spec = {
        "description": _("%(name)s as an index, %(base)s = 100, by area and year")
        % {"name": localised(ind, "name"), "base": base},
        "data": {"values": values},
        "height": 220,
        "mark": {"type": "line", "point": False},
        "encoding": described(
            {
                "x": year_axis(_("Year")),
                "y": {
                    "field": "index",
                    "type": "quantitative",
                    "title": unit,
                    "scale": {"zero": False},
                },
                **style,
            }
        ),
    }
    return Chart(
        title=_("%(name)s compared") % {"name": localised(ind, "name")},
        spec=spec,
        unit=unit,
        source=source_of(ind),
        period=period,
        columns=[_("Area"), _("Year"), _("Index")],
        rows=[
            [names[v["key"]], v["year"], number_format(v["index"], 1, use_l10n=True)]
            for v in values
        ],
    )


def backtest_error(history: list[float], mase: float | None, windows: int = 3) -> float | None:
    """How far, in per cent of the level, the backtest's forecasts of the last `windows` years
    were from what happened on average: MASE times its scale (the mean one-step change before
    the backtest), over the mean of those years."""
    if mase is None or len(history) <= windows + 1:
        return None
    before = history[:-windows]
    steps = [abs(b - a) for a, b in itertools.pairwise(before)]
    scale = sum(steps) / len(steps) if steps else 0.0
    scale = scale if scale > 0 else 1.0
    level = sum(abs(v) for v in history[-windows:]) / windows
    if level == 0:
        return None
    return mase * scale / level * 100


def certainty(error: float | None) -> str:
    """One sentence on how sure a forecast is, from its backtest error (per cent)."""
    if error is None:
        return _(
            "The series is too short to test the forecast on earlier years: read it as a "
            "direction only."
        )
    shown = number_format(error, 0 if error >= 10 else 1, use_l10n=True)
    if error < 2:
        text = _("The forecast is fairly sure")
    elif error < 5:
        text = _("The forecast is somewhat uncertain")
    else:
        text = _("The forecast is uncertain")
    return _(
        "%(sureness)s: forecasts for earlier years were on average %(error)s %% off what happened."
    ) % {"sureness": text, "error": shown}


def forecast_chart(
    ind: Indicator, area: str, area_name: str, data: dict, forecast: Forecast | None = None
) -> tuple[Chart, Forecast] | None:
    """The chart of the stored forecast (looked up unless given) with its history."""
    if forecast is None:
        forecast = Forecast.objects.filter(indicator=ind, area=area, key="", industry="").first()
    if forecast is None:
        return None
    unit = units.label(ind.unit) or _("value")
    counts = ind.unit in units.COUNTS

    def fmt(value: float) -> str:
        return units.format_value(value, ind.unit)

    observed, ahead_label = _("observed"), _("forecast")
    interval = _("%(level)s %% prediction interval") % {"level": forecast.level}
    history = [
        {
            "year": int(p),
            "value": v,
            "key": "history",
            "text": describe(observed, p, fmt(v), units.label(ind.unit, v)),
        }
        for p, (v, _s) in sorted(data.get((ind.pk, area), {}).items())
        if v is not None and len(p) == 4
    ]
    ahead = [
        {
            "year": int(p["period"]),
            "value": p["mean"],
            "lo": p["lo"],
            "hi": p["hi"],
            "key": "forecast",
            "text": describe(ahead_label, p["period"], fmt(p["mean"]), unit)
            + "; "
            + _("%(interval)s %(lo)s–%(hi)s")
            % {"interval": interval, "lo": fmt(p["lo"]), "hi": fmt(p["hi"])},
        }
        for p in forecast.points
    ]
    if history:
        last = history[-1]
        # the forecast line starts where history ends, so the two join
        ahead = [{**last, "lo": last["value"], "hi": last["value"], "key": "forecast"}, *ahead]
    x = year_axis(_("Year"))
    style = series_encoding(
        [
            Series("history", observed, focal=True),
            Series("forecast", ahead_label, focal=True, dashed=True),
        ]
    )
    spec = {
        "description": _(
            "%(name)s in %(area)s: observed values and a forecast with its %(interval)s"
        )
        % {"name": localised(ind, "name"), "area": area_name, "interval": interval},
        "height": 240,
        "layer": [
            {
                "data": {"values": ahead},
                "mark": {"type": "area", "opacity": 0.18, "color": "#0b3d6b"},
                "encoding": described(
                    {
                        "x": x,
                        "y": {
                            "field": "lo",
                            "type": "quantitative",
                            "title": unit,
                            "scale": {"zero": False},
                            "axis": value_axis(unit, counts=counts),
                        },
                        "y2": {"field": "hi"},
                    }
                ),
            },
            {
                "data": {"values": history + ahead},
                "mark": {"type": "line", "point": True},
                "encoding": described(
                    {
                        "x": x,
                        "y": {"field": "value", "type": "quantitative", "title": unit},
                        **style,
                    }
                ),
            },
        ],
    }
    title = _("%(name)s, %(area)s: forecast") % {"name": localised(ind, "name"), "area": area_name}
    rows = [[h["year"], fmt(h["value"]), "", ""] for h in history[-10:]] + [
        [p["year"], fmt(p["value"]), fmt(p["lo"]), fmt(p["hi"])] for p in ahead[1:]
    ]
    chart = Chart(
        title=title,
        spec=spec,
        unit=f"{unit}; {interval}",
        source=source_of(ind),
        period=f"{history[0]['year'] if history else ''}–{ahead[-1]['year']}",
        columns=[_("Year"), _("Value"), _("Lower bound"), _("Upper bound")],
        rows=rows,
    )
    chart.note = certainty(backtest_error([h["value"] for h in history], forecast.mase))
    chart.note_link = reverse("foresight:method")
    chart.note_link_text = _("How the forecasts are made")
    chart.method = [
        (
            _("Method"),
            _(
                "An ensemble of AutoETS, Theta and random walk with drift, weighted by how well "
                "each forecast the last three years from the years before them."
            ),
        ),
        (_("Model"), forecast.model),
        (
            _("Backtest error"),
            f"MASE {number_format(forecast.mase, 2, use_l10n=True)}"
            if forecast.mase is not None
            else _("none (short series)"),
        ),
        (_("Data version"), forecast.data_version),
    ]
    return chart, forecast


def subregion_context(sub: Region) -> dict[str, Any]:
    region = sub.parent
    area = sub.statfin_code
    areas = [area, region.statfin_code if region else WHOLE_COUNTRY, WHOLE_COUNTRY]
    indicators, data = series_for(areas)
    figures = key_figures(area, indicators, data)
    names = [(area, sub.name)]
    if region:
        names.append((region.statfin_code, region.name))
    names.append((WHOLE_COUNTRY, _("Whole country")))
    comparisons = [
        c for c in (comparison_chart(f.indicator, names, data) for f in figures[:2]) if c
    ]
    stored = {
        f.indicator_id: f
        for f in Forecast.objects.filter(
            indicator__in=[f.indicator for f in figures], area=area, key="", industry=""
        )
    }
    forecasts = []
    for f in figures:
        if f.indicator.pk not in stored:
            continue
        found = forecast_chart(f.indicator, area, sub.name, data, stored[f.indicator.pk])
        if found:
            forecasts.append(found)
        if len(forecasts) == 2:
            break
    return {
        "figures": figures,
        "comparisons": comparisons,
        "forecasts": forecasts,
        "synthetic": any(i.synthetic for i in indicators),
    }


def region_context(region: Region) -> dict[str, Any]:
    subs = list(Region.objects.subregions().filter(parent=region).order_by("code"))
    codes = [s.statfin_code for s in subs]
    indicators, data = series_for([region.statfin_code, *codes])
    table = []
    charts: list[Chart] = []
    for ind in indicators:
        latest = {}
        for s in subs:
            series = data.get((ind.pk, s.statfin_code), {})
            if series:
                period = max(series)
                prev = series.get(str(int(period) - 1)) if period.isdigit() else None
                value = series[period][0]
                if value is not None and value.is_integer():
                    value = int(value)
                yoy = (
                    (value / prev[0] - 1) * 100 if value is not None and prev and prev[0] else None
                )
                latest[s.code] = (period, value, yoy)
        if not latest:
            continue
        frame = pl.DataFrame(
            [(c, v[1]) for c, v in latest.items()], schema=["area", "value"], orient="row"
        ).with_columns(pl.lit("x").alias("period"))
        ranks = dict(analytics.rank(frame).select("area", "rank").iter_rows())
        rows = [
            {
                "sub": s,
                "period": latest[s.code][0],
                "value": latest[s.code][1],
                "yoy": latest[s.code][2],
                "rank": ranks.get(s.code),
            }
            for s in subs
            if s.code in latest
        ]
        table.append(
            {
                "indicator": ind,
                "name": localised(ind, "name"),
                "rows": rows,
                "source": source_of(ind),
            }
        )
        if len(charts) < 2:
            unit = units.label(ind.unit) or _("value")
            values = [
                {
                    "area": r["sub"].name,
                    "value": r["value"],
                    "text": describe(
                        r["sub"].name,
                        r["period"],
                        units.format_value(r["value"], ind.unit),
                        units.label(ind.unit, r["value"]),
                    ),
                }
                for r in rows
            ]
            period = rows[0]["period"] if rows else ""
            spec = {
                "description": _("%(name)s by sub-region, %(period)s")
                % {"name": localised(ind, "name"), "period": period},
                "data": {"values": values},
                "height": 200,
                "mark": {"type": "bar", "color": "#0b3d6b"},
                "encoding": described(
                    {
                        "y": {
                            "field": "area",
                            "type": "nominal",
                            "title": _("Sub-region"),
                            "sort": "-x",
                        },
                        "x": {
                            "field": "value",
                            "type": "quantitative",
                            "title": unit,
                            "axis": {
                                **value_axis(unit, counts=ind.unit in units.COUNTS),
                                "tickCount": {"expr": "ceil(width / 80)"},
                            },
                        },
                    }
                ),
            }
            charts.append(
                Chart(
                    title=f"{localised(ind, 'name')}, {period}",
                    spec=spec,
                    unit=ind.unit,
                    source=source_of(ind),
                    period=period,
                    columns=[_("Sub-region"), unit],
                    rows=[[v["area"], units.format_value(v["value"], ind.unit)] for v in values],
                )
            )
    return {
        "subs": subs,
        "table": table,
        "charts": charts,
        "synthetic": any(i.synthetic for i in indicators),
    }


def signal_chart(signals: list[Any]) -> Chart | None:
    """Impact against uncertainty (6 − mean likelihood) of the rated weak signals."""

    def fmt(value: float) -> str:
        return number_format(value, 2, use_l10n=True)

    points = [
        {
            "title": s.title,
            "impact": round(s.impact, 2),
            "uncertainty": round(6 - s.likelihood, 2),
            "raters": s.raters,
            "text": _(
                "%(title)s: impact %(impact)s, uncertainty %(uncertainty)s, %(raters)s raters"
            )
            % {
                "title": s.title,
                "impact": fmt(s.impact),
                "uncertainty": fmt(6 - s.likelihood),
                "raters": s.raters,
            },
        }
        for s in signals
        if s.impact is not None
    ]
    if not points:
        return None
    spec = {
        "description": _("Weak signals by impact and uncertainty, mean ratings 1–5"),
        "data": {"values": points},
        "height": 300,
        "mark": {"type": "point", "filled": True, "size": 90, "color": "#0b3d6b"},
        "encoding": described(
            {
                "x": {
                    "field": "uncertainty",
                    "type": "quantitative",
                    "title": _("Uncertainty (6 − likelihood), 1–5"),
                    "scale": {"domain": [1, 5]},
                    "axis": {"tickMinStep": 1, "format": "d"},
                },
                "y": {
                    "field": "impact",
                    "type": "quantitative",
                    "title": _("Impact, 1–5"),
                    "scale": {"domain": [1, 5]},
                    "axis": {"tickMinStep": 1, "format": "d"},
                },
            }
        ),
    }
    return Chart(
        title=_("Weak signals: impact and uncertainty"),
        spec=spec,
        unit=_("mean rating 1–5"),
        source=_("ratings by network members"),
        period=_("all ratings"),
        columns=[_("Signal"), _("Impact"), _("Uncertainty"), _("Raters")],
        rows=[[p["title"], fmt(p["impact"]), fmt(p["uncertainty"]), p["raters"]] for p in points],
    )
