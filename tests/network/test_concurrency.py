"""Concurrent writers on PostgreSQL: every edit is applied in turn and recorded; none fails."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from optiimi.network import services
from optiimi.network.models import Organisation

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


@pytest.mark.django_db(transaction=True)
def test_concurrent_edits_of_one_organisation_are_all_recorded_and_none_fails(organisation, owner):
    before = organisation.history.count()

    def edit(n: int) -> None:
        try:
            services.update_organisation(
                organisation, actor=owner, website=f"https://joutsa{n}.example"
            )
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=10) as pool:
        list(pool.map(edit, range(20)))
    websites = set(organisation.history.values_list("website", flat=True)[:20])
    assert organisation.history.count() == before + 20
    assert len(websites) == 20
    assert Organisation.objects.get().website in websites
