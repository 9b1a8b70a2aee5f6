"""Reading the needs and education files (CSV with `,` or `;`, decimal comma, UTF-8 or
Windows-1252, or XLSX): plain rows out, every bad row named before anything is written."""

from __future__ import annotations

from typing import Any

from optiimi.core.formats import FormatError, InvalidRows
from optiimi.core.formats.tables import parse_bool, parse_number, table_rows
from optiimi.guidance import fields
from optiimi.regions.models import Level, Region

NEED_COLUMNS = {"sub_region", "field", "year", "need", "source"}
EDUCATION_COLUMNS = {"provider", "programme", "field", "level", "municipality", "places", "year"}
CROSSWALK_COLUMNS = {"occupation", "occupation_name", "field"}


def _lookup(level: str) -> dict[str, Region]:
    """A region of `level` by its code, Finnish or Swedish name (case-insensitive)."""
    found: dict[str, Region] = {}
    for region in Region.objects.filter(level=level):
        for key in (region.name_fi, region.name_sv):
            if key:
                found[key.casefold()] = region
    for region in Region.objects.filter(level=level):
        found[region.code] = region
    return found


def _field(text: str, errors: list[FormatError], place: str) -> str | None:
    code = text.strip()
    if fields.get(code) is None:
        errors.append(FormatError(f"unknown field code {code!r}", f"{place}, field"))
        return None
    return code


def _year(text: str, errors: list[FormatError], place: str) -> int | None:
    try:
        year = int(text.strip())
    except ValueError:
        year = 0
    if not 1990 <= year <= 2100:
        errors.append(FormatError(f"{text!r} is not a year", f"{place}, year"))
        return None
    return year


def need_rows(raw: bytes, name: str) -> list[dict[str, Any]]:
    subregions = _lookup(Level.SUBREGION)
    errors: list[FormatError] = []
    rows: list[dict[str, Any]] = []
    seen: dict[tuple[Any, ...], int] = {}
    for line, row in table_rows(raw, name, NEED_COLUMNS):
        place = f"row {line}"
        before = len(errors)
        region = subregions.get(row["sub_region"].strip().casefold()) or subregions.get(
            row["sub_region"].strip()
        )
        if region is None:
            errors.append(
                FormatError(f"unknown sub-region {row['sub_region']!r}", f"{place}, sub_region")
            )
        code = _field(row["field"], errors, place)
        year = _year(row["year"], errors, place)
        try:
            need = parse_number(row["need"])
            if need < 0:
                errors.append(FormatError(f"need {row['need']!r} is negative", f"{place}, need"))
        except ValueError as exc:
            errors.append(FormatError(str(exc), f"{place}, need"))
            need = 0
        source = row["source"].strip()
        if not source:
            errors.append(FormatError("source is empty", f"{place}, source"))
        if len(errors) > before:
            continue
        key = (region.pk, code, year, source.casefold())  # type: ignore[union-attr]
        if key in seen:
            errors.append(
                FormatError(
                    f"the same need as row {seen[key]} (sub-region, field, year, source)", place
                )
            )
            continue
        seen[key] = line
        rows.append(
            {
                "sub_region": region,
                "field": code,
                "year": year,
                "need": round(need, 1),
                "source": source[:200],
            }
        )
    if errors:
        raise InvalidRows(errors)
    return rows


def education_rows(raw: bytes, name: str) -> list[dict[str, Any]]:
    municipalities = _lookup(Level.MUNICIPALITY)
    errors: list[FormatError] = []
    rows: list[dict[str, Any]] = []
    seen: dict[tuple[Any, ...], int] = {}
    for line, row in table_rows(raw, name, EDUCATION_COLUMNS):
        place = f"row {line}"
        before = len(errors)
        provider, programme = row["provider"].strip(), row["programme"].strip()
        if not provider:
            errors.append(FormatError("provider is empty", f"{place}, provider"))
        if not programme:
            errors.append(FormatError("programme is empty", f"{place}, programme"))
        municipality = municipalities.get(row["municipality"].strip().casefold())
        if municipality is None:
            errors.append(
                FormatError(
                    f"unknown municipality {row['municipality']!r}", f"{place}, municipality"
                )
            )
        code = _field(row["field"], errors, place)
        year = _year(row["year"], errors, place)
        places = 0
        try:
            number = parse_number(row["places"])
            if number < 0:
                errors.append(
                    FormatError(f"places {row['places']!r} is negative", f"{place}, places")
                )
            elif not number.is_integer():
                errors.append(
                    FormatError(
                        f"places {row['places']!r} is not a whole number", f"{place}, places"
                    )
                )
            places = int(number)
        except ValueError as exc:
            errors.append(FormatError(str(exc), f"{place}, places"))
        try:
            adult = parse_bool(row.get("adult", ""), "adult")
        except ValueError as exc:
            errors.append(FormatError(str(exc), f"{place}, adult"))
            adult = False
        if len(errors) > before:
            continue
        key = (provider.casefold(), programme.casefold(), municipality.pk, year)  # type: ignore[union-attr]
        if key in seen:
            errors.append(
                FormatError(
                    f"the same programme as row {seen[key]} "
                    "(provider, programme, municipality, year)",
                    place,
                )
            )
            continue
        seen[key] = line
        rows.append(
            {
                "provider": provider[:200],
                "name": programme[:300],
                "field": code,
                "level": row["level"].strip()[:100],
                "municipality": municipality,
                "places": places,
                "year": year,
                "adult": adult,
            }
        )
    if errors:
        raise InvalidRows(errors)
    return rows


def crosswalk_rows(raw: bytes, name: str) -> list[dict[str, Any]]:
    errors: list[FormatError] = []
    rows: list[dict[str, Any]] = []
    for line, row in table_rows(raw, name, CROSSWALK_COLUMNS):
        place = f"row {line}"
        before = len(errors)
        occupation = row["occupation"].strip()
        if not occupation.isdigit() or len(occupation) > 5:
            errors.append(
                FormatError(f"{occupation!r} is not an occupation code", f"{place}, occupation")
            )
        code = _field(row["field"], errors, place)
        weight = 1.0
        if row.get("weight", "").strip():
            try:
                weight = parse_number(row["weight"])
            except ValueError as exc:
                errors.append(FormatError(str(exc), f"{place}, weight"))
            if not 0 <= weight <= 1:
                errors.append(
                    FormatError(f"weight {row['weight']!r} is not 0–1", f"{place}, weight")
                )
        if len(errors) > before:
            continue
        rows.append(
            {
                "occupation": occupation,
                "occupation_name": row["occupation_name"].strip()[:200],
                "field": code,
                "weight": round(weight, 3),
            }
        )
    if errors:
        raise InvalidRows(errors)
    return rows
