"""The read replica's router: the dashboards' reads of the stores go to `replica`, every write
and every other read to `default`."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import transaction

from optiimi.benchmark.models import Financials
from optiimi.core import replica
from optiimi.foresight.models import DashboardView, Observation
from optiimi.network.models import Organisation

router = replica.ReplicaRouter()


def test_reads_of_the_stores_inside_a_dashboard_go_to_the_replica():
    with replica.reading():
        assert router.db_for_read(Observation) == "replica"
        assert router.db_for_read(Financials) == "replica"


def test_reads_outside_a_dashboard_stay_on_default():
    assert router.db_for_read(Observation) is None
    assert router.db_for_read(Financials) is None


def test_reads_of_other_models_stay_on_default_even_inside_a_dashboard():
    with replica.reading():
        assert router.db_for_read(Organisation) is None
        assert router.db_for_read(DashboardView) is None


def test_writes_go_to_default_inside_a_dashboard_too():
    with replica.reading():
        assert router.db_for_write(Observation) == "default"
        assert router.db_for_write(Organisation) == "default"


def test_without_a_replica_nothing_is_routed(monkeypatch):
    monkeypatch.delitem(settings.DATABASES, "replica")
    with replica.reading():
        assert router.db_for_read(Observation) is None


def test_the_block_ends_with_its_reads():
    with replica.reading():
        pass
    assert router.db_for_read(Observation) is None

    @replica.reads_from_replica
    def view() -> str | None:
        return router.db_for_read(Observation)

    assert view() == "replica"
    assert router.db_for_read(Observation) is None


@pytest.mark.django_db(transaction=True)
def test_reads_inside_a_transaction_on_default_stay_on_default():
    """A service reads what it has just written, not a replica that may be behind."""
    with replica.reading():
        with transaction.atomic():
            assert router.db_for_read(Observation) is None
        assert router.db_for_read(Observation) == "replica"


def test_the_replica_is_never_migrated():
    assert router.allow_migrate("replica", "foresight") is False
    assert router.allow_migrate("default", "foresight") is None


def test_rows_of_either_database_may_be_related():
    a, b = Organisation(), Organisation()
    a._state.db, b._state.db = "default", "replica"
    assert router.allow_relation(a, b) is True
    b._state.db = "elsewhere"
    assert router.allow_relation(a, b) is None
