"""Facts of Central Finland's network, written by us: codes and names from Statistics Finland's
2025 classification, organisations named in the 2006 Optiimi deck. Names marked illustrative
stand in for real organisations."""

from __future__ import annotations

CLASSIFICATION_YEAR = 2025
REGION = ("13", "Keski-Suomi", "Mellersta Finland")
SUBREGIONS = [
    ("131", "Jyväskylä", "Jyväskylä"),
    ("132", "Joutsa", "Joutsa"),
    ("133", "Keuruu", "Keuru"),
    ("134", "Jämsä", "Jämsä"),
    ("135", "Äänekoski", "Äänekoski"),
    ("138", "Saarijärvi-Viitasaari", "Saarijärvi-Viitasaari"),
]
# (code, Finnish name, Swedish name, sub-region)
MUNICIPALITIES = [
    ("077", "Hankasalmi", "Hankasalmi", "131"),
    ("172", "Joutsa", "Joutsa", "132"),
    ("179", "Jyväskylä", "Jyväskylä", "131"),
    ("182", "Jämsä", "Jämsä", "134"),
    ("216", "Kannonkoski", "Kannonkoski", "138"),
    ("226", "Karstula", "Karstula", "138"),
    ("249", "Keuruu", "Keuru", "133"),
    ("256", "Kinnula", "Kinnula", "138"),
    ("265", "Kivijärvi", "Kivijärvi", "138"),
    ("275", "Konnevesi", "Konnevesi", "135"),
    ("312", "Kyyjärvi", "Kyyjärvi", "138"),
    ("410", "Laukaa", "Laukas", "131"),
    ("435", "Luhanka", "Luhanka", "132"),
    ("495", "Multia", "Multia", "133"),
    ("500", "Muurame", "Muurame", "131"),
    ("592", "Petäjävesi", "Petäjävesi", "131"),
    ("601", "Pihtipudas", "Pihtipudas", "138"),
    ("729", "Saarijärvi", "Saarijärvi", "138"),
    ("850", "Toivakka", "Toivakka", "131"),
    ("892", "Uurainen", "Uurainen", "131"),
    ("931", "Viitasaari", "Viitasaari", "138"),
    ("992", "Äänekoski", "Äänekoski", "135"),
]
ALL_SUBREGIONS = [code for code, _fi, _sv in SUBREGIONS]

# name, short name, kind, home municipality, sub-regions served, member since, illustrative,
# description fi, description en
ORGANISATIONS = [
    ("Keski-Suomen liitto", "KSL", "regional_council", "179", ALL_SUBREGIONS, "2004-01-01", False,
     "Maakunnan liitto: aluekehitysviranomainen ja Optiimi-verkoston koordinaattori.",
     "The Regional Council: the regional development authority and the Optiimi network's "
     "coordinator."),
    ("Jyväskylän ammattikorkeakoulu", "JAMK", "uas", "179", ALL_SUBREGIONS, "2004-01-01", False,
     "Ammattikorkeakoulu; soveltava tutkimus- ja kehittämistoiminta konkreettisten hankkeiden "
     "kautta.",
     "University of applied sciences; applied research and development through concrete "
     "projects."),
    ("Jyväskylän yliopisto", "JY", "university", "179", ALL_SUBREGIONS, "2004-01-01", False,
     "Tiedeyliopisto; yrittäjyysstrategia ja alueellinen vaikuttavuus.",
     "Research university; entrepreneurship strategy and regional impact."),
    ("Keski-Suomen TE-keskus", "TE-keskus", "employment_office", "179", ALL_SUBREGIONS,
     "2004-01-01", False,
     "Työvoima- ja elinkeinokeskus: yritys-, työvoima- ja maaseutupalvelut sekä rahoitus.",
     "Employment and economic development centre: business, labour and rural services and "
     "funding."),
    ("Jyväskylän koulutuskuntayhtymä Gradia", "Gradia", "vocational", "179", ALL_SUBREGIONS,
     "2004-01-01", False,
     "Ammatillinen koulutus ja aikuiskoulutus koko maakunnassa.",
     "Vocational and adult education across the region."),
    ("Jyväskylän seudun kehittämisyhtiö", "JSK", "development_company", "179", ["131"],
     "2004-01-01", True,
     "Jyväskylän seutukunnan elinkeinojen kehittämisyhtiö.",
     "Business development company of the Jyväskylä sub-region."),
    ("Joutsan seudun kehittämisyhtiö", "JoSK", "development_company", "172", ["132"],
     "2004-01-01", True,
     "Joutsan seutukunnan kehittämisyhtiö; Joutsan pilotin vetäjä.",
     "Development company of the Joutsa sub-region; led the Joutsa pilot."),
    ("Keuruun seudun kehittämisyhtiö", "KeSK", "development_company", "249", ["133"],
     "2004-01-01", True,
     "Keuruun seutukunnan kehittämisyhtiö.",
     "Development company of the Keuruu sub-region."),
    ("Jämsän seudun kehittämisyhtiö", "JäSK", "development_company", "182", ["134"],
     "2004-01-01", True,
     "Jämsän seutukunnan kehittämisyhtiö.",
     "Development company of the Jämsä sub-region."),
    ("Äänekosken seudun kehittämisyhtiö", "ÄSK", "development_company", "992", ["135"],
     "2004-01-01", True,
     "Äänekosken seutukunnan kehittämisyhtiö.",
     "Development company of the Äänekoski sub-region."),
    ("Saarijärven–Viitasaaren seudun kehittämisyhtiö", "SVSK", "development_company", "729",
     ["138"], "2004-01-01", True,
     "Saarijärven–Viitasaaren seutukunnan kehittämisyhtiö.",
     "Development company of the Saarijärvi–Viitasaari sub-region."),
    ("Keski-Suomen Yrittäjät", "", "association", "179", ALL_SUBREGIONS, None, False,
     "Yrittäjien alueellinen etujärjestö.", "The regional association of entrepreneurs."),
    ("Business Finland", "", "funder", None, ALL_SUBREGIONS, None, False,
     "Valtion innovaatio- ja kasvurahoittaja.", "The state's innovation and growth funder."),
    ("Jyväskylän kaupunki", "", "municipality", "179", ["131"], None, False, "", ""),
    ("Joutsan kunta", "", "municipality", "172", ["132"], None, False, "", ""),
    ("Keuruun kaupunki", "", "municipality", "249", ["133"], None, False, "", ""),
    ("Jämsän kaupunki", "", "municipality", "182", ["134"], None, False, "", ""),
    ("Äänekosken kaupunki", "", "municipality", "992", ["135"], None, False, "", ""),
    ("Saarijärven kaupunki", "", "municipality", "729", ["138"], None, False, "", ""),
    ("Viitasaaren kaupunki", "", "municipality", "931", ["138"], None, False, "", ""),
]

# group code, Finnish, English, [(code, Finnish, English)]
COMPETENCES = [
    ("business", "Elinkeinojen kehittäminen", "Business development", [
        ("yritysneuvonta", "yritysneuvonta", "business advisory"),
        ("kasvuyritykset", "kasvuyritysten kehittäminen", "growth company development"),
        ("kansainvalistyminen", "kansainvälistyminen", "internationalisation"),
        ("yrittajyyskasvatus", "yrittäjyyskasvatus", "entrepreneurship education"),
        ("omistajanvaihdokset", "omistajanvaihdokset", "business transfers"),
        ("yritysrahoitus", "yritysrahoitus", "business financing"),
    ]),
    ("regional", "Aluekehitys", "Regional development", [
        ("aluestrategiat", "alue- ja seutustrategiat", "regional and sub-regional strategy"),
        ("seutuyhteistyo", "seutukuntayhteistyö", "sub-regional cooperation"),
        ("ennakointi", "ennakointi", "foresight"),
        ("hankesuunnittelu", "hankesuunnittelu", "project planning"),
        ("eu-rahoitus", "EU-rahoitus", "EU funding"),
        ("arviointi", "arviointi", "evaluation"),
    ]),
    ("employment", "Työllisyys", "Employment", [
        ("tyovoimapalvelut", "työvoimapalvelut", "employment services"),
        ("osaajapula", "osaavan työvoiman saatavuus", "availability of skilled labour"),
        ("kotoutuminen", "maahanmuuttajien työllistyminen", "employment of immigrants"),
        ("nuorten-tyollisyys", "nuorten työllisyys", "youth employment"),
    ]),
    ("education", "Osaaminen ja koulutus", "Competence and education", [
        ("ammatillinen-koulutus", "ammatillinen koulutus", "vocational education"),
        ("aikuiskoulutus", "aikuiskoulutus", "adult education"),
        ("ohjaus", "ura- ja opinto-ohjaus", "career and study guidance"),
        ("tki", "tutkimus-, kehittämis- ja innovaatiotoiminta", "research, development and "
         "innovation"),
        ("korkeakouluyhteistyo", "korkeakoulujen ja yritysten yhteistyö",
         "university–business collaboration"),
    ]),
    ("industries", "Toimialat", "Industries", [
        ("matkailu", "matkailu", "tourism"),
        ("metsa-ja-puu", "metsä- ja puuteollisuus", "forest and wood industry"),
        ("biotalous", "biotalous", "bioeconomy"),
        ("teknologiateollisuus", "teknologiateollisuus", "technology industry"),
        ("digitalisaatio", "ICT ja digitalisaatio", "ICT and digitalisation"),
        ("hyvinvointi", "hyvinvointipalvelut", "health and wellbeing services"),
        ("maaseutu", "maaseutuelinkeinot", "rural livelihoods"),
        ("energia", "energia", "energy"),
        ("kiertotalous", "kiertotalous", "circular economy"),
        ("luovat-alat", "luovat alat", "creative industries"),
    ]),
    ("analysis", "Analyysi ja tieto", "Analysis and data", [
        ("aluetalous", "tilastot ja aluetalous", "statistics and regional economics"),
        ("yritysanalyysi", "yritysanalyysi", "company analysis"),
        ("verkostoanalyysi", "verkostoanalyysi", "network analysis"),
        ("vaikuttavuus", "vaikuttavuuden arviointi", "impact evaluation"),
    ]),
]
