"""Every write URL and API endpoint, for the three people: owner, outsider, anonymous.

The completeness tests fail when a new write route appears without a row here.
"""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from optiimi.accounts.models import ApiToken
from optiimi.api import api
from optiimi.benchmark import services as benchmark
from optiimi.events import services as events
from optiimi.network import services
from optiimi.projects import services as projects

# URL names in the web app that only read; everything else must be in WEB_WRITES.
WEB_READS = {
    "home",
    "foresight:region",
    "foresight:subregion",
    "foresight:series_csv",
    "foresight:barometer",
    "foresight:signals",
    "projects:list",
    "projects:detail",
    "projects:search",
    "projects:experts",
    "benchmark:index",
    "benchmark:industry",
    "benchmark:company",
    "benchmark:joutsa",
    "benchmark:cohorts",
    "benchmark:cohort",
    "events:list",
    "events:event",
    "events:targets",
    "events:series",
    "events:ics",
    "events:subregion_ics",
    "events:organisation_ics",
    # Reached by signed links from e-mail, not by role: tested in tests/events.
    "events:register",
    "events:cancel",
    "events:answer",
    "events:feedback",
    "strategy:index",
    "strategy:plan",
    "strategy:matrix",
    "strategy:measure",
    "strategy:indicator",
    "strategy:results",
    "strategy:report",
    "strategy:report_pdf",
    "strategy:export_csv",
    "strategy:export_xlsx",
    "network:organisations",
    "network:organisation",
    "network:people",
    "network:person",
    "network:competences",
    "network:person_export",
}
# Outside our apps: auth views, admin, language switch, API (covered separately).
IGNORED = ("admin:", "api:", "login", "logout", "password_", "set_language")


def _names(resolver: URLResolver, prefix: str = "") -> set[str]:
    names = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= _names(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(prefix + entry.name)
    return names


@pytest.fixture
def world(organisation, other_organisation, owner, outsider, competences, plan):
    start = timezone.now() + datetime.timedelta(days=7)
    event = events.create_event(
        actor=None,
        hosts=[organisation],
        title="Päivä",
        start=start,
        end=start + datetime.timedelta(hours=2),
        capacity=10,
    )
    person = services.create_person(
        actor=None, organisation=organisation, name="Oma Henkilö", email="oma@example.com"
    )
    expert = services.create_person(
        actor=None, organisation=other_organisation, name="Ulla Ulko", email="ulla@example.com"
    )
    project = projects.create_project(
        actor=None, name="Oma hanke", lead=organisation, phase="planning"
    )
    return {
        "org": organisation,
        "person": person,
        "expert": expert,
        "project": project,
        "cohort": benchmark.create_cohort(
            actor=None, companies=[], name="Kohortti", start_year=2005, organisation=organisation
        ),
        "event": event,
        **plan,
    }


def _project_form(w):
    return {
        "name": "Uusi hanke",
        "lead": w["org"].pk,
        "partners-TOTAL_FORMS": "0",
        "partners-INITIAL_FORMS": "0",
        "fundings-TOTAL_FORMS": "0",
        "fundings-INITIAL_FORMS": "0",
    }


# (url name, path builder, POST data builder): the owner is allowed, the others are not.
WEB_WRITES = {
    "network:organisation_edit": (
        lambda w: f"/organisations/{w['org'].pk}/edit/",
        lambda w: {
            "name": "Uusi nimi",
            "kind": "development_company",
            "business_id": "",
            "member_since": "",
            "member_until": "",
        },
    ),
    "network:person_create": (
        lambda w: "/people/new/",
        lambda w: {"name": "Uusi", "email": "uusi@example.com", "organisation": w["org"].pk},
    ),
    "network:person_edit": (
        lambda w: f"/people/{w['person'].pk}/edit/",
        lambda w: {"name": "Muutettu", "email": "oma@example.com", "organisation": w["org"].pk},
    ),
    "network:person_erase": (lambda w: f"/people/{w['person'].pk}/erase/", lambda w: {}),
    "strategy:measure_update": (
        lambda w: f"/plan/measures/{w['measure'].pk}/update/",
        lambda w: {"status": "ongoing", "note": "Edistyy."},
    ),
    "strategy:indicator_value": (
        lambda w: "/plan/indicators/strategies/values/",
        lambda w: {"year": 2008, "value": 3, "source": "seuranta"},
    ),
    "events:edit": (
        lambda w: f"/events/{w['event'].pk}/edit/",
        lambda w: {
            "title": "Muutettu",
            "category": "other",
            "hosts": [w["org"].pk],
            "start": timezone.localtime(w["event"].start).strftime("%Y-%m-%dT%H:%M"),
            "end": timezone.localtime(w["event"].end).strftime("%Y-%m-%dT%H:%M"),
            "capacity": 10,
            "public": "on",
        },
    ),
    # Editors add projects that their own organisation leads.
    "projects:create": (lambda w: "/projects/new/", _project_form),
    "projects:edit": (lambda w: f"/projects/{w['project'].pk}/edit/", _project_form),
    "projects:consultation": (
        lambda w: f"/projects/{w['project'].pk}/consultations/",
        lambda w: {"person": w["expert"].pk, "date": "2026-10-01"},
    ),
    "projects:phase": (
        lambda w: f"/projects/{w['project'].pk}/phase/",
        lambda w: {"phase": "running", "exception": "Kiireellinen aloitus."},
    ),
    "events:invitations": (lambda w: f"/events/{w['event'].pk}/invitations/", lambda w: {}),
    "events:checkin": (
        lambda w: f"/events/{w['event'].pk}/checkin/",
        lambda w: {
            "registration": events.register(w["event"], name="A", email="a@example.com").pk,
            "attended": "1",
        },
    ),
    # Editors add events for their own organisation; the coordinator handles data requests.
    "events:create": (
        lambda w: "/events/new/",
        lambda w: {
            "title": "Uusi",
            "category": "other",
            "hosts": [w["org"].pk],
            "start": "2030-05-01T09:00",
            "end": "2030-05-01T12:00",
            "capacity": 5,
        },
    ),
    "events:participant_data": (
        lambda w: "/events/participants/",
        lambda w: {"email": "a@example.com"},
    ),
    # Members of an organisation create cohorts for it; its editors change them.
    "benchmark:cohort_create": (
        lambda w: "/benchmark/cohorts/new/",
        lambda w: {"name": "Uusi", "organisation": w["org"].pk, "start_year": 2006},
    ),
    "benchmark:cohort_edit": (
        lambda w: f"/benchmark/cohorts/{w['cohort'].pk}/edit/",
        lambda w: {"name": "Muutettu", "organisation": w["org"].pk, "start_year": 2006},
    ),
    # Recomputing is the coordinator's.
    "strategy:indicator_refresh": (
        lambda w: "/plan/indicators/active_members/refresh/",
        lambda w: {},
    ),
    # Only the coordinator adds organisations: an editor (even the owner) is refused.
    "network:organisation_create": (
        lambda w: "/organisations/new/",
        lambda w: {"name": "X", "kind": "company", "member_since": "", "member_until": ""},
    ),
}
COORDINATOR_ONLY = {
    "network:organisation_create",
    ("POST", "/organisations"),
    "strategy:indicator_refresh",
    "events:participant_data",
}


# Writes whose owner / outsider / anonymous checks live beside their app's other tests.
WEB_WRITES_TESTED_IN_APP = {
    "foresight:upload": "tests/foresight/test_api_and_pages.py",
    "foresight:barometer_round": "tests/foresight/test_barometer.py",
    "foresight:barometer_close": "tests/foresight/test_barometer.py",
    "foresight:barometer_open": "tests/foresight/test_barometer.py",
    "foresight:barometer_theme_create": "tests/foresight/test_barometer.py",
    "foresight:signal": "tests/foresight/test_signals.py",
    "benchmark:upload": "tests/benchmark/test_web.py",
    "strategy:indicator_import": "tests/strategy/test_value_import.py",
}
API_WRITES_TESTED_IN_APP = {
    ("PUT", "/benchmark/companies/{business_id}/financials"): "tests/benchmark/test_web.py",
}


def test_every_web_route_is_classified():
    ours = {n for n in _names(get_resolver()) if not n.startswith(IGNORED)}
    unclassified = ours - WEB_READS - set(WEB_WRITES) - set(WEB_WRITES_TESTED_IN_APP)
    assert not unclassified, f"add these routes to the permission matrix: {unclassified}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(WEB_WRITES))
@pytest.mark.parametrize("who", ["owner", "outsider", "anonymous"])
def test_web_write_matrix(world, owner, outsider, who, name):
    path, data = WEB_WRITES[name]
    client = Client()
    if who != "anonymous":
        client.force_login(owner if who == "owner" else outsider)
    response = client.post(path(world), data(world))
    if who == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif who == "owner" and name not in COORDINATOR_ONLY:
        assert response.status_code == 302, response.content[:500]
    else:
        assert response.status_code == 403


# (method, path template, JSON body builder)
API_WRITES = {
    ("POST", "/organisations"): (
        lambda w: "/api/v1/organisations",
        lambda w: {"name": "X", "kind": "company"},
    ),
    ("PATCH", "/organisations/{pk}"): (
        lambda w: f"/api/v1/organisations/{w['org'].pk}",
        lambda w: {"website": ""},
    ),
    ("POST", "/people"): (
        lambda w: "/api/v1/people",
        lambda w: {"name": "Uusi", "organisation_id": w["org"].pk},
    ),
    ("PATCH", "/people/{pk}"): (
        lambda w: f"/api/v1/people/{w['person'].pk}",
        lambda w: {"title": "neuvoja"},
    ),
    ("DELETE", "/people/{pk}"): (lambda w: f"/api/v1/people/{w['person'].pk}", lambda w: None),
    ("POST", "/events"): (
        lambda w: "/api/v1/events",
        lambda w: {
            "title": "Uusi",
            "start": "2030-05-01T09:00:00+03:00",
            "end": "2030-05-01T12:00:00+03:00",
            "capacity": 5,
            "hosts": [w["org"].pk],
        },
    ),
    ("POST", "/projects"): (
        lambda w: "/api/v1/projects",
        lambda w: {"name": "Uusi hanke", "lead_id": w["org"].pk},
    ),
    ("PATCH", "/projects/{project_id}"): (
        lambda w: f"/api/v1/projects/{w['project'].pk}",
        lambda w: {"results": "Valmis."},
    ),
    ("POST", "/projects/{project_id}/consultations"): (
        lambda w: f"/api/v1/projects/{w['project'].pk}/consultations",
        lambda w: {"person_id": w["expert"].pk},
    ),
    ("POST", "/projects/{project_id}/phase"): (
        lambda w: f"/api/v1/projects/{w['project'].pk}/phase",
        lambda w: {"phase": "running", "exception": "Kiireellinen aloitus."},
    ),
    ("PATCH", "/plan/measures/{pk}"): (
        lambda w: f"/api/v1/plan/measures/{w['measure'].pk}",
        lambda w: {"status": "ongoing"},
    ),
    ("POST", "/plan/indicators/{code}/values"): (
        lambda w: "/api/v1/plan/indicators/strategies/values",
        lambda w: {"year": 2008, "value": 3, "source": "seuranta"},
    ),
}


# Writes open to everyone by design (registering for a public event needs no account).
API_PUBLIC_WRITES = {("POST", "/events/{pk}/registrations")}


def _api_writes() -> set[tuple[str, str]]:
    found = set()
    for router_prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for method in operation.methods:
                    if method != "GET":
                        normalised = path.replace("{int:pk}", "{pk}").replace("{pk}", "{pk}")
                        found.add((method, router_prefix + normalised))
    return found


def test_every_api_write_is_in_the_matrix():
    missing = _api_writes() - set(API_WRITES) - API_PUBLIC_WRITES - set(API_WRITES_TESTED_IN_APP)
    assert not missing, f"add these endpoints to the permission matrix: {missing}"


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", sorted(API_WRITES))
@pytest.mark.parametrize("who", ["owner", "outsider", "anonymous"])
def test_api_write_matrix(world, owner, outsider, who, endpoint):
    method, _template = endpoint
    path, body = API_WRITES[endpoint]
    headers = {}
    if who != "anonymous":
        token = ApiToken.issue(owner if who == "owner" else outsider, "t")[1]
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    payload = body(world)
    response = Client().generic(
        method,
        path(world),
        data="" if payload is None else json.dumps(payload),
        content_type="application/json",
        **headers,
    )
    if who == "anonymous":
        assert response.status_code == 401
    elif who == "owner" and endpoint not in COORDINATOR_ONLY:
        assert response.status_code in (200, 201, 204), response.content
    else:
        assert response.status_code == 403, response.content
        assert "detail" in response.json()
