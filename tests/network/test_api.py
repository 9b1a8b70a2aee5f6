import pytest

from optiimi.accounts.models import ApiToken
from optiimi.core.writes import System
from optiimi.network import services
from optiimi.network.models import Organisation

SETUP = System("test setup")


@pytest.fixture
def owner_token(owner) -> str:
    return ApiToken.issue(owner, "test")[1]


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.mark.django_db
def test_openapi_is_served(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/organisations" in schema["paths"]
    assert client.get("/api/v1/docs").status_code == 200


@pytest.mark.django_db
def test_regions_are_listed_by_level_and_parent(client, regions):
    subregions = client.get("/api/v1/regions?level=seutukunta&parent=13").json()
    assert [r["code"] for r in subregions] == ["131", "132", "133", "134", "135", "138"]
    joutsa = client.get("/api/v1/regions/kunta/172").json()
    assert joutsa["statfin_code"] == "KU172" and joutsa["parent"] == "132"


@pytest.mark.django_db
def test_organisations_list_is_paginated_and_filtered(client, organisation, other_organisation):
    data = client.get("/api/v1/organisations?sub_region=132").json()
    assert data["count"] == 1 and data["items"][0]["business_id"] == "0112038-9"
    assert data["items"][0]["sub_regions"] == ["132"]


@pytest.mark.django_db
def test_people_api_respects_consent(client, member_client, organisation):
    services.create_person(
        actor=SETUP, organisation=organisation, name="Julkinen", email="j@example.com", public=True
    )
    hidden = services.create_person(
        actor=SETUP, organisation=organisation, name="Piilo", email="p@example.com"
    )
    names = [p["name"] for p in client.get("/api/v1/people").json()["items"]]
    assert names == ["Julkinen"]
    assert client.get(f"/api/v1/people/{hidden.pk}").status_code == 404
    member_view = member_client.get(f"/api/v1/people/{hidden.pk}").json()
    assert member_view["email"] == "p@example.com"


@pytest.mark.django_db
def test_token_holder_patches_own_organisation(client, organisation, owner_token):
    response = client.patch(
        f"/api/v1/organisations/{organisation.pk}",
        {"website": "https://joutsa.example"},
        content_type="application/json",
        **bearer(owner_token),
    )
    assert response.status_code == 200, response.content
    assert response.json()["website"] == "https://joutsa.example"
    assert response.json()["name"] == organisation.name
    assert organisation.history.first().history_user.username == "owner"


@pytest.mark.django_db
def test_wrong_check_digit_is_422_naming_business_id(client, organisation, owner_token):
    response = client.patch(
        f"/api/v1/organisations/{organisation.pk}",
        {"business_id": "0112038-8"},
        content_type="application/json",
        **bearer(owner_token),
    )
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"][-1] == "business_id" and "9 expected" in detail["msg"]


@pytest.mark.django_db
def test_valid_business_id_is_accepted_by_the_api(client, coordinator, regions):
    token = ApiToken.issue(coordinator, "t")[1]
    response = client.post(
        "/api/v1/organisations",
        {
            "name": "Uusi Oy",
            "kind": "company",
            "business_id": "0112038-9",
            "home_municipality": "172",
            "sub_regions": ["132"],
        },
        content_type="application/json",
        **bearer(token),
    )
    assert response.status_code == 201, response.content
    assert Organisation.objects.get(name="Uusi Oy").home_municipality.code == "172"


@pytest.mark.django_db
def test_unknown_municipality_is_422_naming_the_field(client, coordinator, regions):
    token = ApiToken.issue(coordinator, "t")[1]
    response = client.post(
        "/api/v1/organisations",
        {"name": "X", "kind": "company", "home_municipality": "999"},
        content_type="application/json",
        **bearer(token),
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "home_municipality"


@pytest.mark.django_db
def test_invalid_token_is_401(client, organisation):
    response = client.patch(
        f"/api/v1/organisations/{organisation.pk}",
        {"website": ""},
        content_type="application/json",
        **bearer("opt_nonsense"),
    )
    assert response.status_code == 401


@pytest.mark.django_db
def test_session_write_needs_csrf_token(organisation, owner):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    response = client.patch(
        f"/api/v1/organisations/{organisation.pk}", {"website": ""}, content_type="application/json"
    )
    assert response.status_code in (401, 403)


@pytest.mark.django_db
def test_person_created_through_api_with_competences(
    client, owner_token, organisation, competences
):
    response = client.post(
        "/api/v1/people",
        {
            "name": "Aino",
            "email": "aino@example.com",
            "organisation_id": organisation.pk,
            "competences": ["matkailu"],
            "public": True,
        },
        content_type="application/json",
        **bearer(owner_token),
    )
    assert response.status_code == 201, response.content
    assert response.json()["competences"] == ["matkailu"]
    unknown = client.post(
        "/api/v1/people",
        {"name": "B", "organisation_id": organisation.pk, "competences": ["lentäminen"]},
        content_type="application/json",
        **bearer(owner_token),
    )
    assert unknown.status_code == 422
    assert "lentäminen" in unknown.json()["detail"][0]["msg"]
