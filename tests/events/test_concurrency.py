"""Never more confirmed than capacity, also under concurrent registrations (PostgreSQL)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from optiimi.core.writes import System
from optiimi.events import services
from optiimi.events.models import Status

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


@pytest.mark.django_db(transaction=True)
def test_sixty_concurrent_registrations_never_exceed_capacity(event):
    event = services.update_event(event, actor=System("test setup"), capacity=10)
    barrier = threading.Barrier(20)

    def attempt(n: int) -> str:
        try:
            if n < 20:
                barrier.wait(timeout=10)  # start the first twenty at once
            return services.register(
                event, name=f"R{n}", email=f"r{n}@example.com", actor=services.PUBLIC
            ).status
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(attempt, range(60)))
    assert results.count("confirmed") == 10 and results.count("waiting") == 50
    assert event.registrations.filter(status=Status.CONFIRMED).count() == 10
    assert event.registrations.count() == 60


@pytest.mark.django_db(transaction=True)
def test_the_same_address_twice_at_once_is_one_registration_and_one_clear_refusal(event):
    barrier = threading.Barrier(2)

    def attempt(n: int) -> str:
        try:
            barrier.wait(timeout=10)
            return services.register(
                event, name=f"R{n}", email="sama@example.com", actor=services.PUBLIC
            ).status
        except services.RegistrationRefused as refused:
            return f"refused: {refused}"
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = sorted(pool.map(attempt, range(2)))
    assert results[0] == "confirmed"
    assert results[1].startswith("refused: sama@example.com")  # not a database error
    assert event.registrations.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_event_row_is_locked_only_to_count_the_seats_and_insert(event):
    with CaptureQueriesContext(connection) as queries:
        services.register(event, name="Aino", email="aino@example.com", actor=services.PUBLIC)
    statements = [q["sql"].split()[0] for q in queries.captured_queries]
    locked = next(i for i, q in enumerate(queries.captured_queries) if "FOR UPDATE" in q["sql"])
    # From the lock to the commit: the count of confirmed seats and the insert, nothing else.
    assert statements[locked + 1 :] == ["SELECT", "INSERT", "COMMIT"]
    assert "COUNT" in queries.captured_queries[locked + 1]["sql"]
