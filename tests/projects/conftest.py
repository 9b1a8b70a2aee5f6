import pytest

from optiimi.core.writes import System
from tests.replay import replayed

SETUP = System("test setup")


# name, organisation short name, expertise fi, expertise en, competence codes, public
PEOPLE = [
    (
        "Matti Matkanen",
        "JoSK",
        "Matkailualan yritysten tuotteistaminen ja matkailupalvelujen markkinointi.",
        "Tourism product development and marketing.",
        ["matkailu"],
        True,
    ),
    (
        "Tiina Turunen",
        "JAMK",
        "Matkailun tutkimus ja matkailuyritysten palvelumuotoilu.",
        "Tourism research and service design for tourism firms.",
        ["matkailu", "tki"],
        True,
    ),
    (
        "Laura Lomanen",
        "KeSK",
        "Luontomatkailu ja maaseutumatkailun verkostot.",
        "Nature tourism and rural tourism networks.",
        ["matkailu", "maaseutu"],
        True,
    ),
    (
        "Risto Reissu",
        "JY",
        "Matkailuala ja kulttuurimatkailu, matkailijatutkimus.",
        "Tourism sector and cultural tourism.",
        ["matkailu"],
        True,
    ),
    (
        "Pekka Puustinen",
        "KeSK",
        "Metsäteollisuus ja puurakentaminen, puutuoteyritysten tuotekehitys.",
        "Forest industry and wood construction.",
        ["metsa-ja-puu"],
        True,
    ),
    (
        "Hanna Honkanen",
        "JAMK",
        "Puurakentamisen tutkimus ja metsäteollisuuden innovaatiot.",
        "Wood construction research.",
        ["metsa-ja-puu", "tki"],
        True,
    ),
    (
        "Jari Jalava",
        "TE",
        "Metsätalouden ja puuteollisuuden yritysrahoitus.",
        "Financing forest and wood businesses.",
        ["metsa-ja-puu", "yritysrahoitus"],
        True,
    ),
    (
        "Outi Omanen",
        "JoSK",
        "Omistajanvaihdokset, yrityskaupat ja sukupolvenvaihdokset.",
        "Business transfers.",
        ["omistajanvaihdokset"],
        True,
    ),
    (
        "Sirpa Siirto",
        "TE",
        "Sukupolvenvaihdosten rahoitus ja omistajanvaihdosten neuvonta.",
        "Financing business transfers.",
        ["omistajanvaihdokset", "yritysrahoitus"],
        True,
    ),
    (
        "Kari Kauppinen",
        "JY",
        "Yrityskauppojen tutkimus ja omistajanvaihdosten arviointi.",
        "Research on business acquisitions.",
        ["omistajanvaihdokset", "arviointi"],
        True,
    ),
    (
        "Nina Nuutinen",
        "TE",
        "Nuorten työllisyys ja työvoimapalvelut, työnhakijoiden ohjaus.",
        "Youth employment and employment services.",
        ["nuorten-tyollisyys"],
        True,
    ),
    (
        "Olli Ohjaaja",
        "JY",
        "Ura- ja opinto-ohjaus, nuorten työllistyminen.",
        "Career guidance and youth employment.",
        ["ohjaus", "nuorten-tyollisyys"],
        True,
    ),
    (
        "Veera Vilkas",
        "KeSK",
        "Nuorten työpajat ja työllisyyden kuntakokeilu.",
        "Youth workshops and employment trials.",
        ["nuorten-tyollisyys"],
        True,
    ),
    (
        "Dina Digman",
        "JAMK",
        "Digitalisaatio, verkkokauppa ja tietoturva pienyrityksille.",
        "Digitalisation, e-commerce and security for small firms.",
        ["digitalisaatio"],
        True,
    ),
    (
        "Ilkka Itkonen",
        "JoSK",
        "Pienyritysten verkkokaupan ja digitaalisen markkinoinnin neuvonta.",
        "E-commerce advice.",
        ["digitalisaatio", "yritysneuvonta"],
        True,
    ),
    (
        "Teemu Tietonen",
        "JY",
        "Tietojärjestelmät ja digitalisaation tutkimus.",
        "Information systems and digitalisation research.",
        ["digitalisaatio"],
        True,
    ),
    (
        "Eero Energinen",
        "JAMK",
        "Bioenergia, uusiutuva energia ja energiatehokkuus.",
        "Bioenergy, renewable energy and energy efficiency.",
        ["energia", "biotalous"],
        True,
    ),
    (
        "Seppo Sähkö",
        "KeSK",
        "Uusiutuvan energian hankkeet ja aurinkoenergia.",
        "Renewable energy projects and solar power.",
        ["energia"],
        True,
    ),
    (
        "Aino Aurinko",
        "TE",
        "Energiayritysten kasvu ja bioenergian rahoitus.",
        "Growth of energy firms and bioenergy financing.",
        ["energia", "yritysrahoitus"],
        True,
    ),
    # A fifth person in each theme, so that precision@5 can reach 1, and two generalists.
    (
        "Kaisa Kulkija",
        "TE",
        "Matkailuyrittäjien rahoitus ja matkailuhankkeiden arviointi.",
        "Financing tourism entrepreneurs.",
        ["matkailu", "yritysrahoitus"],
        True,
    ),
    (
        "Mikko Metsälä",
        "JoSK",
        "Metsäalan yritysten verkostot ja puutuotteiden vienti.",
        "Forest sector business networks and wood product exports.",
        ["metsa-ja-puu"],
        True,
    ),
    (
        "Liisa Lauta",
        "JY",
        "Puurakenteiden tutkimus ja puukerrostalot.",
        "Research on timber structures and wooden apartment buildings.",
        ["metsa-ja-puu", "tki"],
        True,
    ),
    (
        "Ville Vaihto",
        "KeSK",
        "Omistajanvaihdosten neuvonta ja jatkajien etsintä.",
        "Business transfer advice and finding successors.",
        ["omistajanvaihdokset", "yritysneuvonta"],
        True,
    ),
    (
        "Anna Arvo",
        "JAMK",
        "Yrityksen arvonmääritys yrityskaupoissa.",
        "Company valuation in business acquisitions.",
        ["omistajanvaihdokset"],
        True,
    ),
    (
        "Petri Paja",
        "JoSK",
        "Nuorten työpajatoiminta ja etsivä nuorisotyö.",
        "Youth workshops and outreach youth work.",
        ["nuorten-tyollisyys"],
        True,
    ),
    (
        "Jenni Jatko",
        "JAMK",
        "Nuorten opintopolut ja työllistyminen ammattikorkeakoulusta.",
        "Young graduates' paths into employment.",
        ["nuorten-tyollisyys", "ohjaus"],
        True,
    ),
    (
        "Sami Salama",
        "TE",
        "Tietoturva ja kyberturvallisuus pk-yrityksissä.",
        "Information security and cybersecurity in SMEs.",
        ["digitalisaatio"],
        True,
    ),
    (
        "Marja Mobiili",
        "KeSK",
        "Verkkokauppojen perustaminen ja digitaaliset palvelut yrityksille.",
        "Setting up online shops and digital services for firms.",
        ["digitalisaatio", "yritysneuvonta"],
        True,
    ),
    (
        "Tapio Tuuli",
        "JY",
        "Tuulivoima ja energiajärjestelmien tutkimus.",
        "Wind power and energy systems research.",
        ["energia", "tki"],
        True,
    ),
    (
        "Hilkka Hake",
        "JoSK",
        "Metsähakkeen ja bioenergian paikalliset ketjut.",
        "Local wood chip and bioenergy chains.",
        ["energia", "biotalous"],
        True,
    ),
    (
        "Yrjö Yleinen",
        "JAMK",
        "Yritysten kasvun ja kansainvälistymisen neuvonta.",
        "Growth and internationalisation advice for firms.",
        ["yritysneuvonta"],
        True,
    ),
    (
        "Kirsi Koulu",
        "JY",
        "Aikuiskoulutuksen ja oppilaitosyhteistyön kehittäminen.",
        "Adult education and cooperation between schools.",
        ["aikuiskoulutus"],
        True,
    ),
    (
        "Salla Salainen",
        "JoSK",
        "Matkailualan yritysten kehittäminen.",
        "Tourism firms.",
        ["matkailu"],
        False,
    ),
]
ORGS = [
    ("JoSK", "development_company", "172"),
    ("KeSK", "development_company", "249"),
    ("JAMK", "uas", "179"),
    ("JY", "university", "179"),
    ("TE", "employment_office", "179"),
]


@pytest.fixture
def network_people(regions, competences):
    """Five organisations and 33 people: five experts in each of six themes, two
    generalists and one expert without consent to a public profile."""
    return replayed("network_people", _network_people)


def _network_people():
    from optiimi.network import services as network
    from optiimi.network.models import Competence
    from optiimi.regions.models import Region

    orgs = {
        short: network.create_organisation(
            actor=SETUP,
            name=f"{short} organisaatio",
            short_name=short,
            kind=kind,
            home_municipality=Region.objects.get(level="kunta", code=municipality),
        )
        for short, kind, municipality in ORGS
    }
    by_code = {c.code: c for c in Competence.objects.all()}
    people = {}
    for name, org, fi, en, codes, public in PEOPLE:
        email = name.lower().replace(" ", ".").replace("ä", "a").replace("ö", "o") + "@x.example"
        people[name] = network.create_person(
            actor=SETUP,
            organisation=orgs[org],
            name=name,
            email=email,
            expertise_fi=fi,
            expertise_en=en,
            public=public,
            competences=[by_code[c] for c in codes],
        )
    return {"orgs": orgs, "people": people}
