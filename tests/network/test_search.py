"""The organisation and people lists search through the index: ranked, filtered, paginated,
and a profile without consent is never found by the public."""

import pytest

from optiimi.core.writes import System
from optiimi.network import services
from optiimi.network.models import Competence

pytestmark = pytest.mark.django_db
SETUP = System("test setup")


def listed(response) -> list[str]:
    return [item.name for item in response.context["page"].object_list]


def test_people_search_ranks_by_relevance_and_paginates(client, organisation):
    for n in range(30):
        services.create_person(
            actor=SETUP,
            organisation=organisation,
            name=f"Henkilö {n:02d}",
            email=f"h{n}@x.example",
            expertise_fi="Matkailu ja muu yritysneuvonta, vienti, rahoitus ja kansainvälistyminen.",
            public=True,
        )
    services.create_person(
        actor=SETUP,
        organisation=organisation,
        name="Zeta Matkailija",
        email="z@x.example",
        expertise_fi="Matkailualan palvelut ja matkailun markkinointi.",
        public=True,
    )
    services.create_person(
        actor=SETUP, organisation=organisation, name="Muu", email="m@x.example", public=True
    )
    first = client.get("/people/", {"q": "matkailun"})
    assert listed(first)[0] == "Zeta Matkailija"  # last by name, first by relevance
    assert len(listed(first)) == 25 and "Muu" not in listed(first)
    second = client.get("/people/", {"q": "matkailun", "page": 2})
    assert len(listed(second)) == 6 and not set(listed(first)) & set(listed(second))
    api = client.get("/api/v1/people", {"q": "matkailun"}).json()
    assert api["count"] == 31 and api["items"][0]["name"] == "Zeta Matkailija"


def test_people_search_keeps_the_competence_and_organisation_filters(
    client, organisation, other_organisation, competences
):
    tourism = Competence.objects.get(code="matkailu")
    for name, org, comps in [
        ("Aino", organisation, [tourism]),
        ("Bertta", organisation, []),
        ("Cecilia", other_organisation, [tourism]),
    ]:
        services.create_person(
            actor=SETUP,
            organisation=org,
            name=name,
            email=f"{name}@x.example",
            expertise_fi="Yritysten kasvun neuvonta.",
            competences=comps,
            public=True,
        )
    both = client.get(
        "/people/", {"q": "neuvonta", "competence": "matkailu", "organisation": organisation.pk}
    )
    assert listed(both) == ["Aino"]
    only_competence = client.get("/people/", {"q": "neuvonta", "competence": "matkailu"})
    assert sorted(listed(only_competence)) == ["Aino", "Cecilia"]


def test_a_profile_without_consent_is_never_found_by_the_public(
    client, member_client, organisation
):
    services.create_person(
        actor=SETUP,
        organisation=organisation,
        name="Salla Salainen",
        email="s@x.example",
        expertise_fi="Kalastusmatkailu.",
        public=False,
    )
    for q in ["kalastusmatkailu", "Salainen", "alla Sal"]:  # by text, by name, by part of a name
        assert listed(client.get("/people/", {"q": q})) == []
        assert client.get("/api/v1/people", {"q": q}).json()["items"] == []
        assert listed(member_client.get("/people/", {"q": q})) == ["Salla Salainen"]
    assert (
        "Salla Salainen" not in client.get("/projects/search/", {"q": "kalastus"}).content.decode()
    )
    assert (
        "Salla Salainen"
        in member_client.get("/projects/search/", {"q": "kalastus"}).content.decode()
    )


def test_organisation_search_finds_by_municipality_business_id_and_description(
    client, organisation, other_organisation
):
    services.update_organisation(
        other_organisation, actor=SETUP, description_fi="Puurakentamisen yritysten verkosto."
    )
    assert listed(client.get("/organisations/", {"q": "Joutsa"})) == [organisation.name]
    assert listed(client.get("/organisations/", {"q": "0112038"})) == [organisation.name]
    assert listed(client.get("/organisations/", {"q": "puurakentaminen"})) == [
        other_organisation.name
    ]
    kind_filtered = client.get("/organisations/", {"q": "Joutsa", "kind": "company"})
    assert listed(kind_filtered) == []
