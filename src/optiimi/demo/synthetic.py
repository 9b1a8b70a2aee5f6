"""Deterministic synthetic organisations and people at three scales, for benchmarks and load.

Everything made here is marked synthetic. Re-running with the same seed adds nothing: rows are
keyed by their generated Y-tunnus and e-mail address.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from optiimi.core import writes, ytunnus
from optiimi.core.writes import System
from optiimi.demo.people import make_person
from optiimi.network.models import Affiliation, Competence, Organisation, OrganisationKind, Person
from optiimi.regions.models import Region


@dataclass(frozen=True)
class Scale:
    organisations: int
    people: int


DEMO = System("demo")

SCALES = {
    "demo": Scale(organisations=40, people=150),
    "region": Scale(organisations=600, people=2_000),
    "national": Scale(organisations=6_000, people=20_000),
}
KIND_WEIGHTS = [
    (OrganisationKind.COMPANY, 60),
    (OrganisationKind.ASSOCIATION, 10),
    (OrganisationKind.DEVELOPMENT_COMPANY, 6),
    (OrganisationKind.MUNICIPALITY, 6),
    (OrganisationKind.VOCATIONAL, 5),
    (OrganisationKind.UAS, 3),
    (OrganisationKind.UNIVERSITY, 2),
    (OrganisationKind.EMPLOYMENT_OFFICE, 3),
    (OrganisationKind.FUNDER, 3),
    (OrganisationKind.OTHER, 2),
]
STEMS = [
    "Kasvu",
    "Metsä",
    "Järvi",
    "Tieto",
    "Valo",
    "Kivi",
    "Koski",
    "Tuuli",
    "Pelto",
    "Virta",
    "Salo",
    "Harju",
    "Niemi",
    "Lähde",
    "Kallio",
    "Ranta",
    "Vaara",
    "Laakso",
]
SUFFIXES = {
    OrganisationKind.COMPANY: ["Oy", "Tekniikka Oy", "Palvelut Oy", "Puu Oy", "Matkailu Oy"],
    OrganisationKind.ASSOCIATION: ["ry", "kehittämisyhdistys ry"],
    OrganisationKind.DEVELOPMENT_COMPANY: ["kehitys Oy"],
    OrganisationKind.MUNICIPALITY: ["kuntayhtymä"],
    OrganisationKind.VOCATIONAL: ["ammattiopisto"],
    OrganisationKind.UAS: ["ammattikorkeakoulu"],
    OrganisationKind.UNIVERSITY: ["yliopisto"],
    OrganisationKind.EMPLOYMENT_OFFICE: ["työllisyyspalvelut"],
    OrganisationKind.FUNDER: ["säätiö"],
    OrganisationKind.OTHER: ["osuuskunta"],
}


def business_ids(start: int) -> Iterator[str]:
    """Valid Y-tunnus values counted up from `start` (bodies with no valid check digit skipped)."""
    body = start
    while True:
        digit = ytunnus.check_digit(f"{body:07d}")
        if digit is not None:
            yield f"{body:07d}-{digit}"
        body += 1


@writes.acting(DEMO)
def generate(scale: str, seed: int = 1) -> tuple[int, int]:
    """Add the scale's organisations and people; returns how many of each were new."""
    size = SCALES[scale]
    rng = random.Random(seed)
    municipalities = list(Region.objects.municipalities().select_related("parent"))
    if not municipalities:
        raise ValueError("no municipalities: import regions or load the demo first")
    competences = {c.code: c for c in Competence.objects.all()}
    kinds, weights = zip(*KIND_WEIGHTS, strict=True)
    ids = business_ids(3_000_000 + seed * 100_000)
    existing_ids = set(
        Organisation.objects.filter(synthetic=True).values_list("business_id", flat=True)
    )
    new_orgs = []
    for n in range(size.organisations):
        kind = rng.choices(kinds, weights)[0]
        home = rng.choice(municipalities)
        business_id = next(ids)
        name = (
            f"{rng.choice(STEMS)}{rng.choice(STEMS).lower()} {rng.choice(SUFFIXES[kind])} {n + 1}"
        )
        if business_id in existing_ids:
            continue
        new_orgs.append(
            Organisation(
                name=name,
                business_id=business_id,
                kind=kind,
                home_municipality=home,
                synthetic=True,
            )
        )
    writes.bulk_create(Organisation, new_orgs, actor=DEMO, batch_size=1000)
    organisations = list(
        Organisation.objects.filter(synthetic=True)
        .select_related("home_municipality__parent")  # not two queries per organisation
        .order_by("business_id")
    )
    serving = [(o, o.home_municipality.parent) for o in organisations if o.home_municipality]
    through = Organisation.sub_regions.through
    through.objects.bulk_create(
        [through(organisation=o, region=r) for o, r in serving if r is not None],
        ignore_conflicts=True,
    )

    existing_emails = set(Person.objects.values_list("email", flat=True))
    taken: set[str] = set()
    people, affiliations, person_competences = [], [], []
    for _ in range(size.people):
        organisation = rng.choice(organisations)
        domain = f"org{(organisation.business_id or str(organisation.pk))[:7]}.example"
        spec = make_person(rng, organisation.kind, domain, taken)
        if spec.email in existing_emails:
            continue
        person = Person(
            name=spec.name,
            email=spec.email,
            expertise_fi=spec.expertise_fi,
            expertise_en=spec.expertise_en,
            public=spec.public,
            synthetic=True,
        )
        people.append(person)
        affiliations.append((person, organisation, spec.title))
        person_competences.append((person, spec.competences))
    writes.bulk_create(Person, people, actor=DEMO, batch_size=1000)
    # bulk_create_with_history sets primary keys on PostgreSQL and SQLite alike (Django ≥ 4.x).
    writes.bulk_create(
        Affiliation,
        [Affiliation(person=p, organisation=o, title=t) for p, o, t in affiliations],
        actor=DEMO,
        batch_size=1000,
    )
    link = Person.competences.through
    link.objects.bulk_create(
        [
            link(person=p, competence=competences[c])
            for p, codes in person_competences
            for c in codes
            if c in competences
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )
    return len(new_orgs), len(people)
