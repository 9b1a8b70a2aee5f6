"""JSON-stat 2.0 datasets (as PxWeb API v1 returns them) read into a `Cube`.

`value` is row-major: the last dimension in `id` varies fastest. `category.index` may be an
object (code → position) or an array of codes; `value` and `status` may be arrays or sparse
objects keyed by the flat position.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from optiimi.core.formats import FormatError, parse_json


@dataclass
class Dimension:
    code: str
    label: str
    categories: list[str]
    labels: dict[str, str] = field(default_factory=dict)
    role: str = ""  # "time", "geo", "metric" or ""
    units: dict[str, str] = field(default_factory=dict)
    decimals: dict[str, int] = field(default_factory=dict)


@dataclass
class Cube:
    """A dense table: dimensions in row-major order, one value (or None) and status per cell."""

    dimensions: list[Dimension]
    values: list[float | None]
    statuses: list[str | None]
    label: str = ""
    source: str = ""
    updated: str = ""
    table_id: str = ""
    table_id_from: str = ""  # the field the table id was read from
    language: str = ""

    def sizes(self) -> list[int]:
        return [len(d.categories) for d in self.dimensions]

    def cells(self) -> Any:
        """Yield (position, {dimension: code}, value, status) in row-major order."""
        sizes = self.sizes()
        codes = [d.categories for d in self.dimensions]
        n = len(sizes)
        index = [0] * n
        for pos in range(len(self.values)):
            yield pos, [codes[i][index[i]] for i in range(n)], self.values[pos], self.statuses[pos]
            for i in range(n - 1, -1, -1):
                index[i] += 1
                if index[i] < sizes[i]:
                    break
                index[i] = 0

    def place(self, position: int) -> str:
        """Name a cell by its flat position and its category codes, for error messages."""
        rest, parts = position, []
        for dim in reversed(self.dimensions):
            rest, i = divmod(rest, len(dim.categories))
            parts.append(f"{dim.code}={dim.categories[i]}")
        return f"cell {position} ({', '.join(reversed(parts))})"


def _category_codes(dim_id: str, category: dict[str, Any]) -> list[str]:
    index = category.get("index")
    if index is None:
        labels = category.get("label") or {}
        if len(labels) != 1:
            raise FormatError("category has no index", f"dimension {dim_id}")
        return list(labels)
    if isinstance(index, list):
        return [str(c) for c in index]
    if isinstance(index, dict):
        ordered = sorted(index.items(), key=lambda kv: kv[1])
        if [pos for _, pos in ordered] != list(range(len(ordered))):
            raise FormatError("category.index positions are not 0..n-1", f"dimension {dim_id}")
        return [str(code) for code, _ in ordered]
    raise FormatError("category.index must be an object or an array", f"dimension {dim_id}")


def _units(dim_id: str, raw: Any) -> tuple[dict[str, str], dict[str, int]]:
    """Each category's unit and decimals. JSON-stat 2.0 names the unit by `label` (and
    `symbol`, e.g. `€`); PxWeb API v1 gives `base`. The first of label, base, symbol is the unit."""
    if raw is None:
        return {}, {}
    if not isinstance(raw, dict):
        raise FormatError("category.unit must be an object", f"dimension {dim_id}")
    units: dict[str, str] = {}
    decimals: dict[str, int] = {}
    for code, unit in raw.items():
        if not isinstance(unit, dict):
            raise FormatError("a unit must be an object", f"dimension {dim_id}, category {code}")
        names = [unit.get(k) for k in ("label", "base", "symbol")]
        units[str(code)] = next((str(n).strip() for n in names if n and str(n).strip()), "")
        places = unit.get("decimals")
        if places is not None:
            if type(places) is not int or not 0 <= places <= 15:
                raise FormatError(
                    f"decimals {places!r} is not a whole number 0..15",
                    f"dimension {dim_id}, category {code}",
                )
            decimals[str(code)] = places
    return units, decimals


def _dense(raw: Any, total: int, what: str) -> list[Any]:
    if raw is None:
        return [None] * total
    if isinstance(raw, list):
        if what == "status" and len(raw) == 1 and total != 1:
            return raw * total  # one status for every cell
        if len(raw) != total:
            raise FormatError(
                f"{len(raw)} {what}s but the dimension sizes multiply to {total}", what
            )
        return raw
    if isinstance(raw, dict):
        out: list[Any] = [None] * total
        for key, item in raw.items():
            try:
                pos = int(key)
            except ValueError:
                raise FormatError(f"{what} key {key!r} is not a position", what) from None
            if not 0 <= pos < total:
                raise FormatError(f"{what} position {pos} outside 0..{total - 1}", what)
            out[pos] = item
        return out
    if isinstance(raw, str) and what == "status":
        return [raw] * total
    raise FormatError(f"{what} must be an array or an object", what)


def read_jsonstat(source: Path | str | bytes | dict[str, Any]) -> Cube:
    """Parse a JSON-stat 2.0 dataset; raise FormatError naming the dimension or cell at fault."""
    if isinstance(source, dict):
        doc = source
    else:
        raw = Path(source).read_bytes() if isinstance(source, Path | str) else source
        doc = parse_json(raw)
    if not isinstance(doc, dict):
        raise FormatError("top level must be an object")
    if doc.get("class") == "bundle" or ("class" not in doc and "dataset" in doc):
        doc = doc.get("dataset") or next(iter(v for v in doc.values() if isinstance(v, dict)))
    if doc.get("class", "dataset") != "dataset":
        raise FormatError(f"class {doc.get('class')!r} is not a dataset")
    ids, sizes, dims_doc = doc.get("id"), doc.get("size"), doc.get("dimension")
    if not isinstance(ids, list) or not isinstance(sizes, list) or not isinstance(dims_doc, dict):
        raise FormatError("a dataset needs id, size and dimension")
    if len(ids) != len(sizes):
        raise FormatError(f"{len(ids)} ids but {len(sizes)} sizes", "size")
    roles: dict[str, str] = {}
    for role, names in (doc.get("role") or {}).items():
        for name in names:
            roles[name] = role
    dimensions = []
    for dim_id, size in zip(ids, sizes, strict=True):
        dim = dims_doc.get(dim_id)
        if not isinstance(dim, dict) or not isinstance(dim.get("category"), dict):
            raise FormatError("dimension is missing or has no category", f"dimension {dim_id}")
        codes = _category_codes(dim_id, dim["category"])
        if len(codes) != size:
            raise FormatError(
                f"{len(codes)} categories but size says {size}", f"dimension {dim_id}"
            )
        units, decimals = _units(dim_id, dim["category"].get("unit"))
        dimensions.append(
            Dimension(
                code=str(dim_id),
                label=str(dim.get("label", dim_id)),
                categories=codes,
                labels={str(k): str(v) for k, v in (dim["category"].get("label") or {}).items()},
                role=roles.get(dim_id, ""),
                units=units,
                decimals=decimals,
            )
        )
    total = math.prod(sizes)
    values = _dense(doc.get("value"), total, "value")
    statuses = _dense(doc.get("status"), total, "status")
    cube = Cube(dimensions, [], statuses)
    try:  # converted in one go; the slow loop below only runs to name a bad item
        if any(type(item) is bool for item in values):
            raise TypeError("a boolean value")
        cube.values = pl.Series(values, dtype=pl.Float64, strict=True).to_list()
    except (TypeError, ValueError, OverflowError):
        for pos, item in enumerate(values):
            if item is None:
                cube.values.append(None)
            elif isinstance(item, int | float) and not isinstance(item, bool):
                cube.values.append(float(item))
            else:
                raise FormatError(f"value {item!r} is not a number", cube.place(pos)) from None
    px = (doc.get("extension") or {}).get("px") or {}
    cube.label = str(doc.get("label", ""))
    cube.source = str(doc.get("source", ""))
    cube.updated = str(doc.get("updated", ""))
    cube.table_id, cube.table_id_from = _table_id(doc, px)
    return cube


def _table_id(doc: dict[str, Any], px: dict[str, Any]) -> tuple[str, str]:
    """The table's id and the field it came from: PxWeb API v1 puts it in
    `extension.px.tableid`; API v2 leaves that out, but its `href` (`…/tables/ID/data`) or the
    PX `matrix` may still name the table."""
    for key in ("tableid", "tableId", "matrix"):
        if isinstance(px.get(key), str) and px[key].strip():
            return px[key].strip(), f"extension.px.{key}"
    href = doc.get("href")
    if isinstance(href, str):
        m = re.search(r"/tables/([^/?#]+)", href)
        if m:
            return m.group(1), "href"
    return "", ""
