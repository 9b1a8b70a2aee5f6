"""Load the Central Finland demo: regions, borders, organisations, competences, people, users."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.test.utils import override_settings

from optiimi.core import writes
from optiimi.core.formats.classification import RegionRow
from optiimi.core.formats.geojson import read_features
from optiimi.core.writes import System
from optiimi.demo import collaboration, events, facts, strategy
from optiimi.demo import guidance as guidance_demo
from optiimi.demo import needs as needs_demo
from optiimi.demo import services as service_promise
from optiimi.demo.benchmark import load_companies, load_joutsa_cohort
from optiimi.demo.foresight import (
    load_barometer,
    load_foresight,
    load_foresight_use,
    load_signals,
)
from optiimi.demo.people import email_domain, make_person
from optiimi.demo.projects import load_projects
from optiimi.network import services as network
from optiimi.network.models import CapabilityRole as Cap
from optiimi.network.models import Competence, Organisation, Person, RoleKind
from optiimi.regions import services as regions
from optiimi.regions.models import Level, Region
from optiimi.strategy import services as strategy_services

DEMO = System("demo")

BORDERS = Path(__file__).parent / "data" / "keski_suomi_borders.geojson"
DEMO_SEED = 2006
# How many synthetic people each kind of organisation gets in the demo (about 100 in all).
PEOPLE_PER_KIND = {
    "regional_council": 8,
    "uas": 12,
    "university": 10,
    "employment_office": 8,
    "vocational": 7,
    "development_company": 5,
    "association": 3,
    "funder": 2,
    "municipality": 2,
}


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    organisation: str


def region_rows() -> list[RegionRow]:
    year, place = facts.CLASSIFICATION_YEAR, "demo facts"
    code, name_fi, name_sv = facts.REGION
    rows = [RegionRow(Level.REGION, code, name_fi, name_sv, None, year, place)]
    rows += [
        RegionRow(Level.SUBREGION, c, fi, sv, code, year, place) for c, fi, sv in facts.SUBREGIONS
    ]
    rows += [
        RegionRow(Level.MUNICIPALITY, c, fi, sv, sub, year, place)
        for c, fi, sv, sub in facts.MUNICIPALITIES
    ]
    return rows


def load_regions() -> None:
    regions.import_regions(region_rows(), actor=DEMO)
    regions.import_geometry(read_features(BORDERS), actor=DEMO)


def load_organisations() -> list[Organisation]:
    result = []
    municipalities = {r.code: r for r in Region.objects.municipalities()}
    subregions = {r.code: r for r in Region.objects.subregions()}
    for (
        name,
        short,
        kind,
        home,
        served,
        since,
        illustrative,
        desc_fi,
        desc_en,
    ) in facts.ORGANISATIONS:
        existing = Organisation.objects.filter(name=name).first()
        data = {
            "name": name,
            "short_name": short,
            "kind": kind,
            "home_municipality": municipalities.get(home) if home else None,
            "member_since": datetime.date.fromisoformat(since) if since else None,
            "illustrative": illustrative,
            "description_fi": desc_fi,
            "description_en": desc_en,
        }
        served_regions = [subregions[c] for c in served]
        if existing is None:
            result.append(
                network.create_organisation(actor=DEMO, sub_regions=served_regions, **data)
            )
        else:
            network.update_organisation(existing, actor=DEMO, sub_regions=served_regions, **data)
            result.append(existing)
    return result


def load_people(organisations: list[Organisation], seed: int = DEMO_SEED) -> int:
    rng = random.Random(seed)
    competences = {c.code: c for c in Competence.objects.all()}
    taken: set[str] = set()
    count = 0
    for organisation in organisations:
        domain = email_domain(organisation.short_name, organisation.name)
        for _ in range(PEOPLE_PER_KIND.get(organisation.kind, 1)):
            spec = make_person(rng, organisation.kind, domain, taken)
            if Person.objects.filter(email=spec.email).exists():
                continue
            network.create_person(
                actor=DEMO,
                organisation=organisation,
                title=spec.title,
                competences=[competences[c] for c in spec.competences],
                name=spec.name,
                email=spec.email,
                expertise_fi=spec.expertise_fi,
                expertise_en=spec.expertise_en,
                public=spec.public,
                synthetic=True,
            )
            count += 1
    return count


DEMO_USERS = [
    # username, role, organisation short name, first name, last name, capability roles
    ("koordinaattori", RoleKind.COORDINATOR, "KSL", "Kaisa", "Koordinaattori", []),
    ("joutsa", RoleKind.EDITOR, "JoSK", "Jussi", "Joutsalainen", []),
    ("jamk", RoleKind.EDITOR, "JAMK", "Jaana", "Jamkilainen", []),
    ("jasen", RoleKind.MEMBER, "JY", "Jaakko", "Jäsen", []),
    # JAMK is responsible for the joint foresight measure.
    ("ennakointi", RoleKind.MEMBER, "JAMK", "Eeva", "Ennakoija", [Cap.FORESIGHT_ANALYST]),
    ("tapahtumat", RoleKind.MEMBER, "JSK", "Tiina", "Tapahtumajärjestäjä", [Cap.EVENT_ORGANISER]),
    ("neuvoja", RoleKind.MEMBER, "TE-keskus", "Niko", "Neuvoja", [Cap.SERVICE_ADVISOR]),
    # The service promise's advisors of the Joutsa development company and of JAMK.
    ("neuvoja-joutsa", RoleKind.MEMBER, "JoSK", "Jenni", "Jokela", [Cap.SERVICE_ADVISOR]),
    ("neuvoja-jamk", RoleKind.MEMBER, "JAMK", "Antti", "Aalto", [Cap.SERVICE_ADVISOR]),
    ("ohjaaja", RoleKind.MEMBER, "Gradia", "Outi", "Ohjaaja", [Cap.GUIDANCE_COUNSELLOR]),
]
DEMO_PASSWORD = "optiimi-demo"


def create_demo_users() -> list[DemoLogin]:
    User = get_user_model()
    logins = []
    for username, kind, short, first, last, capabilities in DEMO_USERS:
        organisation = Organisation.objects.get(short_name=short)
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@optiimi.example",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        role = network.set_role(
            user,
            kind,
            None if kind == RoleKind.COORDINATOR else organisation,
            actor=DEMO,
            capabilities=capabilities,
        )
        label = " · ".join([str(RoleKind(kind).label), *role.capability_labels()])
        logins.append(DemoLogin(username, DEMO_PASSWORD, label, organisation.name))
    admin, created = User.objects.get_or_create(
        username="admin",
        defaults={"is_staff": True, "is_superuser": True, "email": "admin@optiimi.example"},
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    logins.append(DemoLogin("admin", DEMO_PASSWORD, "administrator (/admin/)", "—"))
    return logins


def load_demo(seed: int = DEMO_SEED, *, queue_forecasts: bool = False) -> list[DemoLogin]:
    """Idempotent: running it on a loaded database changes nothing.

    The demo's registrations and invitations would send mail; it goes nowhere.
    `queue_forecasts`: the forecasts are a job for the worker instead of made here."""
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        return _load_demo(seed, queue_forecasts, actor=DEMO)


@writes.service
def _load_demo(seed: int, queue_forecasts: bool, *, actor: writes.Actor) -> list[DemoLogin]:
    load_regions()
    network.define_competences(facts.COMPETENCES, actor=DEMO)
    organisations = load_organisations()
    if not Person.objects.exists():
        load_people(organisations, seed)
    events.load(seed)
    strategy.load(seed)
    load_projects()
    load_companies()
    load_joutsa_cohort()
    logins = create_demo_users()  # the barometer's raters are demo users
    load_foresight(queue_forecasts=queue_forecasts)
    load_barometer()
    load_signals()
    load_foresight_use()
    service_promise.load(seed)
    collaboration.load()
    guidance_demo.load(seed)
    guidance_demo.load_clients()
    needs_demo.load()  # needs from the barometer, vacancies, requests and the survey
    # Every record the computed indicators count is in: compute them once.
    strategy_services.refresh_computed(actor=DEMO)
    return logins


def is_empty() -> bool:
    return not Organisation.objects.exists()
