"""Setup rows written through the services once per test process, then replayed from their SQL.

Most tests start from the same rows: Central Finland's regions with their borders, the
competence vocabulary, two organisations and their editors. Writing them through the services
costs a tenth of a second of CPU or more per test, most of the suite's setup time. On SQLite the
first time a test process writes them, every statement they run is recorded (the writes with
their parameters); a later test whose database is in the same state replays the writes, which
leaves the same rows with the same ids, history and search log as the services would. The state
is compared before each replay: the `sqlite_sequence` ids and the rows of every table the
recording read or wrote. In any other state, or on another database, the services run as before
(and that run is recorded for its own state).

What a replay cannot repeat is what the services do outside the database; the setups replayed
here do nothing else (their `on_commit` callbacks never run inside a test's transaction). A
setup that writes past Django's cursor (the raw sqlite3 connection's bulk path) is not in the
recording: its replay changes fewer rows than the setup did (SQLite counts them), so it is
rolled back and the setup runs instead, and is never replayed again.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import connection, transaction
from django.db.models import Model

T = TypeVar("T")

WRITES = ("INSERT", "UPDATE", "DELETE")
IGNORED = ("SAVEPOINT", "RELEASE", "SELECT")
QUOTED = re.compile(r'"([A-Za-z0-9_]+)"')
KEEP = 8  # recordings kept per setup (states differ with the fixtures a test asks for first)


@dataclass
class Recording:
    tables: list[str]
    state: tuple
    writes: list[tuple[str, Any, bool]]
    result: Any  # see _result
    changes: int  # rows the setup changed


@dataclass
class _Recorder:
    tables: set[str]
    writes: list[tuple[str, Any, bool]] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    usable: bool = True

    def __call__(self, execute, sql, params, many, context):
        if many:
            params = [list(p) for p in params]
        verb = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
        if verb in WRITES:
            self.writes.append((sql, params, many))
        elif verb not in IGNORED:
            self.usable = False  # ROLLBACK TO SAVEPOINT, DDL, PRAGMA: not replayed
        self.seen.update(name for name in QUOTED.findall(sql) if name in self.tables)
        return execute(sql, params, many, context)


_recordings: dict[str, list[Recording]] = {}
_tables: list[str] = []
_never: set[str] = set()


def _state(tables: list[str]) -> tuple:
    """The ids to come and a digest of each table's rows."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, seq FROM sqlite_sequence ORDER BY name")
        sequences = tuple(map(tuple, cursor.fetchall()))
        digests = []
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY rowid')  # noqa: S608
            digests.append(hashlib.sha256(repr(cursor.fetchall()).encode()).hexdigest())
    return sequences, tuple(digests)


def replayed(key: str, write: Callable[[], T]) -> T:
    """`write()`, or on SQLite the replay of its recorded writes when the database is in the
    state the recording started from. `write` returns None, a model instance or a dict of them
    or of such dicts (a replay reads them back by their primary keys); anything else is never
    replayed."""
    if connection.vendor != "sqlite" or not connection.in_atomic_block or key in _never:
        return write()
    if not _tables:
        _tables.extend(connection.introspection.table_names())
    for recording in _recordings.get(key, []):
        if _state(recording.tables) == recording.state:
            if _replay(recording):
                return _read_back(recording.result)
            _never.add(key)
            return write()
    recorder = _Recorder(tables=set(_tables))
    before = _state(sorted(recorder.tables))
    changes = _changes()
    with connection.execute_wrapper(recorder):
        value = write()
    changes = _changes() - changes
    result = _result(value)
    if recorder.usable and result is not UNSUPPORTED:
        tables = sorted(recorder.seen)
        digests = dict(zip(sorted(recorder.tables), before[1], strict=True))
        state = (before[0], tuple(digests[table] for table in tables))
        kept = _recordings.setdefault(key, [])
        kept.insert(0, Recording(tables, state, recorder.writes, result, changes))
        del kept[KEEP:]
    return value


def _changes() -> int:
    """SQLite's count of the rows changed on this connection so far."""
    return connection.connection.total_changes


def _replay(recording: Recording) -> bool:
    """Replay the writes; False (and nothing written) if they changed another number of rows
    than the setup did: it wrote some past Django's cursor (a bulk path on the raw sqlite3
    connection), and such a setup is never replayed."""
    savepoint = transaction.savepoint()
    changes = _changes()
    with connection.cursor() as cursor:
        for sql, params, many in recording.writes:
            if many:
                cursor.executemany(sql, params)
            else:
                cursor.execute(sql, params)
    if _changes() - changes != recording.changes:
        transaction.savepoint_rollback(savepoint)
        return False
    transaction.savepoint_commit(savepoint)
    return True


UNSUPPORTED = object()


def _result(value: Any) -> Any:
    """What to read back on a replay: None, (model, pk), or a dict of those (or of dicts)."""
    if value is None:
        return None
    if isinstance(value, Model):
        return (type(value), value.pk)
    if isinstance(value, dict):
        results = {name: _result(v) for name, v in value.items()}
        if all(r is not UNSUPPORTED and r is not None for r in results.values()):
            return results
    return UNSUPPORTED


def _read_back(result: Any) -> Any:
    if result is None:
        return None
    if isinstance(result, dict):
        return {name: _read_back(v) for name, v in result.items()}
    model, pk = result
    return model._default_manager.get(pk=pk)
