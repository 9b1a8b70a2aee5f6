"""Readers of service catalogues: Suomi.fi PTV's open API JSON (v11 `Service`) and CSV/XLSX
tables. Bytes in, plain rows out (organisation and regions resolved), one `FormatError` naming
the place; `services.import_services` writes them."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from optiimi.core.formats import FormatError
from optiimi.core.formats.tables import table_rows
from optiimi.network.models import Organisation
from optiimi.regions.models import Level, Region

LANGUAGES = ("fi", "en", "sv")
TABLE_COLUMNS = {"organisation", "name_fi"}


def _texts(items: Any, kinds: tuple[str, ...] | None = None) -> dict[str, str]:
    """PTV's localised lists ([{"language": "fi", "value": …, "type": …}]) by language."""
    out: dict[str, str] = {}
    for item in items or []:
        if not isinstance(item, dict):
            continue
        if kinds is not None and item.get("type") not in kinds:
            continue
        lang, value = item.get("language"), item.get("value")
        if lang in LANGUAGES and isinstance(value, str) and lang not in out:
            out[lang] = value.strip()
    return out


def _ptv_services(data: Any) -> list[Any]:
    """A page of `/api/v11/Service/list` (`itemList`), a list of services, or one service."""
    if isinstance(data, dict) and isinstance(data.get("itemList"), list):
        return list(data["itemList"])
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and "serviceNames" in data:
        return [data]
    raise FormatError("not a PTV service, a list of them, or a page of Service/list")


def _municipalities(service: dict[str, Any]) -> set[str]:
    codes: set[str] = set()
    for area in service.get("areas") or []:
        if not isinstance(area, dict):
            continue
        for municipality in area.get("municipalities") or []:
            if isinstance(municipality, dict) and municipality.get("code"):
                codes.add(str(municipality["code"]).zfill(3))
    return codes


def _responsible(service: dict[str, Any]) -> dict[str, Any]:
    for link in service.get("organizations") or []:
        if isinstance(link, dict) and link.get("roleType") == "Responsible":
            return link.get("organization") or {}
    return {}


def ptv_rows(raw: bytes, *, organisation: Organisation | None = None) -> Iterator[dict[str, Any]]:
    """Rows of PTV services: the responsible organisation is found by its name in the registry
    (or given), the sub-regions are those of the service's municipalities (all of Central
    Finland's when the service is nationwide)."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FormatError(f"not JSON ({exc})") from None
    by_name = {o.name.casefold(): o for o in Organisation.objects.all()}
    for number, service in enumerate(_ptv_services(data), start=1):
        place = f"service {number}"
        if not isinstance(service, dict):
            raise FormatError("a service must be a JSON object", place)
        names = _texts(service.get("serviceNames"), ("Name",))
        if not names.get("fi"):
            raise FormatError("no Finnish name (serviceNames, type Name, language fi)", place)
        descriptions = _texts(service.get("serviceDescriptions"), ("Description",))
        summaries = _texts(service.get("serviceDescriptions"), ("Summary",))
        owner = organisation
        if owner is None:
            responsible = _responsible(service)
            owner = by_name.get(str(responsible.get("name", "")).casefold())
            if owner is None:
                raise FormatError(
                    f"responsible organisation {responsible.get('name')!r} is not in the "
                    "registry (give --organisation)",
                    place,
                )
        groups = [
            _texts(group.get("name")).get("fi", "")
            for group in service.get("targetGroups") or []
            if isinstance(group, dict)
        ]
        channels = [
            str((link.get("serviceChannel") or {}).get("name", ""))
            for link in service.get("serviceChannels") or []
            if isinstance(link, dict)
        ]
        codes = _municipalities(service)
        if service.get("areaType") == "Nationwide" or not codes:
            sub_regions = list(owner.sub_regions.all())
        else:
            sub_regions = list(
                Region.objects.filter(
                    level=Level.SUBREGION,
                    children__code__in=codes,
                    children__level=Level.MUNICIPALITY,
                ).distinct()
            )
        yield {
            "external_id": str(service.get("id") or "") or None,
            "organisation": owner,
            **{f"name_{lang}": names.get(lang, "") for lang in LANGUAGES},
            **{
                f"description_{lang}": "\n\n".join(
                    t for t in (summaries.get(lang, ""), descriptions.get(lang, "")) if t
                )
                for lang in LANGUAGES
            },
            "target_group": ", ".join(g for g in groups if g)[:200],
            "channels": "\n".join(c for c in channels if c),
            "sub_regions": sub_regions,
        }


def table_service_rows(raw: bytes, name: str) -> Iterator[dict[str, Any]]:
    """Rows of a CSV/XLSX catalogue: `organisation` (short name, name or Y-tunnus), `name_fi`,
    and optionally `name_en`, `name_sv`, `description_*`, `target_group`, `sub_regions` (codes
    separated by spaces or commas), `channels` (separated by `;`), `first_contact_days`,
    `plan_days`, `external_id`."""
    organisations = list(Organisation.objects.all())
    find: dict[str, Organisation] = {}
    for o in organisations:
        for key in (o.short_name, o.name, o.business_id):
            if key:
                find[key.casefold()] = o
    subregions = {r.code: r for r in Region.objects.subregions()}
    for line, row in table_rows(raw, name, TABLE_COLUMNS):
        place = f"row {line}"
        owner = find.get(row["organisation"].strip().casefold())
        if owner is None:
            raise FormatError(f"unknown organisation {row['organisation']!r}", place)
        if not row["name_fi"].strip():
            raise FormatError("name_fi is empty", place)
        codes = row.get("sub_regions", "").replace(",", " ").split()
        unknown = [c for c in codes if c not in subregions]
        if unknown:
            raise FormatError(f"unknown sub-region code(s) {', '.join(unknown)}", place)
        out: dict[str, Any] = {
            "organisation": owner,
            "external_id": row.get("external_id", "").strip() or None,
            "sub_regions": [subregions[c] for c in codes] if "sub_regions" in row else None,
            "channels": "\n".join(
                c.strip() for c in row.get("channels", "").split(";") if c.strip()
            ),
        }
        for column in (
            "name_fi",
            "name_en",
            "name_sv",
            "description_fi",
            "description_en",
            "description_sv",
            "target_group",
        ):
            out[column] = row.get(column, "").strip()
        for column in ("first_contact_days", "plan_days"):
            text = row.get(column, "").strip()
            if text:
                out[column] = _days(text, column, place)
        yield out


def _days(text: str, column: str, place: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise FormatError(
            f"{column}: {text!r} is not a whole number of working days", place
        ) from None
    if not 0 < value <= 365:
        raise FormatError(f"{column}: {value} is not between 1 and 365", place)
    return value


Reader = Callable[..., Iterator[dict[str, Any]]]
