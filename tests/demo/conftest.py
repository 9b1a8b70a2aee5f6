"""The whole demo, loaded once for the tests about it.

Loading the demo takes long, so `test_demo.py` loads it once (on one worker: its tests are
marked `xdist_group("demo")`) inside a transaction that stays open for the module and is rolled
back after its last test; each test runs in a savepoint within it, as in a Django `TestCase`
with `setUpTestData`. Tests elsewhere build what they need with `tests/factories.py`.
"""

from __future__ import annotations

import pytest

from optiimi.demo import loader
from tests.sharing import shared_by_the_module


@pytest.fixture(scope="module")
def loaded_demo(django_db_setup, django_db_blocker):
    with shared_by_the_module(django_db_blocker):
        # the forecasts as `optiimi demo` makes them: a job (run at once here, JOBS_EAGER)
        yield loader.load_demo(queue_forecasts=True)


@pytest.fixture
def demo(loaded_demo, db):
    """The demo's logins; the database holds the whole demo for this test."""
    return loaded_demo
