"""Ties for the demo's collaboration network that the platform's own records do not make: a
dozen synthetic Joutsa companies and their ties at the seed's start and this year, imported as
ties that happened outside the platform (`collaboration.import_ties`, marked synthetic).

At the seed's start the companies work with the sub-region's development company and the
municipality, and two of them with the vocational college; this year nine of them have a
project with the university of applied sciences, five consulted the vocational college and
three attended the university's event. So the Joutsa sub-region's bridging share rises from
the first year to this one clearly enough for the permutation test to call it unlikely to be
chance — the pattern the seed claims, visible on the bridging page's default comparison.
"""

from __future__ import annotations

from django.utils import timezone

from optiimi.collaboration import services as collaboration
from optiimi.core.writes import System
from optiimi.network import services as network
from optiimi.network.models import Organisation
from optiimi.regions.models import Region

DEMO = System("demo")

SUBREGION = "132"  # Joutsa
MUNICIPALITY = "172"  # Joutsa
COMPANIES = 12
NAME = "Joutsan demoyritys {:02d} Oy"
FIRST_YEAR = 2004  # the seed's start: the demo ledger's first year
DEVELOPMENT = "JoSK"
MUNICIPALITY_ORG = "Joutsan kunta"
UAS, VOCATIONAL, UNIVERSITY = "JAMK", "Gradia", "JY"
# this year: companies (1-based) with a project with the UAS, a consultation with the
# vocational college, and at the university's event (attendance weighs a quarter)
WITH_UAS = range(1, 10)
WITH_VOCATIONAL = range(1, 6)
AT_UNIVERSITY = (1, 4, 7)
# at the seed's start: companies with a project with the vocational college
EARLY_VOCATIONAL = (1, 2)


def this_year() -> int:
    return timezone.localdate().year


def company_names() -> list[str]:
    return [NAME.format(n) for n in range(1, COMPANIES + 1)]


def rows() -> list[dict[str, str]]:
    """The imported ties, as `optiimi import ties` would read them from a file."""
    out = []

    def tie(a: str, b: str, year: int, kind: str, weight: str = "") -> None:
        out.append(
            {"organisation_a": a, "organisation_b": b, "year": str(year), "kind": kind}
            | ({"weight": weight} if weight else {})
        )

    now = this_year()
    for n, company in enumerate(company_names(), start=1):
        tie(company, DEVELOPMENT, FIRST_YEAR, "project")
        tie(company, MUNICIPALITY_ORG, FIRST_YEAR, "other")
        if n in EARLY_VOCATIONAL:
            tie(company, VOCATIONAL, FIRST_YEAR, "project")
        tie(company, DEVELOPMENT, now, "project")
        if n in WITH_UAS:
            tie(company, UAS, now, "project")
        if n in WITH_VOCATIONAL:
            tie(company, VOCATIONAL, now, "consultation")
        if n in AT_UNIVERSITY:
            tie(company, UNIVERSITY, now, "event", "0.25")
    return out


def load() -> None:
    """Idempotent: the companies are created once, the ties imported again change nothing."""
    home = Region.objects.filter(level="kunta", code=MUNICIPALITY).first()
    if home is None or not Organisation.objects.filter(short_name=DEVELOPMENT).exists():
        return
    existing = set(Organisation.objects.filter(synthetic=True).values_list("name", flat=True))
    for name in company_names():
        if name not in existing:
            network.create_organisation(
                actor=DEMO, name=name, kind="company", home_municipality=home, synthetic=True
            )
    collaboration.import_ties(enumerate(rows(), start=2), actor=DEMO, synthetic=True)
