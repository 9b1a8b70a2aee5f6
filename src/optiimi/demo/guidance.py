"""Competence needs and education on offer for the demo: Central Finland's six sub-regions in
2024 and 2025. Every figure is synthetic (made up to look plausible, marked `synthetic`); the
providers' names are real, their programmes' places are not. The occupation–field crosswalk
lines are ours. A few synthetic guidance clients travel between the guidance services of
Gradia, JAMK and the City of Jyväskylä's employment services."""

from __future__ import annotations

import datetime
import zoneinfo

from optiimi.core.writes import System
from optiimi.guidance import services
from optiimi.guidance.models import GuidanceClient
from optiimi.network.models import Organisation
from optiimi.regions.models import Level, Region

HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")

DEMO = System("demo")
YEARS = (2024, 2025)
SOURCES = (("Ammattibarometri (synteettinen)", 0.6), ("Yrityskysely (synteettinen)", 0.4))

# sub-region -> education field -> need in 2025 (people a year)
NEEDS: dict[str, dict[str, int]] = {
    "131": {"061": 120, "091": 150, "092": 90, "071": 60, "041": 50, "073": 45, "101": 30},
    "132": {"091": 12, "092": 10, "082": 8, "101": 6, "073": 5},
    "133": {"072": 25, "091": 18, "092": 12, "071": 10, "104": 8},
    # Jämsä's largest need, manufacturing, has no programme in the sub-region
    "134": {"072": 40, "091": 25, "092": 15, "101": 12, "073": 10},
    "135": {"072": 45, "071": 20, "091": 20, "104": 12},
    "138": {"091": 30, "092": 20, "081": 15, "082": 12, "072": 10},
}

# provider, programme, field, level, municipality code, places in 2025, adult / apprenticeship
PROGRAMMES = [
    (
        "Gradia",
        "Tieto- ja viestintätekniikan perustutkinto",
        "061",
        "ammatillinen",
        "179",
        40,
        False,
    ),
    ("Gradia", "Sosiaali- ja terveysalan perustutkinto", "091", "ammatillinen", "179", 110, True),
    ("Gradia", "Sähkö- ja automaatioalan perustutkinto", "071", "ammatillinen", "179", 50, False),
    ("Gradia", "Liiketoiminnan perustutkinto", "041", "ammatillinen", "179", 60, True),
    ("Gradia", "Rakennusalan perustutkinto", "073", "ammatillinen", "179", 40, False),
    (
        "Gradia",
        "Hius- ja kauneudenhoitoalan perustutkinto",
        "101",
        "ammatillinen",
        "179",
        20,
        False,
    ),
    ("JAMK", "Insinööri (AMK), ohjelmistotekniikka", "061", "AMK", "179", 60, False),
    ("JAMK", "Sairaanhoitaja (AMK)", "091", "AMK", "179", 80, False),
    ("JAMK", "Sosionomi (AMK), monimuoto", "092", "AMK", "179", 60, True),
    ("JAMK", "Tradenomi (AMK)", "041", "AMK", "179", 50, False),
    ("Jyväskylän yliopisto", "Tietotekniikka (LuK ja FM)", "061", "yliopisto", "179", 50, False),
    ("Jyväskylän yliopisto", "Kasvatustiede (KK ja KM)", "011", "yliopisto", "179", 40, False),
    ("Gradia", "Sosiaali- ja terveysalan perustutkinto", "091", "ammatillinen", "182", 20, False),
    ("Gradia", "Matkailualan perustutkinto", "101", "ammatillinen", "182", 15, False),
    ("Gradia", "Rakennusalan perustutkinto", "073", "ammatillinen", "182", 10, False),
    ("Gradia", "Kone- ja tuotantotekniikan perustutkinto", "072", "ammatillinen", "249", 15, False),
    ("Gradia", "Sosiaali- ja terveysalan perustutkinto", "091", "ammatillinen", "249", 15, True),
    ("POKE", "Prosessiteollisuuden perustutkinto", "072", "ammatillinen", "992", 30, False),
    ("POKE", "Logistiikan perustutkinto", "104", "ammatillinen", "992", 15, True),
    ("POKE", "Sähkö- ja automaatioalan perustutkinto", "071", "ammatillinen", "992", 15, False),
    ("POKE", "Maatalousalan perustutkinto", "081", "ammatillinen", "729", 20, False),
    ("POKE", "Metsäalan perustutkinto", "082", "ammatillinen", "729", 15, True),
    ("POKE", "Sosiaali- ja terveysalan perustutkinto", "091", "ammatillinen", "931", 25, False),
    ("POKE", "Kasvatus- ja ohjausalan perustutkinto", "092", "ammatillinen", "931", 10, False),
    (
        "Gradia",
        "Sosiaali- ja terveysalan perustutkinto, oppisopimus",
        "091",
        "ammatillinen",
        "172",
        8,
        True,
    ),
    ("Gradia", "Metsäalan perustutkinto, oppisopimus", "082", "ammatillinen", "172", 5, True),
]

# occupation code (Ammattiluokitus 2010), name, education field, share
CROSSWALK = [
    ("2221", "Sairaanhoitajat", "091", 1),
    ("5321", "Lähihoitajat", "091", 1),
    ("2635", "Sosiaalityöntekijät", "092", 1),
    ("2512", "Sovellussuunnittelijat", "061", 1),
    ("7223", "Koneenasettajat ja -koneistajat", "072", 0.7),
    ("7223", "Koneenasettajat ja -koneistajat", "071", 0.3),
    ("8172", "Puunjalostusprosessien koneenhoitajat", "072", 1),
    ("7411", "Rakennussähköasentajat", "071", 1),
    ("7111", "Talonrakentajat", "073", 1),
    ("8332", "Kuorma-autonkuljettajat", "104", 1),
    ("6113", "Puutarhurit", "081", 1),
    ("6210", "Metsurit ja metsätyöntekijät", "082", 1),
    ("5141", "Kampaajat", "101", 1),
    ("3313", "Kirjanpitäjät", "041", 1),
]


def load(seed: int = 0) -> None:
    """Idempotent: the importers' upserts change nothing on a second run."""
    subregions = {r.code: r for r in Region.objects.filter(level=Level.SUBREGION)}
    municipalities = {r.code: r for r in Region.objects.filter(level=Level.MUNICIPALITY)}
    needs = []
    for code, by_field in NEEDS.items():
        for field, need in by_field.items():
            for year in YEARS:
                scale = 1.0 if year == 2025 else 0.9
                for source, share in SOURCES:
                    needs.append(
                        {
                            "sub_region": subregions[code],
                            "field": field,
                            "year": year,
                            "need": round(need * scale * share, 1),
                            "source": source,
                        }
                    )
    services.import_needs(needs, actor=DEMO, synthetic=True)
    programmes = [
        {
            "provider": provider,
            "name": name,
            "field": field,
            "level": level,
            "municipality": municipalities[municipality],
            "places": places if year == 2025 else round(places * 0.95),
            "year": year,
            "adult": adult,
        }
        for provider, name, field, level, municipality, places, adult in PROGRAMMES
        for year in YEARS
    ]
    services.import_education(programmes, actor=DEMO, synthetic=True)
    services.import_crosswalk(
        [
            {"occupation": o, "occupation_name": n, "field": f, "weight": w}
            for o, n, f, w in CROSSWALK
        ],
        actor=DEMO,
    )


def _at(day: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(day).replace(hour=10, tzinfo=HELSINKI)


def load_clients() -> None:
    """Three synthetic guidance clients: one referred from Gradia to JAMK, accepted and
    completed there; one the city's employment services offer Gradia; one without consent."""
    if GuidanceClient.objects.filter(synthetic=True).exists():
        return
    gradia = Organisation.objects.get(short_name="Gradia")
    jamk = Organisation.objects.get(short_name="JAMK")
    city = Organisation.objects.get(name="Jyväskylän kaupunki")
    town = {r.code: r for r in Region.objects.filter(level=Level.MUNICIPALITY)}

    def client(holder: Organisation, name: str, code: str, need: str, consent: bool, day: str):
        return services.open_client(
            actor=DEMO,
            organisation=holder,
            name=name,
            municipality=town[code],
            need=need,
            consent_to_share=consent,
            at=_at(day),
            synthetic=True,
        )

    first = client(
        gradia,
        "Asiakas A (synteettinen)",
        "182",
        "Lähihoitaja, haluaa jatkaa sairaanhoitajaksi monimuoto-opintoina.",
        True,
        "2025-03-03",
    )
    referral = services.refer_client(
        first, actor=DEMO, to=jamk, reason="AMK-opintojen ohjaus", at=_at("2025-03-10")
    )
    services.accept_client(referral, actor=DEMO, at=_at("2025-03-12"))
    services.complete_client(first, actor=DEMO, at=_at("2025-05-20"))
    second = client(
        city,
        "Asiakas B (synteettinen)",
        "179",
        "Työtön metsäkoneenkuljettaja, kiinnostunut automaatiosta.",
        True,
        "2025-09-01",
    )
    services.refer_client(
        second,
        actor=DEMO,
        to=gradia,
        reason="Sähkö- ja automaatioalan opinnot",
        at=_at("2025-09-08"),
    )
    client(
        gradia,
        "Asiakas C (synteettinen)",
        "729",
        "Peruskoulun päättäjä, miettii maatalousalaa.",
        False,
        "2025-08-15",
    )
