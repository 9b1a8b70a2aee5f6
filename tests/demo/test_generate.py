"""The demo's generators are deterministic: the same seed gives the same people on a fresh
database. These build only the parts they test; `test_demo.py` checks the whole demo."""

import pytest
from django.db import transaction

from optiimi.core.writes import System
from optiimi.demo import facts, loader, synthetic
from optiimi.network import services as network
from optiimi.network.models import Organisation, Person


@pytest.mark.django_db
def test_demo_people_are_the_same_on_every_fresh_load():
    loader.load_regions()
    network.define_competences(facts.COMPETENCES, actor=System("test setup"))
    organisations = loader.load_organisations()

    def load_people() -> list[tuple[str, str | None]]:
        before = transaction.savepoint()
        assert loader.load_people(organisations) > 0
        people = sorted(Person.objects.values_list("name", "email"))
        transaction.savepoint_rollback(before)  # as if on a fresh database
        assert not Person.objects.exists()
        return people

    first = load_people()
    assert 90 <= len(first) <= 120
    assert load_people() == first
    assert loader.load_people(organisations, seed=loader.DEMO_SEED + 1) > 0
    assert sorted(Person.objects.values_list("name", "email")) != first


@pytest.mark.django_db
def test_generate_is_deterministic_and_rerun_adds_nothing():
    loader.load_regions()
    orgs, people = synthetic.generate("demo", seed=7)
    assert (orgs, people) == (40, 150)
    snapshot = sorted(Person.objects.values_list("email", flat=True))
    assert synthetic.generate("demo", seed=7) == (0, 0)
    assert sorted(Person.objects.values_list("email", flat=True)) == snapshot
    assert not Organisation.objects.filter(synthetic=True, business_id=None).exists()
    assert all(p.affiliations.count() == 1 for p in Person.objects.all()[:20])
