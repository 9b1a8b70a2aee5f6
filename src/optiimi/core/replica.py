"""Reads of the stores from a read replica, when one is configured (`DATABASE_REPLICA_URL`).

The statistics and financials stores are what the dashboards read most, and what grows
largest. A capability names its store models with `register_store`; a dashboard view wrapped
in `reads_from_replica` (or code inside `with reading():`) reads those models from the
`replica` database. Everything else reads from `default`, and so does every read inside a
transaction on `default` (a service reads what it has just written), every read of another
model, and every read outside a dashboard: an import, a job or a form sees the primary's rows,
never a replica that is a moment behind. Every write goes to `default`.

Without a replica (no `replica` entry in `DATABASES`) the router is not installed and nothing
here changes where a query goes.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model

REPLICA = "replica"
ROUTER = "optiimi.core.replica.ReplicaRouter"

_stores: set[str] = set()
_reading: ContextVar[bool] = ContextVar("optiimi_replica_reading", default=False)

F = TypeVar("F", bound=Callable[..., Any])


def register_store(*models: type[Model]) -> None:
    """Models whose dashboard reads may come from the replica (the stores' tables)."""
    _stores.update(m._meta.label_lower for m in models)


def is_store(model: type[Model]) -> bool:
    return model._meta.label_lower in _stores


def configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def reading() -> Iterator[None]:
    """Reads of the stores' models inside this block come from the replica (if there is one).
    A lazy queryset is routed when it is evaluated: evaluate it inside the block."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def reads_from_replica(view: F) -> F:
    """A dashboard view whose reads of the stores come from the replica (if there is one)."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        with reading():
            return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


class ReplicaRouter:
    """Dashboards' reads of the stores to `replica`; every other read and every write to
    `default`; migrations only on `default` (the replica copies the primary)."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        if not (_reading.get() and configured() and is_store(model)):
            return None
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return None  # read your own writes
        return REPLICA

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        both = {obj1._state.db, obj2._state.db}
        if both <= {DEFAULT_DB_ALIAS, REPLICA, None}:
            return True  # the same rows, one of them a copy
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db == REPLICA else None
