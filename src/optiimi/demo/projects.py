"""Demo projects: the Joutsa pilot as the 2006 deck tells it, and plausible projects across the
six sub-regions of Central Finland (marked synthetic). `generate_projects` adds many at scale."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

from django.utils import timezone

from optiimi.core import writes
from optiimi.core.writes import System
from optiimi.network.models import Competence, Organisation, Person
from optiimi.projects import services
from optiimi.projects.models import Consultation, Partner, Phase, Project
from optiimi.regions.models import Region
from optiimi.strategy.models import Measure

DEMO = System("demo")

JOUTSA: dict[str, Any] = {
    "name": "Joutsan seudun pilotti",
    "acronym": "JOUTSA",
    "summary_fi": "Kehitystavoite: PK-yritysten kasvun ja kilpailukyvyn kehittäminen. Hankkeessa "
    "toimivien organisaatioiden yhteistyön, verkostojen ja analysointiosaamisen "
    "kehittäminen.",
    "summary_en": "Development goal: growth and competitiveness of SMEs; cooperation, networks "
    "and analysis competence of the organisations in the project.",
    "description_fi": "Projektin tarkoitus: Joutsan seudun yritysten liiketoimintaosaamisen ja "
    "oppimisverkoston toimintamallin kehittäminen.",
    "description_en": "Purpose: the business competence of Joutsa sub-region companies and a "
    "learning-network operating model.",
    "results": "Joutsan seudun pk-yritysten liikevaihdon kasvu toimialan keskiarvoa suurempi.\n"
    "Kehittynyt verkostoyhteistyö Joutsan seudun toimijoiden kesken.\n"
    "Kehittynyt verkostoyhteistyö koulutusorganisaatioiden ja seudun välillä "
    "liiketoimintaosaamisen kehittämisessä.",
    "pain_points": "Liikkeelle lähtö\nRoolien löytyminen eri toimijoille\n"
    "Kilpailuasetelmasta yhteistyöhön\nKouluttajien asenne",
    "start": datetime.date(2004, 9, 1),
    "end": datetime.date(2006, 12, 31),
}
# The deck's roles: JoSK leads ("päätoteuttaja"), JAMK trains and analyses, the TE-keskus
# funds and advises ("rahoittaja ja asiantuntija", recorded as funder).
JOUTSA_PARTNERS = [
    ("JoSK", Partner.Role.LEAD, 40),
    ("JAMK", Partner.Role.TRAINING, 35),
    ("TE-keskus", Partner.Role.FUNDER, 25),
]

DEV_COMPANY = {
    "131": "JSK",
    "132": "JoSK",
    "133": "KeSK",
    "134": "JäSK",
    "135": "ÄSK",
    "138": "SVSK",
}
PARTNER_POOL = ["JAMK", "JY", "TE-keskus", "Gradia", "KSL"]

# name template (fi), acronym stem, summary fi, summary en, competence codes
THEMES = [
    (
        "Matkailun kehittäminen {area}",
        "MATKA",
        "Seudun matkailualan yritysten tuotteistaminen, yhteismarkkinointi ja matkailupalvelujen "
        "laadun kehittäminen.",
        "Product development, joint marketing and service quality for the area's tourism firms.",
        ["matkailu", "yritysneuvonta"],
    ),
    (
        "Puurakentamisen osaamiskeskus {area}",
        "PUU",
        "Metsä- ja puuteollisuuden pk-yritysten tuotekehitys ja puurakentamisen osaaminen.",
        "Product development in forest and wood SMEs and wood construction know-how.",
        ["metsa-ja-puu", "tki"],
    ),
    (
        "Omistajanvaihdokset {area}",
        "OVA",
        "Yrittäjien sukupolvenvaihdosten ja yrityskauppojen tuki, jatkajien löytäminen.",
        "Support for generational change and business transfers, finding successors.",
        ["omistajanvaihdokset", "yritysrahoitus"],
    ),
    (
        "Osaava työvoima {area}",
        "OSAA",
        "Osaavan työvoiman saatavuus: rekrytointikoulutus, oppisopimus ja työvoimapalvelut "
        "yrityksille.",
        "Availability of skilled labour: recruitment training, apprenticeships and employment "
        "services.",
        ["osaajapula", "ammatillinen-koulutus", "tyovoimapalvelut"],
    ),
    (
        "Kasvuyritysten sparraus {area}",
        "KASVU",
        "Kasvuhakuisten pk-yritysten liiketoimintaosaamisen ja kansainvälistymisen valmennus.",
        "Coaching growth-oriented SMEs in business competence and internationalisation.",
        ["kasvuyritykset", "kansainvalistyminen"],
    ),
    (
        "Bioenergia ja kiertotalous {area}",
        "BIO",
        "Paikallisen bioenergian, kiertotalouden ja biotalouden yritystoiminnan kehittäminen.",
        "Local bioenergy, circular economy and bioeconomy businesses.",
        ["energia", "kiertotalous", "biotalous"],
    ),
    (
        "Digiloikka {area}",
        "DIGI",
        "Pienyritysten digitalisaatio: verkkokauppa, tietoturva ja sähköiset palvelut.",
        "Digitalisation of small firms: e-commerce, security and online services.",
        ["digitalisaatio", "yritysneuvonta"],
    ),
    (
        "Nuoret töihin {area}",
        "NUORI",
        "Nuorten työllisyys: ura- ja opinto-ohjaus sekä työpaikkojen ja nuorten kohtaaminen.",
        "Youth employment: career and study guidance and matching young people with jobs.",
        ["nuorten-tyollisyys", "ohjaus"],
    ),
    (
        "Seutustrategia ja ennakointi {area}",
        "SEUTU",
        "Seudun elinkeino-, työllisyys- ja osaamisstrategian yhdistäminen ja ennakointitiedon "
        "käyttö.",
        "Combining the sub-region's business, employment and competence strategies with "
        "foresight data.",
        ["aluestrategiat", "ennakointi", "seutuyhteistyo"],
    ),
    (
        "Hyvinvointipalvelujen yrittäjyys {area}",
        "HYVI",
        "Hyvinvointi- ja hoivapalvelujen yrittäjyys ja palvelujen tuotteistaminen maaseudulla.",
        "Entrepreneurship in wellbeing and care services in rural areas.",
        ["hyvinvointi", "maaseutu"],
    ),
]
INSTRUMENTS = ["erdf", "esf", "national", "municipal"]
# The action plan's measures (2007–2009) each kind of project carries out; the rest 2.1.
THEME_MEASURES = {
    "SEUTU": ("1.1", "1.4", "2.1"),
    "KASVU": ("1.2", "2.1"),
    "OVA": ("1.2", "2.1"),
    "OSAA": ("2.1", "2.3"),
}


def _orgs() -> dict[str, Organisation]:
    return {o.short_name: o for o in Organisation.objects.exclude(short_name="")}


def _experts(codes: list[str], rng: random.Random, n: int) -> list[Person]:
    people = list(Person.objects.filter(competences__code__in=codes).distinct().order_by("pk"))
    return rng.sample(people, min(n, len(people)))


@writes.acting(DEMO)
def load_projects(seed: int = 7) -> int:
    """Idempotent: does nothing when projects exist."""
    if Project.objects.exists():
        return 0
    rng = random.Random(seed)
    orgs = _orgs()
    measures = {
        m.number: m for m in Measure.objects.filter(goal__priority__period__code="2007-2009")
    }
    subregions = {
        r.code: r for r in Region.objects.filter(level="seutukunta", code__in=DEV_COMPANY)
    }
    joutsa = services.create_project(
        actor=DEMO,
        lead=orgs["JoSK"],
        phase=Phase.PLANNING,
        sub_regions=[subregions["132"]],
        partners=[
            (orgs[s], role, "", Decimal(share)) for s, role, share in JOUTSA_PARTNERS if s in orgs
        ],
        team=_experts(["yritysneuvonta", "kasvuyritykset"], rng, 3),
        # the model project for goal 2: the network's expertise in planning, the way of working
        measures=[measures[n] for n in ("2.1", "2.2") if n in measures],
        **JOUTSA,
    )
    # The pilot's partners in training, analysis and funding helped plan it (synthetic people).
    for short in ("JAMK", "TE-keskus"):
        expert = Person.objects.filter(affiliations__organisation__short_name=short).first()
        if expert is not None:
            services.record_consultation(
                joutsa,
                actor=DEMO,
                person=expert,
                organisation=orgs[short],
                date=datetime.date(2004, 6, 15),
                kind=Consultation.Kind.PLANNING_MEETING,
                note="Pilotin suunnittelu: koulutus, analyysi ja rahoitus",
            )
    _move_to(joutsa, Phase.CLOSED)
    count = 1
    phases = [
        Phase.IDEA,
        Phase.PLANNING,
        Phase.PLANNING,
        Phase.RUNNING,
        Phase.RUNNING,
        Phase.CLOSED,
    ]
    for t, (name, acronym, fi, en, codes) in enumerate(THEMES):
        for s, (code, lead_short) in enumerate(DEV_COMPANY.items()):
            region = subregions.get(code)
            lead = orgs.get(lead_short)
            if region is None or lead is None:
                continue
            partner = orgs.get(PARTNER_POOL[(t + s) % len(PARTNER_POOL)])
            phase = phases[(t * 6 + s) % len(phases)]
            start = datetime.date(2007 + (t + s) % 3, 1 + (t * s) % 12, 1)
            budget = Decimal(50_000 + 10_000 * ((t * 7 + s) % 20))
            project = services.create_project(
                actor=DEMO,
                lead=lead,
                phase=Phase.IDEA if phase == Phase.IDEA else Phase.PLANNING,
                name=name.format(area=region.name_fi),
                acronym=f"{acronym}-{code}",
                summary_fi=fi,
                summary_en=en,
                synthetic=True,
                start=start if phase in (Phase.RUNNING, Phase.CLOSED) else None,
                end=datetime.date(start.year + 2, 12, 31) if phase == Phase.CLOSED else None,
                sub_regions=[region],
                team=_experts(codes, rng, 2),
                partners=[(lead, Partner.Role.LEAD, "", Decimal(60 if partner else 100))]
                + ([(partner, Partner.Role.CO_IMPLEMENTER, "", Decimal(40))] if partner else []),
                budget=budget,
                fundings=[
                    ("Keski-Suomen liitto", INSTRUMENTS[(t + s) % 4], budget * 7 / 10),
                    (lead.name, "own", budget * 3 / 10),
                ],
                measures=[
                    measures[n] for n in THEME_MEASURES.get(acronym, ("2.1",)) if n in measures
                ],
            )
            if phase != Phase.IDEA:
                for person in _experts(codes, rng, 2):
                    affiliation = person.affiliations.first()
                    if affiliation:
                        services.record_consultation(
                            project,
                            actor=DEMO,
                            person=person,
                            organisation=affiliation.organisation,
                            date=_planned_on(phase, start, t + s),
                            kind=Consultation.Kind.PLANNING_MEETING,
                        )
                _move_to(project, phase)
            count += 1
    return count + load_current_projects(orgs, subregions)


# The current period: each sub-region plans a project in 2025 (running since) and one in 2026
# (half of them running since September, the rest still planning), with experts from other
# organisations consulted (synthetic).
CURRENT_THEMES = [
    (2025, "Vihreä siirtymä {area}", "VIHREA", "Yritysten vihreän siirtymän investoinnit."),
    (2026, "Osaajat seudulle {area}", "OSAAJA", "Työvoiman saatavuus ja osaajien houkuttelu."),
]
CONSULTED = ["JAMK", "JY", "Gradia", "TE-keskus", "KSL"]
# Outside consultations while planning, per year; Saarijärvi–Viitasaari is short in 2026.
CONSULTATIONS = {2025: 2, 2026: 3}
SHORT = {("138", 2026): 2}


def load_current_projects(orgs: dict[str, Organisation], subregions: dict[str, Region]) -> int:
    measure = Measure.objects.filter(goal__priority__period__code="2025-2027", number="2.1").first()
    experts = {
        short: Person.objects.filter(affiliations__organisation__short_name=short)
        .order_by("pk")
        .first()
        for short in CONSULTED
    }
    count = 0
    today = timezone.localdate()
    for s, (code, lead_short) in enumerate(DEV_COMPANY.items()):
        region, lead = subregions.get(code), orgs.get(lead_short)
        if region is None or lead is None:
            continue
        for year, name, acronym, summary in CURRENT_THEMES:
            runs = datetime.date(year, 9, 1) <= today and (year == 2025 or s % 2 == 0)
            project = services.create_project(
                actor=DEMO,
                lead=lead,
                phase=Phase.PLANNING,
                name=name.format(area=region.name_fi),
                acronym=f"{acronym}-{code}",
                summary_fi=summary,
                synthetic=True,
                start=datetime.date(year, 9, 1) if runs else None,
                sub_regions=[region],
                measures=[measure] if measure else [],
            )
            wanted = SHORT.get((code, year), CONSULTATIONS[year])
            for n in range(wanted):
                expert = experts[CONSULTED[(s + n) % len(CONSULTED)]]
                if expert is None:
                    continue
                services.record_consultation(
                    project,
                    actor=DEMO,
                    person=expert,
                    organisation=orgs[CONSULTED[(s + n) % len(CONSULTED)]],
                    date=datetime.date(year, 2 + 2 * n, 10 + s),
                    kind=Consultation.Kind.PLANNING_MEETING,
                )
            if runs:
                _move_to(project, Phase.RUNNING)
            count += 1
    return count


def _planned_on(phase: str, start: datetime.date, k: int) -> datetime.date:
    """When a demo project's planning meeting was held: two months before it started, or for a
    project still being planned, during the current period (2025–2026)."""
    if phase == Phase.PLANNING:
        return datetime.date(2025 + k % 2, 1 + (3 * k) % 9, 15)
    return start - datetime.timedelta(days=60)


# A demo project that runs without a consultation outside its lead says why.
EARLIER_PLANNING = "Suunniteltu ennen kuin konsultoinnit kirjattiin Optiimiin"


def _move_to(project: Project, phase: str) -> None:
    """Take a project planned in the demo to the phase it has reached, by the phase rules."""
    if phase in (Phase.IDEA, Phase.PLANNING):
        return
    outside = services.has_outside_consultation(project)
    services.change_phase(
        project,
        phase,
        actor=DEMO,
        exception="" if outside else EARLIER_PLANNING,
        date=project.end if phase == Phase.CLOSED and project.end else project.start,
    )


def generate_projects(count: int, seed: int = 1) -> int:
    """Many synthetic projects quickly (bulk insert) for benchmarks at scale."""
    rng = random.Random(seed)
    orgs = list(Organisation.objects.values_list("pk", flat=True))
    regions = list(Region.objects.filter(level="seutukunta"))
    labels = list(Competence.objects.values_list("label_fi", flat=True))
    batch = []
    for i in range(count):
        name, acronym, fi, en, _codes = THEMES[rng.randrange(len(THEMES))]
        region = rng.choice(regions)
        extra = ", ".join(rng.sample(labels, 3))
        batch.append(
            Project(
                name=name.format(area=region.name_fi) + f" {i + 1}",
                acronym=f"{acronym}{i + 1}",
                summary_fi=f"{fi} Painopisteet: {extra}.",
                summary_en=en,
                lead_id=rng.choice(orgs),
                synthetic=True,
                phase=rng.choice([Phase.IDEA, Phase.PLANNING, Phase.RUNNING, Phase.CLOSED]),
            )
        )
    writes.bulk_create(Project, batch, actor=DEMO, batch_size=2000)
    return count
