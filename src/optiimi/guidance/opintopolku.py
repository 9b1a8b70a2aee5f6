"""Reading Opintopolku's published JSON of education offer: the external API of the Finnish
National Agency for Education's Konfo service (`konfo-backend`, documents from the kouta
education offer store), one education per answer of

    GET https://opintopolku.fi/konfo-backend/external/koulutus/{oid}?toteutukset=true&hakukohteet=true

saved as a file: one such answer, or a JSON array of them. The fields read, by the published
OpenAPI description (`KoulutusResponse`, `Koulutus`, `Toteutus`, `Hakukohde`):

- the education (`Koulutus`): `oid`, `nimi` by language, `koulutustyyppi` (`amm`, `amk`, `yo`,
  `amm-muu`, …: the level, and for the kinds meant for adults the adult-education flag) and
  `metadata.koulutusala`, a list of koodisto codes `{"koodiUri":
  "kansallinenkoulutusluokitus2016koulutusalataso2_072#1", "nimi": {...}}` (the narrow field,
  `…taso2_…`, is used before the broad `…taso1_…`);
- its implementations (`toteutukset`): `oid`, `nimi` (the programme; the education's name when
  empty), the providers' units `tarjoajat` (`nimi`, `paikkakunta.koodiUri` = `kunta_179`), the
  starting year `metadata.opetus.koulutuksenAlkamiskausi.koulutuksenAlkamisvuosi`, and the
  adult-education flags `metadata.isTaydennyskoulutus`, `isTyovoimakoulutus`, `hasJotpaRahoitus`;
- its application options (`hakukohteet`): `toteutusOid`, the unit that runs it
  (`jarjestyspaikka`: `nimi`, `paikkakunta`), the starting places `aloituspaikat` (a number, or
  `{"lukumaara": N}` as the store answers today), and the starting year
  `metadata.koulutuksenAlkamiskausi.koulutuksenAlkamisvuosi`, which overrides the
  implementation's.

Each application option is a programme of its unit in its municipality; an implementation with
no application option (continuous or personal-plan admission, common in adult education) is a
programme of each of its units, with its places unknown (0). An offer with no starting year
(personal-plan start) takes the year the caller gives, else it is refused. Offers of one unit
with the same name, municipality and year (several application options or terms) add up to one
programme. Every bad offer is named by its education's and implementation's oid before anything
is written.
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


def _field(codes: Any, errors: list[FormatError], place: str) -> str | None:
    if not isinstance(codes, list) or not codes:
        errors.append(FormatError("no education field", f"{place}, metadata.koulutusala"))
        return None
    found: dict[str, str] = {}
    for code in codes:
        uri = code.get("koodiUri") if isinstance(code, dict) else code
        match = FIELD_URI.match(str(uri))
        if match is None or fields.get(match.group(2)) is None:
            errors.append(
                FormatError(f"unknown education field {uri!r}", f"{place}, metadata.koulutusala")
            )
            return None
        found.setdefault(match.group(1), match.group(2))
    return found.get("2") or found["1"]


def _dig(value: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _year(value: Any) -> int | None:
    """A starting year as the store gives it ("2025", 2025), or None when there is none."""
    if value is None or value == "":
        return None
    try:
        year = int(str(value).strip())
    except ValueError:
        return -1
    return year if 1990 <= year <= 2100 else -1


def _places(value: Any) -> Any:
    """`aloituspaikat`: a number, or `{"lukumaara": N}`; missing is 0 (not known)."""
    if isinstance(value, dict):
        value = value.get("lukumaara")
    return 0 if value is None else value


class _Reader:
    def __init__(self, default_year: int | None) -> None:
        self.default_year = default_year
        self.municipalities = {r.code: r for r in Region.objects.filter(level=Level.MUNICIPALITY)}
        self.errors: list[FormatError] = []
        self.merged: dict[tuple[Any, ...], dict[str, Any]] = {}

    def error(self, message: str, place: str) -> None:
        self.errors.append(FormatError(message, place))

    def municipality(self, unit: Any, place: str) -> Region | None:
        uri = _dig(unit, "paikkakunta", "koodiUri")
        match = MUNICIPALITY_URI.match(str(uri or ""))
        region = self.municipalities.get(match.group(1)) if match else None
        if region is None:
            if uri:
                self.error(f"unknown municipality {uri!r}", f"{place}, paikkakunta")
            else:
                self.error("no municipality", f"{place}, paikkakunta")
        return region

    def education(self, education: Any, place: str) -> None:
        if not isinstance(education, dict):
            self.error("not an object", place)
            return
        before = len(self.errors)
        kind = str(education.get("koulutustyyppi") or _dig(education, "metadata", "tyyppi") or "")
        if kind not in LEVELS:
            self.error(f"unknown kind of education {kind!r}", f"{place}, koulutustyyppi")
        code = _field(_dig(education, "metadata", "koulutusala"), self.errors, place)
        implementations = education.get("toteutukset")
        if not isinstance(implementations, list):
            self.error(
                "no implementations (toteutukset): save the answer with "
                "?toteutukset=true&hakukohteet=true",
                place,
            )
        if len(self.errors) > before or code is None or not isinstance(implementations, list):
            return
        options: dict[str, list[Any]] = {}
        for option in education.get("hakukohteet") or []:
            if isinstance(option, dict):
                options.setdefault(str(option.get("toteutusOid") or ""), []).append(option)
        name = _finnish(education.get("nimi"))
        for index, implementation in enumerate(implementations, start=1):
            oid = str(implementation.get("oid") or "") if isinstance(implementation, dict) else ""
            here = f"{place}, toteutus {index}" + (f" ({oid})" if oid else "")
            if not isinstance(implementation, dict):
                self.error("not an object", here)
                continue
            self.implementation(implementation, options.get(oid, []), here, name, code, kind)

    def implementation(
        self,
        implementation: dict[str, Any],
        options: list[dict[str, Any]],
        place: str,
        education_name: str,
        code: str,
        kind: str,
    ) -> None:
        programme = _finnish(implementation.get("nimi")) or education_name
        if not programme:
            self.error("no name", f"{place}, nimi")
            return
        metadata = implementation.get("metadata") or {}
        adult = kind in ADULT_KINDS or any(
            bool(_dig(metadata, flag))
            for flag in ("isTaydennyskoulutus", "isTyovoimakoulutus", "hasJotpaRahoitus")
        )
        start = _year(
            _dig(metadata, "opetus", "koulutuksenAlkamiskausi", "koulutuksenAlkamisvuosi")
        )
        if options:
            for number, option in enumerate(options, start=1):
                oid = str(option.get("oid") or "")
                here = f"{place}, hakukohde {number}" + (f" ({oid})" if oid else "")
                year = _year(
                    _dig(option, "metadata", "koulutuksenAlkamiskausi", "koulutuksenAlkamisvuosi")
                )
                unit = option.get("jarjestyspaikka")
                self.add(
                    unit,
                    _places(option.get("aloituspaikat")),
                    year or start,
                    here,
                    programme,
                    code,
                    kind,
                    adult,
                )
            return
        units = implementation.get("tarjoajat")
        if not isinstance(units, list) or not units:
            self.error("no provider (tarjoajat) and no application option", place)
            return
        for number, unit in enumerate(units, start=1):
            self.add(unit, 0, start, f"{place}, tarjoaja {number}", programme, code, kind, adult)

    def add(
        self,
        unit: Any,
        places: Any,
        year: int | None,
        place: str,
        programme: str,
        code: str,
        kind: str,
        adult: bool,
    ) -> None:
        before = len(self.errors)
        provider = _finnish(_dig(unit, "nimi"))
        if not provider:
            self.error("no provider", f"{place}, nimi")
        municipality = self.municipality(unit, place)
        if isinstance(places, bool) or not isinstance(places, int):
            self.error(f"places {places!r} is not a whole number", f"{place}, aloituspaikat")
        elif places < 0:
            self.error(f"places {places!r} is negative", f"{place}, aloituspaikat")
        if year is None:
            year = self.default_year
            if year is None:
                self.error(
                    "no starting year (koulutuksenAlkamisvuosi): give the year for offers "
                    "that start by a personal plan",
                    place,
                )
        elif year < 0:
            self.error("the starting year is not a year", f"{place}, koulutuksenAlkamisvuosi")
        if len(self.errors) > before or municipality is None:
            return
        key = (provider.casefold(), programme.casefold(), municipality.pk, year)
        row = self.merged.setdefault(
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
        row["places"] += places
        row["adult"] = row["adult"] or adult


def programme_rows(raw: bytes, name: str, *, year: int | None = None) -> list[dict[str, Any]]:
    """Programme rows from a saved answer (or an array of answers) of the external Konfo API;
    `year` is the starting year of offers that have none."""
    document = parse_json(raw, name)
    educations = [document] if isinstance(document, dict) else document
    if not isinstance(educations, list) or not educations:
        raise FormatError(
            "not an Opintopolku education answer: expected an education (koulutus) with its "
            "implementations, or a list of them",
            name,
        )
    reader = _Reader(year)
    for index, education in enumerate(educations, start=1):
        oid = str(education.get("oid") or "") if isinstance(education, dict) else ""
        reader.education(education, f"koulutus {index}" + (f" ({oid})" if oid else ""))
    if reader.errors:
        raise InvalidRows(reader.errors)
    return list(reader.merged.values())
