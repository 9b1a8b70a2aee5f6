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


def test_index_maps_the_unmet_share(regions, client):
    demo.load()
    html = client.get("/guidance/", {"year": 2025}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="map-h"' in html
    # Jämsä: 40 + 15 + (25 - 20) of 102 unmet
    jamsa = queries.overview(2025)
    share = {o.sub_region.code: o.unmet for o in jamsa}["134"]
    assert share == pytest.approx(60 / 102)
    assert "59 % unmet" in html or "59 % kattamatta" in html
