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


def test_demo_current_plan_page_shows_one_light_per_measure_and_values_link_records(demo, client):
    html = client.get("/plan/2025-2027/").content.decode()
    rows = [r for r in html.split("<tr>")[1:] if "/plan/measures/" in r]
    assert len(rows) >= 8
    assert all(r.split("</tr>")[0].count('class="light ') == 1 for r in rows)
    page = client.get("/plan/indicators/adult_education_days_held/").content.decode()
    links = re.findall(r'href="(/plan/indicators/adult_education_days_held/records/[^"]+)"', page)
    assert links
    assert all(client.get(link).status_code == 200 for link in links[:3])


def test_demo_board_pack_lists_the_seeds_eleven_results_and_five_factors(demo, client):
    html = client.get("/plan/2004-2006/board/").content.decode()
    results, factors = html.split('id="factors-h"')
    assert results.count("<li value=") == 11
    assert factors.split('id="lessons-h"')[0].count("<li value=") == 5
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


def test_demo_tie_network_matches_its_records(demo):
    """The demo's ties are its projects', consultations' and events' (counted from the records
    here), and the sub-regions' share of ties reaching knowledge organisations rises over the
    second phase (2007 → 2009) in most sub-regions, the pattern the seed claims."""
    from itertools import combinations

    from django.db.models import F

    from optiimi.collaboration import queries
    from optiimi.network.models import OrganisationKind

    frame = queries.tie_frame()
    by_source = dict(frame.group_by("source").len().iter_rows())
    expected_projects = 0
    for project in Project.objects.prefetch_related("partners"):
        members = {project.lead_id} | {p.organisation_id for p in project.partners.all()}
        expected_projects += len(list(combinations(members, 2)))
    assert by_source["projects.project"] == expected_projects > 0
    outside = Consultation.objects.exclude(organisation_id=F("project__lead_id")).count()
    assert by_source["projects.consultation"] == outside > 0
    hosting = sum(
        len(list(combinations(e.hosts.all(), 2))) for e in Event.objects.prefetch_related("hosts")
    )
    assert by_source["events.hosting"] == hosting > 0
    assert by_source["events.attendance"] > 0

    # every sub-region's and year's bridging share of project ties, by hand from the projects
    knowledge = set(
        Organisation.objects.filter(
            kind__in=[
                OrganisationKind.UNIVERSITY,
                OrganisationKind.UAS,
                OrganisationKind.VOCATIONAL,
            ]
        ).values_list("pk", flat=True)
    )
    home = dict(Organisation.objects.values_list("pk", "home_municipality__parent__code"))
    weights: dict[tuple[str, int], list[float]] = {}
    for project in Project.objects.prefetch_related("partners"):
        members = {project.lead_id} | {p.organisation_id for p in project.partners.all()}
        year = (project.start or project.created).year
        if len(members) < 2:
            continue  # a project of one organisation ties nobody
        for org in members - knowledge:
            counts = weights.setdefault((home[org], year), [0, 0])
            counts[0] += len((members - {org}) & knowledge)
            counts[1] += len(members) - 1
    # and the project ties the demo imports as made outside the platform (marked synthetic)
    from optiimi.collaboration.models import ImportedTie

    for a, b, year, weight in ImportedTie.objects.filter(kind="project").values_list(
        "organisation_a_id", "organisation_b_id", "year", "weight"
    ):
        for org, partner in ((a, b), (b, a)):
            if org not in knowledge:
                counts = weights.setdefault((home[org], year), [0, 0])
                counts[0] += weight if partner in knowledge else 0
                counts[1] += weight
    computed = {(b.subregion, b.year): b.share for b in queries.bridging("project")}
    assert computed == pytest.approx({key: k / n for key, (k, n) in weights.items()})
    assert len(computed) >= 6

    changes = queries.bridging_changes(2007, 2009)
    rose = [c.subregion for c in changes if c.change is not None and c.change > 0]
    assert len(rose) >= 4, [(c.subregion, c.change) for c in changes]
    client = Client()
    assert client.get("/network/").status_code == 200
    page = client.get("/network/bridging/?from=2007&to=2009").content.decode()
    assert "Joutsa" in page


def test_demo_joutsa_ties_to_knowledge_organisations_strengthen_significantly(demo):
    """The demo's Joutsa companies (synthetic, with imported ties marked synthetic) make the
    sub-region's bridging share rise from the seed's start to this year, clearly enough for the
    permutation test; the figures are worked here by hand from the ledger's ties and the
    imported records, and the bridging page says so in words."""
    from optiimi.collaboration import queries
    from optiimi.collaboration.models import ImportedTie, Tie
    from optiimi.demo import collaboration as demo_ties

    first, now = demo_ties.FIRST_YEAR, demo_ties.this_year()
    assert queries.years()[0] == first and queries.years()[-1] == now
    companies = set(
        Organisation.objects.filter(name__in=demo_ties.company_names(), synthetic=True).values_list(
            "pk", flat=True
        )
    )
    assert len(companies) == demo_ties.COMPANIES
    imported = ImportedTie.objects.filter(synthetic=True)
    assert imported.count() == len(demo_ties.rows())
    assert not ImportedTie.objects.filter(synthetic=False).exists()
    assert Tie.objects.filter(source="collaboration.import").count() == imported.count()

    knowledge = set(
        Organisation.objects.filter(kind__in=["university", "uas", "vocational"]).values_list(
            "pk", flat=True
        )
    )
    home = dict(Organisation.objects.values_list("pk", "home_municipality__parent__code"))
    joutsa = {pk for pk, code in home.items() if code == demo_ties.SUBREGION} - knowledge
    # no organisation without a home serves Joutsa alone (it would count there too)
    for org in Organisation.objects.filter(home_municipality=None):
        assert list(org.sub_regions.values_list("code", flat=True)) != [demo_ties.SUBREGION]

    def by_hand(year: int) -> tuple[float, int]:
        k = w = 0.0
        tied = set()
        for a, b, weight in Tie.objects.filter(year=year).values_list(
            "organisation_a_id", "organisation_b_id", "weight"
        ):
            for org, partner in ((a, b), (b, a)):
                if org in joutsa:
                    w += weight
                    if partner in knowledge:
                        k += weight
                        tied.add(org)
        return k / w, len(tied & companies)

    share_from, tied_from = by_hand(first)
    share_to, tied_to = by_hand(now)
    # the companies tied to a knowledge organisation, from the imported records themselves
    assert tied_from == len(demo_ties.EARLY_VOCATIONAL)
    assert tied_to == len(set(demo_ties.WITH_UAS) | set(demo_ties.WITH_VOCATIONAL))
    shares = {(b.subregion, b.year): b for b in queries.bridging()}
    assert shares[("132", first)].share == pytest.approx(share_from)
    assert shares[("132", now)].share == pytest.approx(share_to)
    assert shares[("132", first)].companies_tied == tied_from
    assert shares[("132", now)].companies_tied == tied_to

    change = {c.subregion: c for c in queries.bridging_changes(first, now)}["132"]
    assert change.share_from == pytest.approx(share_from) and share_from < 0.15
    assert change.share_to == pytest.approx(share_to) and share_to > 0.35
    assert change.change == pytest.approx(share_to - share_from)
    assert change.p_value < 0.05 and change.low > 0
    assert change.organisations >= 14

    client = Client()
    client.cookies["django_language"] = "en"
    page = client.get("/network/bridging/").content.decode()  # first year → this year
    row = page.split("Joutsa (132)")[1].split("</tr>")[0]
    assert "The share rose;" in row and "unlikely to be chance" in row


def _board_sections(html: str) -> dict[str, str]:
    """The board pack's sections by id, each with its content."""
    found = {}
    for part in html.split('<section class="board-')[1:]:
        anchor = re.search(r'id="([^"]+)"', part)
        assert anchor is not None
        found[anchor.group(1)] = part.split("</section>", 1)[0]
    return found


def test_demo_board_pack_2025_2027_has_no_empty_section(demo, client):
    html = client.get("/plan/2025-2027/board/").content.decode()
    sections = _board_sections(html)
    # the answer, the pilots, project days and consultations at least
    for wanted in ("answer", "s-benchmark-cohorts", "s-events-project-days"):
        assert wanted in sections, wanted
    assert "s-projects-consultations" in sections
    # the service promise and ties to knowledge organisations, each with its figure up front
    for wanted in ("s-services-promise", "s-collaboration-knowledge-ties"):
        assert wanted in sections, wanted
        assert f'href="#{wanted}"' in sections["answer"], wanted
        assert '<figure class="chart">' in sections[wanted], wanted
    assert "Joutsa" in sections["s-collaboration-knowledge-ties"]
    assert "measures" in sections and "indicators" in sections
    empty = {
        anchor: body
        for anchor, body in sections.items()
        if body.count("<tr>") + body.count("<li") + body.count("<figure") == 0
    }
    assert empty == {}
    assert 'class="tile"' in sections["answer"]


def test_demo_board_pack_figures_are_the_records_they_count(demo, client):
    from django.db.models import F
    from django.utils import timezone

    from optiimi.benchmark.models import Cohort
    from optiimi.benchmark.queries import cohort_impact
    from optiimi.strategy import board

    pack = board.build(Period.objects.get(code="2007-2009"))
    blocks = {b.code: b.section for b in pack.blocks}
    days = {c.region: c.value for c in blocks["events.project_days"].claims}
    for code, held in days.items():
        assert (
            held
            == Event.objects.filter(
                category="project_day",
                sub_region__code=code,
                start__year__gte=2007,
                start__year__lte=2009,
                start__lt=timezone.now(),
            ).count()
        )
    consultations = blocks["projects.consultations"].summary
    assert consultations is not None
    across = Consultation.objects.filter(date__year__gte=2007, date__year__lte=2009).exclude(
        organisation_id=F("project__lead_id")
    )
    assert consultations.value == across.count()
    assert consultations.n == across.values("project").distinct().count()
    joutsa = Cohort.objects.get(name__startswith="Joutsa")
    claim = next(c for c in blocks["benchmark.cohorts"].claims if c.url.endswith(f"/{joutsa.pk}/"))
    impact = cohort_impact(joutsa)
    assert (claim.value, claim.low, claim.high, claim.n) == (
        impact.effect,
        impact.ci_low,
        impact.ci_high,
        impact.n_cohort,
    )
    assert claim.low is not None and claim.high is not None and claim.low < claim.high


def test_demo_board_pack_2025_2027_promise_and_ties_are_the_records_they_count(demo, client):
    """The service promise's shares are the requests they judge, counted here from the requests
    themselves; the ties' shares are worked by hand from the ledger's ties, and the change, its
    p-value and interval are the collaboration network's own: Joutsa's rise shows as shown."""
    from django.utils import timezone

    from optiimi.collaboration import queries as collaboration
    from optiimi.collaboration.models import Tie
    from optiimi.demo import collaboration as demo_ties
    from optiimi.services.models import Case
    from optiimi.strategy import board

    pack = board.build(Period.objects.get(code="2025-2027"))
    blocks = {b.code: b.section for b in pack.blocks}

    today = timezone.localdate()

    def kept_and_broken(cases) -> tuple[int, int]:
        kept = broken = 0
        for case in cases:
            late = (
                case.first_contact_kept is False
                or case.plan_kept is False
                or (case.due is not None and case.due < today)
            )
            broken += late
            kept += bool(case.first_contact_kept) and case.plan_kept is not False and not late
        return kept, broken

    promise = blocks["services.promise"]
    requests = Case.objects.filter(created_on__year__gte=2025, created_on__year__lte=2027)
    claims = {c.region: c for c in promise.claims}
    assert set(claims) == set(
        requests.exclude(sub_region=None).values_list("sub_region__code", flat=True)
    )
    for code, claim in claims.items():
        kept, broken = kept_and_broken(requests.filter(sub_region__code=code))
        assert (claim.value, claim.n) == (round(100 * kept / (kept + broken), 1), kept + broken)
        assert claim.synthetic
    kept, broken = kept_and_broken(requests)
    assert promise.summary is not None
    assert (promise.summary.value, promise.summary.n) == (
        round(100 * kept / (kept + broken), 1),
        kept + broken,
    )

    ties = blocks["collaboration.knowledge_ties"]
    first, now = demo_ties.FIRST_YEAR, demo_ties.this_year()
    knowledge = set(
        Organisation.objects.filter(kind__in=["university", "uas", "vocational"]).values_list(
            "pk", flat=True
        )
    )
    home = dict(Organisation.objects.values_list("pk", "home_municipality__parent__code"))
    joutsa = {pk for pk, code in home.items() if code == "132"} - knowledge

    def share(year: int) -> float:
        k = w = 0.0
        for a, b, weight in Tie.objects.filter(year=year).values_list(
            "organisation_a_id", "organisation_b_id", "weight"
        ):
            for org, partner in ((a, b), (b, a)):
                if org in joutsa:
                    w += weight
                    k += weight if partner in knowledge else 0.0
        return k / w

    claim = next(c for c in ties.claims if c.region == "132")
    change = {c.subregion: c for c in collaboration.bridging_changes(first, now)}["132"]
    assert claim.value == round(100 * (share(now) - share(first)), 1)
    assert (claim.low, claim.high, claim.n) == (
        round(100 * change.low, 1),
        round(100 * change.high, 1),
        change.organisations,
    )
    assert change.p_value < 0.05 and claim.low > 0 and claim.verdict == "good"
    # marked synthetic where imported demo ties count: Joutsa's, not Keuruu's
    assert claim.synthetic
    assert not next(c for c in ties.claims if c.region == "133").synthetic
    bar = next(c for c in ties.bars if c.region == "132")
    assert bar.value == round(100 * share(now), 1)
    assert ties.summary is not None and ties.summary.value >= 1
    assert "Joutsa" in ties.summary.label
    assert claim.url == f"/network/bridging/?from={first}&to={now}"
    client.cookies["django_language"] = "en"
    html = client.get("/plan/2025-2027/board/").content.decode()
    row = html.split('id="s-collaboration-knowledge-ties"')[1].split("Joutsa:")[1].split("</tr>")[0]
    assert "The share rose;" in row and "unlikely to be chance" in row and "holds" in row


@pytest.mark.parametrize(
    "period,language", [("2007-2009", "fi"), ("2007-2009", "en"), ("2025-2027", "fi")]
)
def test_demo_board_pack_pdf_numbers_its_pages_and_keeps_chart_titles_with_charts(
    demo, period, language
):
    from pypdf import PdfReader

    from optiimi.strategy.exports import pdf_available

    if not pdf_available():
        pytest.skip("WeasyPrint cannot load its Pango library here")
    import io

    client = Client()
    client.cookies["django_language"] = language
    html = client.get(f"/plan/{period}/board/").content.decode()
    titles = [
        re.sub(r"\s+", " ", t).strip() for t in re.findall(r'class="chart-title">([^<]+)<', html)
    ]
    assert len(titles) >= 3
    response = client.get(f"/plan/{period}/board.pdf")
    assert response["Content-Type"] == "application/pdf"
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]
    assert len(pages) >= 4
    label = {"fi": "Sivu", "en": "Page"}[language]
    footer = re.compile(rf"{label} (\d+) / (\d+)")
    for number, text in enumerate(pages, start=1):
        if number == 1:
            continue  # the cover has no number
        found = footer.search(text)
        assert found is not None, f"no page number on page {number}"
        assert (int(found.group(1)), int(found.group(2))) == (number, len(pages))
        lines = [
            line.strip()
            for line in text.splitlines()
            if line.strip() and not footer.search(line) and "Järkee vai ei? ·" not in line
        ]
        last = lines[-1]
        assert not any(last == t or (len(last) > 8 and last in t) for t in titles), (
            f"chart title {last!r} ends page {number}"
        )
    # the contents page gives each section's page number
    assert re.search(r"\.{5,}\s*\d+", pages[1])
    # every word in the reader's language
    if language == "en":
        assert "Toimenpiteet" not in "".join(pages) and "Measures" in "".join(pages)
    else:
        assert "Measures" not in "".join(pages) and "Toimenpiteet" in "".join(pages)


def test_demo_gaps_show_needs_from_every_source_all_synthetic(demo, client):
    from optiimi.guidance import queries
    from optiimi.guidance.models import Need

    collected = set(Need.objects.exclude(collector="").values_list("collector", flat=True))
    assert collected == {
        "foresight.barometer",
        "foresight.vacancies",
        "services.requests",
        "guidance.survey",
    }
    assert not Need.objects.filter(synthetic=False).exists()
    jamsa = {g.field: g for g in queries.gaps(Region.objects.subregions().get(code="134"), 2025)}
    sources = jamsa["072"].sources
    assert any(s.startswith("Ammattinäkymäbarometri") for s in sources)
    assert any("12ti" in s for s in sources)
    assert "Osaamistarvekysely (yritykset)" in sources
    assert "Yritysten palvelupyynnöt" in sources
    page = client.get("/guidance/134/?year=2025").content.decode()
    assert "Ammattinäkymäbarometri Kevät 2025" in page


def test_demo_forecasts_are_a_job_whose_page_leads_to_them(demo, client):
    """`optiimi demo` leaves the forecasts to the job worker; once it has run them the
    sub-region pages show them, and the job's page (for the administrator: the demo started
    it) says how many series and links to the foresight pages."""
    from django.contrib.auth import get_user_model

    from optiimi.core.models import Job
    from optiimi.demo.foresight import FORECAST_JOB
    from optiimi.foresight.models import Forecast

    job = Job.objects.get(key=FORECAST_JOB)
    assert job.kind == "foresight.forecast" and job.state == Job.State.DONE
    stored = Forecast.objects.filter(indicator__code__startswith="demo.")
    assert stored.exists() and not stored.filter(indicator__code="demo.turnover").exists()
    assert f"{stored.count()} " in job.message
    html = client.get("/foresight/131/").content.decode()
    assert "MASE" in html and "80 %" in html
    client.force_login(get_user_model().objects.get(username="admin"))
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert job.message in page and 'href="/foresight/"' in page
