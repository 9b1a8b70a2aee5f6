"""Fixtures named after the people and things of the domain.

The permission tests use three people throughout: `owner` (an editor of `organisation`),
`outsider` (an editor of `other_organisation`) and an anonymous visitor (`client`).
"""

from __future__ import annotations

import datetime
import os
import shutil
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from optiimi.core.search import store as search_store
from optiimi.core.writes import System
from optiimi.demo import facts
from optiimi.demo.loader import load_regions
from optiimi.events import services as events_services
from optiimi.network import services as network
from optiimi.network.models import Organisation, RoleKind
from optiimi.regions.models import Region
from optiimi.strategy import services as strategy
from optiimi.strategy.models import PeriodKind
from tests.replay import replayed

SETUP = System("test setup")

# Playwright driving Debian's Chromium: one browser per test process, shared by every app's
# browser tests (two sync Playwright instances cannot run in one thread).
CHROMIUM = os.environ.get("OPTIIMI_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


# The tests that take longest, started first so that pytest-xdist's workers finish together
# instead of one of them ending on a long test while the other idles: the site walk, then every
# test that drives the browser or runs a live server. The accessibility walk reads the pages the
# site walk found (`walk.found_pages`): it comes after the other browser tests, when the site walk
# has kept them, rather than waiting for it (still before the quick tests that balance the end).
FIRST = ("tests/browser/test_site_walk.py::",)
AFTER_THE_SITE_WALK = ("tests/browser/test_accessibility_walk.py::",)
SLOW_FIXTURES = {"browser", "page", "live_server"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def order(item: pytest.Item) -> int:
        if item.nodeid.startswith(FIRST):
            return 0
        if item.nodeid.startswith(AFTER_THE_SITE_WALK):
            return 2
        return 1 if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())) else 3

    items.sort(key=order)


@pytest.fixture(autouse=True)
def fresh_search_index():
    """The search index is per process; every test starts from its own database."""
    search_store.reset()
    yield
    search_store.reset()


@pytest.fixture(scope="session")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        if os.environ.get("OPTIIMI_REQUIRE_BROWSER"):
            pytest.fail(f"no Chromium at {CHROMIUM}, and CI requires the browser tests")
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright runs an event loop in this thread; the ORM calls of the test are still sync.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot():
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture
def shared_data() -> Path:
    """The real reference files beside the project; tests skip cleanly where they are absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"reference data not found at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture
def regions(db):
    """Central Finland's regions, sub-regions and municipalities with their borders."""
    replayed("regions", load_regions)


@pytest.fixture
def competences(db):
    replayed("competences", lambda: network.define_competences(facts.COMPETENCES, actor=SETUP))


@pytest.fixture
def organisation(regions) -> Organisation:
    return replayed("organisation", _organisation)


def _organisation() -> Organisation:
    return network.create_organisation(
        actor=SETUP,
        name="Joutsan seudun kehittämisyhtiö",
        short_name="JoSK",
        kind="development_company",
        business_id="0112038-9",
        home_municipality=Region.objects.get(level="kunta", code="172"),
        member_since=datetime.date(2004, 1, 1),
        sub_regions=[Region.objects.get(level="seutukunta", code="132")],
    )


@pytest.fixture
def other_organisation(regions) -> Organisation:
    return replayed("other_organisation", _other_organisation)


def _other_organisation() -> Organisation:
    return network.create_organisation(
        actor=SETUP,
        name="Keuruun seudun kehittämisyhtiö",
        short_name="KeSK",
        kind="development_company",
        home_municipality=Region.objects.get(level="kunta", code="249"),
        member_since=datetime.date(2004, 1, 1),
    )


def _user(django_user_model, username: str, kind: str, organisation: Organisation | None):
    def write():
        user = django_user_model.objects.create_user(username, f"{username}@example.com", "pw")
        network.set_role(user, kind, organisation, actor=SETUP)
        return user

    return replayed(f"user {username}", write)


@pytest.fixture
def owner(django_user_model, organisation):
    """An editor of `organisation`."""
    return _user(django_user_model, "owner", RoleKind.EDITOR, organisation)


@pytest.fixture
def outsider(django_user_model, other_organisation):
    """An editor of another organisation."""
    return _user(django_user_model, "outsider", RoleKind.EDITOR, other_organisation)


@pytest.fixture
def member(django_user_model, other_organisation):
    return _user(django_user_model, "member", RoleKind.MEMBER, other_organisation)


@pytest.fixture
def coordinator(django_user_model, regions):
    return _user(django_user_model, "coordinator", RoleKind.COORDINATOR, None)


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def owner_client(owner) -> Client:
    return _client_for(owner)


@pytest.fixture
def outsider_client(outsider) -> Client:
    return _client_for(outsider)


@pytest.fixture
def member_client(member) -> Client:
    return _client_for(member)


@pytest.fixture
def coordinator_client(coordinator) -> Client:
    return _client_for(coordinator)


@pytest.fixture
def plan(organisation, other_organisation):
    """A small plan: one public period with one measure `organisation` is responsible for."""
    return replayed("plan", lambda: _plan(organisation, other_organisation))


def _plan(organisation, other_organisation):
    period = strategy.define_period(
        actor=SETUP,
        code="2007-2009",
        name_fi="Vaihe II",
        name_en="Phase II",
        kind=PeriodKind.PHASE,
        start_year=2007,
        end_year=2009,
        public=True,
    )
    priority = strategy.define_priority(period, 1, actor=SETUP, title_fi="Seutujen kehittäminen")
    goal = strategy.define_goal(priority, 1, actor=SETUP, title_fi="Yhteistoimintatapa")
    measure = strategy.define_measure(
        goal,
        "1.1",
        actor=SETUP,
        title_fi="Seutustrategiatyö",
        responsible=[organisation],
        business=True,
    )
    other = strategy.define_measure(
        goal,
        "1.2",
        actor=SETUP,
        title_fi="Muu toimenpide",
        responsible=[other_organisation],
        employment=True,
    )
    indicator = strategy.define_indicator(
        "strategies",
        actor=SETUP,
        name_fi="Seutustrategiat",
        unit="sub-regions",
        baseline=2,
        baseline_year=2006,
        source="seuranta",
        measures=[measure],
        public=True,
    )
    strategy.set_target(indicator, period, 6, actor=SETUP)
    computed = strategy.define_indicator(
        "active_members",
        actor=SETUP,
        name_fi="Aktiiviset",
        unit="organisations",
        by_subregion=True,
        computed="network.active_members",
        source="Optiimi",
        goal=goal,
        public=True,
    )
    return {
        "period": period,
        "goal": goal,
        "measure": measure,
        "other": other,
        "indicator": indicator,
        "computed": computed,
    }


@pytest.fixture
def event(organisation):
    start = (timezone.now() + datetime.timedelta(days=14)).replace(second=0, microsecond=0)
    return events_services.create_event(
        actor=SETUP,
        hosts=[organisation],
        title="Seutuhankepäivä",
        category="project_day",
        sub_region=Region.objects.get(level="seutukunta", code="132"),
        venue="Joutsa",
        start=start,
        end=start + datetime.timedelta(hours=6),
        capacity=2,
    )
