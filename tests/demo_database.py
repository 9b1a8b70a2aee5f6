"""The whole demo in the test database, loaded once per version of the code.

Loading the demo takes tens of seconds. On SQLite the first test process that needs it loads it
into its empty test database and keeps a copy of that database in `.test-cache/`, named by a
hash of everything the demo is made from (the source under `src/optiimi` with its data files,
and the test settings); every later need, in this run or a later one, copies that file into the
test database with SQLite's backup API, which takes a fraction of a second. A file lock keeps
two xdist workers from loading it at once: the second one waits for the first one's copy. When
the code changes the hash changes, and the next run loads the demo again.

On PostgreSQL the demo is loaded as it always was.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import hashlib
import json
import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

from django.db import connection

from optiimi.core.search import store as search_store
from optiimi.demo import loader

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".test-cache"
SOURCES = [ROOT / "src" / "optiimi", ROOT / "tests" / "settings.py", Path(__file__)]


def is_sqlite() -> bool:
    return connection.vendor == "sqlite"


def source_hash() -> str:
    """A hash of every file the demo's database is made from."""
    digest = hashlib.sha256(f"{sys.version}|{sqlite3.sqlite_version}".encode())
    for source in SOURCES:
        files = [source] if source.is_file() else sorted(source.rglob("*"))
        for path in files:
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    with path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _copy(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    source.backup(target)


def _restore_or_load(raw: sqlite3.Connection) -> list[loader.DemoLogin]:
    CACHE.mkdir(exist_ok=True)
    key = source_hash()
    database, logins = CACHE / f"demo-{key}.sqlite3", CACHE / f"demo-{key}.json"
    with locked(CACHE / "demo.lock"):
        if database.exists() and logins.exists():
            with contextlib.closing(sqlite3.connect(database)) as saved:
                _copy(saved, raw)
            return [loader.DemoLogin(**login) for login in json.loads(logins.read_text())]
        # the forecasts as `optiimi demo` makes them: a job (run at once here, JOBS_EAGER)
        loaded = loader.load_demo(queue_forecasts=True)
        partial = database.with_name(f"{database.name}.{os.getpid()}")
        with contextlib.closing(sqlite3.connect(partial)) as saved:
            _copy(raw, saved)
        logins.write_text(json.dumps([dataclasses.asdict(login) for login in loaded]))
        os.replace(partial, database)
        for old in CACHE.glob("demo-*"):
            if key not in old.name:
                old.unlink(missing_ok=True)
        return loaded


@contextlib.contextmanager
def demo_database(django_db_blocker) -> Iterator[list[loader.DemoLogin]]:
    """The whole demo in the (empty) SQLite test database, written outside any transaction;
    afterwards the database is as it was before. Yields the demo's logins."""
    with django_db_blocker.unblock():
        assert is_sqlite() and not connection.in_atomic_block
        connection.ensure_connection()
        raw = connection.connection
        with contextlib.closing(sqlite3.connect(":memory:")) as before:
            _copy(raw, before)
            search_store.reset()
            try:
                yield _restore_or_load(raw)
            finally:
                connection.ensure_connection()
                _copy(before, connection.connection)
                search_store.reset()
