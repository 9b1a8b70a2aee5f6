"""Every write URL and API endpoint, for every role: the owner (an editor of the organisation),
an editor and a member of another organisation, an anonymous visitor, and each capability role
(granted to a member of the owner's organisation).

The completeness tests fail when a new write route appears without a row here; `ALLOWED` says
which roles a route accepts (the owner, unless the route says otherwise).
"""

from __future__ import annotations

import copy
import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from optiimi.accounts.models import ApiToken
from optiimi.api import api
from optiimi.benchmark import services as benchmark
from optiimi.core.writes import System
from optiimi.demo import facts
from optiimi.demo.loader import load_regions
from optiimi.events import services as events
from optiimi.foresight import services as foresight
from optiimi.foresight.models import BarometerTheme
from optiimi.guidance import services as guidance
from optiimi.network import services
from optiimi.network.models import CapabilityRole, Competence, CompetenceGroup, RoleKind
from optiimi.projects import services as projects
from optiimi.regions.models import Region
from optiimi.services import services as promise
from optiimi.strategy import services as strategy
from tests.conftest import _organisation, _other_organisation, _plan, _user

SETUP = System("test setup")

# URL names in the web app that only read; everything else must be in WEB_WRITES.
WEB_READS = {
    "home",
    # a job's page and the part it polls: its starter only (tests/core/test_jobs.py)
    "core:job",
    "core:job_status",
    "core:job_file",
    "foresight:region",
    "foresight:subregion",
    "foresight:series_csv",
    "foresight:barometer",
    "foresight:barometer_export",
    "foresight:signals",
    "foresight:method",
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
    "events:series_list",
    "events:ics",
    "events:subregion_ics",
    "events:organisation_ics",
    # Reached by signed links from e-mail, not by role: tested in tests/events.
    "events:register",
    "events:cancel",
    "events:answer",
    "events:feedback",
    "events:registered",
    "events:registered_ics",
    "events:invited",
    "events:invited_ics",
    # Reads for the event's organisers only: test_organiser_reads below.
    "events:participants",
    "events:participants_export",
    "events:participants_pdf",
    "strategy:index",
    "strategy:plan",
    "strategy:matrix",
    "strategy:measure",
    "strategy:indicator",
    "strategy:indicator_records",
    "strategy:indicator_records_region",
    "strategy:results",
    "strategy:report",
    "strategy:report_pdf",
    "strategy:board",
    "strategy:board_pdf",
    "strategy:export_csv",
    "strategy:export_xlsx",
    "network:organisations",
    "network:organisation",
    "network:people",
    "network:person",
    "network:competences",
    "network:person_export",
    "services:catalogue",
    "services:service",
    "services:front_door",
    "services:metrics",
    # Reads for the holding organisations' advisors only: tested in tests/services.
    "services:queue",
    "services:case",
    # Reached by the company's private status link, not by role: tested in tests/services.
    "services:status",
    "services:status_erase",
    "services:status_reply",
    "services:status_withdraw",
    # Ties are between organisations; the records behind one name a person only with consent
    # (tests/collaboration).
    "collaboration:map",
    "collaboration:bridging",
    "collaboration:tie",
    "collaboration:export_ties",
    "collaboration:export_measures",
    "collaboration:export_graph",
    # Regional figures and the public study page; nothing is written through the web.
    "guidance:index",
    "guidance:subregion",
    "guidance:crosswalk",
    "guidance:calendar",
    "guidance:study",
    "guidance:provider",
    # Reached by the company's own survey link, not by role: tests/guidance.
    "guidance:survey",
    # Reads for the guidance services holding, having held or offered a client: tests/guidance.
    "guidance:clients",
    "guidance:client",
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


CAPABILITY_ROLES = [c.value for c in CapabilityRole]
ROLES = ["owner", "outsider", "member", "anonymous", *CAPABILITY_ROLES]
SIGNED_IN = set(ROLES) - {"anonymous"}
# The coordinator may do everything; the matrix tries them on the routes no one else may use.


def _people(django_user_model, organisation, other_organisation):
    """A signed-in user for every role but the anonymous visitor."""
    users = {
        "owner": _user(django_user_model, "owner", RoleKind.EDITOR, organisation),
        "outsider": _user(django_user_model, "outsider", RoleKind.EDITOR, other_organisation),
        "member": _user(django_user_model, "member", RoleKind.MEMBER, other_organisation),
        "coordinator": _user(django_user_model, "coordinator", RoleKind.COORDINATOR, None),
    }
    for capability in CAPABILITY_ROLES:
        user = django_user_model.objects.create_user(capability, f"{capability}@example.com")
        services.set_role(
            user,
            RoleKind.MEMBER,
            organisation,
            actor=users["coordinator"],
            capabilities=[capability],
        )
        users[capability] = user
    return users


def _world(django_user_model, organisation, other_organisation, coordinator):
    start = timezone.now() + datetime.timedelta(days=7)
    event = events.create_event(
        actor=SETUP,
        hosts=[organisation],
        title="Päivä",
        start=start,
        end=start + datetime.timedelta(hours=2),
        capacity=10,
    )
    person = services.create_person(
        actor=SETUP, organisation=organisation, name="Oma Henkilö", email="oma@example.com"
    )
    expert = services.create_person(
        actor=SETUP, organisation=other_organisation, name="Ulla Ulko", email="ulla@example.com"
    )
    project = projects.create_project(
        actor=SETUP, name="Oma hanke", lead=organisation, phase="planning"
    )
    return {
        "org": organisation,
        "person": person,
        "expert": expert,
        "project": project,
        "cohort": benchmark.create_cohort(
            actor=SETUP, companies=[], name="Kohortti", start_year=2005, organisation=organisation
        ),
        "event": event,
        "series": events.save_series(
            None, actor=coordinator, name_fi="Sarja", category="project_day"
        ),
        "account": django_user_model.objects.create_user("tili", "tili@example.com"),
        "registration": events.register(
            event, name="A", email="a@example.com", actor=events.PUBLIC
        ),
        "round": foresight.open_round(
            actor=coordinator, name="Kevät", opens=datetime.date(2025, 3, 1)
        ),
        "signal": foresight.note_signal(actor=coordinator, title="Signaali", description="x"),
        "proposal": services.propose_competence("Vesiurheilu", actor=SETUP),
        **_service_promise(organisation, other_organisation),
        **_guidance_clients(organisation, other_organisation),
        **_plan(organisation, other_organisation),
    }


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """The world and its people, written once per test process and module inside a transaction
    that is never committed. Each test runs in a savepoint inside it (pytest-django's `db`, as
    in django.test.TestCase) that is rolled back after the test: every test still starts from
    the same fresh world, without writing it again (written for each of some 250 tests, it took
    a third of the suite's time)."""
    outer = transaction.atomic()
    # As django.test.TestCase marks its own: the services' durable blocks may run inside it.
    outer._from_testcase = True
    with django_db_blocker.unblock(), outer:
        load_regions()
        services.define_competences(facts.COMPETENCES, actor=SETUP)
        organisation, other_organisation = _organisation(), _other_organisation()
        user_model = get_user_model()
        people = _people(user_model, organisation, other_organisation)
        world = _world(user_model, organisation, other_organisation, people["coordinator"])
        yield world, people
        transaction.set_rollback(True)


@pytest.fixture
def world(built, db):
    """The world as fresh Python objects: what a test changes in them stays in that test."""
    return copy.deepcopy(built[0])


@pytest.fixture
def people(built, db):
    return copy.deepcopy(built[1])


def _guidance_clients(organisation, other_organisation):
    """A guidance client the owner's organisation holds, and one another organisation refers
    to it."""
    joutsa = Region.objects.get(level="kunta", code="172")
    client = {"municipality": joutsa, "need": "Opiskelu", "consent_to_share": True}
    held = guidance.open_client(actor=SETUP, organisation=organisation, name="Oma", **client)
    theirs = guidance.open_client(
        actor=SETUP, organisation=other_organisation, name="Toinen", **client
    )
    referral = guidance.refer_client(theirs, actor=SETUP, to=organisation, reason="Opinnot")
    return {"guidance_client": held, "guidance_referral": referral}


def _service_promise(organisation, other_organisation):
    """A service of the owner's organisation, a request it holds, one waiting for the company,
    and a request another organisation refers to it."""
    joutsa = Region.objects.get(level="kunta", code="172")
    service = promise.save_service(
        None, actor=SETUP, organisation=organisation, name_fi="Yritysneuvonta"
    )
    request = {
        "actor": promise.COMPANY,
        "company_name": "Yritys Oy",
        "email": "yritys@example.com",
        "municipality": joutsa,
        "need": "Rahoitus",
        "consent_to_share": True,
        "mail": False,
    }
    held = promise.receive_request(service=service, **request)
    waiting = promise.receive_request(service=service, **request)
    promise.respond(waiting, actor=SETUP, waiting=True)
    theirs = promise.receive_request(**request)
    if theirs.holder != other_organisation:
        theirs = promise.receive_request(
            service=promise.save_service(
                None, actor=SETUP, organisation=other_organisation, name_fi="Neuvonta"
            ),
            **request,
        )
    referral = promise.refer(theirs, actor=SETUP, to=organisation, reason="Joutsan asia")
    return {"service": service, "case": held, "waiting": waiting, "referral": referral}


CSV = b"indicator,area,period,value\ndemo.x,SK132,2024,1.5\n"


def _project_form(w):
    return {
        "name": "Uusi hanke",
        "lead": w["org"].pk,
        "partners-TOTAL_FORMS": "0",
        "partners-INITIAL_FORMS": "0",
        "fundings-TOTAL_FORMS": "0",
        "fundings-INITIAL_FORMS": "0",
    }


def _empty_period(w):
    """A period without a plan, to copy a plan into."""
    strategy.define_period(
        actor=SETUP,
        code="2025-2027",
        name_fi="Kausi",
        kind="current",
        start_year=2025,
        end_year=2027,
    )
    return {"into": "2025-2027"}


_PERIOD_FORM = {"name_fi": "Kausi", "kind": "current", "start_year": 2025, "end_year": 2027}
_INDICATOR_FORM = {"name_fi": "Mittari", "unit": "kpl", "direction": "higher"}

# (url name, path builder, POST data builder): the owner is allowed, the others are not.
WEB_WRITES = {
    # The plan's structure is the coordinator's.
    "strategy:period_create": (
        lambda w: "/plan/edit/periods/new/",
        lambda w: {"code": "2025-2027", **_PERIOD_FORM},
    ),
    "strategy:period_edit": (
        lambda w: f"/plan/edit/periods/{w['period'].code}/",
        lambda w: {**_PERIOD_FORM, "start_year": 2007, "end_year": 2009},
    ),
    "strategy:period_copy": (
        lambda w: f"/plan/edit/periods/{w['period'].code}/copy/",
        _empty_period,
    ),
    "strategy:priority_create": (
        lambda w: f"/plan/edit/periods/{w['period'].code}/priorities/new/",
        lambda w: {"number": 2, "title_fi": "Uusi"},
    ),
    "strategy:priority_edit": (
        lambda w: f"/plan/edit/priorities/{w['goal'].priority.pk}/",
        lambda w: {"title_fi": "Muutettu"},
    ),
    "strategy:goal_create": (
        lambda w: f"/plan/edit/priorities/{w['goal'].priority.pk}/goals/new/",
        lambda w: {"number": 2, "title_fi": "Uusi"},
    ),
    "strategy:goal_edit": (
        lambda w: f"/plan/edit/goals/{w['goal'].pk}/",
        lambda w: {"title_fi": "Muutettu"},
    ),
    "strategy:measure_create": (
        lambda w: f"/plan/edit/goals/{w['goal'].pk}/measures/new/",
        lambda w: {
            "number": "1.3",
            "title_fi": "Uusi",
            "responsible": [w["org"].pk],
            "status": "planned",
        },
    ),
    "strategy:measure_edit": (
        lambda w: f"/plan/edit/measures/{w['measure'].pk}/",
        lambda w: {"title_fi": "Muutettu", "responsible": [w["org"].pk], "status": "ongoing"},
    ),
    "strategy:indicator_create": (
        lambda w: "/plan/edit/indicators/new/",
        lambda w: {"code": "uusi", **_INDICATOR_FORM},
    ),
    "strategy:indicator_edit": (
        lambda w: f"/plan/edit/indicators/{w['indicator'].code}/",
        lambda w: _INDICATOR_FORM,
    ),
    "strategy:indicator_target": (
        lambda w: f"/plan/edit/indicators/{w['indicator'].code}/targets/",
        lambda w: {"period": w["period"].code, "value": 7},
    ),
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
        lambda w: {"person": w["expert"].pk, "date": "2026-10-01", "kind": "interview"},
    ),
    "projects:phase": (
        lambda w: f"/projects/{w['project'].pk}/phase/",
        lambda w: {"phase": "running", "exception": "Kiireellinen aloitus."},
    ),
    "events:invitations": (lambda w: f"/events/{w['event'].pk}/invitations/", lambda w: {}),
    "events:questions": (
        lambda w: f"/events/{w['event'].pk}/questions/",
        lambda w: {"asked": "registration", "text": "Ruokavalio", "type": "text"},
    ),
    "events:checkin": (
        lambda w: f"/events/{w['event'].pk}/checkin/",
        lambda w: {"registration": w["registration"].pk, "attended": "1"},
    ),
    "events:cancel_event": (
        lambda w: f"/events/{w['event'].pk}/cancel/",
        lambda w: {"reason": "Sairastumisia."},
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
    "benchmark:cohort_recompute": (
        lambda w: f"/benchmark/cohorts/{w['cohort'].pk}/recompute/",
        lambda w: {},
    ),
    # Recomputing is the coordinator's.
    "collaboration:rebuild": (lambda w: "/network/rebuild/", lambda w: {}),
    "strategy:indicator_refresh": (
        lambda w: "/plan/indicators/active_members/refresh/",
        lambda w: {},
    ),
    # The coordinator and foresight analysts import statistics and run the barometer.
    "foresight:upload": (
        lambda w: "/foresight/import/",
        lambda w: {"file": SimpleUploadedFile("x.csv", CSV)},
    ),
    "foresight:barometer_open": (
        lambda w: "/foresight/barometer/new/",
        lambda w: {"name": "Syksy", "opens": "2025-09-01", "themes": ["business"]},
    ),
    "foresight:barometer_theme_create": (
        lambda w: "/foresight/barometer/themes/new/",
        lambda w: {"code": "housing", "name_fi": "Asuminen", "name_en": "Housing"},
    ),
    "foresight:barometer_close": (
        lambda w: f"/foresight/barometer/{w['round'].pk}/close/",
        lambda w: {},
    ),
    "foresight:barometer_send": (
        lambda w: f"/foresight/barometer/{w['round'].pk}/send/reminders/",
        lambda w: {},
    ),
    # Every signed-in member rates the outlook and comments on weak signals.
    "foresight:barometer_round": (
        lambda w: f"/foresight/barometer/{w['round'].pk}/",
        lambda w: {
            "subregion": w["org"].sub_regions.get().pk,
            f"q_{BarometerTheme.objects.get(code='business').pk}_6m": "1",
        },
    ),
    "foresight:signal": (
        lambda w: f"/foresight/signals/{w['signal'].pk}/",
        lambda w: {"text": "x"},
    ),
    # Logins, roles, API tokens and the vocabulary are the coordinator's.
    "network:users": (lambda w: "/users/", lambda w: {}),
    "network:user_create": (
        lambda w: "/users/new/",
        lambda w: {
            "username": "uusi",
            "email": "uusi@example.com",
            "kind": "member",
            "organisation": w["org"].pk,
            "capabilities": ["foresight_analyst"],
        },
    ),
    "network:user": (
        lambda w: f"/users/{w['account'].pk}/",
        lambda w: {"issue_token": "1", "name": "Raportointi"},
    ),
    "network:competence_create": (
        lambda w: "/competences/new/",
        lambda w: {
            "code": "uusi",
            "label_fi": "Uusi",
            "label_en": "New",
            "group": CompetenceGroup.objects.first().pk,
        },
    ),
    "network:competence_edit": (
        lambda w: f"/competences/{Competence.objects.first().pk}/edit/",
        lambda w: {
            "code": "muutettu",
            "label_fi": "Muutettu",
            "label_en": "Changed",
            "group": CompetenceGroup.objects.first().pk,
        },
    ),
    "network:competence_proposals": (lambda w: "/competences/proposed/", lambda w: {}),
    "network:competence_proposal": (
        lambda w: f"/competences/proposed/{w['proposal'].pk}/accept/",
        lambda w: {
            f"a{w['proposal'].pk}-group": CompetenceGroup.objects.exclude(code="proposed")
            .first()
            .pk
        },
    ),
    "events:series_create": (
        lambda w: "/events/series/new/",
        lambda w: {"name_fi": "Uusi sarja", "category": "project_day", "target_per_year": 2},
    ),
    "events:series_edit": (
        lambda w: f"/events/series/{w['series'].pk}/edit/",
        lambda w: {"name_fi": "Muutettu", "category": "other", "target_per_year": 1},
    ),
    # An organisation's editors keep its services.
    "services:service_create": (
        lambda w: "/services/new/",
        lambda w: {
            "organisation": w["org"].pk,
            "name_fi": "Uusi palvelu",
            "first_contact_days": 2,
            "plan_days": 10,
        },
    ),
    "services:service_edit": (
        lambda w: f"/services/{w['service'].pk}/edit/",
        lambda w: {"name_fi": "Muutettu", "first_contact_days": 3, "plan_days": 10},
    ),
    # The holding organisation's service advisors (and editors) act on its requests.
    "services:respond": (
        lambda w: f"/services/cases/{w['case'].pk}/respond/",
        lambda w: {"respond-note": "Soitettu"},
    ),
    "services:resume": (
        lambda w: f"/services/cases/{w['waiting'].pk}/resume/",
        lambda w: {"resume-note": "Vastasi"},
    ),
    "services:education_field": (
        lambda w: f"/services/cases/{w['case'].pk}/field/",
        lambda w: {"field-education_field": "072"},
    ),
    "services:refer": (
        lambda w: f"/services/cases/{w['case'].pk}/refer/",
        lambda w: {"refer-organisation": w["referral"].from_organisation_id, "refer-reason": "x"},
    ),
    "services:announce": (
        lambda w: f"/services/cases/{w['case'].pk}/announce/",
        lambda w: {"announce-message": "Viivästyy"},
    ),
    "services:close": (
        lambda w: f"/services/cases/{w['case'].pk}/close/",
        lambda w: {"close-outcome": "helped"},
    ),
    # The guidance services' counsellors (and editors) act on their own clients.
    "guidance:client_create": (
        lambda w: "/guidance/clients/new/",
        lambda w: {
            "name": "Uusi",
            "municipality": Region.objects.get(level="kunta", code="172").pk,
            "need": "Ohjaus",
        },
    ),
    "guidance:client_refer": (
        lambda w: f"/guidance/clients/{w['guidance_client'].pk}/refer/",
        lambda w: {
            "refer-organisation": w["guidance_referral"].from_organisation_id,
            "refer-reason": "Työnhaku",
        },
    ),
    "guidance:client_complete": (
        lambda w: f"/guidance/clients/{w['guidance_client'].pk}/complete/",
        lambda w: {},
    ),
    "guidance:client_accept": (
        lambda w: f"/guidance/referrals/{w['guidance_referral'].pk}/accept/",
        lambda w: {},
    ),
    "guidance:client_decline": (
        lambda w: f"/guidance/referrals/{w['guidance_referral'].pk}/decline/",
        lambda w: {"decline-reason": "Ei meille"},
    ),
    # The receiving organisation's advisors answer a referral.
    "services:accept": (
        lambda w: f"/services/referrals/{w['referral'].pk}/accept/",
        lambda w: {"accept-note": ""},
    ),
    "services:decline": (
        lambda w: f"/services/referrals/{w['referral'].pk}/decline/",
        lambda w: {"decline-reason": "Ei meille"},
    ),
    # Only the coordinator adds organisations: an editor (even the owner) is refused.
    "network:organisation_create": (
        lambda w: "/organisations/new/",
        lambda w: {"name": "X", "kind": "company", "member_since": "", "member_until": ""},
    ),
}
PLAN_EDITING = {
    "strategy:period_create",
    "strategy:period_edit",
    "strategy:period_copy",
    "strategy:priority_create",
    "strategy:priority_edit",
    "strategy:goal_create",
    "strategy:goal_edit",
    "strategy:measure_create",
    "strategy:measure_edit",
    "strategy:indicator_create",
    "strategy:indicator_edit",
    "strategy:indicator_target",
}
PLAN_API = {
    ("POST", "/plan/periods"),
    ("PATCH", "/plan/periods/{code}"),
    ("POST", "/plan/periods/{code}/priorities"),
    ("PATCH", "/plan/priorities/{pk}"),
    ("POST", "/plan/priorities/{pk}/goals"),
    ("PATCH", "/plan/goals/{pk}"),
    ("POST", "/plan/goals/{pk}/measures"),
    ("POST", "/plan/indicators"),
    ("PATCH", "/plan/indicators/{code}"),
    ("POST", "/plan/indicators/{code}/targets"),
    ("PATCH", "/plan/targets/{pk}"),
}
COORDINATOR_ONLY = {
    *PLAN_EDITING,
    *PLAN_API,
    "network:users",
    "network:user_create",
    "network:user",
    "network:competence_create",
    "network:competence_edit",
    "network:competence_proposals",
    "network:competence_proposal",
    "events:series_create",
    "events:series_edit",
    "network:organisation_create",
    ("POST", "/organisations"),
    "strategy:indicator_refresh",
    "events:participant_data",
    "collaboration:rebuild",
}
EVENT_ORGANISING = {
    "events:create",
    "events:edit",
    "events:invitations",
    "events:questions",
    ("PATCH", "/events/{pk}"),
    ("POST", "/events/{pk}/invitations"),
    "events:checkin",
    "events:cancel_event",
    ("POST", "/events"),
}
FORESIGHT_ANALYSIS = {
    "foresight:upload",
    "foresight:barometer_open",
    "foresight:barometer_theme_create",
    "foresight:barometer_close",
    "foresight:barometer_send",
}
MEMBERS = {
    "foresight:barometer_round",
    "foresight:signal",
    ("POST", "/barometer/rounds/{pk}/answers"),
}
SERVICE_ADVISING = {
    "services:respond",
    "services:resume",
    "services:education_field",
    "services:refer",
    "services:announce",
    "services:close",
    "services:accept",
    "services:decline",
    ("POST", "/service-requests/{pk}/responses"),
    ("POST", "/service-requests/{pk}/referrals"),
    ("POST", "/service-requests/referrals/{rid}/accept"),
    ("POST", "/service-requests/referrals/{rid}/decline"),
    ("POST", "/service-requests/{pk}/close"),
}
GUIDANCE_COUNSELLING = {
    "guidance:client_refer",
    "guidance:client_complete",
    "guidance:client_accept",
    "guidance:client_decline",
}
# Members of an organisation (every capability role here is one of the owner's organisation).
ORGANISATION_MEMBERS = {"benchmark:cohort_create"}
# What a route answers when it accepts the caller (else a redirect after the write).
OK_STATUS = {
    "network:users": 200,
    "network:user": 200,
    "network:competence_proposals": 200,
}
# Writes that answer an anonymous visitor 403 rather than sending them to log in.
ANONYMOUS_REFUSED = {"foresight:barometer_round"}


def allowed(route: str | tuple[str, str]) -> set[str]:
    """The roles a write route accepts (the coordinator, not listed, is accepted everywhere)."""
    if route in COORDINATOR_ONLY:
        return {"coordinator"}
    if route in EVENT_ORGANISING:
        return {"owner", CapabilityRole.EVENT_ORGANISER.value}
    if route in SERVICE_ADVISING:
        return {"owner", CapabilityRole.SERVICE_ADVISOR.value}
    if route in GUIDANCE_COUNSELLING:
        return {"owner", CapabilityRole.GUIDANCE_COUNSELLOR.value}
    if route == "guidance:client_create":
        # Any organisation's guidance counsellors (or editors) take clients for their own.
        return {"owner", "outsider", CapabilityRole.GUIDANCE_COUNSELLOR.value}
    if route in FORESIGHT_ANALYSIS:
        return {CapabilityRole.FORESIGHT_ANALYST.value}
    if route in MEMBERS:
        return SIGNED_IN
    if route in ORGANISATION_MEMBERS:
        return {"owner", *CAPABILITY_ROLES}
    return {"owner"}


def _cases(routes) -> list[tuple[str, str | tuple[str, str]]]:
    """One case per accepted role (each writes, so each gets a fresh world) and one case,
    "refused", for all the others together (a refusal writes nothing)."""
    cases = []
    for route in sorted(routes):
        cases += [(who, route) for who in sorted(allowed(route))]
        cases.append(("refused", route))
    return cases


# Writes whose owner / outsider / anonymous checks live beside their app's other tests.
WEB_WRITES_TESTED_IN_APP = {
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


def _web_post(world, people, who, name):
    path, data = WEB_WRITES[name]
    client = Client()
    if who != "anonymous":
        client.force_login(people[who])
    return client.post(path(world), data(world))


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "name"), _cases(WEB_WRITES))
def test_web_write_matrix(world, people, who, name):
    if who != "refused":
        response = _web_post(world, people, who, name)
        assert response.status_code == OK_STATUS.get(name, 302), response.content[:500]
        assert "/accounts/login/" not in response.get("Location", "")
        return
    for other in sorted(set(ROLES) - allowed(name) - {"coordinator"}):
        response = _web_post(world, people, other, name)
        if other == "anonymous" and name not in ANONYMOUS_REFUSED:
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == 403, other


def test_every_capability_role_is_in_the_matrix():
    assert set(CAPABILITY_ROLES) == set(CapabilityRole.values) and set(CAPABILITY_ROLES) <= set(
        ROLES
    )


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
    ("PATCH", "/events/{pk}"): (
        lambda w: f"/api/v1/events/{w['event'].pk}",
        lambda w: {"venue": "Jämsä"},
    ),
    ("POST", "/events/{pk}/invitations"): (
        lambda w: f"/api/v1/events/{w['event'].pk}/invitations",
        lambda w: {"guests": ["vieras@example.com"], "message": "Tervetuloa"},
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
    # The plan's structure is the coordinator's (PLAN_API below).
    ("POST", "/plan/periods"): (
        lambda w: "/api/v1/plan/periods",
        lambda w: {"code": "2025-2027", **_PERIOD_FORM},
    ),
    ("PATCH", "/plan/periods/{code}"): (
        lambda w: f"/api/v1/plan/periods/{w['period'].code}",
        lambda w: {"name_en": "Phase two"},
    ),
    ("POST", "/plan/periods/{code}/priorities"): (
        lambda w: f"/api/v1/plan/periods/{w['period'].code}/priorities",
        lambda w: {"number": 2, "title_fi": "Uusi"},
    ),
    ("PATCH", "/plan/priorities/{pk}"): (
        lambda w: f"/api/v1/plan/priorities/{w['goal'].priority.pk}",
        lambda w: {"title_fi": "Muutettu"},
    ),
    ("POST", "/plan/priorities/{pk}/goals"): (
        lambda w: f"/api/v1/plan/priorities/{w['goal'].priority.pk}/goals",
        lambda w: {"number": 2, "title_fi": "Uusi"},
    ),
    ("PATCH", "/plan/goals/{pk}"): (
        lambda w: f"/api/v1/plan/goals/{w['goal'].pk}",
        lambda w: {"title_fi": "Muutettu"},
    ),
    ("POST", "/plan/goals/{pk}/measures"): (
        lambda w: f"/api/v1/plan/goals/{w['goal'].pk}/measures",
        lambda w: {"number": "1.3", "title_fi": "Uusi", "responsible": [w["org"].pk]},
    ),
    ("POST", "/plan/indicators"): (
        lambda w: "/api/v1/plan/indicators",
        lambda w: {"code": "uusi", **_INDICATOR_FORM},
    ),
    ("PATCH", "/plan/indicators/{code}"): (
        lambda w: f"/api/v1/plan/indicators/{w['indicator'].code}",
        lambda w: {"baseline": 3},
    ),
    ("POST", "/plan/indicators/{code}/targets"): (
        lambda w: f"/api/v1/plan/indicators/{w['computed'].code}/targets",
        lambda w: {"period": w["period"].code, "value": 2, "region": "132"},
    ),
    ("PATCH", "/plan/targets/{pk}"): (
        lambda w: f"/api/v1/plan/targets/{w['indicator'].targets.get().pk}",
        lambda w: {"value": 7},
    ),
    ("POST", "/service-requests/{pk}/responses"): (
        lambda w: f"/api/v1/service-requests/{w['case'].pk}/responses",
        lambda w: {"note": "Soitettu"},
    ),
    ("POST", "/service-requests/{pk}/referrals"): (
        lambda w: f"/api/v1/service-requests/{w['case'].pk}/referrals",
        lambda w: {"organisation": w["referral"].from_organisation_id, "reason": "x"},
    ),
    ("POST", "/service-requests/referrals/{rid}/accept"): (
        lambda w: f"/api/v1/service-requests/referrals/{w['referral'].pk}/accept",
        lambda w: {},
    ),
    ("POST", "/service-requests/referrals/{rid}/decline"): (
        lambda w: f"/api/v1/service-requests/referrals/{w['referral'].pk}/decline",
        lambda w: {"reason": "Ei meille"},
    ),
    ("POST", "/service-requests/{pk}/close"): (
        lambda w: f"/api/v1/service-requests/{w['case'].pk}/close",
        lambda w: {"outcome": "helped"},
    ),
    ("POST", "/barometer/rounds/{pk}/answers"): (
        lambda w: f"/api/v1/barometer/rounds/{w['round'].pk}/answers",
        lambda w: {
            "sub_region": w["org"].sub_regions.get().code,
            "answers": [{"theme": "business", "horizon": "6m", "score": 1}],
        },
    ),
}


# Writes open to everyone by design (registering for a public event needs no account).
API_PUBLIC_WRITES = {("POST", "/events/{pk}/registrations"), ("POST", "/service-requests")}


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


def _api_call(world, people, who, endpoint):
    method, _template = endpoint
    path, body = API_WRITES[endpoint]
    headers = {}
    if who != "anonymous":
        token = ApiToken.issue(people[who], "t")[1]
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    payload = body(world)
    return Client().generic(
        method,
        path(world),
        data="" if payload is None else json.dumps(payload),
        content_type="application/json",
        **headers,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "endpoint"), _cases(API_WRITES))
def test_api_write_matrix(world, people, who, endpoint):
    if who != "refused":
        response = _api_call(world, people, who, endpoint)
        assert response.status_code in (200, 201, 204), response.content
        return
    for other in sorted(set(ROLES) - allowed(endpoint) - {"coordinator"}):
        response = _api_call(world, people, other, endpoint)
        if other == "anonymous":
            assert response.status_code == 401
        else:
            assert response.status_code == 403, (other, response.content)
            assert "detail" in response.json()


ORGANISER_READS = {
    "events:participants": lambda w: f"/events/{w['event'].pk}/participants/",
    "events:participants_export": lambda w: f"/events/{w['event'].pk}/participants.csv",
    "events:participants_pdf": lambda w: f"/events/{w['event'].pk}/signin.pdf",
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ORGANISER_READS))
def test_organiser_reads(world, people, name):
    """Lists of an event's participants: its organisers and the coordinator read them; a member
    or an editor of another organisation is refused, an anonymous visitor sent to log in."""
    path = ORGANISER_READS[name](world)
    for who in [*ROLES, "coordinator"]:
        client = Client()
        if who != "anonymous":
            client.force_login(people[who])
        response = client.get(path)
        if who in allowed("events:checkin") | {"coordinator"}:
            assert response.status_code == 200, (who, name)
        elif who == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == 403, (who, name)


@pytest.mark.django_db
def test_api_organiser_reads(world, people):
    """An event's registrations through the API: its organisers and the coordinator; others
    are refused, an anonymous caller asked to authenticate."""
    path = f"/api/v1/events/{world['event'].pk}/registrations"
    for who in [*ROLES, "coordinator"]:
        headers = {}
        if who != "anonymous":
            headers["HTTP_AUTHORIZATION"] = f"Bearer {ApiToken.issue(people[who], 't')[1]}"
        response = Client().get(path, **headers)
        if who in allowed("events:checkin") | {"coordinator"}:
            assert response.status_code == 200, who
        elif who == "anonymous":
            assert response.status_code == 401
        else:
            assert response.status_code == 403, who
