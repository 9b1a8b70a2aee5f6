"""The coordinator edits the plan through the API; everything saves through the strategy services
in the token user's name."""

import json

import pytest
from django.db import connection
from django.test import Client

from optiimi.accounts.models import ApiToken
from optiimi.strategy.models import Goal, Indicator, Measure, Period, Priority, Target


class Api:
    def __init__(self, user=None) -> None:
        self.client = Client()
        self.headers = {}
        if user is not None:
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {ApiToken.issue(user, 't')[1]}"

    def __call__(self, method: str, path: str, body: dict):
        return self.client.generic(
            method,
            f"/api/v1/plan/{path}",
            data=json.dumps(body),
            content_type="application/json",
            **self.headers,
        )


PERIOD = {
    "code": "2025-2027",
    "name_fi": "Kausi 2025–2027",
    "kind": "current",
    "start_year": 2025,
    "end_year": 2027,
    "public": True,
}


def _counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Period, Priority, Goal, Measure, Indicator, Target))


@pytest.mark.django_db
def test_coordinator_builds_a_plan_and_patches_one_field(coordinator, plan, organisation):
    api = Api(coordinator)
    r = api("POST", "periods", PERIOD)
    assert r.status_code == 201, r.content
    assert r.json()["code"] == "2025-2027"
    r = api("POST", "periods/2025-2027/priorities", {"number": 1, "title_fi": "Elinvoima"})
    assert r.status_code == 201, r.content
    priority = r.json()["id"]
    r = api("POST", f"priorities/{priority}/goals", {"number": 1, "title_fi": "Yritykset kasvavat"})
    assert r.status_code == 201, r.content
    goal = r.json()["id"]
    r = api(
        "POST",
        f"goals/{goal}/measures",
        {
            "number": "1.1",
            "title_fi": "Yritysneuvonta",
            "responsible": [organisation.pk],
            "sub_regions": ["132"],
            "business": True,
            "competence": True,
        },
    )
    assert r.status_code == 201, r.content
    assert r.json()["perspectives"] == ["business", "competence"]
    measure = Measure.objects.get(pk=r.json()["id"])
    assert list(measure.responsible.all()) == [organisation]
    assert [r.code for r in measure.sub_regions.all()] == ["132"]
    r = api(
        "POST",
        "indicators",
        {
            "code": "advised",
            "name_fi": "Neuvotut yritykset",
            "unit": "yritystä",
            "baseline": 40,
            "baseline_year": 2024,
            "source": "seurantalomake",
            "by_subregion": True,
            "measures": [measure.pk],
        },
    )
    assert r.status_code == 201, r.content
    assert r.json()["baseline"] == 40 and r.json()["by_subregion"] is True
    r = api(
        "POST", "indicators/advised/targets", {"period": "2025-2027", "value": 8, "region": "132"}
    )
    assert r.status_code == 201, r.content
    assert r.json()["region"] == "132" and r.json()["value"] == 8
    target = r.json()["id"]

    # A PATCH changes only the fields it is given.
    r = api("PATCH", "indicators/advised", {"unit": "kpl"})
    assert r.status_code == 200, r.content
    indicator = Indicator.objects.get(code="advised")
    assert (
        indicator.unit == "kpl"
        and indicator.baseline == 40
        and indicator.source == "seurantalomake"
    )
    assert list(indicator.measures.all()) == [measure]
    assert indicator.history.first().history_user == coordinator
    r = api("PATCH", f"measures/{measure.pk}", {"title_en": "Business advice"})
    assert r.status_code == 200, r.content
    measure.refresh_from_db()
    assert measure.title_en == "Business advice" and measure.title_fi == "Yritysneuvonta"
    assert list(measure.responsible.all()) == [organisation] and measure.sub_regions.count() == 1
    assert measure.history.first().history_user == coordinator
    r = api("PATCH", "periods/2025-2027", {"name_en": "Period 2025–2027"})
    assert r.status_code == 200, r.content
    period = Period.objects.get(code="2025-2027")
    assert period.name_en == "Period 2025–2027" and period.name_fi == "Kausi 2025–2027"
    assert period.history.first().history_user == coordinator
    r = api("PATCH", f"priorities/{priority}", {"title_en": "Vitality"})
    assert r.status_code == 200 and Priority.objects.get(pk=priority).title_fi == "Elinvoima"
    r = api("PATCH", f"goals/{goal}", {"title_en": "Firms grow"})
    assert r.status_code == 200 and Goal.objects.get(pk=goal).title_fi == "Yritykset kasvavat"
    r = api("PATCH", f"targets/{target}", {"value": 9})
    assert r.status_code == 200, r.content
    assert Target.objects.get(pk=target).value == 9
    assert Target.objects.get(pk=target).history.first().history_user == coordinator


@pytest.mark.django_db
def test_only_the_coordinator_edits_the_plan(owner, plan):
    before = _counts()
    editor = Api(owner)  # the editor of the organisation responsible for measure 1.1
    assert editor("POST", "periods", PERIOD).status_code == 403
    assert editor("PATCH", "periods/2007-2009", {"name_en": "X"}).status_code == 403
    assert (
        editor("POST", "indicators", {"code": "x", "name_fi": "X", "unit": "kpl"}).status_code
        == 403
    )
    # Their own measure's status is theirs; its definition is not.
    measure = plan["measure"]
    r = editor("PATCH", f"measures/{measure.pk}", {"title_fi": "Oma nimi", "status": "ongoing"})
    assert r.status_code == 403 and "detail" in r.json()
    measure.refresh_from_db()
    assert measure.title_fi == "Seutustrategiatyö" and measure.status == "planned"
    anonymous = Api()
    assert anonymous("POST", "periods", PERIOD).status_code == 401
    assert anonymous("PATCH", "periods/2007-2009", {"name_en": "X"}).status_code == 401
    assert _counts() == before
    assert Period.objects.get(code="2007-2009").name_en == "Phase II"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("periods", {**PERIOD, "end_year": 2020}, "end_year"),
        ("periods", {**PERIOD, "kind": "forever"}, "kind"),
        (
            "indicators",
            {"code": "x", "name_fi": "X", "unit": "kpl", "computed": "no.such"},
            "computed",
        ),
        ("indicators/strategies/targets", {"period": "1999-2001", "value": 1}, "period"),
        (
            "indicators/strategies/targets",
            {"period": "2007-2009", "value": 1, "region": "132"},
            "region",
        ),
    ],
)
def test_a_bad_field_is_named_and_nothing_is_written(coordinator, plan, path, body, field):
    before = _counts()
    r = Api(coordinator)("POST", path, body)
    assert r.status_code == 422, r.content
    assert field in json.dumps(r.json()["detail"])
    assert _counts() == before


@pytest.mark.django_db
def test_a_bad_measure_field_leaves_the_measure_as_it_was(coordinator, plan):
    measure = plan["measure"]
    r = Api(coordinator)(
        "PATCH", f"measures/{measure.pk}", {"title_fi": "Uusi", "sub_regions": ["999"]}
    )
    assert r.status_code == 422 and "sub_regions" in json.dumps(r.json()["detail"])
    r = Api(coordinator)("PATCH", f"measures/{measure.pk}", {"title_fi": None})
    assert r.status_code == 422 and "title_fi" in json.dumps(r.json()["detail"])
    measure.refresh_from_db()
    assert measure.title_fi == "Seutustrategiatyö"
    assert measure.history.count() == 2  # created, then its organisations


@pytest.mark.django_db
def test_a_taken_code_or_number_is_a_conflict(coordinator, plan, organisation):
    api = Api(coordinator)
    before = _counts()
    goal = plan["goal"]
    assert api("POST", "periods", {**PERIOD, "code": "2007-2009"}).status_code == 409
    assert (
        api("POST", "periods/2007-2009/priorities", {"number": 1, "title_fi": "X"}).status_code
        == 409
    )
    assert (
        api(
            "POST", f"priorities/{goal.priority.pk}/goals", {"number": 1, "title_fi": "X"}
        ).status_code
        == 409
    )
    r = api(
        "POST",
        f"goals/{goal.pk}/measures",
        {"number": "1.1", "title_fi": "X", "responsible": [organisation.pk]},
    )
    assert r.status_code == 409 and "1.1" in r.json()["detail"]
    assert (
        api("POST", "indicators", {"code": "strategies", "name_fi": "X", "unit": "kpl"}).status_code
        == 409
    )
    assert (
        api(
            "POST", "indicators/strategies/targets", {"period": "2007-2009", "value": 1}
        ).status_code
        == 409
    )
    assert _counts() == before
    assert Period.objects.get(code="2007-2009").name_fi == "Vaihe II"
    assert plan["indicator"].targets.get().value == 6


def _raced(table: str):
    """A database wrapper that plays another request creating the same row just before this
    one's insert into `table` (after this request has checked that the code is free): the same
    insert runs once more first, as the other request's would."""
    fired = []

    def wrapper(execute, sql, params, many, context):
        if not fired and sql.startswith(f'INSERT INTO "{table}"'):
            fired.append(sql)
            execute(sql, params, many, context)
        return execute(sql, params, many, context)

    return wrapper, fired


@pytest.mark.django_db
@pytest.mark.parametrize(
    "table,path,body",
    [
        ("strategy_period", "periods", PERIOD),
        ("strategy_priority", "periods/2007-2009/priorities", {"number": 7, "title_fi": "X"}),
        ("strategy_indicator", "indicators", {"code": "new_one", "name_fi": "X", "unit": "kpl"}),
        pytest.param(
            "strategy_target",
            "indicators/active_members/targets",
            {"period": "2007-2009", "value": 5},
            # the target's uniqueness (NULL sub-region included) is PostgreSQL's index; SQLite
            # has none for it and queues writers, so there the check inside the write decides
            marks=[
                pytest.mark.postgres,
                pytest.mark.skipif(
                    connection.vendor != "postgresql", reason="NULLS NOT DISTINCT needs PostgreSQL"
                ),
            ],
        ),
    ],
)
def test_two_creates_of_the_same_code_at_once_give_a_conflict(coordinator, plan, table, path, body):
    api = Api(coordinator)
    before = _counts()
    wrapper, fired = _raced(table)
    with connection.execute_wrapper(wrapper):
        r = api("POST", path, body)
    assert fired, "the insert was not reached"
    assert r.status_code == 409, r.content
    assert "exists already" in r.json()["detail"]
    assert _counts() == before


@pytest.mark.django_db
def test_a_typed_in_indicator_with_values_is_not_made_computed(coordinator, plan):
    from optiimi.core.writes import System
    from optiimi.strategy import services

    indicator = plan["indicator"]
    services.set_value(indicator, 2008, 3, actor=System("test setup"), source="seuranta")
    api = Api(coordinator)
    r = api("PATCH", "indicators/strategies", {"computed": "network.active_members"})
    assert r.status_code == 422, r.content
    detail = r.json()["detail"][0]
    assert detail["loc"][-1] == "computed" and "strategies on 1 kirjattua arvoa" in detail["msg"]
    indicator.refresh_from_db()
    assert indicator.computed == "" and indicator.values.count() == 1
    # without typed-in values it may be computed
    r = api("PATCH", "indicators/active_members", {"computed": "network.active_members"})
    assert r.status_code == 200
