"""The coordinator's own pages for logins, roles, API tokens and the competence vocabulary."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from optiimi.accounts.models import ApiToken
from optiimi.network import services
from optiimi.network.models import Competence, CompetenceGroup, Role
from tests.conftest import SETUP

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(organisation):
    return services.create_person(
        actor=SETUP, organisation=organisation, name="Eeva Ennakoija", email="eeva@example.com"
    )


def test_coordinator_gives_a_person_a_login_with_a_capability_role(
    coordinator_client, coordinator, person, organisation
):
    response = coordinator_client.post(
        "/users/new/",
        {
            "person": person.pk,
            "username": "eeva",
            "email": "Eeva@Example.com",
            "kind": "member",
            "organisation": organisation.pk,
            "capabilities": ["foresight_analyst"],
        },
    )
    user = get_user_model().objects.get(username="eeva")
    assert response.status_code == 302 and response["Location"] == f"/users/{user.pk}/"
    assert not user.has_usable_password()
    role = Role.objects.get(user=user)
    assert (role.kind, role.organisation, role.capabilities) == (
        "member",
        organisation,
        ["foresight_analyst"],
    )
    assert role.history.get().history_user == coordinator
    person.refresh_from_db()
    assert person.user == user and person.history.first().history_user == coordinator
    [message] = mail.outbox
    assert message.to == ["eeva@example.com"]
    link = re.search(r"http://testserver(/accounts/password/reset/\S+)", message.body).group(1)
    assert Client().get(link, follow=True).status_code == 200
    # the new analyst may now import statistics
    analyst = Client()
    analyst.force_login(user)
    assert analyst.get("/foresight/import/").status_code == 200


def test_login_form_says_what_is_wrong_and_writes_nothing(
    coordinator_client, person, other_organisation, owner
):
    coordinator_client.cookies["django_language"] = "en"
    response = coordinator_client.post(
        "/users/new/",
        {
            "person": person.pk,
            "username": "OWNER",
            "email": "x@example.com",
            "kind": "member",
            "capabilities": ["event_organiser"],
        },
    )
    assert response.status_code == 422
    text = response.content.decode()
    assert "The username “OWNER” is taken." in text
    assert get_user_model().objects.count() == 2  # the coordinator and the owner
    response = coordinator_client.post(
        "/users/new/",
        {
            "person": person.pk,
            "username": "eeva",
            "email": "eeva@example.com",
            "kind": "member",
            "organisation": other_organisation.pk,
        },
    )
    assert response.status_code == 422
    assert "Eeva Ennakoija is not affiliated with Keuruun seudun kehittämisyhtiö" in (
        response.content.decode()
    )
    assert not get_user_model().objects.filter(username="eeva").exists()
    person.refresh_from_db()
    assert person.user is None and not mail.outbox


def test_coordinator_grants_and_revokes_capability_roles_on_the_users_page(
    coordinator_client, member, other_organisation
):
    path = f"/users/{member.pk}/"
    assert "Keuruun" in coordinator_client.get(path).content.decode()
    response = coordinator_client.post(
        path,
        {
            "save_role": "1",
            "kind": "member",
            "organisation": other_organisation.pk,
            "capabilities": ["event_organiser", "service_advisor"],
        },
    )
    assert response.status_code == 302
    assert Role.objects.get(user=member).capabilities == ["event_organiser", "service_advisor"]
    coordinator_client.post(
        path, {"save_role": "1", "kind": "member", "organisation": other_organisation.pk}
    )
    assert Role.objects.get(user=member).capabilities == []
    response = coordinator_client.post(
        path, {"save_role": "1", "kind": "coordinator", "capabilities": ["guidance_counsellor"]}
    )
    assert response.status_code == 422
    assert Role.objects.get(user=member).kind == "member"


def test_coordinator_issues_a_token_shown_once_and_revokes_it(coordinator_client, member):
    path = f"/users/{member.pk}/"
    response = coordinator_client.post(path, {"issue_token": "1", "name": "Raportointi"})
    assert response.status_code == 200
    raw = re.search(r"opt_[\w-]+", response.content.decode()).group(0)
    token = ApiToken.objects.get(user=member)
    assert token.name == "Raportointi" and raw not in token.digest
    assert raw not in coordinator_client.get(path).content.decode()
    api = Client().get("/api/v1/people", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.status_code == 200
    again = coordinator_client.post(path, {"issue_token": "1", "name": "raportointi"})
    assert again.status_code == 422 and ApiToken.objects.count() == 1
    coordinator_client.post(path, {"revoke_token": token.pk})
    assert not ApiToken.objects.exists()


def test_users_page_lists_roles_in_finnish_and_english(coordinator_client, member):
    services.grant_capability(member, "foresight_analyst", actor=SETUP)
    text = coordinator_client.get("/users/").content.decode()
    assert "Käyttäjätunnukset ja roolit" in text and "ennakointianalyytikko" in text
    coordinator_client.cookies["django_language"] = "en"
    text = coordinator_client.get("/users/").content.decode()
    assert "Logins and roles" in text and "foresight analyst" in text


def test_coordinator_adds_and_edits_competences(coordinator_client, coordinator, competences):
    group = CompetenceGroup.objects.first()
    response = coordinator_client.post(
        "/competences/new/",
        {
            "code": "biotalous-testi",
            "label_fi": "Kiertotalous",
            "label_en": "Circular economy",
            "group": group.pk,
        },
    )
    assert response.status_code == 302
    competence = Competence.objects.get(code="biotalous-testi")
    assert competence.history.get().history_user == coordinator
    path = f"/competences/{competence.pk}/edit/"
    coordinator_client.post(
        path,
        {
            "code": "biotalous-testi",
            "label_fi": "Kiertotalous",
            "label_en": "Circular economy",
            "group": group.pk,
        },
    )
    assert competence.history.count() == 1  # unchanged: no new history
    coordinator_client.post(
        path,
        {
            "code": "biotalous-testi",
            "label_fi": "Kiertotalous ja uusiokäyttö",
            "label_en": "Circular economy",
            "group": group.pk,
        },
    )
    competence.refresh_from_db()
    assert competence.label_fi == "Kiertotalous ja uusiokäyttö"
    assert competence.history.count() == 2
    other = Competence.objects.exclude(pk=competence.pk).first()
    response = coordinator_client.post(
        path,
        {"code": other.code, "label_fi": "X", "label_en": "X", "group": group.pk},
    )
    assert response.status_code == 422
    competence.refresh_from_db()
    assert competence.code == "biotalous-testi"


def test_editors_and_members_do_not_see_the_coordinators_pages(owner_client, competences):
    assert owner_client.get("/users/").status_code == 403
    assert "/competences/new/" not in owner_client.get("/competences/").content.decode()
    assert "/users/" not in owner_client.get("/").content.decode()


@pytest.fixture
def proposals(organisation, competences):
    services.import_people(
        [
            (2, _person_row("a@example.com", "matkailu;Lentäminen")),
            (3, _person_row("b@example.com", "Matkailuala")),
        ],
        actor=SETUP,
    )
    return {c.label_fi: c for c in Competence.objects.filter(proposed=True)}


def _person_row(email: str, competences: str) -> dict[str, str]:
    return {
        "name": email.split("@")[0],
        "email": email,
        "organisation": "JoSK",
        "title": "",
        "competences": competences,
        "expertise": "",
        "public": "true",
    }


def test_proposed_competences_are_listed_for_the_coordinator_not_offered_as_filters(
    coordinator_client, client, proposals
):
    flying = proposals["Lentäminen"]
    page = coordinator_client.get("/competences/proposed/")
    assert page.status_code == 200
    assert "Lentäminen" in page.content.decode() and "Matkailuala" in page.content.decode()
    assert "/competences/proposed/" in coordinator_client.get("/competences/").content.decode()
    public = client.get("/competences/").content.decode()
    assert "Lentäminen" not in public and "matkailu" in public
    assert f'value="{flying.code}"' not in client.get("/people/").content.decode()
    codes = [c["code"] for c in client.get("/api/v1/competences").json()]
    assert "matkailu" in codes and flying.code not in codes


def test_coordinator_accepts_renames_and_merges_proposals(coordinator_client, proposals):
    flying, branch = proposals["Lentäminen"], proposals["Matkailuala"]
    tourism = Competence.objects.get(code="matkailu")
    url = f"/competences/proposed/{flying.pk}/"

    refused = coordinator_client.post(url + "rename/", {f"r{flying.pk}-label_fi": "matkailu"})
    assert refused.status_code == 422
    assert "yhdistä tämä siihen" in refused.content.decode()
    done = coordinator_client.post(
        url + "rename/", {f"r{flying.pk}-label_fi": "Ilmailu", f"r{flying.pk}-label_en": "Aviation"}
    )
    assert done.status_code == 302
    flying.refresh_from_db()
    assert (flying.label_fi, flying.label_en) == ("Ilmailu", "Aviation")

    group = CompetenceGroup.objects.exclude(code=services.PROPOSED_GROUP).first()
    assert (
        coordinator_client.post(url + "accept/", {f"a{flying.pk}-group": group.pk}).status_code
        == 302
    )
    flying.refresh_from_db()
    assert not flying.proposed and flying.group == group
    assert coordinator_client.post(url + "accept/", {}).status_code == 404  # no longer proposed

    merged = coordinator_client.post(
        f"/competences/proposed/{branch.pk}/merge/", {f"m{branch.pk}-target": tourism.pk}
    )
    assert merged.status_code == 302
    assert not Competence.objects.filter(pk=branch.pk).exists()
    assert set(tourism.people.values_list("email", flat=True)) == {"a@example.com", "b@example.com"}


def test_only_the_coordinator_reviews_proposals(owner_client, client, proposals):
    flying = proposals["Lentäminen"]
    post = {f"a{flying.pk}-group": CompetenceGroup.objects.first().pk}
    assert owner_client.get("/competences/proposed/").status_code == 403
    assert owner_client.post(f"/competences/proposed/{flying.pk}/accept/", post).status_code == 403
    for path in ("/competences/proposed/", f"/competences/proposed/{flying.pk}/merge/"):
        response = client.post(path) if path.endswith("merge/") else client.get(path)
        assert response.status_code == 302 and "/login" in response["Location"]
    flying.refresh_from_db()
    assert flying.proposed
