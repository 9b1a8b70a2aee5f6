"""The Finnish education field classification (Kansallinen koulutusluokitus 2016, koulutusala),
written in as facts: its levels 1 and 2 are ISCED-F 2013's broad fields (2 digits) and narrow
fields (3 digits), with Statistics Finland's Finnish and Swedish names and ISCED-F's English ones.

Needs and programmes name a field by one of these codes. A narrow field belongs to the broad
field of its first two digits.
"""

from __future__ import annotations

from dataclasses import dataclass

from optiimi.core.localise import localised


@dataclass(frozen=True)
class EducationField:
    code: str
    name_fi: str
    name_sv: str
    name_en: str

    @property
    def broad(self) -> str:
        return self.code[:2]

    @property
    def is_broad(self) -> bool:
        return len(self.code) == 2

    @property
    def name(self) -> str:
        return localised(self, "name")


# (code, Finnish, Swedish, English)
_FIELDS = [
    (
        "00",
        "Yleissivistävä koulutus",
        "Allmänbildande utbildning",
        "Generic programmes and qualifications",
    ),
    (
        "001",
        "Yleissivistävä koulutus",
        "Allmänbildande utbildning",
        "Basic programmes and qualifications",
    ),
    (
        "002",
        "Luku- ja kirjoitustaito sekä numeeriset taidot",
        "Läs- och skrivkunnighet samt räknefärdighet",
        "Literacy and numeracy",
    ),
    (
        "003",
        "Henkilökohtaiset taidot ja kehittyminen",
        "Personliga färdigheter och utveckling",
        "Personal skills and development",
    ),
    ("01", "Kasvatusalat", "Pedagogik", "Education"),
    ("011", "Kasvatusalat", "Pedagogik", "Education"),
    ("02", "Humanistiset ja taidealat", "Humaniora och konst", "Arts and humanities"),
    ("021", "Taiteet", "Konst", "Arts"),
    (
        "022",
        "Humanistiset alat (pl. kielet)",
        "Humaniora (utom språk)",
        "Humanities (except languages)",
    ),
    ("023", "Kielet", "Språk", "Languages"),
    (
        "03",
        "Yhteiskunnalliset alat",
        "Samhällsvetenskap",
        "Social sciences, journalism and information",
    ),
    (
        "031",
        "Yhteiskunta- ja käyttäytymistieteet",
        "Samhälls- och beteendevetenskap",
        "Social and behavioural sciences",
    ),
    (
        "032",
        "Journalismi ja informaatio",
        "Journalistik och information",
        "Journalism and information",
    ),
    (
        "04",
        "Kauppa, hallinto ja oikeustieteet",
        "Handel, administration och juridik",
        "Business, administration and law",
    ),
    ("041", "Kauppa ja hallinto", "Handel och administration", "Business and administration"),
    ("042", "Oikeustiede", "Juridik", "Law"),
    ("05", "Luonnontieteet", "Naturvetenskaper", "Natural sciences, mathematics and statistics"),
    ("051", "Biotieteet", "Biovetenskaper", "Biological and related sciences"),
    ("052", "Ympäristötieteet", "Miljövetenskap", "Environment"),
    ("053", "Luonnontieteet", "Naturvetenskaper", "Physical sciences"),
    (
        "054",
        "Matematiikka ja tilastotiede",
        "Matematik och statistik",
        "Mathematics and statistics",
    ),
    (
        "06",
        "Tietojenkäsittely ja tietoliikenne (ICT)",
        "Informations- och kommunikationsteknik (IKT)",
        "Information and communication technologies",
    ),
    (
        "061",
        "Tietojenkäsittely ja tietoliikenne (ICT)",
        "Informations- och kommunikationsteknik (IKT)",
        "Information and communication technologies",
    ),
    ("07", "Tekniikan alat", "Teknik", "Engineering, manufacturing and construction"),
    ("071", "Tekniikka", "Teknik", "Engineering and engineering trades"),
    ("072", "Valmistus ja tuotanto", "Tillverkning och produktion", "Manufacturing and processing"),
    (
        "073",
        "Arkkitehtuuri ja rakentaminen",
        "Arkitektur och byggnad",
        "Architecture and construction",
    ),
    (
        "08",
        "Maa- ja metsätalousalat",
        "Lant- och skogsbruk",
        "Agriculture, forestry, fisheries and veterinary",
    ),
    ("081", "Maatalous", "Lantbruk", "Agriculture"),
    ("082", "Metsätalous", "Skogsbruk", "Forestry"),
    ("083", "Kalatalous", "Fiske", "Fisheries"),
    ("084", "Eläinlääketiede", "Veterinärmedicin", "Veterinary"),
    ("09", "Terveys- ja hyvinvointialat", "Hälsovård och välfärd", "Health and welfare"),
    ("091", "Terveysala", "Hälsovård", "Health"),
    ("092", "Sosiaaliala", "Socialt arbete", "Welfare"),
    ("10", "Palvelualat", "Tjänster", "Services"),
    ("101", "Henkilökohtaiset palvelut", "Personliga tjänster", "Personal services"),
    (
        "102",
        "Hygienia ja työterveyspalvelut",
        "Hygien och företagshälsovård",
        "Hygiene and occupational health services",
    ),
    ("103", "Turvallisuuspalvelut", "Säkerhetstjänster", "Security services"),
    ("104", "Kuljetuspalvelut", "Transporttjänster", "Transport services"),
    (
        "99",
        "Muut tai tuntemattomat koulutusalat",
        "Övriga eller okända utbildningsområden",
        "Field unknown",
    ),
]

FIELDS: dict[str, EducationField] = {
    code: EducationField(code, fi, sv, en) for code, fi, sv, en in _FIELDS
}
BROAD = [f for f in FIELDS.values() if f.is_broad]
NARROW = [f for f in FIELDS.values() if not f.is_broad]


def get(code: str) -> EducationField | None:
    return FIELDS.get(code.strip())


def name(code: str) -> str:
    field = FIELDS.get(code)
    return field.name if field else code


def choices() -> list[tuple[str, str]]:
    """Form and model choices: every code with its name in the current language."""
    return [(f.code, f"{f.code} {f.name}") for f in FIELDS.values()]


def covers(need_code: str, programme_code: str) -> bool:
    """Whether a programme of `programme_code` answers a need stated on `need_code`: the same
    field, or a narrow field within a broad need."""
    return programme_code == need_code or (len(need_code) == 2 and programme_code[:2] == need_code)
