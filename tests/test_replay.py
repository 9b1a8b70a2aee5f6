"""The replayed setup (`tests/replay.py`) leaves exactly the rows the services write."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from optiimi.demo.loader import load_regions
from optiimi.network import services as network
from optiimi.network.models import Organisation
from tests import replay
from tests.conftest import SETUP, _organisation


def rows() -> dict[str, list[tuple]]:
    found = {}
    with connection.cursor() as cursor:
        for table in [*connection.introspection.table_names(), "sqlite_sequence"]:
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608
            found[table] = sorted(map(repr, cursor.fetchall()))
    return found


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the replay is for SQLite only")
def test_a_replay_writes_the_same_rows_ids_and_history_as_the_services(db):
    calls = []

    def setup():
        calls.append(1)
        load_regions()
        return _organisation()

    replay._recordings.pop("test setup", None)
    before = rows()
    start = transaction.savepoint()
    written = replay.replayed("test setup", setup)
    after_services = rows()
    transaction.savepoint_rollback(start)
    assert rows() == before != after_services

    again = replay.replayed("test setup", setup)
    assert calls == [1]  # the second time nothing ran the services
    assert rows() == after_services
    assert isinstance(again, Organisation) and again.pk == written.pk
    assert again.sub_regions.get().code == "132" and again.home_municipality.code == "172"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the replay is for SQLite only")
def test_in_another_state_the_services_run_again(db, competences):
    calls = []

    def setup():
        calls.append(1)
        load_regions()

    replay._recordings.pop("test other state", None)
    start = transaction.savepoint()
    replay.replayed("test other state", setup)
    transaction.savepoint_rollback(start)
    network.create_organisation(actor=SETUP, name="Toinen", short_name="T", kind="association")
    replay.replayed("test other state", setup)
    assert calls == [1, 1]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the replay is for SQLite only")
def test_a_setup_that_writes_past_djangos_cursor_is_never_replayed(db):
    calls = []

    def setup():
        calls.append(1)
        load_regions()
        connection.connection.execute(
            'UPDATE "regions_region" SET "name_sv" = ? WHERE "code" = ?', ("Jousa", "172")
        )

    replay._recordings.pop("test raw", None)
    replay._never.discard("test raw")
    start = transaction.savepoint()
    replay.replayed("test raw", setup)
    transaction.savepoint_rollback(start)
    replay.replayed("test raw", setup)
    assert calls == [1, 1]
    assert "test raw" in replay._never


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the replay is for SQLite only")
def test_other_rows_with_the_same_ids_are_another_state(db):
    calls = []

    def setup():
        calls.append(1)
        return network.create_organisation(
            actor=SETUP, name=f"Kumppani {Organisation.objects.get().short_name}", kind="uas"
        )

    replay._recordings.pop("test rows", None)
    for short_name in ["A", "B"]:
        start = transaction.savepoint()
        network.create_organisation(
            actor=SETUP, name=short_name, short_name=short_name, kind="association"
        )
        assert replay.replayed("test rows", setup).name == f"Kumppani {short_name}"
        transaction.savepoint_rollback(start)
    assert calls == [1, 1]
