"""A foresight analyst (JAMK runs the joint foresight measure) imports and runs the barometer."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from optiimi.foresight import services
from optiimi.foresight.models import BarometerRound, ImportRun, Observation
from optiimi.network import services as network
from optiimi.network.models import RoleKind
from tests.conftest import SETUP

pytestmark = pytest.mark.django_db

CSV = b"indicator,area,period,value\ndemo.x,SK132,2024,1.5\ndemo.x,SK132,2025,1.7\n"


@pytest.fixture
def jamk(regions):
    return network.create_organisation(actor=SETUP, name="Jyväskylän AMK", kind="uas")


@pytest.fixture
def analyst(django_user_model, jamk, coordinator):
    user = django_user_model.objects.create_user("eeva", "eeva@example.com")
    network.set_role(
        user, RoleKind.MEMBER, jamk, actor=coordinator, capabilities=["foresight_analyst"]
    )
    client = Client()
    client.force_login(user)
    return user, client


def test_jamk_analyst_imports_statistics_and_history_names_them(analyst):
    user, client = analyst
    response = client.post(
        "/foresight/import/", {"file": SimpleUploadedFile("x.csv", CSV)}, follow=True
    )
    assert response.status_code == 200 and "2 new" in response.content.decode()
    assert Observation.objects.count() == 2
    assert ImportRun.objects.get().imported_by == user


def test_jamk_analyst_opens_and_closes_a_barometer_round(analyst):
    user, client = analyst
    response = client.post(
        "/foresight/barometer/new/",
        {"name": "Syksy 2025", "opens": "2025-09-01", "themes": ["business"]},
    )
    round_ = BarometerRound.objects.get()
    assert response.status_code == 302 and round_.history.get().history_user == user
    assert client.post(f"/foresight/barometer/{round_.pk}/close/").status_code == 302
    round_.refresh_from_db()
    assert round_.is_closed


def test_a_member_of_jamk_without_the_role_is_still_refused(django_user_model, jamk, coordinator):
    user = django_user_model.objects.create_user("jaana", "jaana@example.com")
    network.set_role(user, RoleKind.EDITOR, jamk, actor=coordinator)
    client = Client()
    client.force_login(user)
    assert client.get("/foresight/import/").status_code == 403
    assert client.get("/foresight/barometer/new/").status_code == 403
    with pytest.raises(Exception, match="foresight analysts"):
        services.open_round(actor=user, name="x", opens=datetime.date(2025, 9, 1))
