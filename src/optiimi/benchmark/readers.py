"""Rows from CSV or XLSX files (`core.formats.tables`), and TOL items from the classification
service's JSON."""

from __future__ import annotations

from pathlib import Path

from optiimi.core.formats import FormatError, parse_json
from optiimi.core.formats.tables import table_rows

__all__ = ["table_rows", "tol_items"]


def tol_items(raw: bytes | Path) -> list[dict]:
    """Items `{code, level, parent, name_fi, name_en, name_sv}` from Statistics Finland's
    classification service JSON: a list of items with `code`, `level`, `classificationItemNames`
    [{lang, name}] and `parentItem` {code} (or `parentCode`)."""
    data = parse_json(raw.read_bytes() if isinstance(raw, Path) else raw)
    if not isinstance(data, list):
        raise FormatError("expected a JSON list of classification items")
    items = []
    for i, item in enumerate(data):
        place = f"item {i + 1}"
        if not isinstance(item, dict) or not item.get("code"):
            raise FormatError("item without a code", place)
        names = {n.get("lang"): n.get("name", "") for n in item.get("classificationItemNames", [])}
        if not names.get("fi"):
            raise FormatError("no Finnish name", f"{place} ({item['code']})")
        parent = item.get("parentItem") or {}
        items.append(
            {
                "code": str(item["code"]).replace(".", ""),
                "level": int(item.get("level") or 1),
                "parent": str(parent.get("code") or item.get("parentCode") or "").replace(".", "")
                or None,
                "name_fi": names["fi"],
                "name_en": names.get("en", ""),
                "name_sv": names.get("sv", ""),
            }
        )
    return items
