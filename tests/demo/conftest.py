"""The whole demo, loaded once for the tests about it.

Loading the demo takes long, so `test_demo.py` loads it once (on one worker: its tests are
marked `xdist_group("demo")`) inside a transaction that stays open for the module and is rolled
back after its last test; each test runs in a savepoint within it, as in a Django `TestCase`
with `setUpTestData`. Tests elsewhere build what they need with `tests/factories.py`.
"""

from __future__ import annotations

import pytest
from django.db import transaction

from optiimi.core.search import store as search_store
from optiimi.demo import loader


@pytest.fixture(scope="module")
def loaded_demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        # The services' durable transactions nest in it as they do in a TestCase's.
        outer._from_testcase = True  # type: ignore[attr-defined]
        outer.__enter__()
        try:
            search_store.reset()
            yield loader.load_demo()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            search_store.reset()


@pytest.fixture
def demo(loaded_demo, db):
    """The demo's logins; the database holds the whole demo for this test."""
    return loaded_demo
