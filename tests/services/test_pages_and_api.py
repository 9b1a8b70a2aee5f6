"""The front door, the status link, the queue, the case page, the figures, and the API."""

from __future__ import annotations

import json
import re

import pytest
from django.core.cache import cache
from django.test import Client

from optiimi.services import services
from optiimi.services.models import Case, CaseStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_rate_limit():
    cache.clear()


def _form(joutsa, service=None, **extra):
    data = {
        "company_name": "Hirsi Oy",
        "business_id": "0112038-9",
        "contact_name": "Heikki Hirsi",
        "email": "heikki@example.com",
        "municipality": joutsa.pk,
        "need": "Haemme rahoitusta vientiin",
        "consent_to_share": "on",
        **extra,
    }
    if service is not None:
        data["service"] = service.pk
    return data


def test_front_door_suggests_services_for_inflected_words(client, service, joutsa):
    # "rahoitusta" (partitive) finds the service that speaks of "Rahoitus".
    response = client.get(
        "/services/help/", {"need": "tarvitsen rahoitusta", "municipality": joutsa.pk}
    )
    assert response.status_code == 200
    assert "Yritysneuvonta kasvuun" in response.content.decode()
    assert "rahoitusta" in response.content.decode()  # the why


def test_front_door_takes_a_request(client, service, joutsa):
    response = client.post("/services/help/", _form(joutsa, service))
    assert response.status_code == 200, response.content.decode()[:2000]
    case = Case.objects.get()
    assert case.holder == service.organisation and case.business_id == "0112038-9"


@pytest.mark.parametrize(
    ("field", "value"),
    [("business_id", "0112038-8"), ("consent_to_share", ""), ("municipality", "")],
)
def test_front_door_refuses_bad_fields_by_name(client, service, joutsa, field, value):
    data = _form(joutsa)
    if value:
        data[field] = value
    else:
        data.pop(field)
    response = client.post("/services/help/", data)
    assert response.status_code == 422
    assert f'id="req_{field}_error"' in response.content.decode()
    assert not Case.objects.exists()


def test_honeypot_saves_nothing(client, service, joutsa):
    response = client.post("/services/help/", _form(joutsa, website="http://spam.example"))
    assert response.status_code == 200
    assert not Case.objects.exists()


def test_rate_limit_per_address(client, service, joutsa):
    for _n in range(5):
        assert client.post("/services/help/", _form(joutsa)).status_code == 200
    assert client.post("/services/help/", _form(joutsa)).status_code == 429
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post("/services/help/", _form(joutsa)).status_code == 200
    assert Case.objects.count() == 6


def test_status_link_shows_steps_but_no_notes(client, case, advisor):
    services.respond(case, actor=advisor, note="Sisäinen muistiinpano")
    page = client.get(f"/services/status/{case.token}/").content.decode()
    assert "Puuseppä Oy" in page and "Sisäinen muistiinpano" not in page
    assert client.get("/services/status/" + "x" * 43 + "/").status_code == 404


def test_status_link_erases_contact_data(client, case):
    client.post(f"/services/status/{case.token}/erase/")
    case.refresh_from_db()
    assert case.contact_erased and case.email == ""


def test_contact_data_only_for_holders(case, advisor, other_advisor, other_organisation):
    mine = Client()
    mine.force_login(advisor)
    assert "maija@example.com" in mine.get(f"/services/cases/{case.pk}/").content.decode()
    theirs = Client()
    theirs.force_login(other_advisor)
    assert theirs.get(f"/services/cases/{case.pk}/").status_code == 404
    services.refer(case, actor=advisor, to=other_organisation, reason="Keuruu")
    page = theirs.get(f"/services/cases/{case.pk}/").content.decode()
    assert "Puuseppä Oy" in page and "maija@example.com" not in page  # offered, not held
    services.accept(case.referrals.get(), actor=other_advisor)
    assert "maija@example.com" in theirs.get(f"/services/cases/{case.pk}/").content.decode()


def test_queue_tabs(
    case, advisor, other_advisor, other_organisation, django_assert_max_num_queries
):
    client = Client()
    client.force_login(advisor)
    assert f"#{case.pk}" in client.get("/services/queue/?q=new").content.decode()
    services.refer(case, actor=advisor, to=other_organisation, reason="Keuruu")
    theirs = Client()
    theirs.force_login(other_advisor)
    with django_assert_max_num_queries(20):
        page = theirs.get("/services/queue/?q=referred").content.decode()
    assert f"#{case.pk}" in page
    assert Client().get("/services/queue/").status_code == 302


def test_advisor_flow_through_pages(case, advisor, other_advisor, other_organisation):
    client = Client()
    client.force_login(advisor)
    assert (
        client.post(f"/services/cases/{case.pk}/respond/", {"respond-note": "Soitin"}).status_code
        == 302
    )
    response = client.post(
        f"/services/cases/{case.pk}/refer/",
        {"refer-organisation": other_organisation.pk, "refer-reason": "Keuruun palvelu"},
    )
    assert response.status_code == 302
    theirs = Client()
    theirs.force_login(other_advisor)
    referral = case.referrals.get()
    assert (
        theirs.post(f"/services/referrals/{referral.pk}/accept/", {"accept-note": ""}).status_code
        == 302
    )
    # The second answer is refused, not applied twice.
    theirs.post(f"/services/referrals/{referral.pk}/decline/", {"decline-reason": "x"})
    referral.refresh_from_db()
    assert referral.status == "accepted"
    assert (
        theirs.post(f"/services/cases/{case.pk}/close/", {"close-outcome": "helped"}).status_code
        == 302
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.holder == other_organisation


def test_metrics_page_and_api(client, case, advisor):
    services.respond(case, actor=advisor)
    services.close(case, actor=advisor, outcome="helped")
    page = client.get("/services/promise/")
    assert page.status_code == 200 and re.search(r"100[,.]0 %", page.content.decode())
    rows = client.get("/api/v1/service-promise/metrics").json()
    assert rows[0]["cases"] == 1 and rows[0]["kept_share"] == 100.0
    assert rows[0]["right_org_median"] == 0.0


def _api(client, method, path, body=None, **headers):
    return client.generic(
        method,
        path,
        json.dumps(body) if body is not None else "",
        content_type="application/json",
        **headers,
    )


def test_api_request_answers_only_id_and_status(client, service, joutsa):
    body = {
        "company_name": "Api Oy",
        "business_id": "",
        "email": "api@example.com",
        "municipality": "172",
        "need": "Rekrytointi",
        "consent_to_share": True,
    }
    response = _api(client, "POST", "/api/v1/service-requests", body)
    assert response.status_code == 201
    assert set(response.json()) == {"id", "status"}


@pytest.mark.parametrize(
    ("field", "value"),
    [("business_id", "1234567-2"), ("municipality", "999"), ("consent_to_share", False)],
)
def test_api_bad_request_names_the_field(client, service, joutsa, field, value):
    body = {
        "company_name": "Api Oy",
        "email": "api@example.com",
        "municipality": "172",
        "need": "Rekrytointi",
        "consent_to_share": True,
        field: value,
    }
    response = _api(client, "POST", "/api/v1/service-requests", body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == field


def test_api_case_is_read_by_holders_only(client, case, advisor, other_advisor):
    mine = Client()
    mine.force_login(advisor)
    data = mine.get(f"/api/v1/service-requests/{case.pk}").json()
    assert data["contact"]["email"] == "maija@example.com"
    theirs = Client()
    theirs.force_login(other_advisor)
    assert theirs.get(f"/api/v1/service-requests/{case.pk}").status_code == 404
    assert client.get(f"/api/v1/service-requests/{case.pk}").status_code == 401


def test_api_refer_without_consent_is_refused(case, advisor, other_organisation):
    Case.objects.filter(pk=case.pk).update(consent_to_share=False)
    mine = Client()
    mine.force_login(advisor)
    response = _api(
        mine,
        "POST",
        f"/api/v1/service-requests/{case.pk}/referrals",
        {"organisation": other_organisation.pk, "reason": "x"},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "organisation"
