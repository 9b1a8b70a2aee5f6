"""Charts: the server builds a Vega-Lite spec (a dict) and a table with the same figures.

The template `core/_chart.html` renders both: the chart for sighted users (vendored
vega-embed, SVG renderer), the table for screen readers and as a fallback without JavaScript.
Every chart says its unit, period and source.

A chart means the same in every language: a series is coloured and styled by its stable
`key` ("actual", "forecast", "cohort", a company id) through a scale whose domain and range the
server gives (`series_encoding`), never by the sort order of its translated label; numbers and
dates on axes follow the reader's language (`locale`), and each mark carries a description in
words (`describe`) that screen readers and tooltips show instead of field names.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

_ids = itertools.count(1)
SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"


@dataclass
class Chart:
    title: str
    spec: dict[str, Any]
    unit: str
    source: str
    period: str = ""
    columns: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    description: str = ""
    note: str = ""  # one sentence under the chart, in plain words (how sure a forecast is)
    note_link: str = ""  # where the note is explained (a forecast's: the method page)
    note_link_text: str = ""
    method: list[tuple[str, str]] = field(default_factory=list)  # details, folded away
    id: str = field(default_factory=lambda: f"chart-{next(_ids)}")

    def __post_init__(self) -> None:
        self.spec = {
            "$schema": SCHEMA,
            "width": "container",
            "autosize": {"type": "fit-x"},
            "description": self.description or self.title,
            **self.spec,
            "config": {**CONFIG, "locale": locale()},
        }


# One look for every chart: the site's font, calm grid, colour-blind-safe palette.
CONFIG: dict[str, Any] = {
    "font": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif",
    "axis": {
        "labelColor": "#1c2430",
        "titleColor": "#1c2430",
        "gridColor": "#e3e7ec",
        "labelFontSize": 12,
        "titleFontSize": 12,
        # The chart's description and its marks' say the figures in the reader's language;
        # Vega's own axis and legend descriptions are English and left out.
        "aria": False,
    },
    # Horizontal labels that drop, rather than overlap, when the chart is narrow (390 px).
    "axisX": {"labelAngle": 0, "labelOverlap": "greedy", "labelSeparation": 6, "labelFlush": True},
    "axisY": {"labelOverlap": "greedy"},
    "legend": {
        "labelColor": "#1c2430",
        "titleColor": "#1c2430",
        "orient": "bottom",
        "labelLimit": 260,
        "aria": False,
    },
    "range": {
        "category": [
            "#0b5394",
            "#e69f00",
            "#009e73",
            "#cc79a7",
            "#56b4e9",
            "#d55e00",
            "#f0e442",
            "#000000",
        ]
    },
    "view": {"stroke": None},
}


# Number and date formats of each language (d3-format / d3-time-format definitions), given to
# Vega as `config.locale`. Finnish and Finland-Swedish write "12 345,6" (no-break space).
NUMBER_LOCALES: dict[str, dict[str, Any]] = {
    "fi": {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", "\u00a0€"]},
    "sv": {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", "\u00a0€"]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["€", ""]},
}
TIME_LOCALES: dict[str, dict[str, Any]] = {
    "fi": {
        "dateTime": "%A, %-d. %Bta %Y klo %X",
        "date": "%-d.%-m.%Y",
        "time": "%H:%M:%S",
        "periods": ["a.m.", "p.m."],
        "days": [
            "sunnuntai",
            "maanantai",
            "tiistai",
            "keskiviikko",
            "torstai",
            "perjantai",
            "lauantai",
        ],
        "shortDays": ["su", "ma", "ti", "ke", "to", "pe", "la"],
        "months": [
            "tammikuu",
            "helmikuu",
            "maaliskuu",
            "huhtikuu",
            "toukokuu",
            "kesäkuu",
            "heinäkuu",
            "elokuu",
            "syyskuu",
            "lokakuu",
            "marraskuu",
            "joulukuu",
        ],
        "shortMonths": [
            "tammi",
            "helmi",
            "maalis",
            "huhti",
            "touko",
            "kesä",
            "heinä",
            "elo",
            "syys",
            "loka",
            "marras",
            "joulu",
        ],
    },
    "sv": {
        "dateTime": "%A %-d %B %Y %X",
        "date": "%-d.%-m.%Y",
        "time": "%H:%M:%S",
        "periods": ["fm", "em"],
        "days": ["söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"],
        "shortDays": ["sön", "mån", "tis", "ons", "tor", "fre", "lör"],
        "months": [
            "januari",
            "februari",
            "mars",
            "april",
            "maj",
            "juni",
            "juli",
            "augusti",
            "september",
            "oktober",
            "november",
            "december",
        ],
        "shortMonths": [
            "jan",
            "feb",
            "mars",
            "apr",
            "maj",
            "juni",
            "juli",
            "aug",
            "sep",
            "okt",
            "nov",
            "dec",
        ],
    },
    "en": {
        "dateTime": "%a %e %b %X %Y",
        "date": "%d/%m/%Y",
        "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
        "shortDays": ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
        "months": [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        "shortMonths": [
            "Jan",
            "Feb",
            "Mar",
            "Apr",
            "May",
            "Jun",
            "Jul",
            "Aug",
            "Sep",
            "Oct",
            "Nov",
            "Dec",
        ],
    },
}


def locale(language: str | None = None) -> dict[str, Any]:
    """Vega's `config.locale` for a language (the active one unless given); Finnish for a
    language without its own."""
    code = (language or get_language() or "fi").split("-")[0]
    if code not in NUMBER_LOCALES:
        code = "fi"
    return {"number": NUMBER_LOCALES[code], "time": TIME_LOCALES[code]}


# The focal series (the company, the cohort, the actual history) is dark, solid and thick;
# the others lighter and thinner, in colour-blind-safe colours that keep their order.
FOCAL_COLOUR = "#0b3d6b"
OTHER_COLOURS = ["#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#6b6b6b"]
SOLID: list[int] = [1, 0]
DASHED = [6, 4]


@dataclass(frozen=True)
class Series:
    """One series of a chart: `key` is its identity in the data, `label` only what is shown."""

    key: str
    label: str
    focal: bool = False
    dashed: bool = False


def series_styles(series: Sequence[Series]) -> list[dict[str, Any]]:
    """Colour, dash and width of each series, in the order given (never by label)."""
    styles = []
    others = iter(OTHER_COLOURS)
    for s in series:
        styles.append(
            {
                "key": s.key,
                "label": s.label,
                "color": FOCAL_COLOUR if s.focal else next(others, OTHER_COLOURS[-1]),
                "dash": DASHED if s.dashed else SOLID,
                "width": 3.0 if s.focal else 1.75,
            }
        )
    return styles


def series_encoding(
    series: Sequence[Series], title: str | None = None, *, lines: bool = True
) -> dict[str, Any]:
    """`color`, `strokeDash` and `strokeWidth` encodings on the field `key`, with the domain
    and range fixed here; the legend shows the translated labels (as line samples for lines)."""
    styles = series_styles(series)
    keys = [s["key"] for s in styles]
    labels = {s["key"]: s["label"] for s in styles}
    # The legend's labels: a lookup from key to label, written as a Vega expression literal.
    legend: dict[str, Any] = {"labelExpr": f"{json.dumps(labels, ensure_ascii=False)}[datum.value]"}
    if lines:
        legend["symbolType"] = "stroke"
    return {
        "color": {
            "field": "key",
            "type": "nominal",
            "title": title,
            "scale": {"domain": keys, "range": [s["color"] for s in styles]},
            "legend": legend,
        },
        "strokeDash": {
            "field": "key",
            "type": "nominal",
            "title": title,
            "scale": {"domain": keys, "range": [s["dash"] for s in styles]},
            "legend": legend,
        },
        "strokeWidth": {
            "field": "key",
            "type": "ordinal",
            "sort": keys,
            "title": title,
            "scale": {"domain": keys, "range": [s["width"] for s in styles]},
            "legend": legend,
        },
    }


def describe(label: str, where: Any, value: str, unit: str = "") -> str:
    """A mark's description in words: "Toteuma 2020: 12 345 henkeä"."""
    text = _("%(series)s %(where)s: %(value)s") % {
        "series": capfirst(str(label)),
        "where": where,
        "value": value,
    }
    return f"{text} {unit}".strip() if unit else text


def described(encoding: dict[str, Any]) -> dict[str, Any]:
    """The encoding with the mark's ARIA description and tooltip read from the field `text`."""
    return {**encoding, "description": {"field": "text"}, "tooltip": {"field": "text"}}


def year_axis(title: str | None = None) -> dict[str, Any]:
    """Years on x: plain years ("2020", never "2,020"), horizontal, a tick at most every
    70 px so that labels never collide on a phone."""
    return {
        "field": "year",
        "type": "quantitative",
        "title": title if title is not None else _("year"),
        "scale": {"zero": False},
        "axis": {"format": "d", "tickMinStep": 1, "tickCount": {"expr": "ceil(width / 70)"}},
    }


def value_axis(title: str, *, counts: bool = False) -> dict[str, Any]:
    """A quantitative axis; whole numbers ("1 000", no decimals) where the unit counts things."""
    axis: dict[str, Any] = {"title": title}
    if counts:
        axis["format"] = ",d"
        axis["tickMinStep"] = 1
    return axis
