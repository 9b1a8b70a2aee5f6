"""The process's search index over every registered kind of document (see `registry`).

Each process (each gunicorn worker) holds its own copy in memory. It comes from the index file
in the data directory (`settings.SEARCH_INDEX_FILE`, `.npz` arrays and `.json` vocabulary,
written by `optiimi reindex` and by the first build) when the file belongs to this database,
and from the database otherwise. Every write to an indexed object logs a `SearchChange` row in
its own transaction; before answering, a process applies the rows it has not seen yet, and
reloads the file when `optiimi reindex` has rewritten it. A `*` row (bulk generation) asks for
a full rebuild.
"""

from __future__ import annotations

import datetime
import logging
import os
import secrets
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from optiimi.core.models import SearchChange
from optiimi.core.search import registry
from optiimi.core.search.index import Index, Key

log = logging.getLogger(__name__)

SAVED = "saved"  # change-log row that marks the point an index file was built at
EVERYTHING = "*"  # change-log row that asks every process to rebuild
# Raise when what a document holds changes: a saved file of another version is rebuilt, as is
# one built before a kind was registered or unregistered.
DOCUMENTS = 2
# A change may commit a little after a later one; rows this recent are re-read, and applied
# unless already seen. The log keeps a day of rows before the point of the newest file.
LATE = datetime.timedelta(seconds=60)
KEEP = datetime.timedelta(days=1)

_lock = threading.RLock()


@dataclass
class _State:
    index: Index
    seen: int = 0  # the highest change-log id applied
    built_from: int = 0  # the marker row of the build (rows before it are in the index)
    recent: dict[int, datetime.datetime] = field(default_factory=dict)  # id -> created
    file_mtime: int | None = None  # of the index file this state was loaded from or saved to


_state: _State | None = None


def documents() -> Iterator[tuple[Key, str, bool]]:
    """Every document of every registered kind."""
    for doc in registry.types():
        yield from doc.documents()


def path() -> Path | None:
    """Where the index is saved (without suffix); None keeps it in memory only."""
    value = getattr(settings, "SEARCH_INDEX_FILE", "")
    return Path(value) if value else None


def _contents() -> str:
    """What an index file holds: the documents' version and the registered kinds."""
    return f"{DOCUMENTS}:{','.join(sorted(doc.kind for doc in registry.types()))}"


def _mtime(base: Path) -> int | None:
    try:
        return os.stat(base.with_suffix(".json")).st_mtime_ns
    except OSError:
        return None


def _build() -> _State:
    """A fresh index from the database, saved to the index file when there is one."""
    token = secrets.randbits(62)
    marker = SearchChange.objects.create(kind=SAVED, object_id=token)
    index = Index()
    index.add_many(documents())
    state = _State(index, seen=marker.pk, built_from=marker.pk)
    base = path()
    if base is not None:
        try:
            index.save(base, stamp=f"{marker.pk}:{token}:{_contents()}")
            state.file_mtime = _mtime(base)
        except OSError as exc:
            log.warning("search index not saved to %s: %s", base, exc)
    return state


def _load(base: Path) -> _State | None:
    """The saved index when it was built from this database (its marker row is here)."""
    mtime = _mtime(base)
    if mtime is None:
        return None
    try:
        index, stamp = Index.load(base)
        marker_part, token_part, contents = stamp.split(":", 2)
        marker, token = int(marker_part), int(token_part)
    except (OSError, ValueError, KeyError) as exc:
        log.warning("search index file %s not used: %s", base, exc)
        return None
    if contents != _contents():
        return None  # built by an older version, or over other kinds of documents
    if not SearchChange.objects.filter(pk=marker, kind=SAVED, object_id=token).exists():
        return None  # another database's, or from before this database was recreated
    return _State(index, seen=marker, built_from=marker, file_mtime=mtime)


def _catch_up(state: _State) -> _State:
    """Apply the change-log rows this process has not applied yet."""
    since = timezone.now() - LATE
    rows = (
        SearchChange.objects.filter(Q(pk__gt=state.seen) | Q(created__gte=since))
        .exclude(kind=SAVED)
        .order_by("pk")
        .values_list("pk", "kind", "object_id", "created")
    )
    changed: dict[str, set[int]] = defaultdict(set)
    for pk, kind, object_id, created in rows:
        if state.recent.get(pk) == created:
            continue
        if kind == EVERYTHING and pk > state.built_from:
            return _catch_up(_build())
        if kind != EVERYTHING:
            changed[kind].add(object_id)
        state.recent[pk] = created
        state.seen = max(state.seen, pk)
    for kind, pks in changed.items():
        _refresh(state.index, kind, sorted(pks))
    state.recent = {pk: at for pk, at in state.recent.items() if at >= since}
    return state


def _current(*, force: bool = False) -> _State:
    global _state
    with _lock:
        state = _state
        base = path()
        if state is None:
            state = (_load(base) if base is not None else None) or _build()
        elif base is not None and not connection.in_atomic_block:
            mtime = _mtime(base)
            if mtime != state.file_mtime:  # rewritten by `optiimi reindex` (or another build)
                state = _load(base) or state
                state.file_mtime = mtime  # a file that cannot be used is not tried again
        # Inside a transaction only an explicit catch-up (after commit) reads the log, so that
        # a write that is rolled back never reaches the index.
        if force or not connection.in_atomic_block:
            state = _catch_up(state)
        _state = state
        return state


def get() -> Index:
    return _current().index


def catch_up() -> None:
    """Apply the writes logged so far (called after a commit; a no-op before the first use)."""
    if _state is not None:
        _current(force=True)


def rebuild() -> Index:
    """Build from the database, save the index file and trim the change log."""
    global _state
    with _lock:
        state = _build()
        SearchChange.objects.filter(pk__lt=state.seen, created__lt=timezone.now() - KEEP).delete()
        _state = _catch_up(state)
        return state.index


def reset() -> None:
    """Forget the index in memory (the next use loads or builds it)."""
    global _state
    with _lock:
        _state = None


def log_change(kind: str, pk: int) -> None:
    """Record that an indexed document changed, in the writer's transaction."""
    log_changes([(kind, pk)])


def log_changes(keys: Iterable[Key]) -> None:
    SearchChange.objects.bulk_create(SearchChange(kind=kind, object_id=pk) for kind, pk in keys)


def mark_stale() -> None:
    """After bulk writes that send no signals: every process rebuilds before its next query."""
    SearchChange.objects.create(kind=EVERYTHING, object_id=0)


def _refresh(index: Index, kind: str, pks: list[int]) -> None:
    """Bring the documents of `kind` with ids `pks` up to date from the database."""
    try:
        doc = registry.get(kind)
    except LookupError:
        log.warning("search change log names an unregistered kind %r", kind)
        return
    found = {key: (body, public) for key, body, public in doc.documents(pks)}
    for pk in pks:
        key: Key = (kind, pk)
        if key in found:
            body, public = found[key]
            index.add(key, body, public=public)
        else:
            index.remove(key)
