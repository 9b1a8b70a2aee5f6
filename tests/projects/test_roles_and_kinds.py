"""Partner roles and consultation kinds are choices shown in the reader's language; the free text
they were before maps to them without losing a word."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from optiimi.core.writes import System
from optiimi.network import services as network
from optiimi.projects import services
from optiimi.projects.models import Consultation, Partner, Phase, Project
from tests import migration_steps as steps

SETUP = System("test setup")
mapping = importlib.import_module(
    "optiimi.projects.migrations.0006_partner_roles_and_consultation_kinds_from_text"
)


# The mapping of the old free text ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("päätoteuttaja", ("lead", "")),
        ("  Päätoteuttaja ", ("lead", "")),
        ("Lead partner", ("lead", "")),
        ("osatoteuttaja", ("co_implementer", "")),
        ("RAHOITTAJA", ("funder", "")),
        ("asiantuntija", ("expert", "")),
        ("koulutus  ja analyysi", ("training", "")),
        ("utbildning och analys", ("training", "")),
        ("muu", ("other", "")),
        ("", ("", "")),
        ("rahoittaja ja asiantuntija", ("other", "rahoittaja ja asiantuntija")),
        (" tutkimus ", ("other", "tutkimus")),
    ],
)
def test_a_typed_role_maps_to_its_choice_or_is_kept_as_other(text, expected):
    assert mapping.partner_role(text) == expected


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Suunnittelukokous", ("planning_meeting", "")),
        ("planning meeting", ("planning_meeting", "")),
        ("Työpaja", ("workshop", "")),
        ("haastattelu", ("interview", "")),
        ("Sähköposti tai puhelin", ("email_or_phone", "")),
        ("puhelin", ("email_or_phone", "")),
        ("", ("other", "")),
        (
            "Pilotin suunnittelu: koulutus, analyysi ja rahoitus",
            ("other", "Pilotin suunnittelu: koulutus, analyysi ja rahoitus"),
        ),
    ],
)
def test_a_note_naming_a_kind_becomes_the_kind_and_any_other_note_stays(note, expected):
    assert mapping.consultation_kind(note) == expected


def test_every_choice_has_known_words():
    assert set(mapping.ROLE_WORDS) == set(Partner.Role.values)
    assert set(mapping.KIND_WORDS) == set(Consultation.Kind.values)


# Services, pages and API --------------------------------------------------------------------


@pytest.fixture
def project(organisation, other_organisation):
    return services.create_project(
        actor=SETUP,
        name="Matkailun kehittäminen Joutsassa",
        phase=Phase.PLANNING,
        lead=organisation,
        partners=[
            (organisation, Partner.Role.LEAD, "", Decimal(60)),
            (other_organisation, Partner.Role.OTHER, "matkailuyritysten edustaja", Decimal(40)),
        ],
    )


@pytest.fixture
def expert(other_organisation):
    return network.create_person(
        actor=SETUP, organisation=other_organisation, name="Ulla Ulko", email="u@x.example"
    )


def test_english_project_page_shows_the_roles_and_kinds_in_english(client, project, expert):
    services.record_consultation(
        project,
        actor=SETUP,
        person=expert,
        date=datetime.date(2026, 3, 2),
        kind=Consultation.Kind.PLANNING_MEETING,
    )
    client.cookies["django_language"] = "en"
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "<td>lead partner</td>" in page and "päätoteuttaja" not in page
    assert "<td>matkailuyritysten edustaja</td>" in page  # own words stay as given
    assert "planning meeting" in page and "suunnittelukokous" not in page.lower()
    client.cookies["django_language"] = "sv"
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "<td>huvudgenomförare</td>" in page and "planeringsmöte" in page


def test_finnish_project_page_shows_the_finnish_role(client, project):
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "<td>päätoteuttaja</td>" in page


def test_own_words_are_refused_for_a_role_other_than_other(organisation):
    with pytest.raises(ValidationError, match="”muu”"):
        services.create_project(
            actor=SETUP,
            name="X",
            lead=organisation,
            partners=[(organisation, Partner.Role.FUNDER, "ja asiantuntija", Decimal(100))],
        )
    assert not Project.objects.exists()


def test_the_service_refuses_an_unknown_role(organisation):
    with pytest.raises(ValidationError, match="päätoteuttaja"):
        services.create_project(
            actor=SETUP,
            name="X",
            lead=organisation,
            partners=[(organisation, "päätoteuttaja", "", Decimal(100))],
        )


def test_the_edit_form_keeps_a_role_in_own_words_for_other(owner_client, project, organisation):
    data = {
        "name": project.name,
        "lead": organisation.pk,
        "partners-TOTAL_FORMS": "1",
        "partners-INITIAL_FORMS": "0",
        "partners-0-organisation": organisation.pk,
        "partners-0-role": "funder",
        "partners-0-role_detail": "ja asiantuntija",
        "partners-0-budget_share": "100",
        "fundings-TOTAL_FORMS": "0",
        "fundings-INITIAL_FORMS": "0",
    }
    response = owner_client.post(f"/projects/{project.pk}/edit/", data)
    assert response.status_code == 422
    assert "Kuvaa rooli omin sanoin vain, kun rooli on ”muu”." in response.content.decode()
    data["partners-0-role"] = "other"
    response = owner_client.post(f"/projects/{project.pk}/edit/", data)
    assert response.status_code == 302
    partner = project.partners.get()
    assert (partner.role, partner.role_detail) == ("other", "ja asiantuntija")


def test_api_rejects_an_unknown_role_naming_it(owner_client, organisation):
    response = owner_client.post(
        "/api/v1/projects",
        {
            "name": "X",
            "lead_id": organisation.pk,
            "partners": [
                {"organisation_id": organisation.pk, "role": "päätoteuttaja", "budget_share": 100}
            ],
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"][-1] == "role"
    assert "'päätoteuttaja'" in detail["msg"] and "co_implementer" in detail["msg"]
    assert not Project.objects.exists()


def test_api_gives_the_role_and_its_own_words(owner_client, organisation, project):
    response = owner_client.get(f"/api/v1/projects/{project.pk}")
    assert response.status_code == 200
    partners = {p["role"]: p for p in response.json()["partners"]}
    assert set(partners) == {"lead", "other"}
    assert partners["lead"]["role_detail"] == ""
    assert partners["other"]["role_detail"] == "matkailuyritysten edustaja"


def test_api_refuses_own_words_for_a_role_other_than_other(owner_client, organisation):
    response = owner_client.post(
        "/api/v1/projects",
        {
            "name": "X",
            "lead_id": organisation.pk,
            "partners": [
                {
                    "organisation_id": organisation.pk,
                    "role": "funder",
                    "role_detail": "ja asiantuntija",
                    "budget_share": 100,
                }
            ],
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "partners"


def test_api_records_a_consultation_of_a_kind(owner_client, project, expert):
    response = owner_client.post(
        f"/api/v1/projects/{project.pk}/consultations",
        {"person_id": expert.pk, "date": "2026-10-01", "kind": "interview", "note": "Puhelu"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "interview"
    assert (project.consultations.get().kind, project.consultations.get().note) == (
        "interview",
        "Puhelu",
    )


def test_api_rejects_an_unknown_consultation_kind_naming_it(owner_client, project, expert):
    response = owner_client.post(
        f"/api/v1/projects/{project.pk}/consultations",
        {"person_id": expert.pk, "kind": "Suunnittelukokous"},
        content_type="application/json",
    )
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"][-1] == "kind" and "'Suunnittelukokous'" in detail["msg"]
    assert not project.consultations.exists()


# The migration on stored rows ---------------------------------------------------------------


@pytest.mark.migrations
@pytest.mark.django_db(transaction=True)
def test_the_migration_maps_stored_roles_and_notes_and_loses_nothing(
    organisation, other_organisation, expert
):
    steps.record_the_schema_as_migrated()
    latest = steps.latest()
    try:
        old = steps.migrate([("projects", "0004_remove_project_measures")])
        project = old.get_model("projects", "Project").objects.create(
            name="Joutsan seudun pilotti", lead_id=organisation.pk
        )
        partner = old.get_model("projects", "Partner")
        partner.objects.create(
            project=project, organisation_id=organisation.pk, role="Päätoteuttaja"
        )
        partner.objects.create(
            project=project,
            organisation_id=other_organisation.pk,
            role="rahoittaja ja asiantuntija",
        )
        consultation = old.get_model("projects", "Consultation")
        for note in ("Suunnittelukokous", "Soitettiin rahoituksesta"):
            consultation.objects.create(
                project=project,
                person_id=expert.pk,
                organisation_id=other_organisation.pk,
                date=datetime.date(2004, 6, 15),
                note=note,
            )
    finally:
        steps.migrate(latest)
    roles = {p.organisation_id: (p.role, p.role_detail) for p in Partner.objects.all()}
    assert roles == {
        organisation.pk: ("lead", ""),
        other_organisation.pk: ("other", "rahoittaja ja asiantuntija"),
    }
    assert sorted(Consultation.objects.values_list("kind", "note")) == [
        ("other", "Soitettiin rahoituksesta"),
        ("planning_meeting", ""),
    ]
