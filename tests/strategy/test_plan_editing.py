"""The coordinator edits the plan in pages; everything saves through the strategy services."""

import pytest
from django.test import Client
from django.urls import reverse

from optiimi.core.writes import System
from optiimi.strategy import services
from optiimi.strategy.models import Goal, Indicator, Measure, Period, Priority, Target


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


PERIOD = {
    "code": "2025-2027",
    "name_fi": "Kausi 2025–2027",
    "name_en": "Period 2025–2027",
    "kind": "current",
    "start_year": 2025,
    "end_year": 2027,
    "public": "on",
}


@pytest.mark.django_db
def test_coordinator_creates_and_edits_a_period(coordinator, plan):
    client = _client(coordinator)
    assert client.get(reverse("strategy:period_create")).status_code == 200
    response = client.post(reverse("strategy:period_create"), PERIOD)
    assert response.status_code == 302
    period = Period.objects.get(code="2025-2027")
    assert period.name_fi == "Kausi 2025–2027" and period.public
    edited = client.post(
        reverse("strategy:period_edit", args=[period.code]),
        {**PERIOD, "code": "ignored", "name_fi": "Nykyinen kausi"},
    )
    assert edited.status_code == 302
    period.refresh_from_db()
    assert period.name_fi == "Nykyinen kausi" and period.code == "2025-2027"
    assert period.history.count() == 2
    assert period.history.first().history_user == coordinator


@pytest.mark.django_db
def test_a_bad_field_is_named_and_nothing_is_written(coordinator, plan):
    client = _client(coordinator)
    before = Period.objects.count()
    response = client.post(reverse("strategy:period_create"), {**PERIOD, "end_year": 2020})
    assert response.status_code == 422
    assert response.context["form"].errors.keys() == {"end_year"}
    assert Period.objects.count() == before


@pytest.mark.django_db
def test_a_taken_number_is_refused(coordinator, plan):
    client = _client(coordinator)
    period = plan["period"]
    response = client.post(
        reverse("strategy:priority_create", args=[period.code]), {"number": 1, "title_fi": "X"}
    )
    assert response.status_code == 422
    assert "number" in response.context["form"].errors
    assert Priority.objects.get(period=period, number=1).title_fi == "Seutujen kehittäminen"


@pytest.mark.django_db
def test_coordinator_builds_priority_goal_and_measure(coordinator, plan, organisation):
    client = _client(coordinator)
    period = plan["period"]
    response = client.post(
        reverse("strategy:priority_create", args=[period.code]),
        {"number": 2, "title_fi": "Osaaminen", "title_en": "Competence"},
    )
    assert response.status_code == 302
    priority = Priority.objects.get(period=period, number=2)
    assert (
        client.post(
            reverse("strategy:priority_edit", args=[priority.pk]),
            {"number": 2, "title_fi": "Osaaminen ja työvoima"},
        ).status_code
        == 302
    )
    priority.refresh_from_db()
    assert priority.title_fi == "Osaaminen ja työvoima"
    assert priority.history.first().history_user == coordinator

    assert (
        client.post(
            reverse("strategy:goal_create", args=[priority.pk]),
            {"number": 1, "title_fi": "Osaajat pysyvät"},
        ).status_code
        == 302
    )
    goal = Goal.objects.get(priority=priority, number=1)
    assert (
        client.post(
            reverse("strategy:goal_edit", args=[goal.pk]),
            {"number": 1, "title_fi": "Osaajat jäävät"},
        ).status_code
        == 302
    )
    goal.refresh_from_db()
    assert goal.title_fi == "Osaajat jäävät"

    subregion = organisation.sub_regions.get()
    data = {
        "number": "2.1",
        "title_fi": "Koulutuspäivät",
        "responsible": [organisation.pk],
        "sub_regions": [subregion.pk],
        "competence": "on",
        "status": "planned",
    }
    response = client.post(reverse("strategy:measure_create", args=[goal.pk]), data)
    assert response.status_code == 302
    measure = Measure.objects.get(goal=goal, number="2.1")
    assert list(measure.responsible.all()) == [organisation]
    assert list(measure.sub_regions.all()) == [subregion]
    assert measure.perspectives == ["competence"]
    response = client.post(
        reverse("strategy:measure_edit", args=[measure.pk]),
        {**data, "status": "ongoing", "sub_regions": [], "business": "on"},
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.status == "ongoing" and measure.perspectives == ["business", "competence"]
    assert not measure.sub_regions.exists()
    assert measure.history.first().history_user == coordinator
    page = client.get(measure.get_absolute_url()).content.decode()
    assert "coordinator" in page.split('class="card history"')[1]


@pytest.mark.django_db
def test_measure_without_responsible_organisation_is_refused(coordinator, plan):
    client = _client(coordinator)
    goal = plan["measure"].goal
    response = client.post(
        reverse("strategy:measure_create", args=[goal.pk]),
        {"number": "1.9", "title_fi": "Ilman vastuuta", "status": "planned"},
    )
    assert response.status_code == 422
    assert "responsible" in response.context["form"].errors
    assert not Measure.objects.filter(number="1.9").exists()


INDICATOR = {
    "code": "training_days",
    "name_fi": "Koulutuspäivät",
    "unit": "days",
    "direction": "higher",
    "baseline": "4",
    "baseline_year": "2024",
    "by_subregion": "on",
    "source": "seuranta",
    "public": "on",
}


@pytest.mark.django_db
def test_coordinator_creates_an_indicator_and_its_targets(coordinator, plan, organisation):
    client = _client(coordinator)
    measure = plan["measure"]
    response = client.post(
        reverse("strategy:indicator_create"), {**INDICATOR, "measures": [measure.pk]}
    )
    assert response.status_code == 302
    indicator = Indicator.objects.get(code="training_days")
    assert indicator.baseline == 4 and indicator.by_subregion and indicator.public
    assert list(indicator.measures.all()) == [measure]
    response = client.post(
        reverse("strategy:indicator_edit", args=[indicator.code]),
        {**INDICATOR, "baseline": "5", "measures": []},
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.baseline == 5 and not indicator.measures.exists()
    assert indicator.history.first().history_user == coordinator

    subregion = organisation.sub_regions.get()
    url = reverse("strategy:indicator_target", args=[indicator.code])
    period = plan["period"]
    data = {"period": period.code, "region": subregion.code, "value": "8"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, {"period": period.code, "value": "40"}).status_code == 302
    assert client.post(url, {**data, "value": "9"}).status_code == 302
    targets = {(t.region_id, t.value) for t in Target.objects.filter(indicator=indicator)}
    assert targets == {(subregion.pk, 9), (None, 40)}
    target = Target.objects.get(indicator=indicator, region=subregion)
    assert target.history.first().history_user == coordinator


@pytest.mark.django_db
def test_unknown_computed_indicator_is_named(coordinator, plan):
    client = _client(coordinator)
    response = client.post(
        reverse("strategy:indicator_create"), {**INDICATOR, "computed": "no.such"}
    )
    assert response.status_code == 422
    assert response.context["form"].errors.keys() == {"computed"}
    assert "no.such" in response.content.decode()
    assert not Indicator.objects.filter(code="training_days").exists()


@pytest.mark.django_db
def test_target_with_a_bad_value_writes_nothing(coordinator, plan):
    client = _client(coordinator)
    indicator = plan["indicator"]
    before = set(Target.objects.values_list("pk", "value"))
    response = client.post(
        reverse("strategy:indicator_target", args=[indicator.code]),
        {"period": plan["period"].code, "value": "paljon"},
    )
    assert response.status_code == 422
    assert response.context["form"].errors.keys() == {"value"}
    assert set(Target.objects.values_list("pk", "value")) == before


def _routes(plan):
    period, measure, indicator = plan["period"], plan["measure"], plan["indicator"]
    goal = measure.goal
    return [
        reverse("strategy:period_create"),
        reverse("strategy:period_edit", args=[period.code]),
        reverse("strategy:period_copy", args=[period.code]),
        reverse("strategy:priority_create", args=[period.code]),
        reverse("strategy:priority_edit", args=[goal.priority.pk]),
        reverse("strategy:goal_create", args=[goal.priority.pk]),
        reverse("strategy:goal_edit", args=[goal.pk]),
        reverse("strategy:measure_create", args=[goal.pk]),
        reverse("strategy:measure_edit", args=[measure.pk]),
        reverse("strategy:indicator_create"),
        reverse("strategy:indicator_edit", args=[indicator.code]),
        reverse("strategy:indicator_target", args=[indicator.code]),
    ]


@pytest.mark.django_db
def test_others_are_refused_and_nothing_is_written(plan, owner, outsider, member):
    history_count = sum(m.history.count() for m in (Period, Priority, Goal, Measure))
    for url in _routes(plan):
        for user in (owner, outsider, member):
            client = _client(user)
            assert client.get(url).status_code == 403, (url, user)
            assert client.post(url, {"number": 9, "title_fi": "X"}).status_code == 403
        anonymous = Client().post(url, {"number": 9})
        assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert sum(m.history.count() for m in (Period, Priority, Goal, Measure)) == history_count


@pytest.mark.django_db
def test_edit_links_only_for_the_coordinator(coordinator, owner_client, plan):
    period, measure = plan["period"], plan["measure"]
    edit_url = reverse("strategy:measure_edit", args=[measure.pk])
    for url in (period.get_absolute_url(), measure.get_absolute_url()):
        assert edit_url in _client(coordinator).get(url).content.decode()
        assert edit_url not in owner_client.get(url).content.decode()
        assert edit_url not in Client().get(url).content.decode()
    index = _client(coordinator).get(reverse("strategy:index")).content.decode()
    assert reverse("strategy:period_create") in index
    assert (
        reverse("strategy:period_create")
        not in owner_client.get(reverse("strategy:index")).content.decode()
    )


@pytest.mark.django_db
def test_forms_are_in_finnish(coordinator, plan):
    client = _client(coordinator)
    client.cookies["django_language"] = "fi"
    page = client.get(
        reverse("strategy:measure_create", args=[plan["measure"].goal.pk]),
        HTTP_ACCEPT_LANGUAGE="fi",
    ).content.decode()
    assert "Uusi toimenpide" in page
    assert "Tallenna" in page


def _empty_period():
    return services.define_period(
        actor=System("test setup"),
        code="2025-2027",
        name_fi="Kausi 2025–2027",
        kind="current",
        start_year=2025,
        end_year=2027,
    )


@pytest.mark.django_db
def test_coordinator_copies_a_plan_into_the_next_period(coordinator, plan, organisation):
    source, measure, indicator = plan["period"], plan["measure"], plan["indicator"]
    into = _empty_period()
    client = _client(coordinator)
    url = reverse("strategy:period_copy", args=[source.code])
    assert client.get(url).status_code == 200
    response = client.post(url, {"into": into.code})
    assert response.status_code == 302 and response["Location"] == into.get_absolute_url()

    copied = Measure.objects.get(goal__priority__period=into, number="1.1")
    assert copied.pk != measure.pk
    assert copied.title_fi == measure.title_fi and copied.perspectives == ["business"]
    assert list(copied.responsible.all()) == [organisation]
    assert copied.status == "planned" and not copied.notes.exists()
    assert {m.number for m in Measure.objects.filter(goal__priority__period=into)} == {
        "1.1",
        "1.2",
    }
    assert Priority.objects.get(period=into, number=1).title_fi == "Seutujen kehittäminen"
    # The indicator now serves both periods' measures; its values and targets are not copied.
    assert set(indicator.measures.all()) == {measure, copied}
    assert not Target.objects.filter(period=into).exists()
    assert copied.history.first().history_user == coordinator
    # The source is untouched.
    assert Measure.objects.filter(goal__priority__period=source).count() == 2


@pytest.mark.django_db
def test_copy_into_a_period_with_a_plan_is_refused(coordinator, plan):
    into = _empty_period()
    client = _client(coordinator)
    assert (
        client.post(
            reverse("strategy:period_copy", args=[plan["period"].code]), {"into": into.code}
        ).status_code
        == 302
    )
    before = Measure.objects.count()
    response = client.post(
        reverse("strategy:period_copy", args=[plan["period"].code]), {"into": into.code}
    )
    assert response.status_code == 422
    assert response.context["form"].errors.keys() == {"into"}
    assert Measure.objects.count() == before


@pytest.mark.django_db
def test_copy_link_only_for_the_coordinator(coordinator, owner_client, plan):
    period = plan["period"]
    url = reverse("strategy:period_copy", args=[period.code])
    assert url in _client(coordinator).get(period.get_absolute_url()).content.decode()
    assert url not in owner_client.get(period.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_copy_plan_service_refuses_its_own_period_and_a_planned_one(plan):
    period = plan["period"]
    with pytest.raises(ValueError, match="own period"):
        services.copy_plan(period, period, actor=System("test"))
    into = _empty_period()
    services.copy_plan(period, into, actor=System("test"))
    with pytest.raises(ValueError, match="has a plan already"):
        services.copy_plan(period, into, actor=System("test"))


@pytest.mark.django_db
def test_typed_in_values_keep_an_indicator_from_being_made_computed(coordinator, plan):
    indicator = plan["indicator"]
    services.set_value(indicator, 2008, 3, actor=System("test setup"), source="seuranta")
    client = _client(coordinator)
    response = client.post(
        reverse("strategy:indicator_edit", args=[indicator.code]),
        {
            **INDICATOR,
            "code": indicator.code,
            "unit": "sub-regions",
            "computed": "network.active_members",
            "measures": [plan["measure"].pk],
        },
    )
    assert response.status_code == 422
    assert response.context["form"].errors.keys() == {"computed"}
    assert "Mittarilla strategies on 1 kirjattua arvoa" in response.content.decode()
    indicator.refresh_from_db()
    assert indicator.computed == "" and indicator.unit == "sub-regions"
    assert indicator.values.count() == 1
