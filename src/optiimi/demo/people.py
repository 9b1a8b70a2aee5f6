"""Synthetic people for the demo and benchmarks: deterministic from a seed, Finnish names,
competence descriptions in Finnish and English. All marked synthetic."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

FIRST_NAMES = [
    "Aino",
    "Anna",
    "Eeva",
    "Elina",
    "Hanna",
    "Heidi",
    "Johanna",
    "Kaisa",
    "Katja",
    "Laura",
    "Liisa",
    "Maria",
    "Marjo",
    "Minna",
    "Noora",
    "Outi",
    "Päivi",
    "Riikka",
    "Sanna",
    "Satu",
    "Sirpa",
    "Tiina",
    "Tuula",
    "Ulla",
    "Veera",
    "Anssi",
    "Antti",
    "Eero",
    "Heikki",
    "Ilkka",
    "Janne",
    "Jari",
    "Juha",
    "Jukka",
    "Kari",
    "Lauri",
    "Markku",
    "Matti",
    "Mikko",
    "Olli",
    "Pekka",
    "Petri",
    "Sami",
    "Seppo",
    "Teemu",
    "Timo",
    "Tuomas",
    "Ville",
    "Väinö",
    "Esa",
]
SURNAMES = [
    "Virtanen",
    "Korhonen",
    "Mäkinen",
    "Nieminen",
    "Mäkelä",
    "Hämäläinen",
    "Laine",
    "Heikkinen",
    "Koskinen",
    "Järvinen",
    "Lehtonen",
    "Lehtinen",
    "Saarinen",
    "Salminen",
    "Heinonen",
    "Nieminen",
    "Kinnunen",
    "Salonen",
    "Turunen",
    "Tuominen",
    "Rantanen",
    "Karjalainen",
    "Jokinen",
    "Mattila",
    "Savolainen",
    "Lahtinen",
    "Ahonen",
    "Hiltunen",
    "Leppänen",
    "Kettunen",
    "Lindholm",
    "Kokkonen",
    "Manninen",
    "Pitkänen",
    "Räsänen",
    "Oksanen",
    "Hakkarainen",
    "Kärkkäinen",
    "Tikkanen",
    "Pesonen",
    "Huttunen",
    "Lappalainen",
    "Hyvönen",
    "Rautiainen",
    "Peltonen",
    "Toivonen",
    "Mustonen",
    "Väisänen",
    "Kiiskinen",
    "Hokkanen",
]

# Finnish and English sentences that describe real work with each competence.
DESCRIPTIONS: dict[str, tuple[str, str]] = {
    "yritysneuvonta": (
        "Neuvoo alkavia ja toimivia yrityksiä liiketoimintasuunnitelmissa ja rahoitushakemuksissa.",
        "Advises new and established firms on business plans and funding applications.",
    ),
    "kasvuyritykset": (
        "Vetää kasvuyritysten sparrausohjelmaa ja tuntee pk-yritysten kasvun esteet.",
        "Runs a coaching programme for growth firms and knows what holds SMEs back.",
    ),
    "kansainvalistyminen": (
        "Auttaa pk-yrityksiä vientimarkkinoille ja kansainvälisiin verkostoihin.",
        "Helps SMEs into export markets and international networks.",
    ),
    "yrittajyyskasvatus": (
        "Kehittää yrittäjyyskasvatusta kaikilla koulutusasteilla.",
        "Develops entrepreneurship education at every level of schooling.",
    ),
    "omistajanvaihdokset": (
        "Tukee yritysten omistajanvaihdoksia ja sukupolvenvaihdoksia maaseudulla.",
        "Supports business transfers and successions in rural areas.",
    ),
    "yritysrahoitus": (
        "Tuntee yritysrahoituksen välineet ja rahoittajien kriteerit.",
        "Knows business financing instruments and funders' criteria.",
    ),
    "aluestrategiat": (
        "On valmistellut seutukunnan elinkeino-, työllisyys- ja osaamisstrategioita.",
        "Has prepared sub-regional business, employment and competence strategies.",
    ),
    "seutuyhteistyo": (
        "Sovittaa yhteen kuntien ja kehittäjäorganisaatioiden työtä seutukunnassa.",
        "Coordinates the work of municipalities and development organisations in the sub-region.",
    ),
    "ennakointi": (
        "Tekee alueellista ennakointia: toimialojen näkymät, skenaariot ja heikot signaalit.",
        "Does regional foresight: industry outlooks, scenarios and weak signals.",
    ),
    "hankesuunnittelu": (
        "Suunnittelee ja valmistelee kehittämishankkeita yhdessä rahoittajien kanssa.",
        "Plans and prepares development projects together with funders.",
    ),
    "eu-rahoitus": (
        "Tuntee EAKR- ja ESR+-rahoituksen ja hankkeiden hallinnon.",
        "Knows ERDF and ESF+ funding and project administration.",
    ),
    "arviointi": (
        "Arvioi kehittämishankkeiden tuloksia ja vaikuttavuutta.",
        "Evaluates the results and impact of development projects.",
    ),
    "tyovoimapalvelut": (
        "Kehittää työnhakijoiden ja työnantajien palveluja.",
        "Develops services for jobseekers and employers.",
    ),
    "osaajapula": (
        "Selvittää osaavan työvoiman saatavuutta ja rekrytointiongelmia.",
        "Studies the availability of skilled labour and recruitment problems.",
    ),
    "kotoutuminen": (
        "Edistää maahanmuuttajien työllistymistä ja kotoutumista.",
        "Promotes the employment and integration of immigrants.",
    ),
    "nuorten-tyollisyys": (
        "Tekee työtä nuorten työllistymisen ja koulutukseen ohjaamisen parissa.",
        "Works on youth employment and guiding young people into education.",
    ),
    "ammatillinen-koulutus": (
        "Kehittää ammatillista koulutusta työelämän tarpeiden mukaan.",
        "Develops vocational education to meet working life's needs.",
    ),
    "aikuiskoulutus": (
        "Suunnittelee aikuiskoulutusta ja työvoimakoulutusta seutukunnissa.",
        "Plans adult and labour-market training in the sub-regions.",
    ),
    "ohjaus": (
        "Kehittää ura- ja opinto-ohjausta yhtenä toimintamallina (Osaajat kohtaavat).",
        "Develops career and study guidance as one operating model (Talents meet).",
    ),
    "tki": (
        "Johtaa soveltavaa tutkimus- ja kehittämistoimintaa yritysten kanssa.",
        "Leads applied research and development with companies.",
    ),
    "korkeakouluyhteistyo": (
        "Rakentaa korkeakoulujen ja yritysten yhteistyötä ja opinnäytetöitä.",
        "Builds collaboration and thesis projects between universities and firms.",
    ),
    "matkailu": (
        "Kehittää matkailualan yritysten tuotteita ja matkailun markkinointia.",
        "Develops tourism companies' products and tourism marketing.",
    ),
    "metsa-ja-puu": (
        "Tuntee metsä- ja puuteollisuuden arvoketjut ja puurakentamisen.",
        "Knows forest and wood industry value chains and wood construction.",
    ),
    "biotalous": (
        "Edistää biotalouden yrityksiä ja biojalostamoiden hankkeita.",
        "Promotes bioeconomy firms and biorefinery projects.",
    ),
    "teknologiateollisuus": (
        "Kehittää teknologiateollisuuden alihankintaverkostoja.",
        "Develops subcontracting networks in the technology industry.",
    ),
    "digitalisaatio": (
        "Auttaa yrityksiä digitalisaatiossa ja tiedolla johtamisessa.",
        "Helps companies with digitalisation and data-driven management.",
    ),
    "hyvinvointi": (
        "Kehittää hyvinvointi- ja sosiaalipalvelujen yrityksiä.",
        "Develops health, wellbeing and social service companies.",
    ),
    "maaseutu": (
        "Tukee maaseudun elinkeinoja ja maatilojen monialaistumista.",
        "Supports rural livelihoods and farm diversification.",
    ),
    "energia": (
        "Tuntee uusiutuvan energian hankkeet ja energiatehokkuuden.",
        "Knows renewable energy projects and energy efficiency.",
    ),
    "kiertotalous": (
        "Edistää kiertotalouden liiketoimintamalleja ja teollisia symbiooseja.",
        "Promotes circular-economy business models and industrial symbioses.",
    ),
    "luovat-alat": (
        "Kehittää luovien alojen yrittäjyyttä ja tapahtumatuotantoa.",
        "Develops entrepreneurship in the creative industries and event production.",
    ),
    "aluetalous": (
        "Analysoi alueen tilastoja: väestö, työpaikat ja toimialojen kehitys.",
        "Analyses regional statistics: population, jobs and industry trends.",
    ),
    "yritysanalyysi": (
        "Vertailee yritysten tilinpäätöksiä toimialan keskiarvoon.",
        "Compares companies' financial statements with their industry average.",
    ),
    "verkostoanalyysi": (
        "Kartoittaa toimijaverkostoja ja yhteistyön vahvuutta.",
        "Maps networks of actors and the strength of their cooperation.",
    ),
    "vaikuttavuus": (
        "Mittaa pilottien vaikutuksia verrokkiryhmien avulla.",
        "Measures pilots' effects with comparison groups.",
    ),
}

# Competences most likely for each kind of organisation, and titles held there.
POOLS: dict[str, list[str]] = {
    "regional_council": [
        "aluestrategiat",
        "ennakointi",
        "eu-rahoitus",
        "arviointi",
        "seutuyhteistyo",
        "aluetalous",
        "hankesuunnittelu",
        "verkostoanalyysi",
    ],
    "development_company": [
        "yritysneuvonta",
        "kasvuyritykset",
        "omistajanvaihdokset",
        "yritysrahoitus",
        "seutuyhteistyo",
        "hankesuunnittelu",
        "matkailu",
        "maaseutu",
        "metsa-ja-puu",
        "teknologiateollisuus",
    ],
    "uas": [
        "tki",
        "korkeakouluyhteistyo",
        "digitalisaatio",
        "matkailu",
        "biotalous",
        "hyvinvointi",
        "energia",
        "kiertotalous",
        "yritysanalyysi",
        "hankesuunnittelu",
    ],
    "university": [
        "tki",
        "yrittajyyskasvatus",
        "vaikuttavuus",
        "aluetalous",
        "verkostoanalyysi",
        "korkeakouluyhteistyo",
        "kiertotalous",
        "digitalisaatio",
    ],
    "employment_office": [
        "tyovoimapalvelut",
        "osaajapula",
        "kotoutuminen",
        "nuorten-tyollisyys",
        "yritysrahoitus",
        "maaseutu",
        "kansainvalistyminen",
    ],
    "vocational": [
        "ammatillinen-koulutus",
        "aikuiskoulutus",
        "ohjaus",
        "nuorten-tyollisyys",
        "metsa-ja-puu",
        "teknologiateollisuus",
        "hyvinvointi",
    ],
    "municipality": ["seutuyhteistyo", "yritysneuvonta", "matkailu", "luovat-alat", "energia"],
    "association": ["yritysneuvonta", "omistajanvaihdokset", "yrittajyyskasvatus"],
    "funder": ["yritysrahoitus", "kasvuyritykset", "kansainvalistyminen", "tki"],
    "company": ["teknologiateollisuus", "digitalisaatio", "matkailu", "metsa-ja-puu"],
}
TITLES: dict[str, list[tuple[str, str]]] = {
    "regional_council": [
        ("aluekehitysjohtaja", "director of regional development"),
        ("suunnittelija", "planner"),
        ("ennakointipäällikkö", "foresight manager"),
        ("erityisasiantuntija", "senior specialist"),
    ],
    "development_company": [
        ("toimitusjohtaja", "managing director"),
        ("yritysneuvoja", "business advisor"),
        ("kehittämispäällikkö", "development manager"),
        ("projektipäällikkö", "project manager"),
    ],
    "uas": [
        ("TKI-päällikkö", "RDI manager"),
        ("yliopettaja", "principal lecturer"),
        ("projektipäällikkö", "project manager"),
        ("lehtori", "lecturer"),
    ],
    "university": [
        ("professori", "professor"),
        ("yliopistotutkija", "university researcher"),
        ("tutkijatohtori", "postdoctoral researcher"),
    ],
    "employment_office": [
        ("yrityspalvelupäällikkö", "head of business services"),
        ("asiantuntija", "specialist"),
        ("työvoimaneuvoja", "employment advisor"),
    ],
    "vocational": [
        ("koulutuspäällikkö", "head of education"),
        ("opinto-ohjaaja", "study counsellor"),
        ("kehittämisasiantuntija", "development specialist"),
    ],
    "municipality": [
        ("elinkeinoasiamies", "business development officer"),
        ("kunnanjohtaja", "municipal manager"),
    ],
    "association": [("toimitusjohtaja", "managing director"), ("asiantuntija", "specialist")],
    "funder": [("rahoitusasiantuntija", "funding specialist")],
    "company": [
        ("toimitusjohtaja", "managing director"),
        ("kehitysjohtaja", "head of development"),
    ],
}


@dataclass(frozen=True)
class PersonSpec:
    name: str
    email: str
    title: str
    competences: list[str]
    expertise_fi: str
    expertise_en: str
    public: bool


def ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum() or ch in ".-")


def make_person(rng: random.Random, kind: str, domain: str, taken: set[str]) -> PersonSpec:
    pool = POOLS.get(kind, POOLS["company"])
    others = [c for c in DESCRIPTIONS if c not in pool]
    chosen = rng.sample(pool, k=min(len(pool), rng.randint(2, 3)))
    if rng.random() < 0.5:
        chosen.append(rng.choice(others))
    while True:
        first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        base = f"{ascii_slug(first)}.{ascii_slug(last)}"
        email = f"{base}@{domain}"
        n = 2
        while email in taken:
            email = f"{base}{n}@{domain}"
            n += 1
        taken.add(email)
        break
    title_fi, _title_en = rng.choice(TITLES.get(kind, TITLES["company"]))
    expertise_fi = " ".join(DESCRIPTIONS[c][0] for c in chosen)
    expertise_en = " ".join(DESCRIPTIONS[c][1] for c in chosen)
    return PersonSpec(
        f"{first} {last}",
        email,
        title_fi,
        chosen,
        expertise_fi,
        expertise_en,
        public=rng.random() < 0.7,
    )


def email_domain(short_name: str, name: str) -> str:
    """Synthetic addresses live under .example, which can never reach a real mailbox."""
    return f"{ascii_slug(short_name or name.split()[0])}.example"
