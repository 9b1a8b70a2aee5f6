"""Never more confirmed than capacity, also under concurrent registrations (PostgreSQL)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

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
