"""Charts: the server builds a Vega-Lite spec (a dict) and a table with the same figures.

The template `core/_chart.html` renders both: the chart for sighted users (vendored
vega-embed, SVG renderer), the table for screen readers and as a fallback without JavaScript.
Every chart says its unit, period and source.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

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
    id: str = field(default_factory=lambda: f"chart-{next(_ids)}")

    def __post_init__(self) -> None:
        self.spec = {
            "$schema": SCHEMA,
            "width": "container",
            "autosize": {"type": "fit-x"},
            "config": CONFIG,
            **self.spec,
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
    },
    "legend": {"labelColor": "#1c2430", "titleColor": "#1c2430", "orient": "bottom"},
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
