"""The seed deck's plan (Optiimi, Keski-Suomi 2006) as demo data, with plausible indicators.

Texts in Finnish are the deck's own; English is our translation. Indicator values are synthetic
and marked so, except the computed ones, which come from the demo's own records.
"""

from __future__ import annotations

import datetime
from typing import Any

from optiimi.core.writes import System
from optiimi.network.models import Organisation
from optiimi.regions.models import Region
from optiimi.strategy import services
from optiimi.strategy.models import (
    Indicator,
    Measure,
    MeasureStatus,
    Period,
    PeriodKind,
    ResultKind,
)

DEMO = System("demo")

SYNTHETIC_SOURCE = "Optiimi-verkoston seuranta (synteettinen esittelyaineisto)"

PERIODS = [
    (
        "2004-2006",
        "Vaihe I 2004–2006",
        "Phase I 2004–2006",
        PeriodKind.PHASE,
        2004,
        2006,
        "Lähtökohdat, tuloksia ja esimerkkejä sekä kriittisiä tekijöitä työn onnistumiselle.",
        "Starting points, results and examples, and critical factors for success.",
    ),
    (
        "2007-2009",
        "Vaihe II 2007–2009",
        "Phase II 2007–2009",
        PeriodKind.PHASE,
        2007,
        2009,
        "Optiimi maakunnan kehittämisen tukena: kehittämisen painopisteet ja toimintasuunnitelma.",
        "Optiimi supporting the region's development: priorities and the action plan.",
    ),
    (
        "visio-2015",
        "Visio 2015",
        "Vision 2015",
        PeriodKind.VISION,
        2010,
        2015,
        "Visio maakunnallisesta oppimis- ja innovaatioverkostosta 2015: jokaisella seudulla on "
        "toimiva yhteistyön tapa, verkoston koko asiantuntemus on käytössä jo hankkeiden "
        "suunnitteluvaiheessa, ja verkosto osoittaa tiedolla, että se hyödyttää maakuntaa. "
        "(Vision sanamuoto on kirjoitettu esittelyä varten.)",
        "Vision of the regional learning and innovation network 2015: every sub-region has a "
        "working way to cooperate, the whole network's expertise is used already when projects are "
        "planned, and the network shows with evidence that it benefits the region. (The vision's "
        "wording is written for the demo.)",
    ),
    (
        "2025-2027",
        "Nykyinen kausi 2025–2027",
        "Current period 2025–2027",
        PeriodKind.CURRENT,
        2025,
        2027,
        "Toimintasuunnitelman seuranta Optiimissa: mittarit lasketaan alustan omista tiedoista "
        "aina kun mahdollista. (Suunnitelma, tavoitearvot ja käsin syötetyt luvut on kirjoitettu "
        "esittelyä varten.)",
        "Following the action plan in Optiimi: indicators are computed from the platform's own "
        "records wherever possible. (The plan, its targets and the typed-in figures are written "
        "for the demo.)",
    ),
]

RESULTS_2004_2006 = [
    (
        "Seutustrategioiden muotoutuminen – kolme näkökulmaa (elinkeino-, työllisyys- ja "
        "osaamisstrategiat) yhdistyvät",
        "Sub-regional strategies take shape – three perspectives (business, employment and "
        "competence strategies) combine",
        [1],
        [],
    ),
    (
        "Kehittämisyhtiöiden verkoston muotoutuminen",
        "A network of development companies forms",
        [1],
        [],
    ),
    (
        "Konkreettiset yhteiset toimenpiteet – pilottien kautta yhteistyön tavat",
        "Concrete joint measures – ways of cooperating learnt through pilots",
        [2],
        ["132"],
    ),
    (
        "T&K-toiminnan lisääntyminen konkreettisten hankkeiden kautta (JAMK)",
        "More R&D through concrete projects (JAMK)",
        [2],
        [],
    ),
    (
        "”Osaajat kohtaavat” – toimintamalli ura- ja opinto-ohjaus yhdessä",
        "“Talents meet” – career and study guidance as one operating model",
        [2],
        [],
    ),
    (
        "Seutujen vahvistuva yhteys osaamisorganisaatioihin",
        "Sub-regions' ties to knowledge organisations strengthen",
        [2],
        [],
    ),
    ("Yhteistyö lisääntynyt TE-keskuksen kanssa", "More cooperation with the TE-centre", [2], []),
    (
        "Koulutusklusterin muodostaminen käynnistynyt",
        "An education cluster has been started",
        [3],
        [],
    ),
    (
        "Yrittäjyyden esiin nostaminen kaikilla koulutustasoilla (JY yrittäjyysstrategia)",
        "Entrepreneurship raised at all levels of education (JY entrepreneurship strategy)",
        [3],
        [],
    ),
    ("Kansainvälistymisen toimintaohjelma", "An internationalisation action programme", [1], []),
    (
        "PARAS-hankkeen linjaukset – yhteys jatkossa Optiimin kehittämiseen (seutukäsite, "
        "ammatillisen koulutuksen järjestäminen)",
        "The PARAS reform's guidelines – a link to Optiimi's development (the sub-region concept, "
        "how vocational education is organised)",
        [1],
        [],
    ),
]
# The phase II indicator that follows up each phase I result.
RESULT_INDICATORS = [
    ["strategies"],
    ["service_model"],
    ["cooperation_models"],
    ["planning_consultation"],
    ["adult_education_days"],
    ["expert_participation"],
    [],
    ["adult_education_days"],
    ["developers_trained"],
    [],
    ["strategy_citations"],
]
CRITICAL_FACTORS = [
    (
        "Erilaiset lähtökohdat jokaisella organisaatiolla",
        "Each organisation has a different starting point",
    ),
    ("Hitaus kehittämisen prosesseissa", "Development processes are slow"),
    (
        "Seutujen kehittämisosaamisen taso vaihtelee",
        "The sub-regions' development competence varies",
    ),
    (
        "Vuorovaikutuksen moninaisuus – suhteiden rakentaminen vie aikaa",
        "Interaction is many-sided – building relationships takes time",
    ),
    (
        "Aluelähtöisyys – kuinka selkeä osa se on eri toimijoiden toimintaa ja miten se näkyy",
        "Region-orientation – how clearly it is part of each actor's work, and how it shows",
    ),
]
PAIN_POINTS = [
    ("Liikkeelle lähtö", "Getting started"),
    ("Roolien löytyminen eri toimijoille", "Finding roles for the actors"),
    ("Kilpailuasetelmasta yhteistyöhön", "From competition to cooperation"),
    ("Kouluttajien asenne", "Trainers' attitude"),
]

PRIORITIES = [
    (
        "Seutujen ja siten koko maakunnan kehittäminen",
        "Developing the sub-regions and so the whole region",
    ),
    (
        "Oppimis- ja innovaatioverkoston kehittäminen",
        "Developing the learning and innovation network",
    ),
    (
        "Optiimi-organisaatioiden sisäinen kehittäminen",
        "Internal development of the Optiimi organisations",
    ),
]
GOALS = [
    (
        "Keski-Suomen seuduille on syntynyt avaintoimijoiden yhteistoimintatapa, joka tukee seudun "
        "kilpailukykyä ja kehittymistä sekä hyödyntää yhteistä ennakointijärjestelmää.",
        "Every sub-region of Central Finland has a way for its key actors to work together that "
        "supports its competitiveness and development and uses the joint foresight system.",
    ),
    (
        "Keski-Suomessa on yhdessä kehitetty joustava, testattu ja toimiva oppimis- ja "
        "innovaatioverkosto, joka toteuttaa yhteistä palvelulupausta.",
        "Central Finland has jointly developed a flexible, tested and working learning and "
        "innovation network that keeps a common service promise.",
    ),
    (
        "Optiimi-toimintatapa on sisäistetty toimijaorganisaatioissa, sen mukaisesti toimitaan ja "
        "vastataan seutujen tarpeisiin.",
        "The Optiimi way of working is internalised by the member organisations, which act on it "
        "and respond to the sub-regions' needs.",
    ),
]
# goal, number, fi, en, responsible (short names), perspectives (b, e, c), status, indicator
MEASURES = [
    (
        1,
        "1.1",
        "Seutustrategiatyön tukeminen",
        "Supporting sub-regional strategy work",
        ["KSL", "JSK", "JoSK", "KeSK", "JäSK", "ÄSK", "SVSK"],
        (True, True, True),
        MeasureStatus.DONE,
        "strategies",
    ),
    (
        1,
        "1.2",
        "Edesautetaan yrityspalveluiden tuottajien yhteisen toimintatavan kehittymistä",
        "Helping business-service providers develop a common way of working",
        ["TE-keskus", "JSK", "JoSK"],
        (True, False, False),
        MeasureStatus.ONGOING,
        "service_model",
    ),
    (
        1,
        "1.3",
        "Seudullisen kehittäjäosaamisen lisääminen kansainvälisen alue- ja "
        "seutukehitysohjelman avulla",
        "Raising sub-regional developers' competence through an international regional "
        "development programme",
        ["JY", "JAMK"],
        (False, False, True),
        MeasureStatus.ONGOING,
        "developers_trained",
    ),
    (
        1,
        "1.4",
        "Toimitaan maakunnallisen yhteisen ennakointijärjestelmän luomiseksi",
        "Creating a joint regional foresight system",
        ["KSL", "JAMK", "TE-keskus"],
        (True, True, True),
        MeasureStatus.ONGOING,
        "foresight_users",
    ),
    (
        2,
        "2.1",
        "Varmistetaan, että seutulähtöisessä kehittämisessä ja hankkeissa hyödynnetään jo "
        "suunnitteluvaiheessa koko verkoston asiantuntemusta",
        "Making sure the whole network's expertise is used already in the planning phase of "
        "sub-regional development and projects",
        ["KSL", "JAMK", "JY"],
        (True, True, True),
        MeasureStatus.ONGOING,
        "planning_consultation",
    ),
    (
        2,
        "2.2",
        "Mallinnetaan kokemusten pohjalta toimintatapaa joka seutukunnalla",
        "Modelling the way of working in every sub-region from experience",
        ["JAMK", "JoSK"],
        (True, False, True),
        MeasureStatus.ONGOING,
        "cooperation_models",
    ),
    (
        2,
        "2.3",
        "Optiimi-asiantuntijat osallistuvat maakunnalliseen ja seudulliseen kehittämiseen",
        "Optiimi experts take part in regional and sub-regional development",
        ["JAMK", "JY", "Gradia"],
        (True, True, True),
        MeasureStatus.ONGOING,
        "expert_participation",
    ),
    (
        2,
        "2.4",
        "Varmistetaan seutujen näkemyksen siirtyminen maakunnallisiin ja "
        "Optiimi-organisaatioiden strategioihin",
        "Making sure the sub-regions' views flow into regional and member organisations' "
        "strategies",
        ["KSL"],
        (True, True, True),
        MeasureStatus.PLANNED,
        "strategy_citations",
    ),
    (
        2,
        "2.5",
        "Organisoidaan yhteisiä maakunnallisia tapahtumia",
        "Organising joint regional events",
        ["KSL", "JAMK"],
        (True, True, True),
        MeasureStatus.ONGOING,
        "regional_events",
    ),
    (
        2,
        "2.6",
        "Yhteiset seutukunnalliset tapahtumat: ”seutuhankepäivät” jokaisella "
        "seutukunnalla kaikille rahoittajille ja toimijoille (1–n kertaa vuodessa)",
        "Joint sub-regional events: “project days” in every sub-region for all funders and actors "
        "(1–n times a year)",
        ["JSK", "JoSK", "KeSK", "JäSK", "ÄSK", "SVSK", "TE-keskus"],
        (True, True, False),
        MeasureStatus.ONGOING,
        "project_days",
    ),
    (
        2,
        "2.7",
        "Yhteiset seutukunnalliset tapahtumat: seudulliset aikuiskoulutuspäivät",
        "Joint sub-regional events: sub-regional adult-education days",
        ["Gradia", "JAMK"],
        (False, True, True),
        MeasureStatus.ONGOING,
        "adult_education_days",
    ),
]
# code, fi, en, unit, baseline (2006), target 2009, values 2007–2009, target 2027, 2025–2026.
# The current plan measures from the platform's own records wherever it can (CURRENT_INDICATORS);
# a phase II indicator keeps a 2025–2027 target only where its data lives elsewhere.
INDICATORS = {
    "strategies": (
        "Seutustrategiat, joissa kaikki kolme näkökulmaa",
        "Sub-regional strategies covering all three perspectives",
        "sub-regions",
        2,
        6,
        [3, 4, 5],
        None,
        None,
    ),
    "service_model": (
        "Seudut, joilla yrityspalveluiden yhteinen toimintatapa",
        "Sub-regions with a common business-service model",
        "sub-regions",
        1,
        6,
        [2, 3, 3],
        None,
        None,
    ),
    "developers_trained": (
        "Kehittämisohjelmaan osallistuneet seutukehittäjät",
        "Sub-regional developers trained in the programme",
        "people",
        0,
        40,
        [12, 25, 37],
        80,
        [52, 61],
    ),
    "foresight_users": (
        "Seudut, jotka käyttävät yhteistä ennakointijärjestelmää",
        "Sub-regions using the joint foresight system",
        "sub-regions",
        0,
        6,
        [0, 1, 2],
        None,
        None,
    ),
    "planning_consultation": (
        "Seutuhankkeet, joiden suunnitteluun osallistui toinen organisaatio",
        "Sub-regional projects planned with another organisation's expertise",
        "%",
        20,
        75,
        [28, 41, 52],
        None,
        None,
    ),
    "cooperation_models": (
        "Seudut, joilla kuvattu yhteistyömalli",
        "Sub-regions with a documented cooperation model",
        "sub-regions",
        1,
        6,
        [2, 2, 3],
        None,
        None,
    ),
    "expert_participation": (
        "Optiimi-asiantuntijoiden osallistumiset kehittämisryhmiin",
        "Optiimi experts' participations in development groups",
        "participations",
        15,
        60,
        [22, 34, 51],
        None,
        None,
    ),
    "strategy_citations": (
        "Jäsenorganisaatiot, joiden strategia nojaa seutujen painopisteisiin",
        "Member organisations whose strategy cites sub-regional priorities",
        "organisations",
        2,
        8,
        [2, 3, 3],
        11,
        [6, 7],
    ),
    "regional_events": (
        "Yhteiset maakunnalliset tapahtumat vuodessa",
        "Joint regional events a year",
        "events",
        1,
        4,
        [2, 3, 4],
        None,
        None,
    ),
    "project_days": (
        "Seutuhankepäivät seutukunnittain vuodessa",
        "Sub-regional project days a year, per sub-region",
        "events",
        0,
        1,
        None,
        1,
        None,
    ),
    "adult_education_days": (
        "Seudulliset aikuiskoulutuspäivät vuodessa",
        "Sub-regional adult-education days a year",
        "events",
        0,
        6,
        [2, 4, 5],
        None,
        None,
    ),
}
# sub-region: title, business, employment, competence, adopted (synthetic dates)
STRATEGIES = {
    "131": ("Jyväskylän seudun elinvoimaohjelma", True, True, True, datetime.date(2024, 6, 10)),
    "132": ("Joutsan seudun kehittämisstrategia", True, False, True, datetime.date(2025, 3, 3)),
    "133": ("Keuruun seudun seutustrategia", True, True, True, datetime.date(2026, 2, 16)),
    "134": (
        "Jämsän seudun elinkeino- ja osaamisstrategia",
        True,
        True,
        True,
        datetime.date(2023, 9, 4),
    ),
    "135": ("Äänekosken seudun seutustrategia", True, True, False, datetime.date(2025, 5, 12)),
    "138": (
        "Saarijärven–Viitasaaren seudun kehittämisohjelma",
        True,
        False,
        False,
        datetime.date(2024, 11, 18),
    ),
}
PERSPECTIVE_TEXT = {
    "business": "Elinkeinostrategia: yritysten kasvu, omistajanvaihdokset ja seudun vahvat "
    "toimialat.",
    "employment": "Työllisyysstrategia: osaavan työvoiman saatavuus ja nuorten työllistyminen.",
    "competence": "Osaamisstrategia: koulutuksen ja työelämän yhteys, aikuiskoulutus ja "
    "korkeakouluyhteistyö.",
}


def load(seed: int = 2006) -> None:
    orgs = {o.short_name: o for o in Organisation.objects.exclude(short_name="")}
    subregions = {r.code: r for r in Region.objects.subregions()}
    periods = {}
    for code, name_fi, name_en, kind, start, end, desc_fi, desc_en in PERIODS:
        periods[code] = services.define_period(
            actor=DEMO,
            code=code,
            name_fi=name_fi,
            name_en=name_en,
            kind=kind,
            start_year=start,
            end_year=end,
            description_fi=desc_fi,
            description_en=desc_en,
            public=True,
        )
    phase2 = periods["2007-2009"]
    goals = {}
    for number, ((p_fi, p_en), (g_fi, g_en)) in enumerate(
        zip(PRIORITIES, GOALS, strict=True), start=1
    ):
        priority = services.define_priority(
            phase2, number, actor=DEMO, title_fi=p_fi, title_en=p_en
        )
        goals[number] = services.define_goal(
            priority, number, actor=DEMO, title_fi=g_fi, title_en=g_en
        )
    measures = {}
    for goal, measure_number, fi, en, responsible, (b, e, c), status, code in MEASURES:
        measures[code] = services.define_measure(
            goals[goal],
            measure_number,
            actor=DEMO,
            title_fi=fi,
            title_en=en,
            responsible=[orgs[s] for s in responsible],
            business=b,
            employment=e,
            competence=c,
            status=status,
        )
    for code, (fi, en, unit, base, target, values, target_now, values_now) in INDICATORS.items():
        # Values None: the indicator is computed from the platform's own event records.
        computed = values is None
        indicator = services.define_indicator(
            code,
            actor=DEMO,
            name_fi=fi,
            name_en=en,
            unit=unit,
            baseline=base,
            baseline_year=2006,
            by_subregion=computed,
            computed="events.project_days" if computed else "",
            source="Optiimi" if computed else SYNTHETIC_SOURCE,
            measures=[measures[code]],
            public=True,
            synthetic=not computed,
        )
        services.set_target(indicator, phase2, target, actor=DEMO)
        if target_now is not None:
            services.set_target(indicator, periods["2025-2027"], target_now, actor=DEMO)
        if computed:
            continue
        for year, value in zip((2007, 2008, 2009), values or [], strict=True):
            services.set_value(
                indicator, year, value, actor=DEMO, source=SYNTHETIC_SOURCE, synthetic=True
            )
        if values_now is None:
            continue  # the current plan measures this from the platform's records
        for year, value in zip((2025, 2026), values_now, strict=True):
            services.set_value(
                indicator,
                year,
                value,
                actor=DEMO,
                source=TYPED_SOURCES.get(code, SYNTHETIC_SOURCE),
                synthetic=True,
            )
    members = services.define_indicator(
        "active_members",
        actor=DEMO,
        name_fi="Aktiiviset jäsenorganisaatiot seutukunnittain",
        name_en="Active member organisations per sub-region",
        unit="organisations",
        by_subregion=True,
        computed="network.active_members",
        source="Optiimi",
        goal=goals[3],
        public=True,
    )
    services.set_target(members, periods["2025-2027"], 8, actor=DEMO)
    consulted = services.define_indicator(
        "outside_consultation",
        actor=DEMO,
        name_fi="Käynnistyneet hankkeet, joiden suunnittelussa kuultiin toisen organisaation "
        "asiantuntijaa",
        name_en="Projects started after consulting another organisation's expert",
        unit="%",
        computed="projects.outside_consultation_share",
        source="Optiimi",
        measures=[measures["planning_consultation"]],
        public=True,
    )
    services.set_target(consulted, phase2, 75, actor=DEMO)
    services.set_target(consulted, periods["2025-2027"], 85, actor=DEMO)
    # Computed values are refreshed once every record is in: see demo.loader.

    phase1 = periods["2004-2006"]
    for number, (fi, en, goal_numbers, regions) in enumerate(RESULTS_2004_2006, start=1):
        related = RESULT_INDICATORS[number - 1]
        services.define_result(
            phase1,
            ResultKind.RESULT,
            number,
            actor=DEMO,
            title_fi=fi,
            title_en=en,
            goals=[goals[g] for g in goal_numbers],
            sub_regions=[subregions[r] for r in regions],
            indicators=[Indicator.objects.get(code=c) for c in related],
        )
    for number, (fi, en) in enumerate(CRITICAL_FACTORS, start=1):
        services.define_result(
            phase1, ResultKind.CRITICAL_FACTOR, number, actor=DEMO, title_fi=fi, title_en=en
        )
    for number, (fi, en) in enumerate(PAIN_POINTS, start=1):
        services.define_result(
            phase1,
            ResultKind.PAIN_POINT,
            number,
            actor=DEMO,
            title_fi=f"Joutsan pilotti: {fi}",
            title_en=f"Joutsa pilot: {en}",
            sub_regions=[subregions["132"]],
        )
    for code, (title, b, e, c, adopted) in STRATEGIES.items():
        texts = {
            p: PERSPECTIVE_TEXT[p] if on else ""
            for p, on in zip(("business", "employment", "competence"), (b, e, c), strict=True)
        }
        services.define_strategy(
            subregions[code], actor=DEMO, title=title, adopted=adopted, public=True, **texts
        )
    load_current_plan(periods["2025-2027"], orgs)


# The current period 2025–2027 -----------------------------------------------------------------
# Written for the demo (synthetic): the seed's priorities carried into today, measured from the
# platform's own records wherever it holds them.

CURRENT_PRIORITIES = [
    (
        "Seutujen ja koko maakunnan elinvoima",
        "The vitality of the sub-regions and the whole region",
        "Jokaisella seudulla on ajantasainen strategia elinkeinon, työllisyyden ja osaamisen "
        "näkökulmista, ja seudut käyttävät yhteistä ennakointijärjestelmää päätöksissään.",
        "Every sub-region has an up-to-date strategy from the business, employment and "
        "competence perspectives, and the sub-regions use the joint foresight system in their "
        "decisions.",
    ),
    (
        "Oppimis- ja innovaatioverkosto",
        "The learning and innovation network",
        "Verkoston koko asiantuntemus on käytössä jo hankkeiden suunnittelussa, ja yhteiset "
        "tapahtumat kokoavat rahoittajat ja toimijat joka seudulla.",
        "The whole network's expertise is used already when projects are planned, and joint "
        "events bring funders and actors together in every sub-region.",
    ),
    (
        "Optiimi-organisaatioiden yhteinen toimintatapa",
        "The Optiimi organisations' common way of working",
        "Jäsenorganisaatioiden omat strategiat ja osaamisen kehittäminen nojaavat seutujen "
        "tarpeisiin.",
        "The member organisations' own strategies and competence development rest on the "
        "sub-regions' needs.",
    ),
]
DEV_COMPANIES = ["JSK", "JoSK", "KeSK", "JäSK", "ÄSK", "SVSK"]
# priority, number, fi, en, responsible, target sub-regions (none: all), (b, e, c), status,
# indicator codes
CURRENT_MEASURES = [
    (
        1,
        "1.1",
        "Seutustrategiat päivitetään kattamaan elinkeino-, työllisyys- ja osaamisnäkökulma",
        "Sub-regional strategies are updated to cover the business, employment and competence "
        "perspectives",
        ["KSL", *DEV_COMPANIES],
        [],
        (True, True, True),
        MeasureStatus.ONGOING,
        ["full_strategies"],
    ),
    (
        1,
        "1.2",
        "Yhteinen ennakointijärjestelmä seutujen käyttöön: seutunäkymät ja tilastojen "
        "säännöllinen päivitys",
        "The joint foresight system in the sub-regions' use: sub-region dashboards and regular "
        "statistics updates",
        ["KSL", "JAMK", "TE-keskus"],
        [],
        (True, True, True),
        MeasureStatus.ONGOING,
        ["foresight_views", "foresight_imports"],
    ),
    (
        1,
        "1.3",
        "Seutukehittäjien kansainvälinen kehittämisohjelma",
        "An international development programme for sub-regional developers",
        ["JY", "JAMK"],
        [],
        (False, False, True),
        MeasureStatus.ONGOING,
        ["developers_trained"],
    ),
    (
        2,
        "2.1",
        "Hankkeiden suunnittelussa kuullaan muiden organisaatioiden asiantuntijoita",
        "Projects are planned with experts from other organisations",
        ["KSL", "JAMK", "JY"],
        [],
        (True, True, True),
        MeasureStatus.ONGOING,
        ["outside_experts", "outside_consultation"],
    ),
    (
        2,
        "2.2",
        "Yhteiset maakunnalliset tapahtumat",
        "Joint regional events",
        ["KSL", "JAMK"],
        [],
        (True, True, True),
        MeasureStatus.ONGOING,
        ["regional_events_held"],
    ),
    (
        2,
        "2.3",
        "Seutuhankepäivät jokaisella seudulla vähintään kerran vuodessa",
        "Project days in every sub-region at least once a year",
        [*DEV_COMPANIES, "TE-keskus"],
        [],
        (True, True, False),
        MeasureStatus.ONGOING,
        ["project_days"],
    ),
    (
        2,
        "2.4",
        "Seudulliset aikuiskoulutuspäivät",
        "Sub-regional adult-education days",
        ["Gradia", "JAMK"],
        ["132", "133", "134", "135", "138"],
        (False, True, True),
        MeasureStatus.ONGOING,
        ["adult_education_days_held"],
    ),
    (
        3,
        "3.1",
        "Jäsenorganisaatioiden strategiat nojaavat seutujen painopisteisiin",
        "Member organisations' strategies rest on the sub-regions' priorities",
        ["KSL"],
        [],
        (True, True, True),
        MeasureStatus.PLANNED,
        ["strategy_citations"],
    ),
]
# code: fi, en, unit, computed from, by sub-region, baseline (2024), target 2025–2027
CURRENT_INDICATORS = {
    "full_strategies": (
        "Seutustrategia kattaa kaikki kolme näkökulmaa",
        "Sub-regional strategy covers all three perspectives",
        "sub-regions",
        "strategy.full_strategies",
        True,
        0,
        1,
    ),
    "foresight_views": (
        "Seutunäkymän käyttökerrat vuodessa",
        "Views of the sub-region's foresight dashboard a year",
        "views",
        "foresight.dashboard_views",
        True,
        0,
        50,
    ),
    "foresight_imports": (
        "Tilastopäivitykset ennakointijärjestelmään vuodessa",
        "Statistics updates into the foresight system a year",
        "imports",
        "foresight.imports",
        False,
        2,
        6,
    ),
    "outside_experts": (
        "Muiden organisaatioiden asiantuntijoiden kuulemiset hankesuunnittelussa",
        "Experts from other organisations consulted in project planning",
        "consultations",
        "projects.outside_experts",
        True,
        0,
        4,
    ),
    "regional_events_held": (
        "Pidetyt maakunnalliset tapahtumat vuodessa",
        "Joint regional events held a year",
        "events",
        "events.regional_events",
        False,
        2,
        4,
    ),
    "adult_education_days_held": (
        "Pidetyt seudulliset aikuiskoulutuspäivät seutukunnittain vuodessa",
        "Sub-regional adult-education days held per sub-region a year",
        "events",
        "events.adult_education_days",
        True,
        0,
        1,
    ),
}
# Typed-in where the data lives outside the platform: the indicator names where.
TYPED_SOURCES = {
    "developers_trained": "JY:n ja JAMKin kehittämisohjelman osallistujaluettelot "
    "(synteettinen esittelyaineisto)",
    "strategy_citations": "Jäsenorganisaatioiden strategia-asiakirjat "
    "(synteettinen esittelyaineisto)",
}


def load_current_plan(period: Period, orgs: dict[str, Organisation]) -> None:
    subregions = {r.code: r for r in Region.objects.subregions()}
    goals = {}
    for number, (p_fi, p_en, g_fi, g_en) in enumerate(CURRENT_PRIORITIES, start=1):
        priority = services.define_priority(
            period, number, actor=DEMO, title_fi=p_fi, title_en=p_en
        )
        goals[number] = services.define_goal(
            priority, number, actor=DEMO, title_fi=g_fi, title_en=g_en
        )
    links: dict[str, list[Measure]] = {}
    for goal, code, fi, en, responsible, regions, (b, e, c), status, codes in CURRENT_MEASURES:
        measure = services.define_measure(
            goals[goal],
            code,
            actor=DEMO,
            title_fi=fi,
            title_en=en,
            responsible=[orgs[s] for s in responsible],
            sub_regions=[subregions[r] for r in regions],
            business=b,
            employment=e,
            competence=c,
            status=status,
            starts=datetime.date(2025, 1, 1),
            ends=datetime.date(2027, 12, 31),
        )
        for indicator_code in codes:
            links.setdefault(indicator_code, []).append(measure)
    for code, (fi, en, unit, computed, by_subregion, base, target) in CURRENT_INDICATORS.items():
        indicator = services.define_indicator(
            code,
            actor=DEMO,
            name_fi=fi,
            name_en=en,
            unit=unit,
            baseline=base,
            baseline_year=2024,
            by_subregion=by_subregion,
            computed=computed,
            source="Optiimi",
            measures=links[code],
            public=True,
        )
        services.set_target(indicator, period, target, actor=DEMO)
    # Indicators of phase II that measure a current measure too keep their earlier measures.
    for indicator in Indicator.objects.filter(
        code__in=set(links) - set(CURRENT_INDICATORS)
    ).prefetch_related("measures"):
        values: dict[str, Any] = {}
        if indicator.code in TYPED_SOURCES:
            values["source"] = TYPED_SOURCES[indicator.code]
        services.define_indicator(
            indicator.code,
            actor=DEMO,
            measures=[*indicator.measures.all(), *links[indicator.code]],
            **values,
        )
