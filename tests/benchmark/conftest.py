from __future__ import annotations

import pytest

from optiimi.benchmark import services
from optiimi.benchmark.models import Company
from optiimi.core.writes import System
from optiimi.demo.benchmark import load_companies, load_joutsa_cohort, synthetic_business_ids
from optiimi.demo.loader import load_regions
from tests.replay import replayed
from tests.sharing import shared_by_the_module

SETUP = System("test setup")


@pytest.fixture
def industries(db):
    services.define_industries(actor=SETUP)


@pytest.fixture
def demo_companies(regions):
    """300 synthetic companies 2000–2025 (the demo generator at a small scale)."""
    replayed("demo_companies", _demo_companies)


def _demo_companies() -> None:
    load_companies(n=300)


@pytest.fixture(scope="module")
def demo_companies_for_the_module(django_db_setup, django_db_blocker):
    """The 300 synthetic companies of `demo_companies`, written once for a module whose tests
    all tolerate them (see `shared_by_the_module`): their 7,800 yearly rows take seconds."""
    with shared_by_the_module(django_db_blocker):
        load_regions()
        load_companies(n=300)
        yield


@pytest.fixture
def company(regions, organisation) -> Company:
    """A company maintained by `organisation` (whose editor is `owner`)."""
    bid = synthetic_business_ids(1, start=4_200_000)[0]
    services.import_companies(
        [
            (
                2,
                {
                    "business_id": bid,
                    "name": "Joutsan Metalli Oy",
                    "tol": "25620",
                    "municipality": "172",
                },
            )
        ],
        actor=SETUP,
        organisation=organisation,
    )
    return Company.objects.get(business_id=bid)


@pytest.fixture
def joutsa_cohort(demo_companies, organisation):
    """The demo's Joutsa pilot cohort (30 synthetic companies with a known +4 effect), owned by
    `organisation` (JoSK)."""
    return replayed("joutsa_cohort", load_joutsa_cohort)
