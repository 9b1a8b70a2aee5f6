"""What the demo holds. The demo is loaded once for this module (see conftest.py)."""

import re

import pytest
from django.test import Client

from optiimi.core import links
from optiimi.demo import loader
from optiimi.events.models import Event, EventSeries, Registration
from optiimi.network.models import CapabilityRole, Organisation, Person, Role, RoleKind
from optiimi.projects.models import Consultation, Project
from optiimi.regions.models import Region
from optiimi.strategy.models import (
    Goal,
    Indicator,
    Measure,
    Period,
    Priority,
    Result,
    ResultKind,
    SubregionStrategy,
)
from tests.privacy.crawl import crawl

pytestmark = pytest.mark.xdist_group("demo")


def test_demo_has_central_finland_and_the_seeds_organisations(demo):
    assert Region.objects.municipalities().count() == 22
    assert Region.objects.subregions().count() == 6
    assert not Region.objects.municipalities().filter(geometry=None).exists()
    names = set(Organisation.objects.values_list("short_name", flat=True))
    assert {"KSL", "JAMK", "JY", "TE-keskus", "JoSK", "KeSK", "JäSK", "ÄSK", "SVSK", "JSK"} <= names
    assert Organisation.objects.filter(kind="development_company").count() == 6
    assert not Organisation.objects.filter(kind="development_company", illustrative=False).exists()
    assert 90 <= Person.objects.count() <= 120
    assert not Person.objects.filter(synthetic=False).exists()
    assert {login.username for login in demo} >= {"koordinaattori", "joutsa", "jasen", "admin"}
    roles = {login.username: (login.role, login.organisation) for login in demo}
    # JAMK runs the joint foresight measure: its analyst imports and runs the barometer.
    expected = {
        "ennakointi": CapabilityRole.FORESIGHT_ANALYST,
        "tapahtumat": CapabilityRole.EVENT_ORGANISER,
        "neuvoja": CapabilityRole.SERVICE_ADVISOR,
        "ohjaaja": CapabilityRole.GUIDANCE_COUNSELLOR,
    }
    for username, capability in expected.items():
        assert roles[username][0] == f"{RoleKind.MEMBER.label} · {capability.label}"
        assert Role.objects.get(user__username=username).capabilities == [capability.value]
    assert roles["ennakointi"][1] == "Jyväskylän ammattikorkeakoulu"


def test_loading_the_demo_again_changes_nothing(demo):
    def snapshot():
        return (
            sorted(Person.objects.values_list("name", "email")),
            sorted(Organisation.objects.values_list("short_name", flat=True)),
            Event.objects.count(),
            EventSeries.objects.count(),
            Registration.objects.count(),
            Project.objects.count(),
            Measure.objects.count(),
            Result.objects.count(),
        )

    first = snapshot()
    assert first[0] and first[2]
    logins = loader.load_demo()
    assert snapshot() == first
    assert [login.username for login in logins] == [login.username for login in demo]


def test_demo_holds_the_seeds_whole_action_plan(demo):
    phase2 = Period.objects.get(code="2007-2009")
    assert Priority.objects.filter(period=phase2).count() == 3
    assert Goal.objects.filter(priority__period=phase2).count() == 3
    assert Measure.objects.filter(goal__priority__period=phase2).count() == 11
    assert Result.objects.filter(period__code="2004-2006", kind=ResultKind.RESULT).count() == 11
    assert Result.objects.filter(kind=ResultKind.CRITICAL_FACTOR).count() == 5
    assert Period.objects.filter(kind="vision").exists()
    assert SubregionStrategy.objects.count() == 6
    for measure in Measure.objects.all():
        assert measure.responsible.exists(), measure
        assert measure.indicators.exists() or measure.no_indicator_reason, measure
    assert not Indicator.objects.filter(synthetic=False, computed="").exists()
    # Measure 2.1 (expertise in the planning phase) is followed from the projects themselves.
    planning = Measure.objects.get(goal__priority__period=phase2, number="2.1")
    consulted = planning.indicators.get(computed="projects.outside_consultation_share")
    years = {v.year: v.value for v in consulted.values.all()}
    assert set(years) >= {2007, 2008, 2009}
    assert all(0 <= value <= 100 for value in years.values())
    projects = links.sources("projects.measures", planning)
    assert projects.filter(acronym="JOUTSA").exists()
    assert projects.count() > 50


def test_demo_current_plan_is_computed_from_records_wherever_possible(demo):
    from optiimi.core import indicators as registry
    from optiimi.strategy import queries

    current = Period.objects.get(code="2025-2027")
    measures = list(
        Measure.objects.filter(goal__priority__period=current).prefetch_related(
            "responsible", "indicators__values", "indicators__targets"
        )
    )
    assert len(measures) >= 8
    indicators = {i for m in measures for i in m.indicators.all()}
    computed = [i for i in indicators if i.computed]
    assert len(computed) >= 7
    assert {i.computed for i in computed} >= {
        "events.adult_education_days",
        "events.regional_events",
        "events.project_days",
        "projects.outside_experts",
        "strategy.full_strategies",
        "foresight.dashboard_views",
        "foresight.imports",
    }
    for indicator in indicators:
        assert indicator.targets.filter(period=current).exists(), indicator.code
        years = {v.year for v in indicator.values.all()}
        assert {2025, 2026} <= years, indicator.code  # every indicator has values
        if not indicator.computed:
            assert indicator.source and "synteettinen" in indicator.source, indicator.code
            assert indicator.values.filter(year=2026).first().source == indicator.source
    for indicator in computed:
        definition = registry.get(indicator.computed)
        for value in indicator.values.filter(year__in=[2025, 2026]).select_related("region"):
            if definition.records is None:
                continue
            code = value.region.code if value.region else None
            counted = definition.records(value.year, code)
            assert value.value == sum(r.count for r in counted), (indicator.code, value)
    for measure in measures:
        assert measure.responsible.exists()
        assert measure.perspectives
        verdict = queries.measure_light(measure)
        assert verdict.light in {"on_track", "at_risk", "off_track"}, measure
    lights = {queries.measure_light(m).light for m in measures}
    assert len(lights) >= 2  # a believable plan is not all on track


def test_demo_report_lists_the_seeds_eleven_results_and_five_factors(demo, client):
    html = client.get("/plan/2004-2006/report/").content.decode()
    results, factors = html.split('id="f-title"')
    assert results.count("<li value=") == 11
    assert factors.split('id="l-title"')[0].count("<li value=") == 5
    assert "Seutustrategioiden muotoutuminen" in results
    assert "Aluelähtöisyys" in factors


def test_demo_project_days_miss_saarijarvi_viitasaari_in_2007(demo, client):
    html = client.get("/events/targets/").content.decode()
    rows = {r.split("</th>")[0].split(">")[-1]: r for r in html.split('<th scope="row">')[1:]}
    assert "missed" in rows["Saarijärvi-Viitasaari"].split("</tr>")[0]
    assert "target-cell met" in rows["Jyväskylä"].split("</tr>")[0]
    assert not Event.objects.filter(
        category="project_day", sub_region__code="138", start__year=2007
    ).exists()


def test_joutsa_pilot_finds_experts_from_three_organisations_with_reasons(demo, client):
    joutsa = Project.objects.get(acronym="JOUTSA")
    assert "Kouluttajien asenne" in joutsa.pain_points
    assert "liikevaihdon kasvu toimialan keskiarvoa suurempi" in joutsa.results
    body = client.get("/api/v1/experts", {"q": joutsa.search_text(), "limit": 5}).json()
    assert len({hit["organisation"] for hit in body}) >= 3
    assert all(hit["reasons"] and hit["reasons"][0].startswith("matched:") for hit in body)
    assert Project.objects.count() >= 60


def test_no_page_export_or_api_list_names_a_person_without_consent(demo):
    """Nobody who has not consented to a public profile is named to an anonymous visitor."""
    hidden = Person.objects.filter(public=False)
    # demo names may repeat between a consenting and a non-consenting person: give the
    # non-consenting ones names no one else has, so any hit is a real leak
    for person in hidden:
        Person.objects.filter(pk=person.pk).update(name=f"Salainen Henkilö{person.pk:04d}x")
    assert hidden.count() >= 20
    bodies = crawl(Client(), ["/", "/api/v1/openapi.json"])
    assert len(bodies) > 60  # the crawl really walked the site
    assert any(url.startswith("/projects/") for url in bodies)
    assert any(url.startswith("/api/v1/people") for url in bodies)
    leaks = {url: re.findall(r"Salainen Henkilö\d{4}x", body) for url, body in bodies.items()}
    assert {url: names for url, names in leaks.items() if names} == {}
    # a consultation with a non-consenting person still says who was consulted: by organisation
    consulted = Consultation.objects.filter(person__public=False).select_related("organisation")
    consultation = consulted.first()
    assert consultation is not None
    anonymous = Client()
    anonymous.cookies["django_language"] = "en"
    html = anonymous.get(f"/projects/{consultation.project_id}/").content.decode()
    org = consultation.organisation.short_name or consultation.organisation.name
    assert f"an expert of {org}" in html
    assert consultation.person.name not in html
    # a member of the network still sees the name
    member = Client()
    member.force_login(Role.objects.filter(kind="member").first().user)
    html = member.get(f"/projects/{consultation.project_id}/").content.decode()
    assert consultation.person.name in html
