"""The demo's synthetic needs and supply: every sub-region has content, marked synthetic, and
loading twice changes nothing."""

from __future__ import annotations

import pytest

from optiimi.demo import guidance as demo
from optiimi.guidance import queries
from optiimi.guidance.models import Need, OccupationField, Programme
from optiimi.regions.models import Region

pytestmark = pytest.mark.django_db


def test_demo_fills_every_subregion_marked_synthetic_and_idempotently(regions, client):
    demo.load()
    counts = (Need.objects.count(), Programme.objects.count(), OccupationField.objects.count())
    demo.load()
    assert (
        Need.objects.count(),
        Programme.objects.count(),
        OccupationField.objects.count(),
    ) == counts
    assert not Need.objects.filter(synthetic=False).exists()
    assert not Programme.objects.filter(synthetic=False).exists()
    for region in Region.objects.subregions():
        rows = queries.gaps(region, 2025)
        assert rows, region.code
        page = client.get(f"/guidance/{region.code}/")
        assert page.status_code == 200 and 'id="synthetic-note"' in page.content.decode()
    jamsa = queries.gaps(Region.objects.subregions().get(code="134"), 2025)
    assert (jamsa[0].field, jamsa[0].status) == ("072", queries.UNCOVERED)
    assert Need.history.filter(history_change_reason="demo").exists()
