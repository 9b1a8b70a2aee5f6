import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from optiimi.benchmark.models import Company, Financials
from optiimi.demo.benchmark import synthetic_business_ids


def test_public_industry_page_and_api_show_no_group_under_five(demo_companies, client):
    codes = set(Company.objects.values_list("tol", flat=True)) | set(
        Company.objects.values_list("section", flat=True)
    )
    codes |= {c[:2] for c in codes if c.isdigit()}
    for code in sorted(codes)[:15]:
        for by in ("subregion", "region", "country"):
            r = client.get(f"/api/v1/benchmark/industries/{code}/growth?by={by}")
            assert r.status_code == 200
            assert all(g["n"] >= 5 for g in r.json())
        page = client.get(f"/benchmark/industry/{code}/")
        assert page.status_code == 200
        for row in page.context["chart"].rows if page.context["chart"] else []:
            assert row[1] >= 5
        assert all(t["n"] >= 5 for t in page.context["totals"])


def test_industry_page_names_areas_and_industry_in_the_page_language(demo_companies, client):
    code = Company.objects.values_list("section", flat=True).first()
    fi = client.get(f"/benchmark/industry/{code}/")
    assert [t["area"] for t in fi.context["totals"]][:1] == ["Keski-Suomi"]
    client.cookies["django_language"] = "sv"
    sv = client.get(f"/benchmark/industry/{code}/")
    assert [t["area"] for t in sv.context["totals"]][:1] == ["Mellersta Finland"]
    assert str(sv.context["totals"][-1]["area"]) == "hela landet"
    assert sv.context["name"] and sv.context["name"] != fi.context["name"]


def test_public_cannot_see_company_level_figures(demo_companies, client):
    bid = Company.objects.first().business_id
    assert client.get(f"/benchmark/company/{bid}/").status_code == 404
    assert client.get(f"/api/v1/benchmark/companies/{bid}/peers").status_code == 403
    assert b"/benchmark/company/" not in client.get("/benchmark/").content


def test_member_sees_company_against_peers_of_at_least_five(demo_companies, member_client):
    bid = Company.objects.first().business_id
    page = member_client.get(f"/benchmark/company/{bid}/")
    assert page.status_code == 200 and page.context["comparisons"]
    assert all(c["n"] >= 5 for c in page.context["comparisons"])
    api = member_client.get(f"/api/v1/benchmark/companies/{bid}/peers")
    assert api.status_code == 200 and all(p["n"] >= 5 for p in api.json())


def test_joutsa_pilot_page_shows_claim_estimate_and_interval(joutsa_cohort, client):
    r = client.get("/benchmark/joutsa/", follow=True)
    assert r.redirect_chain == [(f"/benchmark/cohorts/{joutsa_cohort.pk}/", 302)]
    assert r.status_code == 200
    assert "Joutsan pk-yritysten liikevaihto kasvoi toimialaansa nopeammin" in r.text
    res = r.context["result"]
    assert res.effect is not None and res.ci_low < res.effect < res.ci_high


def test_company_list_for_members_uses_few_queries(
    demo_companies, member_client, django_assert_num_queries
):
    with django_assert_num_queries(6):
        response = member_client.get("/benchmark/")
    assert response.status_code == 200
    assert response.content.decode().count("<tr") > 1


# --- writes: upload page and financials API, for owner / outsider / anonymous / coordinator


def _upload(client, company, year="2020", personnel="3"):
    body = f"business_id,year,turnover,personnel\n{company.business_id},{year},1000,{personnel}\n"
    return client.post(
        "/benchmark/upload/",
        {"kind": "financials", "file": SimpleUploadedFile("f.csv", body.encode())},
    )


def test_owner_uploads_financials_of_own_company(company, owner_client):
    r = _upload(owner_client, company)
    assert r.status_code == 302 and Financials.objects.filter(company=company).count() == 1


def test_outsider_upload_for_other_organisations_company_is_rejected(company, outsider_client):
    r = _upload(outsider_client, company)
    assert r.status_code == 200 and "maintained by another organisation" in r.text
    assert not Financials.objects.exists()


def test_anonymous_upload_redirects_to_login(company, client):
    r = _upload(client, company)
    assert r.status_code == 302 and "login" in r["Location"] and not Financials.objects.exists()


def test_member_without_editor_role_cannot_upload(company, member_client):
    assert _upload(member_client, company).status_code == 403


def test_upload_shows_row_level_report(company, coordinator_client):
    r = _upload(coordinator_client, company, personnel="-2")
    assert r.status_code == 200 and "is negative" in r.text and not Financials.objects.exists()


def test_owner_upload_of_new_company_makes_it_theirs(regions, organisation, owner_client):
    bid = synthetic_business_ids(1, start=4_500_000)[0]
    body = f"business_id,name,tol,municipality\n{bid},Uusi Oy,62010,172\n"
    r = owner_client.post(
        "/benchmark/upload/",
        {"kind": "companies", "file": SimpleUploadedFile("c.csv", body.encode())},
    )
    assert r.status_code == 302
    assert Company.objects.get(business_id=bid).organisation == organisation


def _put(client, company, **extra):
    return client.put(
        f"/api/v1/benchmark/companies/{company.business_id}/financials",
        json.dumps({"year": 2021, "turnover": 5000, "personnel": 4, **extra}),
        content_type="application/json",
        **extra.pop("headers", {}),
    )


def test_api_owner_puts_financials(company, owner_client):
    r = _put(owner_client, company)
    assert r.status_code == 200 and r.json()["created"] == 1
    assert _put(owner_client, company).json()["unchanged"] == 1


def test_api_outsider_gets_403(company, outsider_client):
    assert _put(outsider_client, company).status_code == 403
    assert not Financials.objects.exists()


def test_api_anonymous_gets_401(company, client):
    assert _put(client, company).status_code == 401


def test_api_coordinator_may_edit_any_company(company, coordinator_client):
    assert _put(coordinator_client, company).status_code == 200


@pytest.mark.parametrize("payload", [{"personnel": -1}, {"year": 1800}])
def test_api_rejects_invalid_financials(company, owner_client, payload):
    assert _put(owner_client, company, **payload).status_code == 422
