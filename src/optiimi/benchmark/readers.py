"""Rows from CSV or XLSX files (bytes in, (line, dict) out), and TOL items from the
classification service's JSON."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

from optiimi.core.formats import FormatError
from optiimi.core.formats.csvrows import dict_rows


def table_rows(raw: bytes, name: str, required: set[str]) -> Iterator[tuple[int, dict[str, str]]]:
    if name.lower().endswith(".xlsx"):
        yield from _xlsx_rows(raw, required)
    else:
        yield from dict_rows(raw, required)


def _xlsx_rows(raw: bytes, required: set[str]) -> Iterator[tuple[int, dict[str, str]]]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(raw), read_only=True, data_only=True).worksheets[0]
    except Exception as exc:  # openpyxl raises several kinds for a non-workbook
        raise FormatError(f"not an XLSX workbook ({exc.__class__.__name__})") from None
    rows = sheet.iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    missing = required - set(header)
    if missing:
        raise FormatError(f"missing column(s) {', '.join(sorted(missing))}", "row 1")
    for number, values in enumerate(rows, start=2):
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        yield (
            number,
            {h: ("" if v is None else _text(v)) for h, v in zip(header, values, strict=False) if h},
        )


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def tol_items(raw: bytes | Path) -> list[dict]:
    """Items `{code, level, parent, name_fi, name_en}` from Statistics Finland's classification
    service JSON: a list of items with `code`, `level`, `classificationItemNames`
    [{lang, name}] and `parentItem` {code} (or `parentCode`)."""
    data = json.loads(raw.read_bytes() if isinstance(raw, Path) else raw)
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
            }
        )
    return items
