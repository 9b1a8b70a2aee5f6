"""The network map as SVG drawn on the server: positions from a force-directed layout
(Fruchterman–Reingold, igraph in C, seeded, so the map does not jump between visits), circles
coloured by group and sized by a chosen measure, each tie a link to the records behind it. A
small static script highlights an organisation's ties on hover or focus; without it the map and
its tables still work."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import igraph as ig
import networkx as nx
import numpy as np
import polars as pl
from django.utils.translation import gettext_lazy as _

from optiimi.collaboration import analytics

SIZE_MEASURES = {
    "weighted_degree": _("weighted degree"),
    "degree": _("degree"),
    "betweenness": _("betweenness"),
    "effective_size": _("effective size"),
}
WIDTH, HEIGHT, MARGIN = 1000, 640, 40
# How far from either side a centred label (a long organisation's name) may be cut off.
LABEL_ROOM = 120
TOP_TIES = 150  # the strongest ties drawn by default (the map stored with the ledger draws these)
LABELLED = 25  # the largest organisations get a name on the map


@dataclass(frozen=True)
class Node:
    id: int
    x: float
    y: float
    r: float
    group: str
    name: str
    label: str
    show_label: bool
    value: float


@dataclass(frozen=True)
class Edge:
    a: int
    b: int
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    title: str
    href: str


@dataclass(frozen=True)
class Map:
    nodes: list[Node]
    edges: list[Edge]
    width: int = WIDTH
    height: int = HEIGHT

    def _anchor(self, x: float) -> str:
        """A label near the left or right edge starts or ends at its node instead of being
        centred on it, so that it is not cut off by the edge of the map."""
        if x < LABEL_ROOM:
            return ' class="from-node"'
        if x > self.width - LABEL_ROOM:
            return ' class="to-node"'
        return ""

    def svg(self, labelledby: str) -> str:
        """The map as SVG markup (built here rather than in a template loop: a page of
        hundreds of ties renders in milliseconds)."""
        from django.urls import reverse
        from django.utils.html import escape

        ties = "".join(
            f'<a href="{escape(e.href)}" data-a="{e.a}" data-b="{e.b}"><title>{escape(e.title)}'
            f'</title><line x1="{e.x1}" y1="{e.y1}" x2="{e.x2}" y2="{e.y2}" '
            f'stroke-width="{e.width}"/></a>'
            for e in self.edges
        )
        url = reverse("network:organisation", args=[0])[:-2]
        orgs = "".join(
            f'<a href="{url}{n.id}/" data-node="{n.id}"><title>{escape(n.name)}</title>'
            f'<circle class="group-{n.group}" cx="{n.x}" cy="{n.y}" r="{n.r}"/>'
            + (
                f'<text x="{n.x}" y="{n.y}" dy="-{n.r}"{self._anchor(n.x)}>{escape(n.label)}</text>'
                if n.show_label
                else ""
            )
            + "</a>"
            for n in self.nodes
        )
        return (
            f'<svg class="netmap" viewBox="0 0 {self.width} {self.height}" role="group" '
            f'aria-labelledby="{labelledby}"><g class="ties">{ties}</g>'
            f'<g class="orgs">{orgs}</g></svg>'
        )


def layout(g: nx.Graph, iterations: int = 100) -> dict[Any, tuple[float, float]]:
    """Positions of the graph's nodes: Fruchterman–Reingold (igraph, in C, weighted), started
    from positions drawn with a fixed seed and run with a seeded random source, so the same
    graph is always laid out the same way."""
    nodes = list(g)
    index = {n: i for i, n in enumerate(nodes)}
    edges = list(g.edges(data="weight"))
    h = ig.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b, _w in edges])
    start = np.random.default_rng(7).random((len(nodes), 2)).tolist()
    ig.set_random_number_generator(random.Random(7))  # noqa: S311 - a layout, not a secret
    try:
        coords = h.layout_fruchterman_reingold(
            weights=[float(w or 1) for _a, _b, w in edges], niter=iterations, seed=start
        )
    finally:
        ig.set_random_number_generator(random)  # igraph's default
    return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, coords.coords, strict=True)}


def pairs_layout(pairs: pl.DataFrame) -> dict[int, tuple[float, float]]:
    """The layout of the graph the given pairs make (what `draw` lays out)."""
    return layout(analytics.graph(pairs.select("a", "b", "weight").iter_rows()))


def draw(
    pairs: pl.DataFrame,
    orgs: dict[int, Any],
    measures: dict[int, analytics.Measures],
    size: str,
    year: int,
    kind: str,
    positions: dict[int, tuple[float, float]] | None = None,
) -> Map:
    """The map of the given pairs; `positions` are the stored layout of exactly these pairs
    (laid out now when not given)."""
    g = analytics.graph(pairs.select("a", "b", "weight").iter_rows())
    if g.number_of_nodes() == 0:
        return Map([], [])
    pos = positions if positions is not None else layout(g)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)

    def sx(x: float) -> float:
        return MARGIN + (x - x0) / ((x1 - x0) or 1) * (WIDTH - 2 * MARGIN)

    def sy(y: float) -> float:
        return MARGIN + (y - y0) / ((y1 - y0) or 1) * (HEIGHT - 2 * MARGIN)

    values = {n: float(getattr(measures[n], size) or 0) for n in g}
    top = max(values.values()) or 1
    largest = set(sorted(g, key=lambda n: -values[n])[:LABELLED])
    max_w = max(w for _a, _b, w in g.edges(data="weight")) or 1
    nodes = [
        Node(
            id=n,
            x=round(sx(pos[n][0]), 1),
            y=round(sy(pos[n][1]), 1),
            r=round(4 + 14 * math.sqrt(values[n] / top), 1),
            group=orgs[n].group,
            name=orgs[n].name,
            label=orgs[n].label,
            show_label=n in largest,
            value=values[n],
        )
        for n in g
    ]
    edges = []
    for a, b, w in g.edges(data="weight"):
        lo, hi = min(a, b), max(a, b)
        query = {"year": year, "a": lo, "b": hi}
        if kind:
            query["kind"] = kind
        edges.append(
            Edge(
                a=lo,
                b=hi,
                x1=round(sx(pos[a][0]), 1),
                y1=round(sy(pos[a][1]), 1),
                x2=round(sx(pos[b][0]), 1),
                y2=round(sy(pos[b][1]), 1),
                width=round(1 + 5 * w / max_w, 1),
                title=f"{orgs[a].label} – {orgs[b].label}: {w:g}",
                href="?" + urlencode({**query, "size": size}) + "#records",
            )
        )
    return Map(nodes, edges)
