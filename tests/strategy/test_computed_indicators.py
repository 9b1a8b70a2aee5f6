"""Every computed figure is checked against the records it counts: records are built with the
factories, the indicators are computed, and each value is compared with its records."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from optiimi.core import indicators as registry
from optiimi.core.writes import System
from optiimi.events.models import Category
from optiimi.strategy import queries, services
from optiimi.strategy.models import IndicatorValue
from tests import factories

SETUP = System("test setup")
COUNTED = [
    "events.project_days",
    "events.adult_education_days",
    "events.regional_events",
    "projects.outside_experts",
    "strategy.full_strategies",
    "foresight.dashboard_views",
    "foresight.imports",
]


def _values(code):
    return {(v.region, int(v.period)): v.value for v in registry.get(code).compute()}


@pytest.fixture
def records(organisation, other_organisation):
    """Records of every kind in 2025 and 2026, with some that must not be counted."""
    future = timezone.now() + datetime.timedelta(days=30)
    for code, year in [("132", 2025), ("132", 2025), ("131", 2025), ("131", 2026)]:
        factories.held_event(Category.ADULT_EDUCATION_DAY, year, code)
    factories.held_event(Category.ADULT_EDUCATION_DAY, 2025, "133", public=False)
    factories.event(category=Category.ADULT_EDUCATION_DAY, sub_region=factories.subregion("132"))
    factories.event(category=Category.ADULT_EDUCATION_DAY, start=future.replace(microsecond=0))
    factories.held_event(Category.PROJECT_DAY, 2025, "132")
    factories.held_event(Category.REGIONAL, 2025)
    factories.held_event(Category.REGIONAL, 2025)
    factories.held_event(Category.REGIONAL, 2026)
    factories.event(category=Category.REGIONAL)  # ahead: not held
    factories.consultation(
        organisation, other_organisation, datetime.date(2025, 3, 1), ("132", "131"), "Kasvu"
    )
    factories.consultation(organisation, other_organisation, datetime.date(2026, 2, 1))
    factories.consultation(organisation, organisation, datetime.date(2025, 4, 1), name="Oma")
    full = {"business": "b", "employment": "e", "competence": "c"}
    services.define_strategy(
        factories.subregion("131"),
        actor=SETUP,
        title="JKL",
        adopted=datetime.date(2024, 5, 1),
        **full,
    )
    services.define_strategy(
        factories.subregion("133"),
        actor=SETUP,
        title="Keuruu",
        adopted=datetime.date(2026, 1, 1),
        **full,
    )
    services.define_strategy(
        factories.subregion("132"),
        actor=SETUP,
        title="Joutsa",
        business="b",
        competence="c",
        adopted=datetime.date(2024, 1, 1),
    )
    factories.dashboard_views("132", datetime.date(2025, 2, 1), 3)
    factories.dashboard_views("132", datetime.date(2025, 5, 1))
    factories.dashboard_views("131", datetime.date(2026, 1, 5), 2)
    tz = timezone.get_current_timezone()
    factories.import_run(datetime.datetime(2025, 6, 1, 12, tzinfo=tz))
    factories.import_run(datetime.datetime(2025, 12, 31, 23, 30, tzinfo=tz))  # 2025 in Helsinki
    factories.import_run(datetime.datetime(2026, 1, 2, 12, tzinfo=tz))


@pytest.mark.django_db
def test_each_computed_value_is_the_sum_of_the_records_it_counts(records):
    for code in COUNTED:
        definition = registry.get(code)
        values = definition.compute()
        assert values, code
        for value in values:
            counted = definition.records(int(value.period), value.region)
            assert value.value == sum(r.count for r in counted), (code, value)


@pytest.mark.django_db
def test_the_figures_are_what_the_records_say(records):
    aed = _values("events.adult_education_days")
    assert aed[("132", 2025)] == 2  # the one ahead and the one not yet started are not held
    assert aed[("131", 2025)] == 1 and aed[("131", 2026)] == 1
    assert aed[("133", 2025)] == 1  # invitation-only events are held too
    assert _values("events.regional_events") == {(None, 2025): 2, (None, 2026): 1}
    experts = _values("projects.outside_experts")
    assert experts[("132", 2025)] == 1  # not the lead's own expert
    assert experts[("131", 2025)] == 1  # a project aimed at two sub-regions counts in both
    assert experts[("132", 2026)] == 1 and experts[("131", 2026)] == 0
    strategies = _values("strategy.full_strategies")
    assert strategies[("131", 2024)] == 1 and strategies[("131", 2025)] == 1
    assert strategies[("133", 2025)] == 0 and strategies[("133", 2026)] == 1
    assert strategies[("132", 2025)] == 0  # two perspectives of three
    views = _values("foresight.dashboard_views")
    assert views[("132", 2025)] == 4 and views[("131", 2026)] == 2
    assert _values("foresight.imports") == {(None, 2025): 2, (None, 2026): 1}


@pytest.mark.django_db
def test_opening_a_dashboard_is_counted_without_who(client, regions):
    from optiimi.foresight.models import DashboardView

    client.get("/foresight/132/")
    client.get("/foresight/132/")
    row = DashboardView.objects.get()
    assert (row.region.code, row.date, row.count) == ("132", timezone.localdate(), 2)
    assert {f.name for f in DashboardView._meta.fields} == {"id", "region", "date", "count"}


@pytest.mark.django_db
def test_a_stored_value_links_to_the_records_it_counts(client, member_client, records):
    indicator = services.define_indicator(
        "aed",
        actor=SETUP,
        name_fi="Aikuiskoulutuspäivät",
        name_en="Adult-education days",
        unit="events",
        by_subregion=True,
        computed="events.adult_education_days",
        source="Optiimi",
        public=True,
    )
    services.refresh_computed(["aed"], actor=SETUP)
    page = client.get(indicator.get_absolute_url()).content.decode()
    url = reverse("strategy:indicator_records_region", args=["aed", 2025, "132"])
    assert f'href="{url}"' in page
    records = member_client.get(url).content.decode()
    assert records.count("adult_education_day 2025 132") == 2
    assert 'id="stored-value">2<' in records
    # The invitation-only event in Keuruu is listed to members, counted for everyone.
    keuruu = reverse("strategy:indicator_records_region", args=["aed", 2025, "133"])
    assert "adult_education_day 2025 133" in member_client.get(keuruu).content.decode()
    public = client.get(keuruu).content.decode()
    assert "adult_education_day 2025 133" not in public
    assert 'id="stored-value">1<' in public


@pytest.mark.django_db
def test_records_page_refuses_a_typed_in_indicator_and_a_wrong_breakdown(client, records):
    factories.indicator_with_values("typed", {2025: 3})
    assert (
        client.get(reverse("strategy:indicator_records", args=["typed", 2025])).status_code == 404
    )
    services.define_indicator(
        "regional",
        actor=SETUP,
        name_fi="Maakunnalliset",
        unit="events",
        computed="events.regional_events",
        public=True,
    )
    services.refresh_computed(["regional"], actor=SETUP)
    ok = client.get(reverse("strategy:indicator_records", args=["regional", 2025]))
    assert ok.status_code == 200
    wrong = reverse("strategy:indicator_records_region", args=["regional", 2025, "132"])
    assert client.get(wrong).status_code == 404
    stored = IndicatorValue.objects.get(indicator__code="regional", year=2025)
    assert queries.value_records(stored.indicator, 2025, None).agrees
