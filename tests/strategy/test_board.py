"""The board pack, "järkee vai ei?": its figures against the records they count, the plan's
targets on the evidence of its computed indicators, its sub-region view, its languages and who
may read it."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from optiimi.network import services as network
from optiimi.projects import services as projects
from optiimi.strategy import board, services
from optiimi.strategy.models import Indicator, MeasureStatus, Period
from tests import factories

SETUP = factories.SETUP


def _client(language: str = "fi") -> Client:
    client = Client()
    client.cookies["django_language"] = language
    return client


def _section(html: str, anchor: str) -> str:
    return html.split(f'id="{anchor}"', 1)[1].split("</section>", 1)[0]


@pytest.fixture
def held(plan):
    """Project days held in 2007–2008: two in Joutsa, one in Keuruu, one outside the period."""
    for code, year in [("132", 2007), ("132", 2008), ("133", 2008), ("133", 2011)]:
        factories.project_day(code, year)
    return plan


@pytest.fixture
def consulted(plan, organisation, other_organisation):
    """A Joutsa project planned in 2008 with two experts: one of its lead, one from outside."""
    project = projects.create_project(
        actor=SETUP,
        lead=organisation,
        name="Kasvupolku",
        phase="planning",
        sub_regions=[factories.subregion("132")],
    )
    inside = network.create_person(actor=SETUP, organisation=organisation, name="Sisä Asiantuntija")
    outside = network.create_person(
        actor=SETUP, organisation=other_organisation, name="Ulko Asiantuntija"
    )
    for person in (inside, outside):
        projects.record_consultation(
            project, actor=SETUP, person=person, date=datetime.date(2008, 3, 1)
        )
    return project


@pytest.mark.django_db
def test_board_pack_counts_measures_by_their_light(plan):
    pack = board.build(plan["period"])
    assert pack.measure_count == 2
    assert sum(pack.light_counts.values()) == 2
    lights = [m.light for m in pack.measures]
    assert pack.light_counts["off_track"] == lights.count("off_track")
    html = _client().get("/plan/2007-2009/board/").content.decode()
    assert "Vastaus yhdellä silmäyksellä" in html
    assert f'href="/plan/measures/{plan["measure"].pk}/"' in _section(html, "measures")


@pytest.mark.django_db
def test_project_days_are_the_events_held_in_the_period_per_subregion(held):
    pack = board.build(held["period"])
    days = next(b for b in pack.blocks if b.code == "events.project_days").section
    by_region = {c.region: c for c in days.claims}
    # counted from the records: 2011 is outside the period
    assert by_region["132"].value == 2 and by_region["133"].value == 1
    assert by_region["131"].value == 0
    # a target of one a year for each year the network held any (2007, 2008)
    assert by_region["132"].target == 2 and by_region["132"].verdict == "good"
    assert by_region["133"].verdict == "bad"
    assert days.summary is not None and days.summary.value == 1  # only Joutsa met it
    assert by_region["132"].url == "/events/targets/"


@pytest.mark.django_db
def test_consultations_count_only_experts_of_other_organisations(consulted):
    pack = board.build(Period.objects.get(code="2007-2009"))
    section = next(b for b in pack.blocks if b.code == "projects.consultations").section
    assert section.summary is not None
    assert section.summary.value == 1 and section.summary.n == 1
    assert [c.label for c in section.bars] == ["KeSK"]
    html = _client().get("/plan/2007-2009/board/").content.decode()
    # organisations are named, people never
    assert "KeSK" in html and "Ulko Asiantuntija" not in html


@pytest.mark.django_db
def test_subregion_board_pack_shows_that_subregion_only(held, consulted):
    html = _client().get("/plan/2007-2009/board/?region=133").content.decode()
    days = _section(html, "s-events-project-days")
    assert "Keuruu" in days and "Joutsa" not in days
    # the Joutsa project's consultation is not Keuruu's
    assert 'id="s-projects-consultations"' not in html
    assert _client().get("/plan/2007-2009/board/?region=999").status_code == 404


@pytest.fixture
def requests_now(regions):
    """A period 2025–2027 and the demo's synthetic service requests of the last 120 days."""
    from optiimi.demo import services as demo_services
    from optiimi.demo.loader import load_organisations

    load_organisations()
    demo_services.load_catalogue()
    demo_services.load_requests(seed=7, days=120)
    return factories.phase("2025-2027", 2025, 2027)


def _kept_and_broken(cases) -> tuple[int, int]:
    """Promises kept and broken, by hand from the requests' own fields: broken when the first
    contact or the plan came late or an open request is past its due day; kept when the first
    contact (and the plan, if one was due) came in time and nothing is broken."""
    today = timezone.localdate()
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


@pytest.mark.django_db
def test_service_promise_section_is_the_requests_it_judges(requests_now):
    from optiimi.services.models import Case

    period = requests_now
    pack = board.build(period)
    section = next(b for b in pack.blocks if b.code == "services.promise").section
    in_period = Case.objects.filter(created_on__year__gte=2025, created_on__year__lte=2027)
    by_region = {c.region: c for c in section.claims}
    assert len(by_region) >= 3
    for code, claim in by_region.items():
        kept, broken = _kept_and_broken(in_period.filter(sub_region__code=code))
        assert claim.n == kept + broken
        assert claim.value == round(100 * kept / (kept + broken), 1)
        assert claim.unit == "%" and claim.n_unit == "requests"
        # the link opens the figures page on the same requests, which shows the same share
        assert claim.url == f"/services/promise/?year=2025&until=2027&sub_region={code}"
        page = Client().get(claim.url)
        assert page.context["totals"]["kept_share"] == claim.value
    kept, broken = _kept_and_broken(in_period)
    assert section.summary is not None
    assert (section.summary.value, section.summary.n) == (
        round(100 * kept / (kept + broken), 1),
        kept + broken,
    )
    assert [c.region for c in section.bars] == sorted(by_region)
    # no plan indicator yet: no targets
    assert all(c.target is None for c in section.claims)
    html = _client().get("/plan/2025-2027/board/").content.decode()
    block = _section(html, "s-services-promise")
    assert "Palvelulupauksen toteutuminen" in block and 'class="chart"' in block
    assert "Palvelulupauksen toteutuminen" in _section(html, "answer")


@pytest.mark.django_db
def test_plan_targets_are_marked_on_the_evidence_of_its_computed_indicator(requests_now):
    period = requests_now
    indicator = services.define_indicator(
        "promise_kept",
        actor=SETUP,
        name_fi="Pidetyt palvelulupaukset",
        unit="%",
        by_subregion=True,
        computed="services.promise_kept_share",
        source="Optiimi",
        public=True,
    )
    services.set_target(indicator, period, 80, actor=SETUP)
    services.set_target(indicator, period, 90, actor=SETUP, region=factories.subregion("132"))
    section = next(b for b in board.build(period).blocks if b.code == "services.promise").section
    targets = {c.region: c.target for c in section.claims}
    assert targets.pop("132") == 90
    assert targets and set(targets.values()) == {80}
    assert {c.region: c.target for c in section.bars}["132"] == 90
    # the whole network is not judged against a target "in every sub-region"
    assert section.summary is not None and section.summary.target is None
    # a sub-region's own board pack: its own target
    joutsa = board.build(period, factories.subregion("132"))
    mine = next(b for b in joutsa.blocks if b.code == "services.promise").section
    assert [(c.region, c.target) for c in mine.claims] == [("132", 90)]


@pytest.mark.django_db
def test_board_pack_is_in_the_readers_language(held):
    finnish = _client("fi").get("/plan/2007-2009/board/").content.decode()
    english = _client("en").get("/plan/2007-2009/board/").content.decode()
    assert "Järkee vai ei?" in finnish and "Toimenpiteet" in finnish
    assert "The answer at a glance" in english and "Project days held per sub-region" in english
    for finnish_word in ("Toimenpiteet", "Vastaus", "tapahtumaa", "Lähde", "Kausi"):
        assert finnish_word not in english, finnish_word
    # one thing, many things: Keuruu held one project day, Joutsa two
    assert '1 <span class="muted">event</span>' in english
    assert '2 <span class="muted">events</span>' in english
    assert '1 <span class="muted">tapahtuma</span>' in finnish
    assert '2 <span class="muted">tapahtumaa</span>' in finnish


@pytest.mark.django_db
def test_only_members_see_the_board_pack_of_a_period_not_public(plan, member_client):
    services.define_period(
        actor=SETUP,
        code="2010-2012",
        name_fi="Luonnos",
        kind="current",
        start_year=2010,
        end_year=2012,
    )
    assert _client().get("/plan/2010-2012/board/").status_code == 404
    assert _client().get("/plan/2010-2012/board.pdf").status_code == 404
    assert member_client.get("/plan/2010-2012/board/").status_code == 200


@pytest.mark.django_db
def test_a_measure_status_change_shows_in_the_board_pack(plan, coordinator):
    services.update_measure(plan["measure"], actor=coordinator, status=MeasureStatus.DONE)
    html = _client().get("/plan/2007-2009/board/").content.decode()
    row = _section(html, "measures").split(plan["measure"].title, 1)[1].split("</tr>", 1)[0]
    assert re.search(r"valmis", row)


@pytest.mark.django_db
def test_a_computed_indicator_with_a_target_for_the_period_is_in_the_board_pack(plan):
    services.define_indicator(
        "days_held",
        actor=SETUP,
        name_fi="Hankepäivät",
        unit="events",
        by_subregion=True,
        computed="events.project_days",
        source="Optiimi",
        public=True,
    )
    names = [line.indicator.code for line in board.build(plan["period"]).indicators]
    assert "days_held" not in names
    services.set_target(Indicator.objects.get(code="days_held"), plan["period"], 1, actor=SETUP)
    names = [line.indicator.code for line in board.build(plan["period"]).indicators]
    assert "days_held" in names and "active_members" in names
