"""Competence needs from every source for the demo, all synthetic and all for 2025, so that the
gaps page shows several sources side by side: open vacancies by occupation in the foresight
store (a made-up table shaped like Statistics Finland's `statfin_tyonv_pxt_12ti`), a few
service requests whose need an advisor read as an education field, and companies' answers to
the needs survey. The barometer's occupation questions are answered in
`demo.foresight.load_barometer`. Last, guidance collects them all."""

from __future__ import annotations

import datetime
import random
import zoneinfo

from optiimi.core.writes import System
from optiimi.demo import facts
from optiimi.foresight import services as foresight
from optiimi.foresight.models import Indicator
from optiimi.foresight.sources import IndicatorMeta, Row
from optiimi.guidance import services as guidance
from optiimi.guidance.models import SurveyInvitation
from optiimi.regions.models import Level, Region
from optiimi.services import services as promise
from optiimi.services.models import Case

DEMO = System("demo")
HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")
SEED = 2025

VACANCIES = IndicatorMeta(
    "demo.tyonv_12ti.AVPAIKATLOPUSSA",
    "Avoimet työpaikat kuukauden lopussa ammattiryhmittäin (synteettinen)",
    "Open vacancies at the month's end by occupation group (synthetic)",
    "count",
    "Optiimi demo (synthetic), in the shape of Statistics Finland's employment service statistics",
    table_id="statfin_tyonv_pxt_12ti",
)
# sub-region -> occupation (Ammattiluokitus 2010) -> open vacancies on an average month in 2025
OPEN_VACANCIES = {
    "131": {"2512": 24, "5321": 30, "2221": 18, "7223": 6},
    "133": {"7223": 5, "8332": 3},
    "134": {"7223": 9, "5321": 6},
    "135": {"7223": 8, "8172": 4},
    "138": {"5321": 5, "6210": 4},
}

# company, municipality code, need, education field, day received
REQUESTS = [
    (
        "Jämsän Konepaja (synteettinen)",
        "182",
        "Tarvitsemme kaksi koneistajaa ja oppisopimusopiskelijan.",
        "072",
        "2025-02-11",
    ),
    (
        "Keuruun Metalli (synteettinen)",
        "249",
        "Hitsaajille tarvitaan täydennyskoulutusta robottihitsauksesta.",
        "071",
        "2025-03-18",
    ),
    (
        "Saarijärven Hoiva (synteettinen)",
        "729",
        "Etsimme lähihoitajia ja haluaisimme oppisopimuskoulutusta.",
        "091",
        "2025-04-02",
    ),
    (
        "Äänekosken Prosessi (synteettinen)",
        "992",
        "Prosessinhoitajia tarvitaan uuden linjan käynnistykseen.",
        "072",
        "2025-05-06",
    ),
    (
        "Jyväskylän Koodi (synteettinen)",
        "179",
        "Tarvitsemme ohjelmistokehittäjiä ja harjoittelijoita.",
        "061",
        "2025-08-19",
    ),
]

# company, sub-region, {field: people}, day answered (two years before the year asked about)
SURVEY = [
    ("Jämsän Puutuote (synteettinen)", "134", {"072": 4, "073": 2}, "2023-10-10"),
    ("Jyväskylän Ohjelmisto (synteettinen)", "131", {"061": 6, "041": 2}, "2023-10-12"),
    ("Saarijärven Metsäpalvelu (synteettinen)", "138", {"082": 3}, "2023-10-16"),
    ("Keuruun Laite (synteettinen)", "133", {"072": 3, "071": 2}, "2023-10-20"),
]


def _at(day: str, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.fromisoformat(day).replace(hour=hour, tzinfo=HELSINKI)


def load_vacancies(seed: int = SEED) -> None:
    if Indicator.objects.filter(code=VACANCIES.code).exists():
        return
    rng = random.Random(seed)
    rows = []
    for sub, by_occupation in OPEN_VACANCIES.items():
        for occupation, mean in by_occupation.items():
            for month in range(1, 13):
                value = max(0, round(rng.gauss(mean, mean * 0.2)))
                rows.append(
                    Row(
                        VACANCIES.code,
                        f"SK{sub}",
                        "",
                        f"2025-{month:02d}",
                        f"Ammattiryhmä={occupation}",
                        float(value),
                        "ok",
                        "",
                    )
                )
    foresight.import_observations([VACANCIES], rows, source="demo", format="demo", actor=DEMO)
    foresight.mark_synthetic(Indicator.objects.filter(code=VACANCIES.code), actor=DEMO)


def load_requests() -> None:
    """Requests answered and closed within days, each read as an education field."""
    if Case.objects.filter(synthetic=True, created__year=2025).exclude(education_field="").exists():
        return
    towns = {r.code: r for r in Region.objects.filter(level=Level.MUNICIPALITY)}
    for company, town, need, field, day in REQUESTS:
        case = promise.receive_request(
            actor=DEMO,
            company_name=company,
            contact_name="Synteettinen Yhteyshenkilö",
            email="yritys@example.invalid",
            municipality=towns[town],
            need=need,
            consent_to_share=True,
            at=_at(day),
            synthetic=True,
            mail=False,
        )
        promise.set_education_field(case, actor=DEMO, field=field)
        promise.respond(case, actor=DEMO, note="Soitettu", at=_at(day, 14))
        promise.close(case, actor=DEMO, outcome="plan", at=_at(day, 15))


def load_survey() -> None:
    if SurveyInvitation.objects.filter(synthetic=True).exists():
        return
    subs = {r.code: r for r in Region.objects.subregions()}
    for company, sub, answers, day in SURVEY:
        invitation = guidance.invite_to_survey(
            actor=DEMO,
            company_name=company,
            sub_region=subs[sub],
            at=_at(day) - datetime.timedelta(days=7),
            synthetic=True,
        )
        guidance.answer_survey(invitation, actor=guidance.COMPANY, answers=answers, at=_at(day))


def load(seed: int = SEED) -> None:
    """Idempotent: each part loads once, and collecting again changes nothing."""
    if not Region.objects.subregions().filter(parent__code=facts.REGION[0]).exists():
        return
    load_vacancies(seed)
    load_requests()
    load_survey()
    guidance.collect_needs(actor=DEMO)
