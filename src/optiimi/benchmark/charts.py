"""Vega-Lite charts for the benchmark pages (each with a table fallback)."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from optiimi.core.charts import Chart, Series, describe, described, series_encoding, year_axis


def _number(value: float | None, decimals: int = 1) -> str:
    if value is None:
        return "—"
    return number_format(value, decimals, use_l10n=True, force_grouping=True)


def trends_chart(trends: list[dict], start_year: int, source: str, period: str) -> Chart:
    label = {"cohort": _("cohort"), "peers": _("matched peers")}
    values = [
        {
            "key": t["group"],
            "year": t["year"],
            "index": round(t["index"], 1),
            "text": describe(label[t["group"]], t["year"], _number(t["index"])),
        }
        for t in trends
    ]
    style = series_encoding(
        [Series("cohort", label["cohort"], focal=True), Series("peers", label["peers"])],
        title=_("group"),
    )
    spec = {
        "description": _(
            "Mean log turnover of the cohort and its matched peers by year, relative to %(y)s"
        )
        % {"y": start_year - 1},
        "height": 260,
        "data": {"values": values},
        "layer": [
            {
                "mark": {"type": "line", "point": True},
                "encoding": described(
                    {
                        "x": year_axis(),
                        "y": {
                            "field": "index",
                            "type": "quantitative",
                            "title": _("log turnover × 100, relative to %(y)s")
                            % {"y": start_year - 1},
                        },
                        **style,
                    }
                ),
            },
            {
                "mark": {"type": "rule", "strokeDash": [4, 4], "color": "#6b6b6b"},
                "data": {"values": [{"year": start_year}]},
                "encoding": {"x": {"field": "year", "type": "quantitative"}},
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
        rows=[[label[v["key"]], v["year"], _number(v["index"])] for v in values],
    )


def company_chart(rows: list[dict], source: str, period: str) -> Chart:
    """rows: year, company growth, peer median (the peer group is named in the table)."""
    company, median = _("company"), _("peer median")
    values = []
    for r in rows:
        values.append(
            {
                "key": "company",
                "year": r["year"],
                "growth": r["own"],
                "text": describe(company, r["year"], _number(r["own"]), "%"),
            }
        )
        if r["median"] is not None:
            values.append(
                {
                    "key": "median",
                    "year": r["year"],
                    "growth": r["median"],
                    "text": describe(median, r["year"], _number(r["median"]), "%"),
                }
            )
    style = series_encoding(
        [Series("company", company, focal=True), Series("median", median, dashed=True)],
        title=_("series"),
    )
    spec = {
        "description": _("Turnover growth of the company and the median of its peers by year"),
        "height": 240,
        "data": {"values": values},
        "mark": {"type": "line", "point": True},
        "encoding": described(
            {
                "x": year_axis(),
                "y": {
                    "field": "growth",
                    "type": "quantitative",
                    "title": _("turnover growth, % a year (log × 100)"),
                },
                **style,
            }
        ),
    }
    return Chart(
        _("Turnover growth against peers"),
        spec,
        unit=_("% a year"),
        source=source,
        period=period,
        columns=[_("year"), company, median, _("peers")],
        rows=[[r["year"], _number(r["own"]), _number(r["median"]), r["n"]] for r in rows],
    )


def subregion_chart(rows: list[dict], source: str, period: str) -> Chart:
    values = [
        {
            **r,
            "text": _("%(area)s: median %(median)s %%, interquartile range %(q1)s–%(q3)s %%")
            % {
                "area": r["area"],
                "median": _number(r["median"]),
                "q1": _number(r["q1"]),
                "q3": _number(r["q3"]),
            },
        }
        for r in rows
    ]
    spec = {
        "description": _("Turnover growth by sub-region: median and interquartile range"),
        "height": 240,
        "data": {"values": values},
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
                "mark": {"type": "point", "filled": True, "size": 80, "color": "#0b3d6b"},
                "encoding": described(
                    {
                        "y": {"field": "area", "type": "nominal"},
                        "x": {"field": "median", "type": "quantitative"},
                    }
                ),
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
        rows=[
            [r["area"], r["n"], *(_number(r[k]) for k in ("median", "mean", "q1", "q3"))]
            for r in rows
        ],
    )
