"""Statistics Finland's municipality classification: kunta → seutukunta → maakunta.

Two forms are read:
- the CSV key (one row per municipality, columns as in `kunta_seutukunta_maakunta_YYYY.csv`);
- the classification service's JSON correspondence maps (a list of `sourceItem` → `targetItem`
  pairs, each item with `code` and `classificationItemNames`), one file for kunta → seutukunta
  and one for seutukunta → maakunta.
Both give the same plain rows, ordered so that a parent always comes before its children.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from optiimi.core.formats import FormatError, parse_json
from optiimi.core.formats.csvrows import dict_rows, read_text

LEVEL_REGION = "maakunta"
LEVEL_SUBREGION = "seutukunta"
LEVEL_MUNICIPALITY = "kunta"

CODE_PATTERNS = {
    LEVEL_REGION: re.compile(r"^\d{2}$"),
    LEVEL_SUBREGION: re.compile(r"^\d{3}$"),
    LEVEL_MUNICIPALITY: re.compile(r"^\d{3}$"),
}
CSV_COLUMNS = {
    "kunta_code",
    "kunta_name_fi",
    "kunta_name_sv",
    "seutukunta_code",
    "seutukunta_name_fi",
    "maakunta_code",
    "maakunta_name_fi",
    "year",
}


@dataclass(frozen=True)
class RegionRow:
    level: str
    code: str
    name_fi: str
    name_sv: str
    parent_code: str | None
    year: int
    place: str


def check_code(level: str, code: str, place: str, field: str) -> str:
    if not CODE_PATTERNS[level].match(code):
        width = 2 if level == LEVEL_REGION else 3
        raise FormatError(f"{field} {code!r} is not a {width}-digit {level} code", place)
    return code


def _ordered(rows: dict[tuple[str, str], RegionRow]) -> list[RegionRow]:
    order = {LEVEL_REGION: 0, LEVEL_SUBREGION: 1, LEVEL_MUNICIPALITY: 2}
    return sorted(rows.values(), key=lambda r: (order[r.level], r.code))


def _add(rows: dict[tuple[str, str], RegionRow], row: RegionRow) -> None:
    """Keep one row per (level, code); the same code with another parent or name is an error."""
    key = (row.level, row.code)
    seen = rows.get(key)
    if seen is None:
        rows[key] = row
        return
    if seen.parent_code != row.parent_code or seen.name_fi != row.name_fi:
        raise FormatError(
            f"{row.level} {row.code} is {row.name_fi!r} under {row.parent_code} here but "
            f"{seen.name_fi!r} under {seen.parent_code} at {seen.place}",
            row.place,
        )


def read_csv(source: Path | str | bytes) -> list[RegionRow]:
    rows: dict[tuple[str, str], RegionRow] = {}
    for line, rec in dict_rows(source, CSV_COLUMNS):
        place = f"line {line}"
        try:
            year = int(rec["year"])
        except ValueError:
            raise FormatError(f"year {rec['year']!r} is not a number", place) from None
        mk = check_code(LEVEL_REGION, rec["maakunta_code"], place, "maakunta_code")
        sk = check_code(LEVEL_SUBREGION, rec["seutukunta_code"], place, "seutukunta_code")
        ku = check_code(LEVEL_MUNICIPALITY, rec["kunta_code"], place, "kunta_code")
        for field in ("kunta_name_fi", "seutukunta_name_fi", "maakunta_name_fi"):
            if not rec[field]:
                raise FormatError(f"{field} is empty", place)
        _add(
            rows,
            RegionRow(
                LEVEL_REGION,
                mk,
                rec["maakunta_name_fi"],
                rec.get("maakunta_name_sv", ""),
                None,
                year,
                place,
            ),
        )
        _add(
            rows,
            RegionRow(
                LEVEL_SUBREGION,
                sk,
                rec["seutukunta_name_fi"],
                rec.get("seutukunta_name_sv", ""),
                mk,
                year,
                place,
            ),
        )
        _add(
            rows,
            RegionRow(
                LEVEL_MUNICIPALITY, ku, rec["kunta_name_fi"], rec["kunta_name_sv"], sk, year, place
            ),
        )
    if not rows:
        raise FormatError("no municipalities in the file")
    return _ordered(rows)


def _names(item: dict[str, Any], place: str) -> tuple[str, str]:
    names = {n.get("lang"): n.get("name", "") for n in item.get("classificationItemNames", [])}
    if not names.get("fi"):
        raise FormatError("item has no Finnish name (classificationItemNames lang 'fi')", place)
    return names["fi"], names.get("sv", "")


def _year(item: dict[str, Any], default: int | None, place: str) -> int:
    # localId looks like "179/2025" in the service's answers; a --year given by the caller wins.
    if default is not None:
        return default
    match = re.search(r"/(\d{4})", str(item.get("localId", "")))
    if match:
        return int(match.group(1))
    raise FormatError("no classification year in localId; give one with --year", place)


def read_correspondence_json(
    sources: list[Path | str | bytes], year: int | None = None
) -> list[RegionRow]:
    """Read kunta→seutukunta and seutukunta→maakunta maps; the level pair is told by the codes."""
    pairs: dict[str, list[tuple[dict[str, Any], dict[str, Any], str]]] = {}
    for index, source in enumerate(sources):
        label = str(source) if isinstance(source, Path | str) else f"file {index + 1}"
        data = parse_json(read_text(source), label)
        if not isinstance(data, list):
            raise FormatError("expected a list of sourceItem/targetItem pairs", label)
        for n, entry in enumerate(data):
            place = f"{label} item {n + 1}"
            try:
                source_item, target_item = entry["sourceItem"], entry["targetItem"]
                target_code = str(target_item["code"])
            except (KeyError, TypeError):
                raise FormatError("item lacks sourceItem/targetItem with a code", place) from None
            kind = "sk_mk" if len(target_code) == 2 else "ku_sk"
            pairs.setdefault(kind, []).append((source_item, target_item, place))
    if "ku_sk" not in pairs:
        raise FormatError("no kunta → seutukunta correspondence among the files")
    if "sk_mk" not in pairs:
        raise FormatError("no seutukunta → maakunta correspondence among the files")

    rows: dict[tuple[str, str], RegionRow] = {}
    parent_of_subregion: dict[str, str] = {}
    for src, dst, place in pairs["sk_mk"]:
        y = _year(src, year, place)
        sk = check_code(LEVEL_SUBREGION, str(src.get("code", "")), place, "sourceItem.code")
        mk = check_code(LEVEL_REGION, str(dst.get("code", "")), place, "targetItem.code")
        _add(rows, RegionRow(LEVEL_REGION, mk, *_names(dst, place), None, y, place))
        _add(rows, RegionRow(LEVEL_SUBREGION, sk, *_names(src, place), mk, y, place))
        parent_of_subregion[sk] = mk
    for src, dst, place in pairs["ku_sk"]:
        y = _year(src, year, place)
        ku = check_code(LEVEL_MUNICIPALITY, str(src.get("code", "")), place, "sourceItem.code")
        sk = check_code(LEVEL_SUBREGION, str(dst.get("code", "")), place, "targetItem.code")
        if sk not in parent_of_subregion:
            raise FormatError(f"seutukunta {sk} has no maakunta in the files", place)
        _add(rows, RegionRow(LEVEL_MUNICIPALITY, ku, *_names(src, place), sk, y, place))
    return _ordered(rows)


def read_classification(sources: list[Path], year: int | None = None) -> list[RegionRow]:
    """Read either form, told by the first file's first non-blank character."""
    first = read_text(sources[0]).lstrip()[:1]
    if first == "[":
        return read_correspondence_json(list(sources), year)
    if len(sources) > 1:
        raise FormatError("give one CSV file, or JSON correspondence maps")
    rows = read_csv(sources[0])
    if year is not None:
        rows = [
            RegionRow(r.level, r.code, r.name_fi, r.name_sv, r.parent_code, year, r.place)
            for r in rows
        ]
    return rows
