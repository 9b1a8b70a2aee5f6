import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from optiimi.core import indicators
from optiimi.core.writes import System
from optiimi.projects import services
from optiimi.projects.models import Phase, PhaseChange, Project

SETUP = System("test setup")

REFUSAL = "päätoteuttajan ulkopuolisen organisaation asiantuntijaa ei ole kuultu"  # Finnish UI
REFUSAL_EN = "no expert from an organisation other than the lead has been consulted"


@pytest.fixture
def project(organisation):
    return services.create_project(
        actor=SETUP,
        name="Matkailun kehittäminen Joutsassa",
        acronym="MATKA",
        phase=Phase.PLANNING,
        lead=organisation,
        summary_fi="Matkailualan yritysten yhteismarkkinointi.",
    )


@pytest.fixture
def outside_expert(other_organisation):
    from optiimi.network import services as network

    return network.create_person(
        actor=SETUP,
        organisation=other_organisation,
        name="Ulla Ulko",
        email="ulla@x.example",
        public=True,
        expertise_fi="Matkailu ja markkinointi.",
    )


def test_partner_shares_over_100_percent_are_refused(organisation, other_organisation):
    with pytest.raises(ValidationError, match="100"):
        services.create_project(
            actor=SETUP,
            name="X",
            lead=organisation,
            partners=[
                (organisation, "lead", "", Decimal(70)),
                (other_organisation, "co_implementer", "", Decimal(40)),
            ],
        )
    assert not Project.objects.exists()


def test_end_before_start_is_refused(organisation):
    with pytest.raises(ValidationError):
        services.create_project(
            actor=SETUP,
            name="X",
            lead=organisation,
            start=datetime.date(2024, 5, 1),
            end=datetime.date(2024, 1, 1),
        )


def test_phase_cannot_move_back_but_a_coordinator_override_is_recorded(project, owner, coordinator):
    with pytest.raises(ValidationError, match="eteenpäin"):
        services.change_phase(project, Phase.IDEA, actor=owner)
    services.change_phase(project, Phase.IDEA, actor=coordinator)
    change = PhaseChange.objects.get(project=project)
    assert change.override and change.to_phase == Phase.IDEA


def test_running_without_outside_consultation_is_refused_on_the_page(project, owner_client):
    response = owner_client.post(f"/projects/{project.pk}/phase/", {"phase": "running"})
    assert response.status_code == 422
    assert REFUSAL in response.content.decode()


def test_refusal_is_in_english_for_english_users(project, owner_client):
    owner_client.cookies["django_language"] = "en"
    response = owner_client.post(f"/projects/{project.pk}/phase/", {"phase": "running"})
    assert REFUSAL_EN in response.content.decode()
    project.refresh_from_db()
    assert project.phase == Phase.PLANNING


def test_running_without_outside_consultation_is_refused_by_the_api(project, owner_client):
    response = owner_client.post(
        f"/api/v1/projects/{project.pk}/phase",
        {"phase": "running"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert REFUSAL in response.json()["detail"][0]["msg"]
    assert response.json()["detail"][0]["loc"][-1] == "phase"


def test_running_without_outside_consultation_is_refused_by_the_cli(project):
    with pytest.raises(CommandError, match=f"{REFUSAL}|{REFUSAL_EN}"):
        call_command("project_phase", "MATKA", "running")


def test_consultation_from_the_lead_itself_does_not_count(project, owner, organisation):
    from optiimi.network import services as network

    colleague = network.create_person(
        actor=SETUP, organisation=organisation, name="Oma", email="oma@x.example"
    )
    services.record_consultation(project, actor=owner, person=colleague)
    with pytest.raises(ValidationError, match=f"{REFUSAL}|{REFUSAL_EN}"):
        services.change_phase(project, Phase.RUNNING, actor=owner)


def test_outside_consultation_lets_the_project_run(project, owner_client, owner, outside_expert):
    services.record_consultation(project, actor=owner, person=outside_expert)
    response = owner_client.post(f"/projects/{project.pk}/phase/", {"phase": "running"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.phase == Phase.RUNNING and project.start is not None


def test_a_recorded_exception_lets_the_project_run(project, capsys):
    call_command(
        "project_phase",
        str(project.pk),
        "running",
        "--exception",
        "Kiireellinen elinkeinorakenteen muutos",
    )
    project.refresh_from_db()
    assert project.phase == Phase.RUNNING
    assert project.consultation_exception == "Kiireellinen elinkeinorakenteen muutos"


def test_outsider_and_anonymous_cannot_change_the_phase(project, outsider_client, client):
    assert (
        outsider_client.post(
            f"/projects/{project.pk}/phase/", {"phase": "running", "exception": "x"}
        ).status_code
        == 403
    )
    assert (
        outsider_client.post(
            f"/api/v1/projects/{project.pk}/phase",
            {"phase": "running", "exception": "x"},
            content_type="application/json",
        ).status_code
        == 403
    )
    anonymous = client.post(f"/projects/{project.pk}/phase/", {"phase": "running"})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert (
        client.post(
            f"/api/v1/projects/{project.pk}/phase",
            {"phase": "running"},
            content_type="application/json",
        ).status_code
        == 401
    )
    project.refresh_from_db()
    assert project.phase == Phase.PLANNING


def test_outside_consultation_share_is_registered_and_computed(project, owner, outside_expert):
    services.record_consultation(project, actor=owner, person=outside_expert)
    services.change_phase(project, Phase.RUNNING, actor=owner, date=datetime.date(2025, 3, 1))
    other = services.create_project(actor=SETUP, name="B", lead=project.lead, phase="planning")
    services.change_phase(
        other, Phase.RUNNING, actor=owner, exception="syy", date=datetime.date(2025, 4, 1)
    )
    indicator = indicators.get("projects.outside_consultation_share")
    assert [(v.period, v.value) for v in indicator.compute()] == [("2025", 50.0)]


def test_project_page_shows_similar_projects_and_suggested_experts(project, outside_expert, client):
    similar = services.create_project(
        actor=SETUP,
        name="Matkailuyritysten markkinointi",
        lead=project.lead,
        summary_fi="Matkailualan yritysten markkinointi.",
    )
    services.create_project(actor=SETUP, name="Puurakentaminen", lead=project.lead)
    page = client.get(f"/projects/{project.pk}/").content.decode()
    similar_section = (
        page.split("Similar projects")[-1]
        if "Similar projects" in page
        else page.split("Samankaltaiset hankkeet")[-1]
    )
    assert similar.name in similar_section
    assert "Puurakentaminen" not in similar_section
    assert "Ulla Ulko" in page


def test_project_list_uses_a_fixed_number_of_queries(project, client, django_assert_num_queries):
    for i in range(5):
        services.create_project(actor=SETUP, name=f"P{i}", lead=project.lead)
    with django_assert_num_queries(5):
        response = client.get("/projects/")
    assert response.status_code == 200
    page = response.content.decode()
    assert project.name in page and all(f">P{i}<" in page for i in range(5))


def test_one_search_box_finds_organisations_people_and_projects(project, outside_expert, client):
    page = client.get("/projects/search/", {"q": "matkailun"}).content.decode()
    assert project.name in page and "Ulla Ulko" in page


def test_projects_api_lists_projects(project, client):
    body = client.get("/api/v1/projects").json()
    assert body[0]["acronym"] == "MATKA" and body[0]["phase"] == "planning"
