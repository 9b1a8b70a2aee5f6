"""Server-side SVG maps: borders when they are imported, a schematic from centroids otherwise.

No tiles and no JavaScript: the page stays readable offline, prints well, and a table beside the
map carries the same figures for screen readers.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import cast

from optiimi.regions.models import Region

# Colour-blind-safe qualitative palette (Okabe–Ito, lightened for fills behind dark text).
PALETTE = [
    "#9ecae1",
    "#fdd0a2",
    "#a1d99b",
    "#dadaeb",
    "#fcbba1",
    "#c7e9c0",
    "#fde0ef",
    "#d9d9d9",
    "#ffffb3",
    "#bebada",
]
WIDTH = 600.0
PAD = 12.0


@dataclass
class Shape:
    path: str
    title: str
    group: str
    fill: str


@dataclass
class Label:
    x: float
    y: float
    text: str
    detail: str = ""


@dataclass
class Dot:
    x: float
    y: float
    r: float
    title: str
    fill: str


@dataclass
class SvgMap:
    width: float
    height: float
    shapes: list[Shape] = field(default_factory=list)
    dots: list[Dot] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    schematic: bool = False


class Projection:
    """Equirectangular with the longitude squeezed by cos(mean latitude): true enough here."""

    def __init__(self, points: Sequence[tuple[float, float]]) -> None:
        lats = [p[1] for p in points]
        self.k = math.cos(math.radians((min(lats) + max(lats)) / 2))
        xs = [p[0] * self.k for p in points]
        self.x0, self.y1 = min(xs), max(lats)
        span_x = max(max(xs) - self.x0, 1e-6)
        span_y = max(self.y1 - min(lats), 1e-6)
        self.scale = (WIDTH - 2 * PAD) / span_x
        self.height = span_y * self.scale + 2 * PAD

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            round((lon * self.k - self.x0) * self.scale + PAD, 1),
            round((self.y1 - lat) * self.scale + PAD, 1),
        )


def _polygons(geometry: dict) -> list[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return list(geometry["coordinates"])


def _path(geometry: dict, project: Projection) -> str:
    parts = []
    for polygon in _polygons(geometry):
        for ring in polygon:
            points = [project(p[0], p[1]) for p in ring]
            parts.append("M" + "L".join(f"{x},{y}" for x, y in points) + "Z")
    return "".join(parts)


def subregion_map(
    municipalities: Iterable[Region],
    labels: dict[str, str] | None = None,
    fills: dict[str, str] | None = None,
) -> SvgMap:
    """Municipalities coloured by sub-region, a label on each sub-region.

    `labels` maps a sub-region code to a second line under its name (e.g. "12 organisations").
    `fills` maps a sub-region code to its colour (e.g. a value class); without it each
    sub-region gets its own colour from `PALETTE`.
    """
    labels = labels or {}
    towns = [m for m in municipalities if m.has_centroid]
    if not towns:
        return SvgMap(WIDTH, 0)
    groups = sorted({m.parent.code for m in towns if m.parent})
    colour = {code: PALETTE[i % len(PALETTE)] for i, code in enumerate(groups)}
    colour.update(fills or {})
    with_borders = [m for m in towns if m.geometry]
    points: list[tuple[float, float]] = []
    for m in with_borders:
        for polygon in _polygons(cast(dict, m.geometry)):
            points.extend((p[0], p[1]) for p in polygon[0])
    schematic = len(with_borders) < len(towns)
    if schematic:
        points = [(m.centroid_lon, m.centroid_lat) for m in towns]  # type: ignore[misc]
    project = Projection(points)
    svg = SvgMap(WIDTH, round(project.height, 1), schematic=schematic)
    for m in towns:
        group = m.parent.code if m.parent else ""
        if schematic:
            x, y = project(m.centroid_lon, m.centroid_lat)  # type: ignore[arg-type]
            svg.dots.append(Dot(x, y, 14, m.name, colour.get(group, PALETTE[0])))
        else:
            svg.shapes.append(
                Shape(
                    _path(cast(dict, m.geometry), project),
                    m.name,
                    group,
                    colour.get(group, PALETTE[0]),
                )
            )
    by_group: dict[str, list[Region]] = {}
    for m in towns:
        if m.parent:
            by_group.setdefault(m.parent.code, []).append(m)
    for code, members in sorted(by_group.items()):
        lon = sum(m.centroid_lon for m in members) / len(members)  # type: ignore[misc]
        lat = sum(m.centroid_lat for m in members) / len(members)  # type: ignore[misc]
        x, y = project(lon, lat)
        svg.labels.append(Label(x, y, members[0].parent.name, labels.get(code, "")))  # type: ignore[union-attr]
    return svg


def legend(municipalities: Iterable[Region]) -> list[tuple[str, str]]:
    groups = sorted({(m.parent.code, m.parent.name) for m in municipalities if m.parent})
    return [(name, PALETTE[i % len(PALETTE)]) for i, (_code, name) in enumerate(groups)]
