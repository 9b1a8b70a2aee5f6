"""The demo's generators are deterministic: the same seed gives the same people on a fresh
database. These build only the parts they test; `test_demo.py` checks the whole demo."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

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


@pytest.mark.django_db
def test_generate_runs_no_query_per_organisation():
    """Generating is bulk statements, not a query or two per organisation (the scale
    benchmarks generate tens of thousands); SQLite's limit of variables per statement splits a
    bulk insert into batches of some dozens of rows."""
    loader.load_regions()
    synthetic.SCALES["test-small"] = synthetic.Scale(organisations=20, people=40)
    synthetic.SCALES["test-larger"] = synthetic.Scale(organisations=200, people=400)
    try:
        counts = []
        for scale, seed in (("test-small", 11), ("test-larger", 12)):
            before = transaction.savepoint()
            with CaptureQueriesContext(connection) as queries:
                assert synthetic.generate(scale, seed=seed)[0] > 0
            counts.append(len(queries.captured_queries))
            transaction.savepoint_rollback(before)
    finally:
        del synthetic.SCALES["test-small"], synthetic.SCALES["test-larger"]
    assert counts[1] - counts[0] < (200 - 20) // 4, counts
