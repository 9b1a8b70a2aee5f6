"""Synthetic but plausible statistics for Central Finland 2000–2025, labelled synthetic.

Municipal population follows each municipality's rough real size and direction (Jyväskylä and
its neighbours grow, the north-west shrinks); employment and unemployment follow the national
business cycle (2009 and 2020 dips). Sub-region, region and whole-country figures are sums or
population-weighted means of the municipal ones (the country is scaled from the region).
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.utils import timezone

from optiimi.core.writes import System
from optiimi.demo import facts
from optiimi.foresight import jobs as foresight_jobs
from optiimi.foresight import services
from optiimi.foresight.models import DashboardView, ImportRun, Indicator
from optiimi.foresight.sources import IndicatorMeta, Row
from optiimi.regions.models import Region

DEMO = System("demo")

SEED = 2006
YEARS = list(range(2000, 2026))
# The source is named as it is; pages add "synthetic" in the reader's language (`source_of`).
SOURCE = "Optiimi demo"
# rough population in 2000 and yearly growth per municipality
SIZE = {
    "179": (118_000, 0.011),
    "410": (16_000, 0.008),
    "500": (8_600, 0.012),
    "992": (21_500, -0.006),
    "182": (25_000, -0.011),
    "249": (11_300, -0.012),
    "729": (11_000, -0.012),
    "931": (8_400, -0.014),
    "077": (6_000, -0.010),
    "592": (3_600, 0.002),
    "850": (4_200, 0.006),
    "892": (3_400, 0.004),
    "172": (5_400, -0.011),
    "601": (5_400, -0.014),
    "226": (4_900, -0.012),
    "275": (3_100, -0.011),
    "216": (2_000, -0.017),
    "256": (2_000, -0.014),
    "265": (1_400, -0.016),
    "312": (1_700, -0.012),
    "435": (900, -0.012),
    "495": (2_100, -0.013),
}
CYCLE = {
    2001: 0.3,
    2002: 0.2,
    2008: -0.6,
    2009: 2.6,
    2010: 2.0,
    2013: 0.8,
    2015: 1.5,
    2016: 1.0,
    2020: 2.2,
    2021: 1.0,
    2023: 0.6,
    2024: 1.6,
    2025: 1.8,
}
INDUSTRIES = [("C", 0.34), ("F", 0.12), ("G", 0.24), ("J", 0.07), ("M", 0.08), ("Q", 0.06)]

INDICATORS = [
    IndicatorMeta("demo.population", "Väkiluku", "Population", "persons", SOURCE),
    IndicatorMeta("demo.employed", "Työlliset", "Employed", "persons", SOURCE),
    IndicatorMeta("demo.unemployment_rate", "Työttömyysaste", "Unemployment rate", "%", SOURCE),
    IndicatorMeta("demo.establishments", "Toimipaikat", "Establishments", "count", SOURCE),
    IndicatorMeta(
        "demo.turnover", "Liikevaihto toimialoittain", "Turnover by industry", "EUR million", SOURCE
    ),
]


def _municipal(rng: random.Random) -> dict[str, dict[str, list[float]]]:
    out: dict[str, dict[str, list[float]]] = {}
    for code, (size, growth) in SIZE.items():
        pop: list[float] = []
        emp: list[float] = []
        unemp: list[float] = []
        est: list[float] = []
        base_unemp = 11.0 + (3.0 if growth < 0 else 0.0) + rng.uniform(-1.5, 1.5)
        level = float(size)
        for i, year in enumerate(YEARS):
            level *= 1 + growth + rng.gauss(0, 0.002)
            rate = max(3.0, base_unemp - 0.2 * i + 1.6 * CYCLE.get(year, 0.0) + rng.gauss(0, 0.4))
            pop.append(round(level))
            active = level * (0.50 - 0.002 * i if growth < 0 else 0.51)
            emp.append(round(active * (1 - rate / 100)))
            unemp.append(round(rate, 1))
            est.append(round(level * (0.062 + 0.0004 * i) * (1 + rng.gauss(0, 0.01))))
        out[code] = {
            "population": pop,
            "employed": emp,
            "unemployment_rate": unemp,
            "establishments": est,
        }
    return out


def rows(seed: int = SEED) -> list[Row]:
    rng = random.Random(seed)
    towns = _municipal(rng)
    areas: dict[str, list[str]] = {f"KU{c}": [c] for c in towns}
    for sub, *_names in facts.SUBREGIONS:
        areas[f"SK{sub}"] = [m for m, _fi, _sv, s in facts.MUNICIPALITIES if s == sub]
    areas[f"MK{facts.REGION[0]}"] = list(towns)
    out: list[Row] = []
    for area, members in areas.items():
        for i, year in enumerate(YEARS):
            pop = sum(towns[m]["population"][i] for m in members)
            values = {
                "population": pop,
                "employed": sum(towns[m]["employed"][i] for m in members),
                "unemployment_rate": round(
                    sum(
                        towns[m]["unemployment_rate"][i] * towns[m]["population"][i]
                        for m in members
                    )
                    / pop,
                    1,
                ),
                "establishments": sum(towns[m]["establishments"][i] for m in members),
            }
            for name, value in values.items():
                out.append(Row(f"demo.{name}", area, "", str(year), "", float(value), "ok", ""))
            if area.startswith(("SK", "MK")):
                for tol, share in INDUSTRIES:
                    turnover = (
                        pop
                        * 0.06
                        * share
                        * (1.025**i)
                        * (1 - 0.04 * CYCLE.get(year, 0))
                        * (1 + rng.gauss(0, 0.03))
                    )
                    status = "preliminary" if year == YEARS[-1] else "ok"
                    out.append(
                        Row(
                            "demo.turnover",
                            area,
                            tol,
                            str(year),
                            "",
                            round(turnover, 1),
                            status,
                            "",
                        )
                    )
    # the whole country: the region is about 4.9 % of Finland, with a milder cycle
    for i, year in enumerate(YEARS):
        pop = 5_181_000 * (1.0026**i) + (40_000 if year >= 2022 else 0)
        rate = 9.8 - 0.15 * i + 1.2 * CYCLE.get(year, 0.0)
        for name, value in (
            ("population", round(pop)),
            ("employed", round(pop * 0.47 * (1 - rate / 100))),
            ("unemployment_rate", round(rate, 1)),
            ("establishments", round(pop * 0.066 + 300 * i)),
        ):
            out.append(Row(f"demo.{name}", "SSS", "", str(year), "", float(value), "ok", ""))
    return out


#: The key of the demo's forecast job (`optiimi demo` prints its page).
FORECAST_JOB = "demo.forecasts"


def load_foresight(seed: int = SEED, *, queue_forecasts: bool = False) -> None:
    """Idempotent: re-running changes nothing (the same seed gives the same figures).
    The forecasts are made here, or with `queue_forecasts` by a forecast job that a worker
    runs once the demo is in (the demo then loads in about a minute less)."""
    if Indicator.objects.filter(code="demo.population").exists():
        return
    services.import_observations(INDICATORS, rows(seed), source="demo", format="demo", actor=DEMO)
    services.mark_synthetic(Indicator.objects.filter(code__startswith="demo."), actor=DEMO)
    areas = [f"SK{c}" for c, *_ in facts.SUBREGIONS] + [f"MK{facts.REGION[0]}", "SSS"]
    indicators = (
        Indicator.objects.filter(code__startswith="demo.")
        .exclude(code="demo.turnover")
        .order_by("code")
    )
    if queue_forecasts:
        codes = list(indicators.values_list("code", flat=True))
        foresight_jobs.forecast(codes, areas=areas, actor=DEMO, key=FORECAST_JOB)
        return
    for indicator in indicators:
        services.forecast_indicator(indicator, areas=areas, n_jobs=1, actor=DEMO)


def load_barometer(seed: int = SEED) -> None:
    """Two closed rounds (autumn 2024, spring 2025) answered by the demo's members, and one
    under way (opened two weeks ago, closing in two) that some of the invited have answered.
    Spring 2025 also asks the occupation outlook questions (`OCCUPATION_THEMES`), answered after
    `OCCUPATION_OUTLOOK`; their shortages become competence needs."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from optiimi.core import writes
    from optiimi.foresight.models import BarometerRound, Horizon
    from optiimi.network.models import Role
    from optiimi.regions.models import Region

    if BarometerRound.objects.exists():
        return
    coordinator = get_user_model().objects.filter(is_superuser=True).first() or next(
        (r.user for r in Role.objects.select_related("user") if r.kind == "coordinator"), None
    )
    raters = [r.user for r in Role.objects.select_related("user")]
    if coordinator is None or not raters:
        return
    rng = random.Random(seed)
    # the occupation answers draw from their own sequence: the other answers stay as they were
    occupation_rng = random.Random(seed + 1)
    subs = list(Region.objects.subregions().filter(parent__code=facts.REGION[0]))
    today = timezone.localdate()
    current = (
        f"{'Kevät' if today.month < 7 else 'Syksy'} {today.year}",
        today - datetime.timedelta(days=14),
        today + datetime.timedelta(days=14),
        0.0,
    )
    for name, opens, closes, mood in (
        ("Syksy 2024", datetime.date(2024, 9, 1), datetime.date(2024, 9, 30), -0.4),
        ("Kevät 2025", datetime.date(2025, 3, 1), datetime.date(2025, 3, 31), 0.2),
        current,
    ):
        ongoing = closes >= today
        # the occupation questions come after the default themes (made by the first round)
        occupations = _occupation_themes(coordinator) if name == "Kevät 2025" else []
        # A past round is answered first and given its closing day after (answers are taken
        # only while a round is open).
        round_ = services.open_round(
            actor=coordinator,
            name=name,
            opens=opens,
            closes=closes if ongoing else None,
            invitees=raters,
            themes=DEFAULT_THEME_CODES + occupations,
        )
        round_.invited_at = timezone.make_aware(datetime.datetime.combine(opens, datetime.time(9)))
        round_.synthetic = True  # answered by the demo's made-up members
        writes.save(round_, actor=coordinator)
        for theme in round_.themes.all():
            if theme.is_occupation:
                _answer_occupation(round_, theme, subs, raters, occupation_rng)
                continue
            for sub in subs:
                lean = mood + (0.5 if sub.code == "131" else -0.2)
                # The round under way has answers from some of the invited so far.
                count = 1 if ongoing else 4
                for rater in rng.sample(raters, min(count, len(raters))):
                    for horizon in Horizon.values:
                        score = max(-2, min(2, round(rng.gauss(lean, 0.9))))
                        if theme.code == "unemployment":
                            score = -score  # more unemployment is a worse outlook
                        services.answer(
                            actor=rater,
                            round=round_,
                            subregion=sub,
                            theme=theme,
                            horizon=horizon,
                            score=score,
                        )
        if not ongoing:
            services.close_round(actor=coordinator, round=round_)
            round_.closes = closes
            writes.save(round_, actor=coordinator)


DEFAULT_THEME_CODES = [code for code, *_names in services.DEFAULT_THEMES]

# code, Finnish name, English name, occupation (Ammattiluokitus 2010)
OCCUPATION_THEMES = [
    (
        "ammatti-7223",
        "Koneenasettajat ja koneistajat",
        "Machine-tool setters and operators",
        "7223",
    ),
    ("ammatti-5321", "Lähihoitajat", "Practical nurses", "5321"),
    ("ammatti-2512", "Sovellussuunnittelijat", "Software developers", "2512"),
    ("ammatti-6210", "Metsurit ja metsätyöntekijät", "Forestry workers", "6210"),
]
# The answers' centre per sub-region and occupation (2 clear shortage … −2 clear surplus);
# those not named lean to balance.
OCCUPATION_OUTLOOK = {
    "131": {"2512": 1.2, "5321": 1.5},
    "133": {"7223": 1.0, "6210": 0.8},
    "134": {"7223": 1.8, "5321": 1.2},
    "135": {"7223": 1.5, "6210": 1.0},
    "138": {"6210": 1.3, "5321": 1.0},
}


def _occupation_themes(coordinator: Any) -> list[str]:
    from optiimi.foresight.models import BarometerTheme

    for code, fi, en, occupation in OCCUPATION_THEMES:
        if not BarometerTheme.objects.filter(code=code).exists():
            services.create_theme(
                actor=coordinator, code=code, name_fi=fi, name_en=en, occupation=occupation
            )
    return [code for code, *_rest in OCCUPATION_THEMES]


def _answer_occupation(
    round_: Any, theme: Any, subs: list[Region], raters: list[Any], rng: random.Random
) -> None:
    """Four members answer each sub-region's occupation question for every horizon."""
    from optiimi.foresight.models import Horizon

    for sub in subs:
        centre = OCCUPATION_OUTLOOK.get(sub.code, {}).get(theme.occupation, 0.0)
        for rater in rng.sample(raters, min(4, len(raters))):
            for horizon in Horizon.values:
                services.answer(
                    actor=rater,
                    round=round_,
                    subregion=sub,
                    theme=theme,
                    horizon=horizon,
                    score=max(-2, min(2, round(rng.gauss(centre, 0.7)))),
                )


SIGNALS = [
    ("Etätyö tuo paluumuuttajia pieniin kuntiin", "asuminen, työ"),
    ("Vetytalouden investoinnit Äänekosken tehdasalueelle", "energia, teollisuus"),
    ("Metsäteollisuuden sivuvirroista uusia tekstiilikuituja", "biotalous"),
    ("Tekoäly muuttaa tilitoimistojen työtä", "osaaminen, palvelut"),
    ("Kansainväliset opiskelijat jäävät alueelle töihin", "työvoima, koulutus"),
    ("Hoitajapula siirtää palveluja verkkoon", "sosiaali- ja terveys"),
    ("Sähkön hintapiikit kannustavat paikalliseen tuotantoon", "energia"),
    ("Kyläkoulujen tilat yrittäjien etätyöpisteiksi", "asuminen, yrittäjyys"),
    ("Droonit maa- ja metsätalouden apuna", "teknologia, biotalous"),
    ("Puurakentaminen kasvaa julkisissa hankkeissa", "rakentaminen"),
    ("Nuorten kiinnostus ammatilliseen koulutukseen kasvaa", "koulutus"),
    ("Matkailu kääntyy luontoon ja hiljaisuuteen", "matkailu"),
    ("Ikääntyneiden yrittäjien yrityksille ei löydy jatkajia", "yrittäjyys"),
    ("Datakeskukset hakevat hukkalämmön käyttäjiä", "energia, digitalous"),
    ("Kiertotalouden vaatimukset EU:n hankinnoissa", "kiertotalous"),
    ("Vesistöjen tila nousee investointipäätösten ehdoksi", "ympäristö"),
    ("Junayhteyksien paraneminen lyhentää työmatkoja", "liikenne"),
    ("Pienet kunnat yhdistävät elinvoimapalvelunsa", "hallinto"),
    ("Maahanmuuttajien yrittäjyys kasvaa palvelualoilla", "yrittäjyys, työvoima"),
    ("Pelialan yritykset pysyvät Jyväskylässä", "digitalous"),
    ("Ilmastoriskit nostavat metsävakuutusten hintoja", "biotalous, ympäristö"),
    ("Oppisopimuksen suosio kasvaa aikuisilla", "koulutus"),
    ("Vapaa-ajan asukkaat kuntien palvelujen käyttäjinä", "asuminen"),
    ("Kyberturvallisuusosaamisen kysyntä pk-yrityksissä", "osaaminen, digitalous"),
    ("Ruoantuotannon huoltovarmuus nousee agendalle", "ruoka"),
    ("Akkumateriaalien kierrätys tulee alueelle", "teollisuus, kiertotalous"),
    ("Kaupan ketjut sulkevat pieniä myymälöitä", "palvelut"),
    ("Hyvinvointialue keskittää palveluja keskuksiin", "sosiaali- ja terveys"),
    ("Nuoret perheet muuttavat kehyskuntiin", "asuminen"),
    ("Mikrotutkinnot korvaavat pitkiä täydennyskoulutuksia", "koulutus, osaaminen"),
]


def load_signals(seed: int = SEED) -> None:
    """About thirty synthetic weak signals, rated by the demo's members."""
    from optiimi.foresight.models import WeakSignal
    from optiimi.network.models import Role
    from optiimi.regions.models import Region

    if WeakSignal.objects.exists():
        return
    members = [r.user for r in Role.objects.select_related("user")]
    if not members:
        return
    rng = random.Random(seed)
    subs = list(Region.objects.subregions().filter(parent__code=facts.REGION[0]))
    for i, (title, themes) in enumerate(SIGNALS):
        author = members[i % len(members)]
        signal = services.note_signal(
            actor=author,
            title=title,
            themes=themes,
            horizon_years=rng.choice([3, 5, 10, 15]),
            description=f"{title}. Havainto verkoston tapaamisesta (synteettinen esimerkki).",
            subregions=rng.sample(subs, rng.randint(1, 3)),
            source="Optiimi demo",
            synthetic=True,
        )
        impact_base = rng.randint(2, 5)
        for rater in rng.sample(members, min(len(members), rng.randint(2, 5))):
            services.rate_signal(
                actor=rater,
                signal=signal,
                impact=max(1, min(5, impact_base + rng.choice([-1, 0, 0, 1]))),
                likelihood=rng.randint(1, 5),
            )
        if i % 4 == 0:
            services.comment_signal(
                actor=members[(i + 1) % len(members)],
                signal=signal,
                text="Tätä kannattaa seurata seutukuntien kokouksissa.",
            )


UPDATE_SOURCE = "Optiimi demo: quarterly update (synthetic)"


def load_foresight_use(seed: int = SEED) -> None:
    """The use of the foresight system in the current period (synthetic): views of each
    sub-region's dashboard, as monthly counts, and the store's quarterly statistics updates.
    Idempotent. Saarijärvi–Viitasaari looks at its dashboard less often than the others."""
    today = timezone.localdate()
    if not DashboardView.objects.exists():
        rng = random.Random(seed)
        for region in Region.objects.subregions().filter(
            code__in=[c for c, *_ in facts.SUBREGIONS]
        ):
            for year in range(2025, today.year + 1):
                for month in range(1, 13):
                    day = datetime.date(year, month, 15)
                    if day > today:
                        break
                    n = rng.randint(1, 4) if region.code == "138" else rng.randint(3, 8)
                    services.count_dashboard_view(region, date=day, n=n)
    if ImportRun.objects.filter(source=UPDATE_SOURCE).exists():
        return
    country = [r for r in rows(seed) if r.area == "SSS"]
    tz = timezone.get_current_timezone()
    for year in range(2025, today.year + 1):
        for month in (2, 5, 8, 11):
            at = datetime.datetime(year, month, 15, 10, tzinfo=tz)
            if at > timezone.now():
                break
            run = services.import_observations(
                INDICATORS, country, source=UPDATE_SOURCE, format="demo", actor=DEMO
            )
            # The demo's updates happened over the period: date the run to its quarter (an
            # import run's provenance has no history; its time is stamped on creation).
            ImportRun.objects.filter(pk=run.pk).update(imported_at=at)
