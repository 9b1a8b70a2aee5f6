"""Cohorts as data: pages, form, API, CLI and the project page, for owner / outsider /
anonymous, and the group-size rule for the public."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from optiimi.benchmark import services
from optiimi.benchmark.models import Cohort, Company
from optiimi.core import links, writes
from optiimi.core.writes import System
from optiimi.network import services as network
from optiimi.network.models import RoleKind
from optiimi.projects import services as projects
from optiimi.projects.models import Phase

SETUP = System("test setup")


def _csv(*ids: str) -> SimpleUploadedFile:
    body = "business_id\n" + "".join(f"{i}\n" for i in ids)
    return SimpleUploadedFile("kohortti.csv", body.encode(), content_type="text/csv")


def _ids(n: int, skip: int = 100) -> list[str]:
    return list(
        Company.objects.order_by("business_id").values_list("business_id", flat=True)[
            skip : skip + n
        ]
    )


@pytest.fixture
def demo_companies(demo_companies_for_the_module, regions):
    """The synthetic companies, written once for this module: no test here counts companies."""


@pytest.fixture
def same_org_member(django_user_model, organisation):
    """A member (not an editor) of `organisation`."""
    user = django_user_model.objects.create_user("jasen2", "jasen2@example.com", "pw")
    network.set_role(user, RoleKind.MEMBER, organisation, actor=SETUP)
    client = Client()
    client.force_login(user)
    return client


# --- pages ---------------------------------------------------------------------------------


def test_public_cohort_page_shows_effect_and_interval_but_no_company_names(joutsa_cohort, client):
    r = client.get(f"/benchmark/cohorts/{joutsa_cohort.pk}/")
    assert r.status_code == 200
    res = r.context["result"]
    assert res.n_cohort >= 5 and res.n_peers >= 5
    assert res.ci_low < res.effect < res.ci_high
    assert r.context["chart"] is not None
    assert r.context["companies"] is None
    names = list(joutsa_cohort.companies.values_list("name", flat=True))
    ids = list(joutsa_cohort.companies.values_list("business_id", flat=True))
    assert names and not any(n in r.text for n in names)
    assert not any(b in r.text for b in ids)


def test_member_sees_the_cohorts_companies(joutsa_cohort, member_client):
    r = member_client.get(f"/benchmark/cohorts/{joutsa_cohort.pk}/")
    assert r.status_code == 200
    name = joutsa_cohort.companies.order_by("name").first().name
    assert name in r.text


def test_small_cohort_gives_the_public_no_estimate_and_no_trends(
    demo_companies, organisation, client, member_client
):
    few = list(Company.objects.order_by("business_id")[100:103])
    cohort = services.create_cohort(
        actor=SETUP, companies=few, name="Pieni", start_year=2010, organisation=organisation
    )
    client.cookies["django_language"] = "en"
    r = client.get(f"/benchmark/cohorts/{cohort.pk}/")
    assert r.status_code == 200
    assert r.context["result"].effect is None
    assert r.context["chart"] is None
    assert "cannot support a conclusion" in r.text
    assert not any(c.name in r.text for c in few)
    api = client.get(f"/api/v1/benchmark/cohorts/{cohort.pk}").json()
    assert api["effect"] is None and api["ci_low"] is None and api["companies"] is None
    assert api["reason"] == "too_few"
    assert member_client.get(f"/benchmark/cohorts/{cohort.pk}/").context["companies"] == sorted(
        few, key=lambda c: c.name
    )


def test_cohort_list_shows_cohorts_to_anyone(joutsa_cohort, client):
    r = client.get("/benchmark/cohorts/")
    assert r.status_code == 200
    assert joutsa_cohort.name in r.text
    assert "/benchmark/cohorts/new/" not in r.text  # anonymous: no create button


# --- the form: owner / outsider / anonymous ------------------------------------------------


def test_owner_creates_cohort_from_csv_and_list(demo_companies, organisation, owner_client):
    ids = _ids(6)
    r = owner_client.post(
        "/benchmark/cohorts/new/",
        {
            "name": "Vientipilotti",
            "organisation": organisation.pk,
            "start_year": 2012,
            "file": _csv(*ids[:4]),
            "business_ids": f"{ids[3]}\n{ids[4]}, {ids[5]}",
        },
    )
    assert r.status_code == 302, r.content[:800]
    cohort = Cohort.objects.get(name="Vientipilotti")
    assert r["Location"] == f"/benchmark/cohorts/{cohort.pk}/"
    assert sorted(cohort.companies.values_list("business_id", flat=True)) == sorted(ids)
    assert cohort.organisation == organisation
    assert cohort.history.first().history_user.username == "owner"


def test_member_creates_cohort_for_own_organisation(
    demo_companies, other_organisation, member_client
):
    ids = _ids(2)
    r = member_client.post(
        "/benchmark/cohorts/new/",
        {
            "name": "Jäsenen kohortti",
            "organisation": other_organisation.pk,
            "start_year": 2012,
            "business_ids": "\n".join(ids),
        },
    )
    assert r.status_code == 302
    assert Cohort.objects.get(name="Jäsenen kohortti").organisation == other_organisation


def test_member_of_another_organisation_cannot_create_for_it(
    demo_companies, organisation, member_client
):
    r = member_client.post(
        "/benchmark/cohorts/new/",
        {"name": "Vieras", "organisation": organisation.pk, "start_year": 2012},
    )
    assert r.status_code == 403
    assert not Cohort.objects.filter(name="Vieras").exists()


def test_anonymous_create_redirects_to_login(organisation, client):
    r = client.post(
        "/benchmark/cohorts/new/",
        {"name": "Anonyymi", "organisation": organisation.pk, "start_year": 2012},
    )
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]
    assert client.get("/benchmark/cohorts/new/").status_code == 302
    assert not Cohort.objects.exists()


def test_bad_and_unknown_business_ids_are_reported_by_line_and_nothing_is_saved(
    demo_companies, organisation, owner_client
):
    good = _ids(1)[0]
    r = owner_client.post(
        "/benchmark/cohorts/new/",
        {
            "name": "Virheellinen",
            "organisation": organisation.pk,
            "start_year": 2012,
            "file": _csv(good, "0112038-8", "1234567-1"),
            "business_ids": f"{good}\nei-tunnus",
        },
    )
    assert r.status_code == 422
    places = [e.place for e in r.context["errors"]]
    assert places == [
        "file line 3, business_id",  # wrong check digit
        "file line 4, business_id",  # valid form, not in the register
        "list line 2, business_id",  # not a business ID
    ]
    assert "0112038-8" in r.text and "ei-tunnus" in r.text
    assert not Cohort.objects.filter(name="Virheellinen").exists()


def test_csv_without_business_id_column_is_reported(demo_companies, organisation, owner_client):
    bad = SimpleUploadedFile("x.csv", b"ytunnus\n0112038-9\n", content_type="text/csv")
    r = owner_client.post(
        "/benchmark/cohorts/new/",
        {"name": "X", "organisation": organisation.pk, "start_year": 2012, "file": bad},
    )
    assert r.status_code == 422
    assert "business_id" in r.context["errors"][0].message
    assert not Cohort.objects.exists()


def test_owner_edits_cohort_and_history_is_kept(joutsa_cohort, owner_client):
    before = joutsa_cohort.history.count()
    ids = sorted(joutsa_cohort.companies.values_list("business_id", flat=True))[:10]
    page = owner_client.get(f"/benchmark/cohorts/{joutsa_cohort.pk}/edit/")
    assert page.status_code == 200 and ids[0] in page.text  # the list is prefilled
    r = owner_client.post(
        f"/benchmark/cohorts/{joutsa_cohort.pk}/edit/",
        {
            "name": joutsa_cohort.name,
            "organisation": joutsa_cohort.organisation_id,
            "start_year": 2005,
            "business_ids": "\n".join(ids),
        },
    )
    assert r.status_code == 302
    joutsa_cohort.refresh_from_db()
    assert joutsa_cohort.start_year == 2005
    assert sorted(joutsa_cohort.companies.values_list("business_id", flat=True)) == ids
    assert joutsa_cohort.history.count() == before + 1
    assert joutsa_cohort.history.first().history_user.username == "owner"


@pytest.mark.parametrize("who", ["outsider_client", "same_org_member", "member_client"])
def test_only_the_organisations_editors_change_its_cohort(joutsa_cohort, who, request):
    client = request.getfixturevalue(who)
    r = client.post(
        f"/benchmark/cohorts/{joutsa_cohort.pk}/edit/",
        {"name": "Kaapattu", "organisation": joutsa_cohort.organisation_id, "start_year": 2004},
    )
    assert r.status_code == 403
    assert client.get(f"/benchmark/cohorts/{joutsa_cohort.pk}/edit/").status_code == 403
    joutsa_cohort.refresh_from_db()
    assert joutsa_cohort.name != "Kaapattu"


def test_anonymous_edit_redirects_to_login(joutsa_cohort, client):
    r = client.post(f"/benchmark/cohorts/{joutsa_cohort.pk}/edit/", {"name": "X"})
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_coordinator_edits_any_cohort(joutsa_cohort, coordinator_client):
    r = coordinator_client.post(
        f"/benchmark/cohorts/{joutsa_cohort.pk}/edit/",
        {
            "name": "Koordinaattorin",
            "organisation": joutsa_cohort.organisation_id,
            "start_year": 2004,
            "business_ids": "\n".join(
                joutsa_cohort.companies.values_list("business_id", flat=True)
            ),
        },
    )
    assert r.status_code == 302
    joutsa_cohort.refresh_from_db()
    assert joutsa_cohort.name == "Koordinaattorin"


# --- API and CLI ---------------------------------------------------------------------------


def test_api_lists_cohorts_with_effect_and_interval(joutsa_cohort, client):
    r = client.get("/api/v1/benchmark/cohorts")
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["id"] == joutsa_cohort.pk
    assert item["ci_low"] < item["effect"] < item["ci_high"]
    assert item["unit"] == "percentage points a year"
    assert item["n_cohort"] >= 5 and item["n_peers"] >= 5
    assert "companies" not in item


def test_api_detail_lists_companies_for_members_only(joutsa_cohort, client, member_client):
    public = client.get(f"/api/v1/benchmark/cohorts/{joutsa_cohort.pk}").json()
    assert public["companies"] is None
    assert public["effect"] is not None
    member = member_client.get(f"/api/v1/benchmark/cohorts/{joutsa_cohort.pk}").json()
    assert len(member["companies"]) == joutsa_cohort.companies.count()
    assert member["effect"] == public["effect"]
    assert client.get("/api/v1/benchmark/cohorts/999999").status_code == 404


def test_cli_impact_by_cohort_id_matches_the_page(joutsa_cohort, client, capsys):
    call_command("impact", "--cohort-id", str(joutsa_cohort.pk), "--json")
    data = json.loads(capsys.readouterr().out)
    page = client.get(f"/benchmark/cohorts/{joutsa_cohort.pk}/").context["result"]
    assert data["effect"] == pytest.approx(page.effect)
    assert data["start_year"] == joutsa_cohort.start_year


def test_cli_unknown_cohort_id_is_an_error(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no cohort with id 4242"):
        call_command("impact", "--cohort-id", "4242")


# --- the project page --------------------------------------------------------------------


def test_project_page_shows_its_cohorts_effect_and_links_to_it(joutsa_cohort, organisation, client):
    project = projects.create_project(
        actor=SETUP, lead=organisation, name="Joutsan seudun pilotti", phase=Phase.CLOSED
    )
    services.update_cohort(joutsa_cohort, actor=SETUP, project=project)
    client.cookies["django_language"] = "en"
    r = client.get(f"/projects/{project.pk}/")
    assert r.status_code == 200
    assert f'href="/benchmark/cohorts/{joutsa_cohort.pk}/"' in r.text
    assert "percentage points a year faster than its peers" in r.text
    assert "95% interval" in r.text


def test_project_page_without_cohort_shows_no_impact(organisation, client):
    project = projects.create_project(
        actor=SETUP, lead=organisation, name="Ilman kohorttia", phase=Phase.IDEA
    )
    r = client.get(f"/projects/{project.pk}/")
    assert r.status_code == 200
    assert "/benchmark/cohorts/" not in r.text


def test_a_cohort_follows_a_project_on_every_page_and_in_the_api(
    joutsa_cohort, organisation, owner_client, client
):
    project = projects.create_project(
        actor=System("tests"), lead=organisation, name="Pilottihanke", phase=Phase.CLOSED
    )
    edit = f"/benchmark/cohorts/{joutsa_cohort.pk}/edit/"
    ids = sorted(joutsa_cohort.companies.values_list("business_id", flat=True))
    r = owner_client.post(
        edit,
        {
            "name": joutsa_cohort.name,
            "organisation": joutsa_cohort.organisation_id,
            "project": project.pk,
            "start_year": joutsa_cohort.start_year,
            "business_ids": "\n".join(ids),
        },
    )
    assert r.status_code == 302
    assert links.target("benchmark.project", joutsa_cohort) == project
    assert f'<option value="{project.pk}" selected>' in owner_client.get(edit).text
    for url in ("/benchmark/cohorts/", f"/benchmark/cohorts/{joutsa_cohort.pk}/"):
        assert f'href="/projects/{project.pk}/">Pilottihanke</a>' in client.get(url).text
    api = client.get(f"/api/v1/benchmark/cohorts/{joutsa_cohort.pk}").json()
    assert api["project_id"] == project.pk
    listed = client.get(f"/api/v1/benchmark/cohorts?project={project.pk}").json()
    assert listed["count"] == 1 and listed["items"][0]["project_id"] == project.pk
    assert client.get(f"/api/v1/benchmark/cohorts?project={project.pk + 1}").json()["count"] == 0

    pk = project.pk
    writes.delete(project, actor=System("tests"))  # the cohort stays, without a project
    assert client.get(f"/api/v1/benchmark/cohorts/{joutsa_cohort.pk}").json()["project_id"] is None
    assert f"/projects/{pk}/" not in client.get(f"/benchmark/cohorts/{joutsa_cohort.pk}/").text


def test_an_unknown_project_is_refused_and_nothing_is_written(joutsa_cohort):
    with pytest.raises(ValidationError) as caught:
        services.update_cohort(
            joutsa_cohort, actor=System("tests"), project=999_999, claim="muuttunut"
        )
    assert "project" in caught.value.message_dict
    joutsa_cohort.refresh_from_db()
    assert joutsa_cohort.claim != "muuttunut"


# --- recomputation as a job ----------------------------------------------------------------


def test_editor_recomputes_the_effect_as_a_job_whose_page_links_the_cohort(
    joutsa_cohort, owner_client
):
    from django.core.cache import cache

    from optiimi.benchmark.models import CohortImpact
    from optiimi.benchmark.queries import impact_key
    from optiimi.core.models import Job

    page = owner_client.get(f"/benchmark/cohorts/{joutsa_cohort.pk}/")
    assert f'action="/benchmark/cohorts/{joutsa_cohort.pk}/recompute/"' in page.text
    response = owner_client.post(f"/benchmark/cohorts/{joutsa_cohort.pk}/recompute/")
    job = Job.objects.get(kind="benchmark.impact")
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert job.state == Job.State.DONE and job.link == f"/benchmark/cohorts/{joutsa_cohort.pk}/"
    assert job.created_by is not None
    stored = CohortImpact.objects.get(cohort=joutsa_cohort)
    assert stored.key == impact_key(joutsa_cohort)
    assert stored.result["effect"] == pytest.approx(page.context["result"].effect)
    job_page = owner_client.get(f"/jobs/{job.pk}/").text
    assert job.message in job_page and f'href="/benchmark/cohorts/{joutsa_cohort.pk}/"' in job_page

    # the pages read the stored estimate while its key holds, and compute afresh once not
    cache.clear()
    CohortImpact.objects.filter(pk=stored.pk).update(result={**stored.result, "effect": 99.0})
    assert owner_client.get(f"/benchmark/cohorts/{joutsa_cohort.pk}/").context[
        "result"
    ].effect == pytest.approx(99.0)
    cache.clear()
    CohortImpact.objects.filter(pk=stored.pk).update(key="stale")
    fresh = owner_client.get(f"/benchmark/cohorts/{joutsa_cohort.pk}/").context["result"]
    assert fresh.effect == pytest.approx(page.context["result"].effect)


def test_others_cannot_recompute_and_see_no_button(joutsa_cohort, outsider_client, client):
    from optiimi.core.models import Job

    assert "/recompute/" not in outsider_client.get(f"/benchmark/cohorts/{joutsa_cohort.pk}/").text
    assert (
        outsider_client.post(f"/benchmark/cohorts/{joutsa_cohort.pk}/recompute/").status_code == 403
    )
    anonymous = client.post(f"/benchmark/cohorts/{joutsa_cohort.pk}/recompute/")
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    assert not Job.objects.exists()


def test_cli_recomputes_every_cohort_and_names_an_unknown_one(joutsa_cohort, capsys):
    from django.core.management.base import CommandError

    from optiimi.benchmark.models import CohortImpact
    from optiimi.core.models import Job

    call_command("recompute_cohorts", "--now")
    job = Job.objects.get(kind="benchmark.impact")
    assert job.params["cohorts"] == [] and job.message in capsys.readouterr().out
    assert CohortImpact.objects.get().cohort == joutsa_cohort
    with pytest.raises(CommandError, match="no cohort with id 4242"):
        call_command("recompute_cohorts", "4242", "--now")
