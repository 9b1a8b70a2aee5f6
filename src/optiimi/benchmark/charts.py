"""Vega-Lite charts for the benchmark pages (each with a table fallback)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from optiimi.core.charts import Chart


def trends_chart(trends: list[dict], start_year: int, source: str, period: str) -> Chart:
    label = {"cohort": _("cohort"), "peers": _("matched peers")}
    values = [
        {"group": label[t["group"]], "year": t["year"], "index": round(t["index"], 1)}
        for t in trends
    ]
    spec = {
        "description": _("Mean log turnover by year, relative to the year before the start"),
        "height": 260,
        "data": {"values": values},
        "layer": [
            {
                "mark": {"type": "line", "point": True},
                "encoding": {
                    "x": {"field": "year", "type": "ordinal", "title": _("year")},
                    "y": {
                        "field": "index",
                        "type": "quantitative",
                        "title": _("log turnover × 100, relative to %(y)s") % {"y": start_year - 1},
                    },
                    "color": {"field": "group", "type": "nominal", "title": _("group")},
                    "strokeDash": {"field": "group", "type": "nominal"},
                    "tooltip": [{"field": "group"}, {"field": "year"}, {"field": "index"}],
                },
            },
            {
                "mark": {"type": "rule", "strokeDash": [4, 4]},
                "data": {"values": [{"year": start_year}]},
                "encoding": {"x": {"field": "year", "type": "ordinal"}},
            },
        ],
    }
    return Chart(
        _("Parallel trends: cohort and matched peers"),
        spec,
        unit=_("log points × 100"),
        source=source,
        period=period,
        columns=[_("group"), _("year"), _("index")],
        rows=[[v["group"], v["year"], v["index"]] for v in values],
    )


def company_chart(rows: list[dict], source: str, period: str) -> Chart:
    """rows: year, company growth, peer median (the peer group is named in the table)."""
    values = []
    for r in rows:
        values.append({"series": _("company"), "year": r["year"], "growth": r["own"]})
        if r["median"] is not None:
            values.append({"series": _("peer median"), "year": r["year"], "growth": r["median"]})
    spec = {
        "height": 240,
        "data": {"values": values},
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {"field": "year", "type": "ordinal", "title": _("year")},
            "y": {
                "field": "growth",
                "type": "quantitative",
                "title": _("turnover growth, % a year (log × 100)"),
            },
            "color": {"field": "series", "type": "nominal", "title": _("series")},
            "strokeDash": {"field": "series", "type": "nominal"},
        },
    }
    return Chart(
        _("Turnover growth against peers"),
        spec,
        unit=_("% a year"),
        source=source,
        period=period,
        columns=[_("year"), _("company"), _("peer median"), _("peers")],
        rows=[[r["year"], r["own"], r["median"], r["n"]] for r in rows],
    )


def subregion_chart(rows: list[dict], source: str, period: str) -> Chart:
    spec = {
        "height": 240,
        "data": {"values": rows},
        "layer": [
            {
                "mark": {"type": "rule"},
                "encoding": {
                    "y": {"field": "area", "type": "nominal", "title": _("sub-region")},
                    "x": {
                        "field": "q1",
                        "type": "quantitative",
                        "title": _("turnover growth, % a year (log × 100)"),
                    },
                    "x2": {"field": "q3"},
                },
            },
            {
                "mark": {"type": "point", "filled": True, "size": 80},
                "encoding": {
                    "y": {"field": "area", "type": "nominal"},
                    "x": {"field": "median", "type": "quantitative"},
                },
            },
        ],
    }
    return Chart(
        _("Growth by sub-region: median and interquartile range"),
        spec,
        unit=_("% a year"),
        source=source,
        period=period,
        columns=[_("sub-region"), _("companies"), _("median"), _("mean"), _("Q1"), _("Q3")],
        rows=[[r["area"], r["n"], r["median"], r["mean"], r["q1"], r["q3"]] for r in rows],
    )
