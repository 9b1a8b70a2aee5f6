"""`optiimi backup` and `optiimi restore`: the demo comes back row for row, history untouched."""

from __future__ import annotations

import datetime
import hashlib
import sqlite3
import tarfile
import uuid
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection, connections

from optiimi.core.backup import BackupError, backup, restore
from optiimi.demo import loader


def table_digests(cursor, tables: list[str], vendor: str = "sqlite") -> dict[str, tuple[int, str]]:
    """Each table's row count and a checksum of its rows (order-independent)."""
    digests = {}
    for table in tables:
        # On PostgreSQL each row as PostgreSQL's own text, alike through any client library.
        rows_as = 't::text FROM "{}" AS t' if vendor == "postgresql" else '* FROM "{}"'
        cursor.execute("SELECT " + rows_as.format(table))
        rows = sorted(repr(tuple(row)) for row in cursor.fetchall())
        digests[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return digests


HISTORY_TABLES = {
    model._meta.db_table
    for model in apps.get_models()
    if any(field.name == "history_date" for field in model._meta.fields)
}


def newest_history(cursor, tables: list[str]) -> datetime.datetime | None:
    newest = None
    for table in tables:
        if table in HISTORY_TABLES:
            cursor.execute(f'SELECT max(history_date) FROM "{table}"')  # noqa: S608
            value = cursor.fetchone()[0]
            if isinstance(value, str):
                value = datetime.datetime.fromisoformat(value)
            if value and value.tzinfo is None:
                value = value.replace(tzinfo=datetime.UTC)
            if value and (newest is None or value > newest):
                newest = value
    return newest


@pytest.fixture
def demo_data(tmp_path):
    """The demo in the test database, committed, with a data directory beside it."""
    loader.load_demo()
    data_dir = tmp_path / "data"
    (data_dir / "search").mkdir(parents=True)
    (data_dir / "search" / "index.json").write_text('{"documents": 3}')
    (data_dir / "secret_key").write_text("the-original-key")
    (data_dir / "static").mkdir()
    (data_dir / "static" / "big.js").write_text("rebuilt by collectstatic")
    tables = sorted(connection.introspection.table_names())
    with connection.cursor() as cursor:
        before = table_digests(cursor, tables, connection.vendor)
    assert before["network_person"][0] > 10 and before["network_historicalperson"][0] > 10
    return data_dir, tables, before


def restored_data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "restored"
    (target / "static").mkdir(parents=True)
    (target / "secret_key").write_text("a-key-made-at-first-start")
    return target


def check_data_dir(target: Path) -> None:
    assert (target / "search" / "index.json").read_text() == '{"documents": 3}'
    assert (target / "secret_key").read_text() == "the-original-key"
    assert not (target / "static" / "big.js").exists()


@pytest.mark.django_db(transaction=True)
def test_sqlite_backup_restores_every_row_and_file(demo_data, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite backup; the PostgreSQL one is tested on PostgreSQL")
    data_dir, tables, before = demo_data
    archive = tmp_path / "backups" / "optiimi.tar.gz"
    taken = datetime.datetime.now(datetime.UTC)
    manifest = backup(archive, data_dir=data_dir)
    assert manifest["database"] == "sqlite"
    assert sorted(manifest["files"]) == ["search/index.json", "secret_key"]
    assert archive.stat().st_mode & 0o077 == 0

    target = restored_data_dir(tmp_path)
    alias = "restored"
    restored_db = target / "optiimi.sqlite3"
    connections.settings[alias] = {**connection.settings_dict, "NAME": str(restored_db)}
    try:
        restore(archive, alias=alias, data_dir=target)
        check_data_dir(target)
        # Read back with the same column conversions as the test database's connection.
        restored = sqlite3.connect(
            restored_db, detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES
        )
        try:
            assert table_digests(restored.cursor(), tables) == before
            newest = newest_history(restored.cursor(), tables)
        finally:
            restored.close()
        assert newest is not None and newest <= taken
        # A second restore into the now-full place is refused.
        with pytest.raises(BackupError, match="is not empty"):
            restore(archive, alias=alias, data_dir=target)
    finally:
        connections[alias].close()
        del connections.settings[alias]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_backup_restores_every_row_and_file(demo_data, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    data_dir, tables, before = demo_data
    archive = tmp_path / "optiimi.tar.gz"
    taken = datetime.datetime.now(datetime.UTC)
    manifest = backup(archive, data_dir=data_dir)
    assert manifest["database"] == "postgresql"

    name = f"optiimi_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    alias = "restored"
    db = {**connection.settings_dict, "NAME": name}
    connections.settings[alias] = db
    target = restored_data_dir(tmp_path)
    try:
        restore(archive, alias=alias, data_dir=target)
        check_data_dir(target)
        options = {
            k: db[v]
            for k, v in [
                ("host", "HOST"),
                ("port", "PORT"),
                ("user", "USER"),
                ("password", "PASSWORD"),
            ]
            if db.get(v)
        }
        with psycopg.connect(dbname=name, **options) as restored:
            assert table_digests(restored.cursor(), tables, "postgresql") == before
            newest = newest_history(restored.cursor(), tables)
        assert newest is not None and newest <= taken
        with pytest.raises(BackupError, match="is not empty"):
            restore(archive, alias=alias, data_dir=target)
    finally:
        del connections.settings[alias]
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def test_restore_refuses_what_is_not_a_backup(tmp_path):
    bogus = tmp_path / "x.tar.gz"
    bogus.write_bytes(b"not a tar at all")
    with pytest.raises(CommandError, match="cannot read"):
        call_command("restore", str(bogus))
    empty = tmp_path / "empty.tar.gz"
    with tarfile.open(empty, "w:gz"):
        pass
    with pytest.raises(CommandError, match=r"no manifest\.json"):
        call_command("restore", str(empty))
