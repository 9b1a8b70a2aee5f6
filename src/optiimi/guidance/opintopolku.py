"""Reading Opintopolku's published JSON of education offer (the Konfo search API of the
Finnish National Agency for Education, `konfo-backend`, whose documents come from the kouta
education offer store): plain programme rows out, every bad offer named before anything is
written.

The document is a search answer `{"total": N, "hits": [...]}` whose hits are implementations
(toteutus) of an education, each with:

- `nimi` — the name by language (`fi`, `sv`, `en`); the Finnish one is the programme;
- `organisaatio.nimi` — the provider, by language;
- `koulutustyyppi` — the kind of education (`amm`, `amk`, `yo`, `amm-muu`, …), which gives the
  level and, for the kinds meant for adults, the adult-education flag;
- `koulutusalat` — koodisto URIs of the education field classification,
  `kansallinenkoulutusluokitus2016koulutusalataso1_07#1` (broad) or `…taso2_072#1` (narrow);
  the narrow one is used when there is one;
- `opetuspaikat` — the municipalities taught in, koodisto URIs `kunta_179`;
- `aloituspaikat` — starting places (missing: 0);
- `koulutuksenAlkamisvuosi` — the starting year;
- `oppisopimus` — true when it is taken as an apprenticeship.

An offer taught in several municipalities becomes a programme in each, its places divided
evenly (the remainder to the first). Offers of one provider with the same name, municipality
and year (several starting terms) add up to one programme.
"""

from __future__ import annotations

import re
from typing import Any

from optiimi.core.formats import FormatError, InvalidRows, parse_json
from optiimi.guidance import fields
from optiimi.regions.models import Level, Region

FIELD_URI = re.compile(r"^kansallinenkoulutusluokitus2016koulutusalataso([12])_(\w+?)(#\d+)?$")
MUNICIPALITY_URI = re.compile(r"^kunta_(\w+?)(#\d+)?$")

LEVELS = {
    "amm": "ammatillinen",
    "amm-tutkinnon-osa": "ammatillinen",
    "amm-osaamisala": "ammatillinen",
    "amm-muu": "ammatillinen",
    "telma": "ammatillinen",
    "tuva": "valmentava",
    "lk": "lukio",
    "aikuisten-perusopetus": "perusopetus",
    "amk": "AMK",
    "amm-ope-erityisope-ja-opo": "AMK",
    "yo": "yliopisto",
    "erikoislaakari": "yliopisto",
    "kk-opintojakso": "korkeakoulu",
    "kk-opintokokonaisuus": "korkeakoulu",
    "erikoistumiskoulutus": "korkeakoulu",
    "vapaa-sivistystyo-opistovuosi": "vapaa sivistystyö",
    "vapaa-sivistystyo-muu": "vapaa sivistystyö",
    "muu": "muu",
}
ADULT_KINDS = {
    "amm-tutkinnon-osa",
    "amm-osaamisala",
    "amm-muu",
    "aikuisten-perusopetus",
    "kk-opintojakso",
    "kk-opintokokonaisuus",
    "erikoistumiskoulutus",
    "vapaa-sivistystyo-muu",
}


def _finnish(value: Any) -> str:
    if isinstance(value, dict):
        for language in ("fi", "sv", "en"):
            if str(value.get(language) or "").strip():
                return str(value[language]).strip()
        return ""
    return str(value or "").strip()


def _field(uris: Any, errors: list[FormatError], place: str) -> str | None:
    if not isinstance(uris, list) or not uris:
        errors.append(FormatError("no education field (koulutusalat)", f"{place}, koulutusalat"))
        return None
    found: dict[str, str] = {}
    for uri in uris:
        match = FIELD_URI.match(str(uri))
        if match is None or fields.get(match.group(2)) is None:
            errors.append(FormatError(f"unknown education field {uri!r}", f"{place}, koulutusalat"))
            return None
        found.setdefault(match.group(1), match.group(2))
    return found.get("2") or found["1"]


def programme_rows(raw: bytes, name: str) -> list[dict[str, Any]]:
    document = parse_json(raw, name)
    hits = document.get("hits") if isinstance(document, dict) else None
    if not isinstance(hits, list):
        raise FormatError("not an Opintopolku search answer: no list of hits", name)
    municipalities = {r.code: r for r in Region.objects.filter(level=Level.MUNICIPALITY)}
    errors: list[FormatError] = []
    merged: dict[tuple[Any, ...], dict[str, Any]] = {}
    for index, hit in enumerate(hits, start=1):
        oid = str(hit.get("oid") or "") if isinstance(hit, dict) else ""
        place = f"hit {index}" + (f" ({oid})" if oid else "")
        if not isinstance(hit, dict):
            errors.append(FormatError("not an object", place))
            continue
        before = len(errors)
        programme = _finnish(hit.get("nimi"))
        if not programme:
            errors.append(FormatError("no name", f"{place}, nimi"))
        provider = _finnish((hit.get("organisaatio") or {}).get("nimi"))
        if not provider:
            errors.append(FormatError("no provider", f"{place}, organisaatio"))
        code = _field(hit.get("koulutusalat"), errors, place)
        kind = str(hit.get("koulutustyyppi") or "")
        if kind not in LEVELS:
            errors.append(
                FormatError(f"unknown kind of education {kind!r}", f"{place}, koulutustyyppi")
            )
        where: list[Region] = []
        uris = hit.get("opetuspaikat")
        if not isinstance(uris, list) or not uris:
            errors.append(FormatError("no municipality", f"{place}, opetuspaikat"))
        else:
            for uri in uris:
                match = MUNICIPALITY_URI.match(str(uri))
                region = municipalities.get(match.group(1)) if match else None
                if region is None:
                    errors.append(
                        FormatError(f"unknown municipality {uri!r}", f"{place}, opetuspaikat")
                    )
                elif region not in where:
                    where.append(region)
        places = hit.get("aloituspaikat")
        if places is None:
            places = 0
        if isinstance(places, bool) or not isinstance(places, int):
            errors.append(
                FormatError(f"places {places!r} is not a whole number", f"{place}, aloituspaikat")
            )
        elif places < 0:
            errors.append(FormatError(f"places {places!r} is negative", f"{place}, aloituspaikat"))
        year = hit.get("koulutuksenAlkamisvuosi")
        try:
            year = int(str(year))
        except ValueError:
            year = 0
        if not 1990 <= year <= 2100:
            errors.append(
                FormatError(
                    f"{hit.get('koulutuksenAlkamisvuosi')!r} is not a year",
                    f"{place}, koulutuksenAlkamisvuosi",
                )
            )
        if len(errors) > before:
            continue
        adult = kind in ADULT_KINDS or bool(hit.get("oppisopimus"))
        share, remainder = divmod(places, len(where))
        for position, municipality in enumerate(where):
            key = (provider.casefold(), programme.casefold(), municipality.pk, year)
            row = merged.setdefault(
                key,
                {
                    "provider": provider[:200],
                    "name": programme[:300],
                    "field": code,
                    "level": LEVELS[kind],
                    "municipality": municipality,
                    "places": 0,
                    "year": year,
                    "adult": False,
                },
            )
            row["places"] += share + (remainder if position == 0 else 0)
            row["adult"] = row["adult"] or adult
    if errors:
        raise InvalidRows(errors)
    return list(merged.values())
