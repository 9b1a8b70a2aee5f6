"""GeoJSON borders keyed by a municipality code, turned into plain features with centroids."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from optiimi.core.formats import FormatError, parse_json
from optiimi.core.formats.csvrows import read_text

CODE_PROPERTIES = ("NATCODE", "kunta", "kuntakoodi", "code", "municipality_code", "KUNTA")


@dataclass(frozen=True)
class Feature:
    code: str
    name: str
    geometry: dict[str, Any]
    centroid: tuple[float, float]  # (longitude, latitude)
    place: str


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    if geometry["type"] == "MultiPolygon":
        return [polygon[0] for polygon in geometry["coordinates"]]
    raise ValueError(f"geometry type {geometry['type']!r} is not a Polygon or MultiPolygon")


def centroid(geometry: dict[str, Any]) -> tuple[float, float]:
    """Area-weighted centroid of the outer rings (planar; fine at a municipality's scale)."""
    total = cx = cy = 0.0
    for ring in _rings(geometry):
        for (x0, y0, *_), (x1, y1, *_) in itertools.pairwise(ring):
            cross = x0 * y1 - x1 * y0
            total += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
    if total == 0:
        ring = _rings(geometry)[0]
        return (sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring))
    return (cx / (3 * total), cy / (3 * total))


def read_features(source: Path | str | bytes, code_property: str | None = None) -> list[Feature]:
    data = parse_json(read_text(source))
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise FormatError("expected a GeoJSON FeatureCollection")
    features = []
    for n, feature in enumerate(data.get("features", [])):
        props = feature.get("properties") or {}
        place = f"feature {n + 1}"
        keys = [code_property] if code_property else [k for k in CODE_PROPERTIES if k in props]
        if not keys or keys[0] not in props:
            raise FormatError(
                f"no municipality code property (tried {', '.join(keys or CODE_PROPERTIES)})",
                place,
            )
        code = str(props[keys[0]]).strip().zfill(3)
        name = str(props.get("NAMEFIN") or props.get("name") or props.get("nimi") or "")
        geometry = feature.get("geometry")
        try:
            point = centroid(geometry)
        except (TypeError, KeyError, IndexError, ValueError) as exc:
            raise FormatError(f"bad geometry: {exc}", f"{place} ({code})") from None
        features.append(Feature(code, name, geometry, point, f"{place} ({code} {name})".strip()))
    if not features:
        raise FormatError("the collection has no features")
    return features
