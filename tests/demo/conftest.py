"""The whole demo, loaded once for the tests about it.

Loading the demo takes long, so `test_demo.py` has it once for the module (on one worker: its
tests are marked `xdist_group("demo")`). On SQLite the database is a copy of the demo loaded
once per version of the code (`tests/demo_database.py`) and is emptied again after the module's
last test; on PostgreSQL the demo is loaded inside a transaction that stays open for the module
and is rolled back after its last test. Either way each test runs in a transaction of its own
that is rolled back, as in a Django `TestCase` with `setUpTestData`. Tests elsewhere build what
they need with `tests/factories.py`.
"""

from __future__ import annotations

import pytest

from optiimi.demo import loader
from tests.demo_database import demo_database, is_sqlite
from tests.sharing import shared_by_the_module


@pytest.fixture(scope="module")
def loaded_demo(django_db_setup, django_db_blocker):
    if is_sqlite():
        with demo_database(django_db_blocker) as logins:
            yield logins
        return
    with shared_by_the_module(django_db_blocker):
        # the forecasts as `optiimi demo` makes them: a job (run at once here, JOBS_EAGER)
        yield loader.load_demo(queue_forecasts=True)


@pytest.fixture
def demo(loaded_demo, db):
    """The demo's logins; the database holds the whole demo for this test."""
    return loaded_demo
