"""Two advisors accepting the same referral at once: one wins, the other is told (PostgreSQL)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from optiimi.core.writes import System
from optiimi.network import services as network
from optiimi.network.models import CapabilityRole, RoleKind
from optiimi.services import services
from optiimi.services.models import ReferralStatus, StepKind

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


@pytest.mark.django_db(transaction=True)
def test_concurrent_accepts_of_one_referral_have_one_winner(
    case, advisor, other_organisation, django_user_model
):
    advisors = []
    for n in range(2):
        user = django_user_model.objects.create_user(f"k{n}", f"k{n}@example.com")
        network.set_role(
            user,
            RoleKind.MEMBER,
            other_organisation,
            actor=System("test setup"),
            capabilities=[CapabilityRole.SERVICE_ADVISOR],
        )
        advisors.append(user)
    referral = services.refer(case, actor=advisor, to=other_organisation, reason="Keuruu")
    barrier = threading.Barrier(2)

    def attempt(n: int) -> str:
        try:
            barrier.wait(timeout=10)
            services.accept(referral, actor=advisors[n])
            return "accepted"
        except services.Refused:
            return "refused"
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = sorted(pool.map(attempt, range(2)))
    assert results == ["accepted", "refused"]
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    assert case.steps.filter(kind=StepKind.ACCEPTED).count() == 1
