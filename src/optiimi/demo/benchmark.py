"""Synthetic Central Finland companies 2000–2025 with the Joutsa pilot cohort (2004–2006).

Every company and figure here is synthetic and labelled so. The Joutsa pilot companies' annual
turnover growth is raised by JOUTSA_EFFECT log points ×100 a year during the pilot years, so the
pilot page can show that the estimate recovers a known effect.
"""

from __future__ import annotations

import numpy as np

from optiimi.benchmark import services
from optiimi.benchmark.models import Cohort, Company, Financials
from optiimi.benchmark.tol import DEMO_DIVISIONS, section_of
from optiimi.core import writes
from optiimi.core.writes import System
from optiimi.core.ytunnus import check_digit
from optiimi.network.models import Organisation
from optiimi.projects.models import Project
from optiimi.regions.models import Region

DEMO = System("demo")

YEARS = range(2000, 2026)
N_COMPANIES = 2000
JOUTSA_CODE = "172"
JOUTSA_COHORT = 30
PILOT_START, PILOT_END = 2004, 2006
JOUTSA_EFFECT = 4.0  # log points ×100 a year, during the pilot years
PILOT_CLAIM = "Joutsan pk-yritysten liikevaihto kasvoi toimialaansa nopeammin"
COHORT_PREFIX = "Joutsan pilotti"
JOUTSA_COHORT_NAME = "Joutsan seudun pilotti 2004–2006"
JOUTSA_LEAD, JOUTSA_PROJECT = "JoSK", "JOUTSA"  # organisation short name, project acronym
JOUTSA_DESCRIPTION = (
    "Joutsan seudun pilottiin osallistuneet 30 synteettistä yritystä. Niiden liikevaihdon "
    "kasvuun lisättiin pilottivuosina 2004–2006 tunnettu vaikutus, 4 prosenttiyksikköä "
    "vuodessa, jotta arvion voi tarkistaa."
)


def synthetic_business_ids(n: int, start: int = 3_100_000) -> list[str]:
    ids: list[str] = []
    body = start
    while len(ids) < n:
        digits = f"{body:07d}"
        c = check_digit(digits)
        if c is not None:
            ids.append(f"{digits}-{c}")
        body += 1
    return ids


def joutsa_cohort() -> list[str]:
    return list(
        Company.objects.filter(synthetic=True, name__startswith=COHORT_PREFIX).values_list(
            "business_id", flat=True
        )
    )


@writes.acting(DEMO)
def load_companies(seed: int = 2006, n: int = N_COMPANIES, years: range = YEARS) -> int:
    """Idempotent: does nothing when synthetic companies exist. Bulk inserts (a few seconds)."""
    services.define_industries(actor=DEMO)
    if Company.objects.filter(synthetic=True).exists():
        return 0
    rng = np.random.default_rng(seed)
    munis = list(Region.objects.municipalities())
    joutsa = next(m for m in munis if m.code == JOUTSA_CODE)
    others = [m for m in munis if m.code != JOUTSA_CODE]
    divisions = list(DEMO_DIVISIONS)
    ids = synthetic_business_ids(n)
    n_joutsa = JOUTSA_COHORT + 20
    companies = []
    for i, bid in enumerate(ids):
        tol2 = divisions[int(rng.integers(len(divisions)))]
        code = tol2 + f"{int(rng.integers(1, 4))}{int(rng.integers(0, 3))}0"
        muni = joutsa if i < n_joutsa else others[int(rng.integers(len(others)))]
        name = (
            f"{COHORT_PREFIX} {i + 1:02d} Oy"
            if i < JOUTSA_COHORT
            else f"Synteettinen yritys {i + 1:04d} Oy"
        )
        companies.append(
            Company(
                business_id=bid,
                name=name,
                tol=code,
                section=section_of(code) or "",
                municipality=muni,
                synthetic=True,
            )
        )
    services.add_companies(companies, actor=DEMO)
    companies = list(Company.objects.filter(synthetic=True).order_by("business_id"))
    level = rng.normal(13.0, 1.1, n)  # log turnover, ~ 440 k€ median
    per_euro = np.exp(rng.normal(np.log(1 / 90_000), 0.3, n))
    trend = {d: rng.normal(2.0, 1.5) for d in divisions}
    ind = np.array([trend[c.tol[:2]] for c in companies])
    cohort = np.array([c.name.startswith(COHORT_PREFIX) for c in companies])
    shocks = rng.normal(0, 3.0, len(years))
    lt = level.copy()
    for k, year in enumerate(years):
        if k:
            g = ind + shocks[k] + rng.normal(0, 7.0, n)
            g += np.where(cohort & (PILOT_START <= year <= PILOT_END), JOUTSA_EFFECT, 0.0)
            lt = lt + g / 100
        turnover = np.exp(lt)
        personnel = np.maximum(1, np.round(turnover * per_euro, 1))
        profit = turnover * rng.normal(0.06, 0.05, n)
        rows = [
            Financials(
                company=c,
                year=year,
                turnover=round(float(turnover[j])),
                personnel=float(personnel[j]),
                operating_profit=round(float(profit[j])),
            )
            for j, c in enumerate(companies)
        ]
        services.add_financials(rows, actor=DEMO)
    return len(companies)


@writes.acting(DEMO)
def load_joutsa_cohort() -> Cohort | None:
    """The Joutsa pilot companies as a cohort of the pilot's lead, linked to the pilot project
    when the demo projects are loaded. Idempotent; None when the companies are not loaded."""
    project = Project.objects.filter(acronym=JOUTSA_PROJECT).first()
    existing = Cohort.objects.filter(name=JOUTSA_COHORT_NAME).first()
    if existing is not None:
        if existing.project is None and project is not None:
            services.update_cohort(existing, actor=DEMO, project=project)
        return existing
    companies = list(Company.objects.filter(business_id__in=joutsa_cohort()))
    organisation = Organisation.objects.filter(short_name=JOUTSA_LEAD).first() or (
        project.lead if project else None
    )
    if not companies or organisation is None:
        return None
    return services.create_cohort(
        actor=DEMO,
        companies=companies,
        name=JOUTSA_COHORT_NAME,
        start_year=PILOT_START,
        pre_years=4,
        post_years=PILOT_END - PILOT_START + 1,
        claim=PILOT_CLAIM,
        description=JOUTSA_DESCRIPTION,
        organisation=organisation,
        project=project,
        synthetic=True,
    )


SCALES = {"demo": N_COMPANIES, "region": 20_000, "national": 400_000}


def generate(scale: str, seed: int) -> int:
    """Synthetic companies at a scale (national: 400,000 × 10 years, bulk inserted per year)."""
    years = YEARS if scale == "demo" else range(2016, 2026)
    return load_companies(seed=seed, n=SCALES[scale], years=years)
