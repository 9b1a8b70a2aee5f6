"""Rows shared by the tests of a module, for data that takes seconds to write."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction

from optiimi.core.search import store as search_store


@contextmanager
def shared_by_the_module(django_db_blocker) -> Iterator[None]:
    """Rows written once for the rest of a module, for a module-scoped fixture: they are
    written in a transaction that stays open until the module's last test and is then rolled
    back; each test runs in a savepoint within it, as in a Django `TestCase` with
    `setUpTestData`. Every later test of the module sees the rows, so use it only where they
    change no other test's outcome, and never for a module with transactional tests."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        # The services' durable transactions nest in it as they do in a TestCase's.
        outer._from_testcase = True  # type: ignore[attr-defined]
        outer.__enter__()
        try:
            search_store.reset()
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            search_store.reset()
