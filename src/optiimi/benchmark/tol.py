"""TOL 2008 (Statistics Finland's NACE Rev. 2): sections and the divisions the product relies on.

The full classification loads with `optiimi import tol FILE` from the classification service's
JSON. Division → section is fixed by NACE Rev. 2's division ranges.
"""

from __future__ import annotations

# (section, first division, last division, name_fi, name_en)
SECTIONS = [
    ("A", 1, 3, "Maatalous, metsätalous ja kalatalous", "Agriculture, forestry and fishing"),
    ("B", 5, 9, "Kaivostoiminta ja louhinta", "Mining and quarrying"),
    ("C", 10, 33, "Teollisuus", "Manufacturing"),
    (
        "D",
        35,
        35,
        "Sähkö-, kaasu- ja lämpöhuolto, jäähdytysliiketoiminta",
        "Electricity, gas, steam and air conditioning supply",
    ),
    (
        "E",
        36,
        39,
        "Vesihuolto, viemäri- ja jätevesihuolto, jätehuolto ja muu ympäristön puhtaanapito",
        "Water supply; sewerage, waste management and remediation",
    ),
    ("F", 41, 43, "Rakentaminen", "Construction"),
    (
        "G",
        45,
        47,
        "Tukku- ja vähittäiskauppa; moottoriajoneuvojen ja moottoripyörien korjaus",
        "Wholesale and retail trade; repair of motor vehicles and motorcycles",
    ),
    ("H", 49, 53, "Kuljetus ja varastointi", "Transportation and storage"),
    ("I", 55, 56, "Majoitus- ja ravitsemistoiminta", "Accommodation and food service activities"),
    ("J", 58, 63, "Informaatio ja viestintä", "Information and communication"),
    ("K", 64, 66, "Rahoitus- ja vakuutustoiminta", "Financial and insurance activities"),
    ("L", 68, 68, "Kiinteistöalan toiminta", "Real estate activities"),
    (
        "M",
        69,
        75,
        "Ammatillinen, tieteellinen ja tekninen toiminta",
        "Professional, scientific and technical activities",
    ),
    (
        "N",
        77,
        82,
        "Hallinto- ja tukipalvelutoiminta",
        "Administrative and support service activities",
    ),
    (
        "O",
        84,
        84,
        "Julkinen hallinto ja maanpuolustus; pakollinen sosiaalivakuutus",
        "Public administration and defence; compulsory social security",
    ),
    ("P", 85, 85, "Koulutus", "Education"),
    ("Q", 86, 88, "Terveys- ja sosiaalipalvelut", "Human health and social work activities"),
    ("R", 90, 93, "Taiteet, viihde ja virkistys", "Arts, entertainment and recreation"),
    ("S", 94, 96, "Muu palvelutoiminta", "Other service activities"),
    (
        "T",
        97,
        98,
        "Kotitalouksien toiminta työnantajina; kotitalouksien eriyttämätön toiminta",
        "Activities of households as employers",
    ),
    (
        "U",
        99,
        99,
        "Kansainvälisten organisaatioiden ja toimielinten toiminta",
        "Activities of extraterritorial organisations and bodies",
    ),
]

# Divisions used by the demo and common in Central Finland (code, name_fi, name_en).
DIVISIONS = [
    ("01", "Kasvinviljely ja kotieläintalous", "Crop and animal production"),
    ("02", "Metsätalous ja puunkorjuu", "Forestry and logging"),
    ("10", "Elintarvikkeiden valmistus", "Manufacture of food products"),
    (
        "16",
        "Sahatavaran sekä puu- ja korkkituotteiden valmistus",
        "Manufacture of wood and products of wood and cork",
    ),
    (
        "17",
        "Paperin, paperi- ja kartonkituotteiden valmistus",
        "Manufacture of paper and paper products",
    ),
    ("25", "Metallituotteiden valmistus", "Manufacture of fabricated metal products"),
    ("28", "Muiden koneiden ja laitteiden valmistus", "Manufacture of machinery and equipment"),
    ("41", "Talonrakentaminen", "Construction of buildings"),
    ("43", "Erikoistunut rakennustoiminta", "Specialised construction activities"),
    ("45", "Moottoriajoneuvojen kauppa ja korjaus", "Trade and repair of motor vehicles"),
    ("46", "Tukkukauppa", "Wholesale trade"),
    ("47", "Vähittäiskauppa", "Retail trade"),
    ("49", "Maaliikenne", "Land transport"),
    ("55", "Majoitus", "Accommodation"),
    ("56", "Ravitsemistoiminta", "Food and beverage service activities"),
    (
        "62",
        "Ohjelmistot, konsultointi ja siihen liittyvä toiminta",
        "Computer programming, consultancy and related activities",
    ),
    ("68", "Kiinteistöalan toiminta", "Real estate activities"),
    (
        "70",
        "Pääkonttorien toiminta; liikkeenjohdon konsultointi",
        "Head offices; management consultancy",
    ),
    ("71", "Arkkitehti- ja insinööripalvelut", "Architectural and engineering activities"),
    ("81", "Kiinteistön- ja maisemanhoito", "Services to buildings and landscape"),
    ("86", "Terveyspalvelut", "Human health activities"),
    ("96", "Muut henkilökohtaiset palvelut", "Other personal service activities"),
]


def section_of(code: str) -> str | None:
    """The section letter of a TOL code of 2–5 digits (e.g. 25620 → C)."""
    digits = code.replace(".", "")
    if len(digits) < 2 or not digits[:2].isdigit():
        return None
    division = int(digits[:2])
    for letter, first, last, *_ in SECTIONS:
        if first <= division <= last:
            return letter
    return None


def hierarchy(code: str) -> dict[str, str | None]:
    """section, tol2, tol3, tol4, tol5 for a code (the deeper parts None when not given)."""
    digits = code.replace(".", "")
    return {
        "section": section_of(digits),
        **{f"tol{n}": digits[:n] if len(digits) >= n else None for n in (2, 3, 4, 5)},
    }
