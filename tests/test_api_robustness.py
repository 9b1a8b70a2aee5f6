"""The API refuses bad input with 422 (never 500), and its OpenAPI description says what it does.

Found by fuzzing the API against its description (.ci/api-fuzz): integers beyond 64 bits, null in
text fields, an empty municipality code, a list or 0 where an object or a boolean is described,
and two schemas of the same name (one hiding the other in the description).
"""

from __future__ import annotations

import typing

import pytest
from django.test import Client
from pydantic import BaseModel

from optiimi.accounts.models import ApiToken
from optiimi.api import api
from optiimi.network.models import Organisation, Person
from optiimi.projects.models import Project

TOO_BIG = 2**63  # one beyond a signed 64-bit integer


def bearer(user) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user, 'test')[1]}"}


def send(client: Client, method: str, path: str, body: typing.Any = None, **headers: str):
    call = getattr(client, method)
    if body is None:
        return call(f"/api/v1{path}", **headers)
    return call(f"/api/v1{path}", body, content_type="application/json", **headers)


def field_named(response, field: str) -> bool:
    detail = response.json()["detail"]
    return any(field in error["loc"] or field in error["msg"] for error in detail)


@pytest.fixture
def project(coordinator, organisation) -> Project:
    client = Client()
    response = send(
        client,
        "post",
        "/projects",
        {"name": "Seutuverkko", "lead_id": organisation.pk, "summary_fi": "Tiivistelmä"},
        **bearer(coordinator),
    )
    assert response.status_code == 201, response.content
    return Project.objects.get(pk=response.json()["id"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        f"/organisations/{TOO_BIG}",
        f"/people/{TOO_BIG}",
        f"/events/{TOO_BIG}",
        f"/projects/{TOO_BIG}",
        f"/benchmark/cohorts/{TOO_BIG}",
        f"/people?organisation={TOO_BIG}",
        f"/organisations?page={TOO_BIG}",
        f"/people?page={10**21}",
        f"/benchmark/cohorts?project={TOO_BIG}",
        f"/benchmark/cohorts?page={TOO_BIG}",
        f"/benchmark/industries/62/growth?year={TOO_BIG}",
        "/organisations/-1",
        "/organisations/abc",
    ],
)
def test_out_of_range_numbers_in_urls_are_422(client, regions, path):
    response = client.get(f"/api/v1{path}")
    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["loc"][0] in ("query", "path")


@pytest.mark.django_db
def test_largest_id_is_simply_not_found(client, regions):
    assert client.get(f"/api/v1/organisations/{TOO_BIG - 1}").status_code == 404


@pytest.mark.django_db
def test_out_of_range_ids_in_bodies_are_422(client, coordinator, organisation, project):
    auth = bearer(coordinator)
    cases = [
        ("post", "/people", {"name": "N", "organisation_id": TOO_BIG}, "organisation_id"),
        ("patch", f"/projects/{project.pk}", {"team": [TOO_BIG]}, "team"),
        ("patch", f"/projects/{project.pk}", {"lead_id": TOO_BIG}, "lead_id"),
        ("post", f"/projects/{project.pk}/consultations", {"person_id": TOO_BIG}, "person_id"),
        ("post", "/events", _event(capacity=TOO_BIG), "capacity"),
    ]
    for method, path, body, field in cases:
        response = send(client, method, path, body, **auth)
        assert response.status_code == 422, (path, response.content)
        assert field_named(response, field), response.json()
    assert Person.objects.count() == 0


def _event(**fields: typing.Any) -> dict[str, typing.Any]:
    return {
        "title": "Seutupäivä",
        "start": "2030-05-01T09:00:00+03:00",
        "end": "2030-05-01T12:00:00+03:00",
        "capacity": 10,
        **fields,
    }


@pytest.mark.django_db
def test_null_in_a_text_field_is_422_and_changes_nothing(
    client, coordinator, organisation, project
):
    auth = bearer(coordinator)
    for field in ("summary_fi", "name", "acronym", "outputs"):
        response = send(client, "patch", f"/projects/{project.pk}", {field: None}, **auth)
        assert response.status_code == 422, (field, response.content)
        assert field in response.json()["detail"][0]["msg"]
    project.refresh_from_db()
    assert project.summary_fi == "Tiivistelmä" and project.name == "Seutuverkko"
    for field in ("name", "kind", "short_name", "website"):
        response = send(client, "patch", f"/organisations/{organisation.pk}", {field: None}, **auth)
        assert response.status_code == 422, (field, response.content)
    organisation.refresh_from_db()
    assert organisation.name == "Joutsan seudun kehittämisyhtiö"


@pytest.mark.django_db
def test_leaving_a_field_out_of_a_change_keeps_it(client, coordinator, project):
    response = send(
        client, "patch", f"/projects/{project.pk}", {"acronym": "SV"}, **bearer(coordinator)
    )
    assert response.status_code == 200, response.content
    project.refresh_from_db()
    assert project.acronym == "SV" and project.summary_fi == "Tiivistelmä"


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["", "1X2", "1234"])
def test_a_malformed_municipality_code_is_422(client, coordinator, organisation, code):
    response = send(
        client,
        "patch",
        f"/organisations/{organisation.pk}",
        {"home_municipality": code},
        **bearer(coordinator),
    )
    assert response.status_code == 422, response.content
    assert field_named(response, "home_municipality")
    organisation.refresh_from_db()
    assert organisation.home_municipality.code == "172"


@pytest.mark.django_db
def test_an_unknown_municipality_is_422_naming_it(client, coordinator, organisation):
    response = send(
        client,
        "patch",
        f"/organisations/{organisation.pk}",
        {"home_municipality": "999"},
        **bearer(coordinator),
    )
    assert response.status_code == 422 and field_named(response, "home_municipality")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        [None, None],
        '"text"',
        {"name": "N", "kind": "municipality", "sub_regions": ["132", 132]},
        {"name": "N", "kind": "municipality", "member_since": 0},
        {"name": 5, "kind": "municipality"},
    ],
)
def test_a_body_must_have_the_described_json_types(client, coordinator, regions, body):
    response = send(client, "post", "/organisations", body, **bearer(coordinator))
    assert response.status_code == 422, response.content
    assert Organisation.objects.count() == 0


@pytest.mark.django_db
def test_a_boolean_is_not_a_number(client, coordinator, organisation):
    body = {"name": "N", "organisation_id": organisation.pk, "public": 0}
    response = send(client, "post", "/people", body, **bearer(coordinator))
    assert response.status_code == 422 and field_named(response, "public")
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_a_body_that_is_not_json_is_400(client, coordinator, regions):
    response = client.post(
        "/api/v1/organisations", b"\x00{", content_type="application/json", **bearer(coordinator)
    )
    assert response.status_code == 400 and "detail" in response.json()


# --- the description -----------------------------------------------------------------------


def _models(annotation: typing.Any, found: set[type[BaseModel]]) -> None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in found:
            return
        found.add(annotation)
        for field in annotation.model_fields.values():
            _models(field.annotation, found)
    for arg in typing.get_args(annotation):
        _models(arg, found)


def _operations():
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            yield from path_view.operations


@pytest.mark.django_db
def test_no_two_schemas_share_a_name(client):
    found: set[type[BaseModel]] = set()
    for operation in _operations():
        for model in operation.response_models.values():
            _models(model, found)
        for model in operation.models:
            _models(model, found)
    components = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    by_name: dict[str, set[str]] = {}
    for model in found:
        if model.__name__ in components:
            by_name.setdefault(model.__name__, set()).add(
                f"{model.__module__}.{model.__qualname__}"
            )
    shared = {name: classes for name, classes in by_name.items() if len(classes) > 1}
    assert not shared, shared
    assert "PlanIndicatorOut" in components and "StatisticsIndicatorOut" in components


@pytest.mark.django_db
def test_every_operation_documents_the_errors_it_gives(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            answers = set(operation["responses"])
            has_input = operation.get("parameters") or operation.get("requestBody")
            if has_input:
                assert "422" in answers, (method, path)
            if operation.get("security"):
                assert {"401", "403"} <= answers, (method, path)
            if operation.get("requestBody"):
                assert "400" in answers, (method, path)
            if "{" in path and not path.endswith("/growth"):  # an industry's growth may be []
                assert "404" in answers, (method, path)


# --- 401 and 403, as docs/api.md says ------------------------------------------------------


@pytest.mark.django_db
def test_no_or_bad_credentials_are_401(client, organisation):
    path = f"/api/v1/organisations/{organisation.pk}"
    body = {"website": "https://x.example"}
    for headers in ({}, {"HTTP_AUTHORIZATION": "Bearer opt_not-a-token"}):
        response = client.patch(path, body, content_type="application/json", **headers)
        assert response.status_code == 401 and response.json() == {"detail": "Unauthorized"}


@pytest.mark.django_db
def test_a_session_without_its_csrf_token_is_403(coordinator, organisation):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(coordinator)
    response = browser.patch(
        f"/api/v1/organisations/{organisation.pk}",
        {"website": "https://x.example"},
        content_type="application/json",
    )
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]


@pytest.mark.django_db
def test_a_user_not_allowed_is_403(client, outsider, organisation):
    response = send(
        client,
        "patch",
        f"/organisations/{organisation.pk}",
        {"website": "https://x.example"},
        **bearer(outsider),
    )
    assert response.status_code == 403 and isinstance(response.json()["detail"], str)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/people?q=a%00b",
        "/organisations?q=a%00b",
        "/experts?q=a%00b",
        "/people?competence=a%00b",
        "/plan/periods/a%00b",
        "/observations?indicator=a%00b",
        "/observations?indicator=x&region=a%00b",
        "/benchmark/companies/a%00b/peers",
    ],
)
def test_a_nul_character_in_a_url_is_422(client, organisation, path):
    """PostgreSQL stores no NUL: asking for one was a server error there."""
    response = client.get(f"/api/v1{path}")
    assert response.status_code == 422, response.content


@pytest.mark.django_db
def test_a_nul_character_in_a_body_is_422_naming_the_field(client, coordinator, organisation):
    body = {"name": "Nolla\x00merkki", "organisation_id": organisation.pk}
    response = send(client, "post", "/people", body, **bearer(coordinator))
    assert response.status_code == 422 and field_named(response, "name")
    body = {"name": "N", "kind": "municipality", "sub_regions": ["13\x002"]}
    response = send(client, "post", "/organisations", body, **bearer(coordinator))
    assert response.status_code == 422
    assert not Person.objects.exists() and Organisation.objects.count() == 1


@pytest.mark.django_db
def test_a_date_is_only_taken_as_yyyy_mm_dd(client):
    path = "/api/v1/service-promise/metrics"
    assert client.get(path, {"to": "0"}).status_code == 422
    assert client.get(path, {"to": "2026-11-30"}).status_code == 200


@pytest.mark.django_db
def test_a_field_error_in_a_query_names_its_field(client):
    answer = client.get("/api/v1/collaboration/bridging", {"from": 2009, "to": 2009})
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"][-1] == "to"
