"""One light per measure: the weakest indicator drives it, and the page says which and why."""

import pytest
from django.urls import reverse

from optiimi.core.indicators import Value, register, unregister
from optiimi.core.writes import System
from optiimi.strategy import queries, services
from optiimi.strategy.models import PeriodKind
from tests import factories

SETUP = System("test setup")


@pytest.fixture
def measure(organisation):
    period = services.define_period(
        actor=SETUP,
        code="2007-2009",
        name_fi="Vaihe II",
        kind=PeriodKind.PHASE,
        start_year=2007,
        end_year=2009,
        public=True,
    )
    priority = services.define_priority(period, 1, actor=SETUP, title_fi="P")
    goal = services.define_goal(priority, 1, actor=SETUP, title_fi="G")
    return services.define_measure(
        goal, "2.1", actor=SETUP, title_fi="Suunnittelu", responsible=[organisation]
    )


def _indicator(code, measure, values, target, baseline=0, **data):
    indicator = factories.indicator_with_values(
        code, values, baseline=baseline, measures=[measure], **data
    )
    services.set_target(indicator, measure.goal.priority.period, target, actor=SETUP)
    return indicator


@pytest.mark.django_db
def test_without_indicators_the_measure_has_no_target_light(measure):
    verdict = queries.measure_light(measure)
    assert (verdict.light, verdict.driver, verdict.reason) == ("no_target", None, "no_indicator")


@pytest.mark.django_db
def test_one_indicator_gives_its_light(measure):
    _indicator("a", measure, {2009: 9}, 10)
    verdict = queries.measure_light(measure)
    assert verdict.light == "on_track"
    assert verdict.driver.indicator.code == "a"
    assert verdict.reason == "only"
    assert not verdict.disagree


@pytest.mark.django_db
def test_when_indicators_disagree_the_weakest_drives(measure):
    _indicator("computed_like", measure, {2009: 9}, 10)  # 90 %: on track
    _indicator("typed", measure, {2009: 5.2}, 10)  # 52 %: off track
    _indicator("no_target_one", measure, {2009: 1}, 10)
    services.define_indicator("no_target_one", actor=SETUP, measures=[])
    verdict = queries.measure_light(measure)
    assert verdict.light == "off_track"
    assert verdict.driver.indicator.code == "typed"
    assert verdict.reason == "weakest"
    assert verdict.disagree
    assert "typed" in verdict.explanation


@pytest.mark.django_db
def test_an_indicator_without_target_does_not_drive(measure):
    _indicator("a", measure, {2009: 9}, 10)
    factories.indicator_with_values("untargeted", {2009: 0}, measures=[measure])
    verdict = queries.measure_light(measure)
    assert verdict.light == "on_track"
    assert verdict.driver.indicator.code == "a"


@pytest.mark.django_db
def test_among_equally_weak_indicators_the_computed_one_drives(measure):
    register("test.flat", name_fi="t", name_en="t", unit="kpl")(lambda: [Value("2009", 1)])
    try:
        _indicator("a_typed", measure, {2009: 1}, 10)
        computed = services.define_indicator(
            "z_computed",
            actor=SETUP,
            name_fi="z",
            unit="kpl",
            baseline=0,
            computed="test.flat",
            measures=[measure],
        )
        services.set_target(computed, measure.goal.priority.period, 10, actor=SETUP)
        services.refresh_computed(["z_computed"], actor=SETUP)
        verdict = queries.measure_light(measure)
        assert verdict.light == "off_track"
        assert verdict.reason == "agree"
        assert verdict.driver.indicator.code == "z_computed"
    finally:
        unregister("test.flat")


@pytest.mark.django_db
def test_in_one_sub_region_a_breakdown_is_judged_there(measure):
    jkl, joutsa = factories.subregion("131"), factories.subregion("132")
    indicator = services.define_indicator(
        "days",
        actor=SETUP,
        name_fi="Päivät",
        unit="events",
        baseline=0,
        by_subregion=True,
        measures=[measure],
        source="s",
    )
    services.set_target(indicator, measure.goal.priority.period, 2, actor=SETUP)
    services.set_value(indicator, 2009, 2, actor=SETUP, source="s", region=jkl)
    services.set_value(indicator, 2009, 0, actor=SETUP, source="s", region=joutsa)
    assert queries.measure_light(measure).light == "off_track"  # the weakest sub-region
    assert queries.measure_light(measure, jkl).light == "on_track"
    assert queries.measure_light(measure, joutsa).light == "off_track"
    services.set_target(indicator, measure.goal.priority.period, 0, actor=SETUP, region=joutsa)
    assert queries.measure_light(measure, joutsa).light == "on_track"  # its own target


@pytest.mark.django_db
def test_plan_and_measure_pages_show_one_light_and_name_the_driver(client, measure):
    _indicator("computed_like", measure, {2009: 9}, 10, name_en="Consulted share")
    _indicator("typed", measure, {2009: 5.2}, 10, name_en="Typed share")
    client.cookies["django_language"] = "en"
    page = client.get(measure.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    head = page.split('id="light-reason"')[1].split("</p>")[0]
    assert "Typed share drives the light because it is the weakest" in head
    plan = client.get(
        reverse("strategy:plan", args=["2007-2009"]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    row = plan.split("2.1 Suunnittelu")[1].split("</tr>")[0]
    assert row.count('class="light ') == 1
    assert "drives the light" in row


@pytest.mark.django_db
def test_the_api_gives_the_light_its_driver_and_the_reason(client, measure):
    _indicator("computed_like", measure, {2009: 9}, 10)
    _indicator("typed", measure, {2009: 5.2}, 10)
    plan = client.get("/api/v1/plan/periods/2007-2009").json()
    row = plan["priorities"][0]["goals"][0]["measures"][0]
    assert (row["progress"], row["light_driver"], row["light_reason"]) == (
        "off_track",
        "typed",
        "weakest",
    )
