"""Adding and editing projects on the page and through the API; consultations; GDPR erasure."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from optiimi.core import history, links
from optiimi.core.writes import System
from optiimi.network import services as network
from optiimi.projects import services
from optiimi.projects.models import Consultation, Phase, Project

SETUP = System("test setup")


@pytest.fixture
def project(organisation, other_organisation):
    return services.create_project(
        actor=SETUP,
        name="Matkailun kehittäminen Joutsassa",
        phase=Phase.PLANNING,
        lead=organisation,
        budget=Decimal(100_000),
        partners=[
            (organisation, "lead", "", Decimal(60)),
            (other_organisation, "co_implementer", "", Decimal(40)),
        ],
        fundings=[("Keski-Suomen liitto", "erdf", Decimal(100_000))],
    )


def _form(organisation, **extra):
    data = {
        "name": "Puurakentamisen osaamiskeskus",
        "acronym": "PUU",
        "lead": organisation.pk,
        "start": "",
        "end": "",
        "budget": "80000",
        "summary_fi": "Puutuoteyritysten tuotekehitys.",
        "partners-TOTAL_FORMS": "2",
        "partners-INITIAL_FORMS": "0",
        "partners-0-organisation": organisation.pk,
        "partners-0-role": "lead",
        "partners-0-budget_share": "100",
        "fundings-TOTAL_FORMS": "2",
        "fundings-INITIAL_FORMS": "0",
        "fundings-0-funder": "Keski-Suomen liitto",
        "fundings-0-instrument": "erdf",
        "fundings-0-amount": "60000",
        "fundings-1-funder": "Oma rahoitus",
        "fundings-1-instrument": "own",
        "fundings-1-amount": "20000",
    }
    data.update(extra)
    return data


def test_an_editor_adds_a_project_for_their_organisation(owner_client, organisation, plan):
    response = owner_client.post(
        "/projects/new/", _form(organisation, measures=[plan["measure"].pk])
    )
    assert response.status_code == 302
    project = Project.objects.get(acronym="PUU")
    assert project.lead == organisation and project.phase == Phase.IDEA
    assert [f.amount for f in project.fundings.order_by("amount")] == [20000, 60000]
    assert list(links.targets("projects.measures", project)) == [plan["measure"]]
    assert history.entries(project)[0].who == "owner"
    page = owner_client.get(response["Location"]).content.decode()
    assert plan["measure"].title_fi in page and "Puutuoteyritysten" in page


def test_funding_that_does_not_add_up_to_the_budget_is_refused(owner_client, organisation):
    response = owner_client.post("/projects/new/", _form(organisation, budget="90000"))
    assert response.status_code == 422
    assert "80000" in response.content.decode() and "90000" in response.content.decode()
    assert not Project.objects.exists()


def test_partner_shares_must_add_up_to_100(owner_client, organisation):
    response = owner_client.post(
        "/projects/new/", _form(organisation, **{"partners-0-budget_share": "70"})
    )
    assert response.status_code == 422
    assert "70 %" in response.content.decode()
    assert not Project.objects.exists()


def test_form_names_the_bad_field(owner_client, organisation):
    response = owner_client.post(
        "/projects/new/",
        _form(organisation, name="", start="2030-05-01", end="2030-01-01"),
    )
    assert response.status_code == 422
    form = response.context["form"]
    assert set(form.errors) >= {"name", "end"}


def test_an_editor_cannot_name_another_organisation_as_lead(
    owner_client, organisation, other_organisation
):
    response = owner_client.post("/projects/new/", _form(other_organisation))
    assert response.status_code == 403
    assert not Project.objects.exists()


def test_editing_keeps_history_and_replaces_partners(owner_client, project, other_organisation):
    data = _form(
        project.lead,
        name="Matkailun kehittäminen Joutsan seudulla",
        budget="100000",
        **{
            "partners-INITIAL_FORMS": "2",
            "partners-TOTAL_FORMS": "4",
            "partners-0-budget_share": "100",
            "partners-1-organisation": other_organisation.pk,
            "partners-1-budget_share": "40",
            "partners-1-DELETE": "on",
            "fundings-INITIAL_FORMS": "1",
            "fundings-0-amount": "100000",
            "fundings-1-funder": "",
            "fundings-1-instrument": "",
            "fundings-1-amount": "",
        },
    )
    response = owner_client.post(f"/projects/{project.pk}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors
    project.refresh_from_db()
    assert project.name == "Matkailun kehittäminen Joutsan seudulla"
    assert [p.organisation for p in project.partners.all()] == [project.lead]
    changes = history.entries(project)[0].changes
    assert any(c.new == "Matkailun kehittäminen Joutsan seudulla" for c in changes)


def test_the_phase_cannot_be_changed_through_the_edit_service(project):
    with pytest.raises(ValidationError):
        services.update_project(project, actor=SETUP, phase=Phase.RUNNING)
    project.refresh_from_db()
    assert project.phase == Phase.PLANNING


def test_edit_page_is_refused_to_others(project, outsider_client, client):
    assert outsider_client.get(f"/projects/{project.pk}/edit/").status_code == 403
    assert client.get(f"/projects/{project.pk}/edit/").status_code == 302


def test_a_consultation_is_recorded_on_the_page(project, owner_client, other_organisation):
    expert = network.create_person(
        actor=SETUP, organisation=other_organisation, name="Ulla Ulko", email="u@x.example"
    )
    response = owner_client.post(
        f"/projects/{project.pk}/consultations/",
        {
            "person": expert.pk,
            "date": "2026-10-01",
            "kind": "workshop",
            "note": "Matkailun työpaja",
        },
    )
    assert response.status_code == 302
    consultation = project.consultations.get()
    assert consultation.organisation == other_organisation
    assert (consultation.kind, consultation.note) == ("workshop", "Matkailun työpaja")
    assert services.has_outside_consultation(project)


def test_a_consultation_without_a_date_is_refused(project, owner_client, other_organisation):
    expert = network.create_person(
        actor=SETUP, organisation=other_organisation, name="Ulla Ulko", email="u@x.example"
    )
    response = owner_client.post(
        f"/projects/{project.pk}/consultations/", {"person": expert.pk, "date": ""}
    )
    assert response.status_code == 422
    assert not Consultation.objects.exists()


def test_the_list_filters_and_paginates(owner, organisation, other_organisation, client):
    for i in range(30):
        services.create_project(
            actor=SETUP,
            name=f"Hanke {i:02d}",
            lead=organisation if i % 2 else other_organisation,
            phase=Phase.RUNNING if i % 3 == 0 else Phase.IDEA,
            summary_fi="Matkailualan yritykset" if i == 7 else "Muuta",
        )
    page = client.get("/projects/")
    assert page.context["page"].paginator.count == 30
    assert len(page.context["page"].object_list) == 25
    running = client.get("/projects/", {"phase": "running"}).context["page"].paginator.count
    assert running == 10
    by_lead = client.get("/projects/", {"lead": organisation.pk})
    assert by_lead.context["page"].paginator.count == 15
    found = client.get("/projects/", {"q": "matkailun"}).context["page"].object_list
    assert [p.name for p in found] == ["Hanke 07"]


# API -------------------------------------------------------------------------------------


def test_api_creates_a_project_with_partners_and_funding(owner_client, organisation, regions):
    response = owner_client.post(
        "/api/v1/projects",
        {
            "name": "Digiloikka Joutsa",
            "lead_id": organisation.pk,
            "sub_regions": ["132"],
            "budget": 50000,
            "partners": [{"organisation_id": organisation.pk, "budget_share": 100}],
            "fundings": [{"funder": "ELY-keskus", "instrument": "national", "amount": 50000}],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["sub_regions"] == ["132"] and body["phase"] == "idea"
    assert body["fundings"][0]["amount"] == 50000
    assert Project.objects.get(pk=body["id"]).partners.get().budget_share == 100


def test_api_names_the_field_that_does_not_add_up(owner_client, organisation):
    response = owner_client.post(
        "/api/v1/projects",
        {
            "name": "X",
            "lead_id": organisation.pk,
            "budget": 50000,
            "fundings": [{"funder": "ELY", "instrument": "national", "amount": 40000}],
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"][-1] == "fundings" and "40000" in detail["msg"]
    assert not Project.objects.exists()


def test_api_unknown_sub_region_is_named(owner_client, organisation):
    response = owner_client.post(
        "/api/v1/projects",
        {"name": "X", "lead_id": organisation.pk, "sub_regions": ["999"]},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "sub_regions"
    assert "999" in response.json()["detail"][0]["msg"]


def test_api_patch_and_consultation(owner_client, project, other_organisation):
    expert = network.create_person(
        actor=SETUP, organisation=other_organisation, name="Ulla Ulko", email="u@x.example"
    )
    response = owner_client.patch(
        f"/api/v1/projects/{project.pk}",
        {"results": "Yhteismarkkinointi käynnistyi."},
        content_type="application/json",
    )
    assert response.status_code == 200
    project.refresh_from_db()
    assert project.results == "Yhteismarkkinointi käynnistyi."
    assert project.partners.count() == 2  # untouched when not given
    response = owner_client.post(
        f"/api/v1/projects/{project.pk}/consultations",
        {"person_id": expert.pk, "date": "2026-10-01"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["organisation"] == "KeSK"


def test_api_outsider_cannot_create_for_another_organisation(outsider_client, organisation):
    response = outsider_client.post(
        "/api/v1/projects",
        {"name": "X", "lead_id": organisation.pk},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not Project.objects.exists()


# GDPR ------------------------------------------------------------------------------------


def test_erasing_a_consulted_person_keeps_the_consultation_without_them(
    project, other_organisation
):
    expert = network.create_person(
        actor=SETUP, organisation=other_organisation, name="Ulla Ulko", email="u@x.example"
    )
    services.record_consultation(
        project, actor=SETUP, person=expert, date=datetime.date(2026, 10, 1)
    )
    network.erase_person(expert, actor=SETUP)
    consultation = Consultation.objects.get()
    assert consultation.person is None
    assert consultation.organisation == other_organisation
    assert services.has_outside_consultation(project)
    assert "Ulla" not in str(consultation)


def test_saving_unchanged_funding_writes_no_history(project):
    from optiimi.projects.models import Funding

    before = Funding.history.count()
    services.update_project(
        project,
        actor=SETUP,
        results="Valmis.",
        fundings=[("Keski-Suomen liitto", "erdf", Decimal(100_000))],
    )
    assert Funding.history.count() == before
    services.update_project(
        project,
        actor=SETUP,
        budget=Decimal(90_000),
        fundings=[("Keski-Suomen liitto", "erdf", Decimal(90_000))],
    )
    assert Funding.history.count() == before + 2  # the old row deleted, the new one created


def test_money_is_right_aligned_and_never_broken(owner_client, project):
    page = owner_client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "<dd>100\xa0000\xa0€</dd>" in page
    assert '<td class="num">100\xa0000\xa0€</td>' in page
