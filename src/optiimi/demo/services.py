"""The service promise for the demo: each member organisation's services for companies and a
year of synthetic service requests (about one a working day), filed, answered, referred,
accepted or declined and closed through the same services as real ones, at the times they
would have happened. All marked synthetic."""

from __future__ import annotations

import datetime
import random
import zoneinfo

from django.utils import timezone

from optiimi.core.writes import System
from optiimi.network.models import Organisation
from optiimi.regions.models import Level, Region
from optiimi.services import clock, services
from optiimi.services.models import Case, Service

DEMO = System("demo")
HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")
SUBREGIONS = ["131", "132", "133", "134", "135", "138"]

# organisation short name -> services: (name_fi, name_en, description_fi, first contact, plan)
CATALOGUE: dict[str, list[tuple[str, str, str, int, int]]] = {
    "JoSK": [
        (
            "Yritysneuvonta",
            "Business advice",
            "Maksutonta neuvontaa yrityksen perustamiseen, liiketoimintasuunnitelmaan, "
            "rahoitukseen ja kasvuun Joutsan seudulla.",
            2,
            10,
        ),
        (
            "Omistajanvaihdokset",
            "Changes of ownership",
            "Apua yrityksen myyntiin, ostoon ja sukupolvenvaihdokseen.",
            3,
            15,
        ),
    ],
    "JSK": [
        (
            "Kasvuyritysten palvelut",
            "Services for growth companies",
            "Kasvun suunnittelu, rahoitus, kansainvälistyminen ja vienti.",
            2,
            10,
        ),
    ],
    "KeSK": [
        (
            "Yrityspalvelut Keuruun seudulla",
            "Business services in the Keuruu sub-region",
            "Neuvontaa perustamiseen, rahoitukseen ja toimitiloihin.",
            2,
            10,
        ),
    ],
    "JAMK": [
        (
            "TKI-yhteistyö yrityksille",
            "RDI cooperation for companies",
            "Tutkimus- ja kehittämishankkeet, tuotekehitys, prototyypit ja digitalisaatio "
            "yhdessä ammattikorkeakoulun asiantuntijoiden kanssa.",
            3,
            15,
        ),
        (
            "Opiskelijaprojektit ja opinnäytetyöt",
            "Student projects and theses",
            "Opiskelijat ratkaisevat yrityksen kehittämistehtävän: markkinointi, "
            "tuotekehitys, logistiikka.",
            5,
            20,
        ),
    ],
    "JY": [
        (
            "Yrittäjyys ja tutkimusyhteistyö",
            "Entrepreneurship and research cooperation",
            "Tutkimusyhteistyö, tutkijoiden osaaminen ja yrittäjyyskoulutus.",
            5,
            20,
        ),
    ],
    "TE-keskus": [
        (
            "Rekrytointipalvelut",
            "Recruitment services",
            "Apua työntekijöiden rekrytointiin ja osaavan työvoiman löytämiseen.",
            2,
            10,
        ),
        (
            "Yrityksen kehittämisavustus",
            "Development grants for companies",
            "Rahoitus kehittämis- ja investointihankkeisiin, kansainvälistymiseen ja vientiin.",
            3,
            20,
        ),
    ],
    "Gradia": [
        (
            "Henkilöstökoulutus ja oppisopimus",
            "Staff training and apprenticeships",
            "Räätälöity koulutus henkilöstölle, oppisopimuskoulutus ja työvoiman osaaminen.",
            3,
            15,
        ),
    ],
}
NEEDS = [
    ("Haemme rahoitusta uuden tuotantolinjan investointiin.", "TE-keskus"),
    ("Tarvitsemme apua viennin aloittamiseen Ruotsiin.", None),
    ("Etsimme kahta osaavaa hitsaajaa ja mahdollisesti oppisopimusopiskelijaa.", "Gradia"),
    ("Haluaisimme kehittää uuden tuotteen prototyypin yhdessä korkeakoulun kanssa.", "JAMK"),
    ("Yrittäjä jää eläkkeelle, mietimme yrityksen myyntiä.", None),
    ("Perustamme yritystä ja tarvitsemme neuvoa liiketoimintasuunnitelmaan.", None),
    ("Tarvitsemme henkilöstölle digitaalisen markkinoinnin koulutusta.", "Gradia"),
    ("Verkkokauppamme tarvitsee opiskelijaprojektin markkinointiin.", "JAMK"),
    ("Tutkimusyhteistyö materiaalien kestävyydestä kiinnostaa.", "JY"),
    ("Kasvusuunnitelma ja rahoitus kansainvälistymiseen.", None),
]
COMPANY_WORDS = [
    "Puu",
    "Metalli",
    "Kivi",
    "Järvi",
    "Harju",
    "Mänty",
    "Koivu",
    "Salo",
    "Viher",
    "Paja",
    "Rakennus",
    "Kuljetus",
    "Sähkö",
    "Leipomo",
    "Teknik",
]
COMPANY_ENDS = ["Oy", "Ky", "Tmi", "Oy Ab"]


def load_catalogue() -> int:
    by_short = {o.short_name: o for o in Organisation.objects.filter(short_name__in=CATALOGUE)}
    count = 0
    for short, entries in CATALOGUE.items():
        organisation = by_short.get(short)
        if organisation is None:
            continue
        for name_fi, name_en, description, contact, plan in entries:
            if Service.objects.filter(organisation=organisation, name_fi=name_fi).exists():
                continue
            served = organisation.sub_regions.all()
            services.save_service(
                None,
                actor=DEMO,
                organisation=organisation,
                name_fi=name_fi,
                name_en=name_en,
                description_fi=description,
                target_group="Yritykset",
                channels="Puhelin\nVerkkolomake\nYrityskäynti",
                first_contact_days=contact,
                plan_days=plan,
                synthetic=True,
                sub_regions=served if served.exists() else Region.objects.subregions(),
            )
            count += 1
    return count


def _after(moment: datetime.datetime, working_days: int, rng: random.Random) -> datetime.datetime:
    day = clock.due_date(timezone.localdate(moment), working_days) or moment.date()
    return datetime.datetime.combine(
        day, datetime.time(rng.randint(8, 15), rng.randint(0, 59)), HELSINKI
    )


def load_requests(seed: int, *, days: int = 365) -> int:
    """About one request a working day over the past year; the newest are still open."""
    if Case.objects.filter(synthetic=True).exists():
        return 0
    rng = random.Random(seed + 15)
    now = timezone.now()
    municipalities = list(
        Region.objects.filter(level=Level.MUNICIPALITY, parent__code__in=SUBREGIONS)
    )
    organisations = {o.short_name: o for o in Organisation.objects.all()}
    services_by_org: dict[str, list[Service]] = {}
    for service in Service.objects.select_related("organisation"):
        services_by_org.setdefault(service.organisation.short_name, []).append(service)
    development = {
        code: organisations.get(s)
        for code, s in {
            "131": "JSK",
            "132": "JoSK",
            "133": "KeSK",
            "134": "JäSK",
            "135": "ÄSK",
            "138": "SVSK",
        }.items()
    }
    made = 0
    start = timezone.localdate(now) - datetime.timedelta(days=days)
    for offset in range(days):
        day = start + datetime.timedelta(days=offset)
        if not clock.is_working_day(day) or rng.random() < 0.1:
            continue
        municipality = rng.choice(municipalities)
        need, right = rng.choice(NEEDS)
        created = datetime.datetime.combine(
            day, datetime.time(rng.randint(7, 20), rng.randint(0, 59)), HELSINKI
        )
        # Most companies use the front door without choosing; some pick a service.
        chosen = None
        if right and rng.random() < 0.3 and services_by_org.get(right):
            chosen = rng.choice(services_by_org[right])
        middle = rng.choice(["tek", "palvelu", "työ", "tuote", ""])
        name = f"{rng.choice(COMPANY_WORDS)}{middle} {rng.choice(COMPANY_ENDS)}"
        case = services.receive_request(
            actor=DEMO,
            company_name=name,
            contact_name="Synteettinen Yhteyshenkilö",
            email=f"yritys{offset}@example.invalid",
            municipality=municipality,
            need=need,
            consent_to_share=True,
            service=chosen,
            at=created,
            synthetic=True,
            mail=False,
        )
        made += 1
        _course(case, right, organisations, services_by_org, development, rng, now)
    return made


def _course(case, right, organisations, services_by_org, development, rng, now) -> None:
    """What happened to one request, step by step, up to now."""
    moment = case.created
    late = rng.random() < 0.12  # a promise broken now and then
    contact = _after(
        moment, case.first_contact_days + (rng.randint(1, 3) if late else -rng.randint(0, 1)), rng
    )
    contact = max(contact, moment + datetime.timedelta(hours=1))
    if late and rng.random() < 0.6:
        announced = _after(moment, max(case.first_contact_days - 1, 0), rng)
        if moment < announced < min(contact, now):
            services.announce_delay(case, actor=DEMO, message="Vastaamme pian.", at=announced)
    if contact > now:
        return
    services.respond(case, actor=DEMO, note="Soitettu yritykselle.", at=contact)
    moment = contact
    target = organisations.get(right) if right else None
    if target is not None and target.pk != case.holder_id and case.consent_to_share:
        referred = moment + datetime.timedelta(hours=rng.randint(1, 30))
        if referred > now:
            return
        referral = services.refer(
            case, actor=DEMO, to=target, reason="Palvelu sopii paremmin.", at=referred
        )
        answered = referred + datetime.timedelta(hours=rng.randint(2, 60))
        if answered > now:
            return
        if rng.random() < 0.85:
            services.accept(referral, actor=DEMO, at=answered)
        else:
            services.decline(referral, actor=DEMO, reason="Ei resursseja nyt.", at=answered)
        moment = answered
    case.refresh_from_db()
    if rng.random() < 0.15:
        asked = moment + datetime.timedelta(hours=2)
        answered = asked + datetime.timedelta(days=rng.randint(2, 8))
        if answered > now:
            services.respond(case, actor=DEMO, waiting=True, at=asked)
            return
        services.respond(case, actor=DEMO, waiting=True, at=asked)
        services.resume(case, actor=DEMO, at=answered)
        moment = answered
    closed = _after(moment, rng.randint(2, case.plan_days + (4 if late else 0)), rng)
    if closed > now:
        return
    outcome = rng.choices(["helped", "plan", "no_need", "no_response"], [50, 30, 12, 8])[0]
    services.close(case, actor=DEMO, outcome=outcome, at=closed)


def load(seed: int) -> None:
    load_catalogue()
    load_requests(seed)
