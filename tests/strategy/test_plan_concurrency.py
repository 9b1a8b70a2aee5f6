"""Two coordinators' API clients create the same period at the same moment: one gets it, the
other a 409, never a server error (PostgreSQL, where both may pass the check before either
inserts)."""

import json
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.test import Client

from optiimi.accounts.models import ApiToken
from optiimi.strategy.models import Period

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
]


@pytest.mark.django_db(transaction=True)
def test_simultaneous_creates_of_one_code_give_one_period_and_a_conflict(coordinator):
    token = ApiToken.issue(coordinator, "t")[1]
    for round_ in range(5):
        code = f"20{30 + round_}-20{32 + round_}"
        body = {
            "code": code,
            "name_fi": f"Kausi {code}",
            "kind": "phase",
            "start_year": 2030 + round_,
            "end_year": 2032 + round_,
        }
        barrier = threading.Barrier(2)

        def create(_n: int, body: dict = body, barrier: threading.Barrier = barrier) -> int:
            try:
                barrier.wait(timeout=10)
                return (
                    Client()
                    .post(
                        "/api/v1/plan/periods",
                        data=json.dumps(body),
                        content_type="application/json",
                        HTTP_AUTHORIZATION=f"Bearer {token}",
                    )
                    .status_code
                )
            finally:
                connections.close_all()

        with ThreadPoolExecutor(max_workers=2) as pool:
            statuses = sorted(pool.map(create, range(2)))
        assert statuses == [201, 409], (code, statuses)
        assert Period.objects.filter(code=code).count() == 1
