"""Event series and their yearly targets, kept by the coordinator on the product's pages."""

from __future__ import annotations

import pytest

from optiimi.events import services
from optiimi.events.models import EventSeries
from optiimi.regions.models import Region

pytestmark = pytest.mark.django_db


def test_coordinator_adds_and_changes_a_series_with_history(coordinator_client, coordinator):
    joutsa = Region.objects.get(level="seutukunta", code="132")
    response = coordinator_client.post(
        "/events/series/new/",
        {
            "name_fi": "Joutsan seutuhankepäivä",
            "name_en": "Joutsa project day",
            "category": "project_day",
            "sub_region": joutsa.pk,
            "target_per_year": 2,
        },
    )
    series = EventSeries.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/events/series/{series.pk}/"
    assert (series.sub_region, series.target_per_year) == (joutsa, 2)
    assert series.history.get().history_user == coordinator
    page = coordinator_client.get("/events/series/").content.decode()
    assert "Joutsan seutuhankepäivä" in page and f"/events/series/{series.pk}/edit/" in page
    data = {"name_fi": "Joutsan seutuhankepäivä", "category": "project_day", "target_per_year": 3}
    coordinator_client.post(f"/events/series/{series.pk}/edit/", {**data, "sub_region": joutsa.pk})
    series.refresh_from_db()
    assert series.target_per_year == 3 and series.history.count() == 2


def test_series_form_names_the_bad_field_and_writes_nothing(coordinator_client, regions):
    coordinator_client.cookies["django_language"] = "en"
    response = coordinator_client.post(
        "/events/series/new/", {"name_fi": "", "category": "nope", "target_per_year": -1}
    )
    assert response.status_code == 422
    text = response.content.decode()
    assert "Please correct the fields marked below." in text
    assert "id_name_fi_error" in text and "id_category_error" in text
    assert "id_target_per_year_error" in text
    assert not EventSeries.objects.exists()


def test_only_the_coordinator_keeps_series(owner_client, client, coordinator):
    series = services.save_series(None, actor=coordinator, name_fi="Sarja", category="other")
    assert owner_client.get("/events/series/new/").status_code == 403
    assert owner_client.post(f"/events/series/{series.pk}/edit/", {}).status_code == 403
    listing = client.get("/events/series/")
    assert listing.status_code == 200 and "Sarja" in listing.content.decode()
    assert "/events/series/new/" not in listing.content.decode()
