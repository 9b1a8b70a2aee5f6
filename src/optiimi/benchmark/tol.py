"""TOL 2008 (Statistics Finland's NACE Rev. 2): its sections and all its 2-digit divisions.

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

# All 88 two-digit divisions of TOL 2008 (code, name_fi, name_en). Finnish names as Statistics
# Finland publishes them; English names as NACE Rev. 2 (Regulation (EC) No 1893/2006, Annex I),
# whose divisions TOL 2008 shares.
DIVISIONS = [
    (
        "01",
        "Kasvinviljely ja kotieläintalous, riistatalous ja niihin liittyvät palvelut",
        "Crop and animal production, hunting and related service activities",
    ),
    ("02", "Metsätalous ja puunkorjuu", "Forestry and logging"),
    ("03", "Kalastus ja vesiviljely", "Fishing and aquaculture"),
    ("05", "Kivihiilen ja ruskohiilen kaivu", "Mining of coal and lignite"),
    ("06", "Raakaöljyn ja maakaasun tuotanto", "Extraction of crude petroleum and natural gas"),
    ("07", "Metallimalmien louhinta", "Mining of metal ores"),
    ("08", "Muu kaivostoiminta ja louhinta", "Other mining and quarrying"),
    ("09", "Kaivostoimintaa palveleva toiminta", "Mining support service activities"),
    ("10", "Elintarvikkeiden valmistus", "Manufacture of food products"),
    ("11", "Juomien valmistus", "Manufacture of beverages"),
    ("12", "Tupakkatuotteiden valmistus", "Manufacture of tobacco products"),
    ("13", "Tekstiilien valmistus", "Manufacture of textiles"),
    ("14", "Vaatteiden valmistus", "Manufacture of wearing apparel"),
    ("15", "Nahan ja nahkatuotteiden valmistus", "Manufacture of leather and related products"),
    (
        "16",
        "Sahatavaran sekä puu- ja korkkituotteiden valmistus (pl. "
        "huonekalut); olki- ja punontatuotteiden valmistus",
        "Manufacture of wood and of products of wood and cork, except furniture; "
        "manufacture of articles of straw and plaiting materials",
    ),
    (
        "17",
        "Paperin, paperi- ja kartonkituotteiden valmistus",
        "Manufacture of paper and paper products",
    ),
    (
        "18",
        "Painaminen ja tallenteiden jäljentäminen",
        "Printing and reproduction of recorded media",
    ),
    (
        "19",
        "Koksin ja jalostettujen öljytuotteiden valmistus",
        "Manufacture of coke and refined petroleum products",
    ),
    (
        "20",
        "Kemikaalien ja kemiallisten tuotteiden valmistus",
        "Manufacture of chemicals and chemical products",
    ),
    (
        "21",
        "Lääkeaineiden ja lääkkeiden valmistus",
        "Manufacture of basic pharmaceutical products and pharmaceutical preparations",
    ),
    ("22", "Kumi- ja muovituotteiden valmistus", "Manufacture of rubber and plastic products"),
    (
        "23",
        "Muiden ei-metallisten mineraalituotteiden valmistus",
        "Manufacture of other non-metallic mineral products",
    ),
    ("24", "Metallien jalostus", "Manufacture of basic metals"),
    (
        "25",
        "Metallituotteiden valmistus (pl. koneet ja laitteet)",
        "Manufacture of fabricated metal products, except machinery and equipment",
    ),
    (
        "26",
        "Tietokoneiden sekä elektronisten ja optisten tuotteiden valmistus",
        "Manufacture of computer, electronic and optical products",
    ),
    ("27", "Sähkölaitteiden valmistus", "Manufacture of electrical equipment"),
    (
        "28",
        "Muiden koneiden ja laitteiden valmistus",
        "Manufacture of machinery and equipment n.e.c.",
    ),
    (
        "29",
        "Moottoriajoneuvojen, perävaunujen ja puoliperävaunujen valmistus",
        "Manufacture of motor vehicles, trailers and semi-trailers",
    ),
    ("30", "Muiden kulkuneuvojen valmistus", "Manufacture of other transport equipment"),
    ("31", "Huonekalujen valmistus", "Manufacture of furniture"),
    ("32", "Muu valmistus", "Other manufacturing"),
    (
        "33",
        "Koneiden ja laitteiden korjaus, huolto ja asennus",
        "Repair and installation of machinery and equipment",
    ),
    (
        "35",
        "Sähkö-, kaasu- ja lämpöhuolto, jäähdytysliiketoiminta",
        "Electricity, gas, steam and air conditioning supply",
    ),
    ("36", "Veden otto, puhdistus ja jakelu", "Water collection, treatment and supply"),
    ("37", "Viemäri- ja jätevesihuolto", "Sewerage"),
    (
        "38",
        "Jätteen keruu, käsittely ja loppusijoitus; materiaalien kierrätys",
        "Waste collection, treatment and disposal activities; materials recovery",
    ),
    (
        "39",
        "Maaperän ja vesistöjen kunnostus ja muut ympäristönhuoltopalvelut",
        "Remediation activities and other waste management services",
    ),
    ("41", "Talonrakentaminen", "Construction of buildings"),
    ("42", "Maa- ja vesirakentaminen", "Civil engineering"),
    ("43", "Erikoistunut rakennustoiminta", "Specialised construction activities"),
    (
        "45",
        "Moottoriajoneuvojen ja moottoripyörien tukku- ja vähittäiskauppa sekä korjaus",
        "Wholesale and retail trade and repair of motor vehicles and motorcycles",
    ),
    (
        "46",
        "Tukkukauppa (pl. moottoriajoneuvojen ja moottoripyörien kauppa)",
        "Wholesale trade, except of motor vehicles and motorcycles",
    ),
    (
        "47",
        "Vähittäiskauppa (pl. moottoriajoneuvojen ja moottoripyörien kauppa)",
        "Retail trade, except of motor vehicles and motorcycles",
    ),
    ("49", "Maaliikenne ja putkijohtokuljetus", "Land transport and transport via pipelines"),
    ("50", "Vesiliikenne", "Water transport"),
    ("51", "Ilmaliikenne", "Air transport"),
    (
        "52",
        "Varastointi ja liikennettä palveleva toiminta",
        "Warehousing and support activities for transportation",
    ),
    ("53", "Posti- ja kuriiritoiminta", "Postal and courier activities"),
    ("55", "Majoitus", "Accommodation"),
    ("56", "Ravitsemistoiminta", "Food and beverage service activities"),
    ("58", "Kustannustoiminta", "Publishing activities"),
    (
        "59",
        "Elokuva-, video- ja televisio-ohjelmatuotanto, äänitteiden ja musiikin kustantaminen",
        "Motion picture, video and television programme production, "
        "sound recording and music publishing activities",
    ),
    ("60", "Radio- ja televisiotoiminta", "Programming and broadcasting activities"),
    ("61", "Televiestintä", "Telecommunications"),
    (
        "62",
        "Ohjelmistot, konsultointi ja siihen liittyvä toiminta",
        "Computer programming, consultancy and related activities",
    ),
    ("63", "Tietopalvelutoiminta", "Information service activities"),
    (
        "64",
        "Rahoituspalvelut (pl. vakuutus- ja eläkevakuutustoiminta)",
        "Financial service activities, except insurance and pension funding",
    ),
    (
        "65",
        "Vakuutus-, jälleenvakuutus- ja eläkevakuutustoiminta (pl. pakollinen sosiaalivakuutus)",
        "Insurance, reinsurance and pension funding, except compulsory social security",
    ),
    (
        "66",
        "Rahoitusta ja vakuuttamista palveleva toiminta",
        "Activities auxiliary to financial services and insurance activities",
    ),
    ("68", "Kiinteistöalan toiminta", "Real estate activities"),
    ("69", "Lakiasiain- ja laskentatoimen palvelut", "Legal and accounting activities"),
    (
        "70",
        "Pääkonttorien toiminta; liikkeenjohdon konsultointi",
        "Activities of head offices; management consultancy activities",
    ),
    (
        "71",
        "Arkkitehti- ja insinööripalvelut; tekninen testaus ja analysointi",
        "Architectural and engineering activities; technical testing and analysis",
    ),
    ("72", "Tieteellinen tutkimus ja kehittäminen", "Scientific research and development"),
    ("73", "Mainostoiminta ja markkinatutkimus", "Advertising and market research"),
    (
        "74",
        "Muut erikoistuneet palvelut liike-elämälle",
        "Other professional, scientific and technical activities",
    ),
    ("75", "Eläinlääkintäpalvelut", "Veterinary activities"),
    ("77", "Vuokraus- ja leasingtoiminta", "Rental and leasing activities"),
    ("78", "Työllistämistoiminta", "Employment activities"),
    (
        "79",
        "Matkatoimistojen ja matkanjärjestäjien toiminta; varauspalvelut",
        "Travel agency, tour operator and other reservation service and related activities",
    ),
    ("80", "Turvallisuus-, vartiointi- ja etsiväpalvelut", "Security and investigation activities"),
    ("81", "Kiinteistön- ja maisemanhoito", "Services to buildings and landscape activities"),
    (
        "82",
        "Hallinto- ja tukipalvelut liike-elämälle",
        "Office administrative, office support and other business support activities",
    ),
    (
        "84",
        "Julkinen hallinto ja maanpuolustus; pakollinen sosiaalivakuutus",
        "Public administration and defence; compulsory social security",
    ),
    ("85", "Koulutus", "Education"),
    ("86", "Terveyspalvelut", "Human health activities"),
    ("87", "Sosiaalihuollon laitospalvelut", "Residential care activities"),
    ("88", "Sosiaalihuollon avopalvelut", "Social work activities without accommodation"),
    ("90", "Kulttuuri- ja viihdetoiminta", "Creative, arts and entertainment activities"),
    (
        "91",
        "Kirjastojen, arkistojen, museoiden ja muiden kulttuurilaitosten toiminta",
        "Libraries, archives, museums and other cultural activities",
    ),
    ("92", "Rahapeli- ja vedonlyöntipalvelut", "Gambling and betting activities"),
    (
        "93",
        "Urheilutoiminta sekä huvi- ja virkistyspalvelut",
        "Sports activities and amusement and recreation activities",
    ),
    ("94", "Järjestöjen toiminta", "Activities of membership organisations"),
    (
        "95",
        "Tietokoneiden, henkilökohtaisten ja kotitaloustavaroiden korjaus",
        "Repair of computers and personal and household goods",
    ),
    ("96", "Muut henkilökohtaiset palvelut", "Other personal service activities"),
    (
        "97",
        "Kotitalouksien toiminta kotitaloustyöntekijöiden työnantajina",
        "Activities of households as employers of domestic personnel",
    ),
    (
        "98",
        "Kotitalouksien eriyttämätön toiminta tavaroiden ja "
        "palvelujen tuottamiseksi omaan käyttöön",
        "Undifferentiated goods- and services-producing "
        "activities of private households for own use",
    ),
    (
        "99",
        "Kansainvälisten organisaatioiden ja toimielinten toiminta",
        "Activities of extraterritorial organisations and bodies",
    ),
]

# The divisions the synthetic demo companies are drawn from (common in Central Finland).
DEMO_DIVISIONS = [
    "01",
    "02",
    "10",
    "16",
    "17",
    "25",
    "28",
    "41",
    "43",
    "45",
    "46",
    "47",
    "49",
    "55",
    "56",
    "62",
    "68",
    "70",
    "71",
    "81",
    "86",
    "96",
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
