import datetime
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from optiimi.accounts.auth import READ_AUTH, WRITE_AUTH
from optiimi.core import indicators as registry
from optiimi.core import writes
from optiimi.core.api import UNSET, Code, Id, Payload, RegionCode, Year, errors
from optiimi.core.apierrors import FieldError, saved
from optiimi.network.models import Organisation
from optiimi.regions.models import Region
from optiimi.strategy import permissions, queries, services
from optiimi.strategy.models import (
    Direction,
    Goal,
    Indicator,
    Measure,
    MeasureStatus,
    Period,
    PeriodKind,
    Priority,
    Target,
)

router = Router(tags=["strategy"])
T = TypeVar("T")


class IndicatorProgressOut(Schema):
    code: str
    name: str
    unit: str
    progress: str = Field(description="on_track, at_risk, off_track, no_data or no_target")
    actual: float | None
    actual_year: int | None
    target: float | None


class MeasureOut(Schema):
    id: int
    number: str
    title: str
    status: MeasureStatus
    responsible: list[str]
    perspectives: list[str]
    progress: str = Field(description="the measure's one light: its weakest indicator's")
    light_driver: str | None = Field(
        None, description="code of the indicator that drives the light"
    )
    light_reason: str = Field(
        "no_indicator", description="no_indicator, only, agree or weakest (indicators disagree)"
    )
    indicators: list[IndicatorProgressOut]


class GoalOut(Schema):
    number: int
    title: str
    progress: str
    measures: list[MeasureOut]


class PriorityOut(Schema):
    number: int
    title: str
    goals: list[GoalOut]


class PeriodOut(Schema):
    code: str
    name: str
    kind: str
    start_year: int
    end_year: int
    description: str


class PlanOut(PeriodOut):
    priorities: list[PriorityOut]


class MeasureIn(Payload):
    """A responsible organisation's editor changes the status and adds notes; the other fields
    (the measure's definition) are the coordinator's. Only the fields given change."""

    status: MeasureStatus | None = None
    note: str = ""
    date: datetime.date | None = None
    title_fi: str = Field(UNSET, min_length=1)
    title_en: str = Field(UNSET)
    responsible: list[Id] = Field(UNSET, min_length=1, description="organisation ids")
    sub_regions: list[RegionCode] = Field(UNSET, description="sub-region codes; none means all")
    business: bool = Field(UNSET)
    employment: bool = Field(UNSET)
    competence: bool = Field(UNSET)
    starts: datetime.date | None = None
    ends: datetime.date | None = None
    no_indicator_reason: str = Field(UNSET)


#: The fields of MeasureIn that define a measure (the coordinator's), not its progress.
_DEFINITION = set(MeasureIn.model_fields) - {"status", "note", "date"}


class PlanIndicatorOut(Schema):
    code: str
    name: str
    unit: str
    direction: str
    baseline: float | None
    baseline_year: int | None
    by_subregion: bool
    computed: str
    source: str
    synthetic: bool


class ValueOut(Schema):
    year: int
    region: str | None = Field(None, description="sub-region code when broken down")
    value: float
    source: str
    computed_at: datetime.datetime | None
    synthetic: bool


class ValueIn(Payload):
    year: Year
    value: float = Field(allow_inf_nan=False)
    source: str = Field(min_length=1, max_length=200)
    region: RegionCode | None = Field(None, description="sub-region code, e.g. 132")


def _light(verdict: queries.MeasureLight) -> dict[str, Any]:
    return {
        "progress": verdict.light,
        "light_driver": verdict.driver.indicator.code if verdict.driver else None,
        "light_reason": verdict.reason,
    }


def _progress(p: queries.IndicatorProgress) -> dict[str, Any]:
    i = p.indicator
    return {
        "code": i.code,
        "name": i.name,
        "unit": i.unit,
        "progress": p.progress.light,
        "actual": p.progress.actual,
        "actual_year": p.progress.actual_year,
        "target": p.progress.target,
    }


def _period_out(period: Any) -> dict[str, Any]:
    return {
        "code": period.code,
        "name": period.name,
        "kind": period.kind,
        "start_year": period.start_year,
        "end_year": period.end_year,
        "description": period.description,
    }


@router.get("/plan/periods", response=list[PeriodOut], auth=READ_AUTH, summary="Programme periods")
def list_periods(request: HttpRequest) -> list[dict[str, Any]]:
    return [_period_out(p) for p in permissions.visible_periods(request.user)]


@router.get(
    "/plan/periods/{code}",
    response={200: PlanOut, **errors(404, 422)},
    auth=READ_AUTH,
    summary="A period's action plan with progress",
)
def get_plan(request: HttpRequest, code: Code) -> dict[str, Any]:
    period = permissions.get_period_for_user(request.user, code)
    return {
        **_period_out(period),
        "priorities": [
            {
                "number": row.priority.number,
                "title": row.priority.title,
                "goals": [
                    {
                        "number": g.goal.number,
                        "title": g.goal.title,
                        "progress": g.light,
                        "measures": [
                            {
                                "id": m.measure.pk,
                                "number": m.measure.number,
                                "title": m.measure.title,
                                "status": m.measure.status,
                                "perspectives": m.measure.perspectives,
                                "responsible": [o.name for o in m.measure.responsible.all()],
                                **_light(m.verdict),
                                "indicators": [_progress(p) for p in m.indicators],
                            }
                            for m in g.measures
                        ],
                    }
                    for g in row.goals
                ],
            }
            for row in queries.plan_tree(period)
        ],
    }


@router.patch(
    "/plan/measures/{pk}",
    response={200: MeasureOut, **errors(400, 401, 403, 404, 422)},
    auth=WRITE_AUTH,
    summary="Change a measure's status or add a progress note (responsible editors)",
)
def update_measure(request: HttpRequest, pk: Id, payload: MeasureIn) -> dict[str, Any]:
    measure = permissions.get_measure_for_update(request.user, pk)
    definition = {k: v for k, v in payload.dict(exclude_unset=True).items() if k in _DEFINITION}
    if definition:
        permissions.check_can_edit_plan(request.user)
        values = _measure_values(definition, measure.starts, measure.ends)
    with writes.acting(request.user):
        if definition:
            saved(
                lambda: services.define_measure(
                    measure.goal, measure.number, actor=request.user, **values
                )
            )
        services.update_measure(
            measure, actor=request.user, status=payload.status, note=payload.note, date=payload.date
        )
    return _measure_out(measure)


def _measure_out(measure: Measure) -> dict[str, Any]:
    period = measure.goal.priority.period
    measure.refresh_from_db()
    progress = [
        queries.indicator_progress(i, period)
        for i in measure.indicators.prefetch_related("values", "targets")
    ]
    return {
        "id": measure.pk,
        "number": measure.number,
        "title": measure.title,
        "status": measure.status,
        "perspectives": measure.perspectives,
        "responsible": [o.name for o in measure.responsible.all()],
        **_light(queries.measure_light(measure, progress=progress)),
        "indicators": [_progress(p) for p in progress],
    }


@router.get(
    "/plan/indicators", response=list[PlanIndicatorOut], auth=READ_AUTH, summary="Indicators"
)
def list_indicators(request: HttpRequest) -> list[Indicator]:
    return list(permissions.visible_indicators(request.user))


@router.get(
    "/plan/indicators/{code}/values",
    response={200: list[ValueOut], **errors(404, 422)},
    auth=READ_AUTH,
    summary="An indicator's values",
)
def list_values(request: HttpRequest, code: Code) -> list[dict[str, Any]]:
    indicator = permissions.get_indicator_for_user(request.user, code)
    return [
        {
            "year": v.year,
            "region": v.region.code if v.region else None,
            "value": v.value,
            "source": v.source,
            "computed_at": v.computed_at,
            "synthetic": v.synthetic,
        }
        for v in indicator.values.select_related("region").order_by("year", "region__code")
    ]


@router.post(
    "/plan/indicators/{code}/values",
    response={201: ValueOut, **errors(400, 401, 403, 404, 422)},
    auth=WRITE_AUTH,
    summary="Enter or correct a value (coordinator, responsible editors)",
)
def create_value(request: HttpRequest, code: Code, payload: ValueIn) -> Status[dict[str, Any]]:
    indicator = permissions.get_indicator_for_values(request.user, code)
    region = None
    if payload.region:
        region = Region.objects.subregions().filter(code=payload.region).first()
        if region is None:
            raise FieldError("region", f"no sub-region with code {payload.region!r}")
    try:
        value = services.set_value(
            indicator,
            payload.year,
            payload.value,
            actor=request.user,
            source=payload.source,
            region=region,
        )
    except ValueError as exc:
        raise FieldError("region", str(exc)) from None
    return Status(
        201,
        {
            "year": value.year,
            "region": payload.region,
            "value": value.value,
            "source": value.source,
            "computed_at": None,
            "synthetic": value.synthetic,
        },
    )


# Editing the plan (the coordinator) ------------------------------------------------------------
#
# A POST creates and answers 409 when the code or number is taken; a PATCH changes only the
# fields it is given. Everything saves through the strategy services, in the token user's name.


class PeriodIn(Payload):
    code: str = Field(min_length=1, max_length=20, pattern=r"^[-a-zA-Z0-9_]+$")
    name_fi: str = Field(min_length=1, max_length=200)
    name_en: str = Field("", max_length=200)
    kind: PeriodKind
    start_year: Year
    end_year: Year
    description_fi: str = ""
    description_en: str = ""
    public: bool = False


class PeriodPatch(PeriodIn):
    """Only the fields given change; the code stays."""

    code: str = Field(UNSET, min_length=1, max_length=20, pattern=r"^[-a-zA-Z0-9_]+$")
    name_fi: str = Field(UNSET, min_length=1, max_length=200)
    kind: PeriodKind = Field(UNSET)
    start_year: Year = Field(UNSET)
    end_year: Year = Field(UNSET)


class PriorityIn(Payload):
    number: int = Field(ge=1, le=32767)
    title_fi: str = Field(min_length=1, max_length=300)
    title_en: str = Field("", max_length=300)


class PriorityPatch(PriorityIn):
    """Only the fields given change; the number stays."""

    number: int = Field(UNSET, ge=1, le=32767)
    title_fi: str = Field(UNSET, min_length=1, max_length=300)


class PriorityEditOut(Schema):
    id: int
    period: str
    number: int
    title_fi: str
    title_en: str

    @staticmethod
    def resolve_period(obj: Priority) -> str:
        return obj.period.code


class GoalIn(Payload):
    number: int = Field(ge=1, le=32767)
    title_fi: str = Field(min_length=1)
    title_en: str = ""


class GoalPatch(GoalIn):
    """Only the fields given change; the number stays."""

    number: int = Field(UNSET, ge=1, le=32767)
    title_fi: str = Field(UNSET, min_length=1)


class GoalEditOut(Schema):
    id: int
    priority_id: int
    number: int
    title_fi: str
    title_en: str


class MeasureCreateIn(Payload):
    number: str = Field(min_length=1, max_length=10, pattern=r"^[^\x00]+$", description="e.g. 2.6")
    title_fi: str = Field(min_length=1)
    title_en: str = ""
    responsible: list[Id] = Field(min_length=1, description="organisation ids")
    sub_regions: list[RegionCode] = Field(
        default_factory=list, description="sub-region codes; none means every sub-region"
    )
    business: bool = False
    employment: bool = False
    competence: bool = False
    starts: datetime.date | None = None
    ends: datetime.date | None = None
    status: MeasureStatus = MeasureStatus.PLANNED
    no_indicator_reason: str = ""


class IndicatorIn(Payload):
    code: str = Field(min_length=1, max_length=80, pattern=r"^[-a-zA-Z0-9_]+$")
    name_fi: str = Field(min_length=1, max_length=300)
    name_en: str = Field("", max_length=300)
    unit: str = Field(min_length=1, max_length=40)
    direction: Direction = Direction.HIGHER
    baseline: float | None = Field(None, allow_inf_nan=False)
    baseline_year: Year | None = None
    by_subregion: bool = False
    computed: str = Field("", max_length=80, description="code of a computed indicator")
    source: str = Field("", max_length=200)
    measures: list[Id] = Field(default_factory=list, description="measure ids")
    goal: Id | None = Field(None, description="goal id")
    public: bool = False


class IndicatorPatch(IndicatorIn):
    """Only the fields given change; the code stays."""

    code: str = Field(UNSET, min_length=1, max_length=80, pattern=r"^[-a-zA-Z0-9_]+$")
    name_fi: str = Field(UNSET, min_length=1, max_length=300)
    unit: str = Field(UNSET, min_length=1, max_length=40)
    direction: Direction = Field(UNSET)
    by_subregion: bool = Field(UNSET)
    measures: list[Id] = Field(UNSET, description="measure ids")


class TargetIn(Payload):
    period: Code = Field(description="period code")
    value: float = Field(allow_inf_nan=False)
    region: RegionCode | None = Field(None, description="sub-region code; none for the total")


class TargetPatch(Payload):
    value: float = Field(allow_inf_nan=False)


class TargetOut(Schema):
    id: int
    indicator: str
    period: str
    region: str | None
    value: float

    @staticmethod
    def resolve_indicator(obj: Target) -> str:
        return obj.indicator.code

    @staticmethod
    def resolve_period(obj: Target) -> str:
        return obj.period.code

    @staticmethod
    def resolve_region(obj: Target) -> str | None:
        return obj.region.code if obj.region else None


def _taken(what: str) -> NoReturn:
    raise HttpError(409, f"{what} exists already; change it with PATCH")


def _created(call: Callable[[], T], what: str) -> T:
    """Run a service's create (`new=True`): when another request created the same row between
    the check above and the insert, the answer is the same 409 as when it was there before."""
    try:
        return saved(call)
    except writes.Taken:
        _taken(what)


def _subregion(code: str, field: str) -> Region:
    region = Region.objects.subregions().filter(code=code).first()
    if region is None:
        raise FieldError(field, f"no sub-region with code {code!r}")
    return region


def _years(data: dict[str, Any], start: int | None, end: int | None) -> None:
    start, end = data.get("start_year", start), data.get("end_year", end)
    if start is not None and end is not None and end < start:
        raise FieldError("end_year", f"the last year {end} is before the first year {start}")


def _measure_values(
    data: dict[str, Any], starts: datetime.date | None, ends: datetime.date | None
) -> dict[str, Any]:
    """A measure's fields for define_measure: organisations and sub-regions looked up."""
    values = dict(data)
    if "responsible" in values:
        ids = values["responsible"]
        found = {o.pk: o for o in Organisation.objects.filter(pk__in=ids)}
        missing = [str(i) for i in ids if i not in found]
        if missing:
            raise FieldError("responsible", f"no organisation with id {', '.join(missing)}")
        values["responsible"] = list(found.values())
    else:
        values["responsible"] = None
    if "sub_regions" in values:
        values["sub_regions"] = [_subregion(c, "sub_regions") for c in values["sub_regions"]]
    else:
        values["sub_regions"] = None
    starts, ends = values.get("starts", starts), values.get("ends", ends)
    if starts and ends and ends < starts:
        raise FieldError("ends", f"the measure ends ({ends}) before it starts ({starts})")
    return values


def _indicator_values(data: dict[str, Any]) -> dict[str, Any]:
    values = dict(data)
    if values.get("computed"):
        try:
            registry.get(values["computed"])
        except registry.UnknownIndicator:
            raise FieldError("computed", f"no computed indicator {values['computed']!r}") from None
    if "measures" in values:
        ids = values["measures"]
        found = {m.pk: m for m in Measure.objects.filter(pk__in=ids)}
        missing = [str(i) for i in ids if i not in found]
        if missing:
            raise FieldError("measures", f"no measure with id {', '.join(missing)}")
        values["measures"] = list(found.values())
    else:
        values["measures"] = None
    if values.get("goal") is not None:
        goal = Goal.objects.filter(pk=values["goal"]).first()
        if goal is None:
            raise FieldError("goal", f"no goal with id {values['goal']}")
        values["goal"] = goal
    return values


@router.post(
    "/plan/periods",
    response={201: PeriodOut, **errors(400, 401, 403, 409, 422)},
    auth=WRITE_AUTH,
    summary="Add a period (coordinator)",
)
def create_period(request: HttpRequest, payload: PeriodIn) -> Status[dict[str, Any]]:
    permissions.check_can_edit_plan(request.user)
    data = payload.dict()
    _years(data, None, None)
    taken = f"a period with the code {data['code']!r}"
    if Period.objects.filter(code=data["code"]).exists():
        _taken(taken)
    period = _created(lambda: services.define_period(actor=request.user, new=True, **data), taken)
    return Status(201, _period_out(period))


@router.patch(
    "/plan/periods/{code}",
    response={200: PeriodOut, **errors(400, 401, 403, 404, 422)},
    auth=WRITE_AUTH,
    summary="Change a period (coordinator)",
)
def update_period(request: HttpRequest, code: Code, payload: PeriodPatch) -> dict[str, Any]:
    period = permissions.get_for_plan_edit(request.user, Period, code=code)
    data = payload.dict(exclude_unset=True)
    data.pop("code", None)
    _years(data, period.start_year, period.end_year)
    period = saved(lambda: services.define_period(actor=request.user, code=code, **data))
    return _period_out(period)


@router.post(
    "/plan/periods/{code}/priorities",
    response={201: PriorityEditOut, **errors(400, 401, 403, 404, 409, 422)},
    auth=WRITE_AUTH,
    summary="Add a priority to a period (coordinator)",
)
def create_priority(request: HttpRequest, code: Code, payload: PriorityIn) -> Status[Priority]:
    period = permissions.get_for_plan_edit(request.user, Period, code=code)
    data = payload.dict()
    number = data.pop("number")
    taken = f"priority {number} of {period.code}"
    if period.priorities.filter(number=number).exists():
        _taken(taken)
    priority = _created(
        lambda: services.define_priority(period, number, actor=request.user, new=True, **data),
        taken,
    )
    return Status(201, priority)


@router.patch(
    "/plan/priorities/{pk}",
    response={200: PriorityEditOut, **errors(400, 401, 403, 404, 422)},
    auth=WRITE_AUTH,
    summary="Change a priority (coordinator)",
)
def update_priority(request: HttpRequest, pk: Id, payload: PriorityPatch) -> Priority:
    priority = permissions.get_for_plan_edit(request.user, Priority, pk=pk)
    data = payload.dict(exclude_unset=True)
    data.pop("number", None)
    return saved(
        lambda: services.define_priority(
            priority.period, priority.number, actor=request.user, **data
        )
    )


@router.post(
    "/plan/priorities/{pk}/goals",
    response={201: GoalEditOut, **errors(400, 401, 403, 404, 409, 422)},
    auth=WRITE_AUTH,
    summary="Add a goal to a priority (coordinator)",
)
def create_goal(request: HttpRequest, pk: Id, payload: GoalIn) -> Status[Goal]:
    priority = permissions.get_for_plan_edit(request.user, Priority, pk=pk)
    data = payload.dict()
    number = data.pop("number")
    taken = f"goal {number} of this priority"
    if priority.goals.filter(number=number).exists():
        _taken(taken)
    goal = _created(
        lambda: services.define_goal(priority, number, actor=request.user, new=True, **data),
        taken,
    )
    return Status(201, goal)


@router.patch(
    "/plan/goals/{pk}",
    response={200: GoalEditOut, **errors(400, 401, 403, 404, 422)},
    auth=WRITE_AUTH,
    summary="Change a goal (coordinator)",
)
def update_goal(request: HttpRequest, pk: Id, payload: GoalPatch) -> Goal:
    goal = permissions.get_for_plan_edit(request.user, Goal, pk=pk)
    data = payload.dict(exclude_unset=True)
    data.pop("number", None)
    return saved(
        lambda: services.define_goal(goal.priority, goal.number, actor=request.user, **data)
    )


@router.post(
    "/plan/goals/{pk}/measures",
    response={201: MeasureOut, **errors(400, 401, 403, 404, 409, 422)},
    auth=WRITE_AUTH,
    summary="Add a measure to a goal (coordinator)",
)
def create_measure(request: HttpRequest, pk: Id, payload: MeasureCreateIn) -> Status[Any]:
    goal = permissions.get_for_plan_edit(request.user, Goal, pk=pk)
    data = payload.dict()
    number = data.pop("number")
    taken = f"measure {number} of this goal"
    if goal.measures.filter(number=number).exists():
        _taken(taken)
    values = _measure_values(data, None, None)
    measure = _created(
        lambda: services.define_measure(goal, number, actor=request.user, new=True, **values),
        taken,
    )
    return Status(201, _measure_out(measure))


@router.post(
    "/plan/indicators",
    response={201: PlanIndicatorOut, **errors(400, 401, 403, 409, 422)},
    auth=WRITE_AUTH,
    summary="Add an indicator (coordinator)",
)
def create_indicator(request: HttpRequest, payload: IndicatorIn) -> Status[Indicator]:
    permissions.check_can_edit_plan(request.user)
    data = payload.dict()
    code = data.pop("code")
    taken = f"an indicator with the code {code!r}"
    if Indicator.objects.filter(code=code).exists():
        _taken(taken)
    values = _indicator_values(data)
    indicator = _created(
        lambda: services.define_indicator(code, actor=request.user, new=True, **values), taken
    )
    return Status(201, indicator)


@router.patch(
    "/plan/indicators/{code}",
    response={200: PlanIndicatorOut, **errors(400, 401, 403, 404, 422)},
    auth=WRITE_AUTH,
    summary="Change an indicator: baseline, unit, source, sub-region breakdown… (coordinator)",
)
def update_indicator(request: HttpRequest, code: Code, payload: IndicatorPatch) -> Indicator:
    permissions.get_for_plan_edit(request.user, Indicator, code=code)
    data = payload.dict(exclude_unset=True)
    data.pop("code", None)
    values = _indicator_values(data)
    return saved(lambda: services.define_indicator(code, actor=request.user, **values))


@router.post(
    "/plan/indicators/{code}/targets",
    response={201: TargetOut, **errors(400, 401, 403, 404, 409, 422)},
    auth=WRITE_AUTH,
    summary="Set an indicator's target for a period, in total or for a sub-region (coordinator)",
)
def create_target(request: HttpRequest, code: Code, payload: TargetIn) -> Status[Target]:
    indicator = permissions.get_for_plan_edit(request.user, Indicator, code=code)
    period = Period.objects.filter(code=payload.period).first()
    if period is None:
        raise FieldError("period", f"no period with the code {payload.period!r}")
    region = _subregion(payload.region, "region") if payload.region else None
    if region is not None and not indicator.by_subregion:
        raise FieldError("region", f"{code!r} is not broken down by sub-region")
    taken = f"the target of {code!r} for {period.code}"
    if Target.objects.filter(indicator=indicator, period=period, region=region).exists():
        _taken(taken)
    target = _created(
        lambda: services.set_target(
            indicator, period, payload.value, actor=request.user, region=region, new=True
        ),
        taken,
    )
    return Status(201, target)


@router.patch(
    "/plan/targets/{pk}",
    response={200: TargetOut, **errors(400, 401, 403, 404, 422)},
    auth=WRITE_AUTH,
    summary="Change a target's value (coordinator)",
)
def update_target(request: HttpRequest, pk: Id, payload: TargetPatch) -> Target:
    target = permissions.get_for_plan_edit(request.user, Target, pk=pk)
    return saved(
        lambda: services.set_target(
            target.indicator, target.period, payload.value, actor=request.user, region=target.region
        )
    )
