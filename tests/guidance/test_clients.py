"""Guidance clients referred between guidance services with consent (`core.referrals`): a
client is never shown to anyone outside the services that hold, held or are offered it, and
who the client is only to those that hold or held it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from optiimi.core import indicators
from optiimi.core.referrals import Refused, Status
from optiimi.core.writes import System
from optiimi.guidance import services
from optiimi.guidance.models import ClientStatus, GuidanceClient
from optiimi.network import services as network
from optiimi.network.models import CapabilityRole, RoleKind
from optiimi.regions.models import Region

pytestmark = pytest.mark.django_db
SETUP = System("test setup")
SECRET = "Haluaa vaihtaa alaa metsätöistä hoitoalalle"


def counsellor(django_user_model, name, organisation):
    user = django_user_model.objects.create_user(name, f"{name}@example.com", "pw")
    network.set_role(
        user,
        RoleKind.MEMBER,
        organisation,
        actor=SETUP,
        capabilities=[CapabilityRole.GUIDANCE_COUNSELLOR],
    )
    return user


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def school(organisation):
    return organisation


@pytest.fixture
def employment(other_organisation):
    return other_organisation


@pytest.fixture
def university(regions):
    return network.create_organisation(
        actor=SETUP,
        name="Jyväskylän yliopisto",
        short_name="JY",
        kind="university",
        home_municipality=Region.objects.get(level="kunta", code="179"),
    )


@pytest.fixture
def people(django_user_model, school, employment, university):
    return {
        "school": counsellor(django_user_model, "opo", school),
        "employment": counsellor(django_user_model, "ura", employment),
        "university": counsellor(django_user_model, "yo", university),
    }


@pytest.fixture
def guided(school, people):
    return services.open_client(
        actor=people["school"],
        organisation=school,
        name="Matti Metsä",
        contact="matti@example.com",
        municipality=Region.objects.get(level="kunta", code="172"),
        need=SECRET,
        consent_to_share=True,
    )


def test_a_referral_shows_the_client_only_to_the_services_holding_it(
    guided, people, employment, coordinator, member
):
    school, ura, yo = (login(people[k]) for k in ("school", "employment", "university"))
    page = f"/guidance/clients/{guided.pk}/"
    assert "Matti Metsä" in school.get(page).content.decode()
    assert ura.get(page).status_code == 404 and yo.get(page).status_code == 404

    response = school.post(
        f"/guidance/clients/{guided.pk}/refer/",
        {"refer-organisation": employment.pk, "refer-reason": "Ura- ja työnhakuohjaus"},
    )
    assert response.status_code == 302
    referral = guided.referrals.get()
    assert referral.status == Status.PENDING

    offered = ura.get(page).content.decode()
    assert ura.get(page).status_code == 200
    assert "Matti Metsä" not in offered and SECRET not in offered and "matti@" not in offered
    assert "Matti Metsä" not in ura.get("/guidance/clients/").content.decode()
    assert yo.get(page).status_code == 404

    assert ura.post(f"/guidance/referrals/{referral.pk}/accept/").status_code == 302
    guided.refresh_from_db()
    assert guided.holder == employment
    held = ura.get(page).content.decode()
    assert "Matti Metsä" in held and SECRET in held
    assert "Matti Metsä" in school.get(page).content.decode()  # held it before
    assert yo.get(page).status_code == 404
    for outsider in (login(coordinator), login(member)):
        assert outsider.get(page).status_code == 403
        assert outsider.get("/guidance/clients/").status_code == 403
    assert Client().get(page).status_code == 302  # to log in


def test_no_referral_without_consent_and_only_the_holder_refers(school, employment, people):
    client = services.open_client(
        actor=people["school"],
        organisation=school,
        name="Liisa",
        municipality=Region.objects.get(level="kunta", code="172"),
        need="Opiskelupaikka",
        consent_to_share=False,
    )
    with pytest.raises(ValidationError):
        services.refer_client(client, actor=people["school"], to=employment, reason="Ohjaus")
    response = login(people["employment"]).post(
        f"/guidance/clients/{client.pk}/refer/",
        {"refer-organisation": school.pk, "refer-reason": "x"},
    )
    assert response.status_code == 403
    assert not client.referrals.exists()


def test_declined_referral_keeps_the_client_and_only_the_offered_service_answers(
    guided, people, employment, school
):
    referral = services.refer_client(
        guided, actor=people["school"], to=employment, reason="Työnhaku"
    )
    assert (
        login(people["university"])
        .post(f"/guidance/referrals/{referral.pk}/decline/", {"decline-reason": "Ei meille"})
        .status_code
        == 403
    )
    response = login(people["employment"]).post(
        f"/guidance/referrals/{referral.pk}/decline/", {"decline-reason": "Ei asiakkuutta"}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    guided.refresh_from_db()
    assert referral.status == Status.DECLINED and guided.holder == school
    with pytest.raises(Refused):
        services.accept_client(referral, actor=people["employment"])


def test_completed_referrals_are_counted_as_the_indicator(guided, people, employment):
    referral = services.refer_client(
        guided, actor=people["school"], to=employment, reason="Työnhaku"
    )
    assert indicators.get("guidance.referrals_completed").compute() == []
    services.accept_client(referral, actor=people["employment"])
    response = login(people["employment"]).post(f"/guidance/clients/{guided.pk}/complete/")
    assert response.status_code == 302
    guided.refresh_from_db()
    assert guided.status == ClientStatus.COMPLETED
    indicator = indicators.get("guidance.referrals_completed")
    (value,) = indicator.compute()
    assert (value.region, value.value) == ("132", 1)
    records = indicator.records(int(value.period), "132")
    assert [r.label for r in records] == [f"#{guided.pk}"] and not records[0].public
    assert sum(r.count for r in records) == value.value


def test_a_counsellor_adds_a_client(people, school):
    client = login(people["school"])
    joutsa = Region.objects.get(level="kunta", code="172")
    response = client.post(
        "/guidance/clients/new/",
        {"name": "Uusi Asiakas", "municipality": joutsa.pk, "need": "Ammatinvalinta"},
    )
    assert response.status_code == 302
    created = GuidanceClient.objects.get()
    assert created.holder == school and list(created.held_by.all()) == [school]
    assert created.history.first().history_user == people["school"]


def test_demo_clients(regions, django_user_model):
    from optiimi.demo import guidance as demo
    from optiimi.demo.loader import load_organisations

    load_organisations()
    demo.load_clients()
    demo.load_clients()
    assert GuidanceClient.objects.filter(synthetic=True).count() == 3
    (value,) = indicators.get("guidance.referrals_completed").compute()
    assert (value.period, value.region, value.value) == ("2025", "134", 1)
