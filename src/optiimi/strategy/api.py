import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from optiimi.accounts.auth import READ_AUTH, WRITE_AUTH
from optiimi.core.api import Code, Id, Payload, RegionCode, Year, errors
from optiimi.core.apierrors import FieldError
from optiimi.regions.models import Region
from optiimi.strategy import analytics, permissions, queries, services
from optiimi.strategy.models import Indicator, MeasureStatus

router = Router(tags=["strategy"])


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
    progress: str
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
    status: MeasureStatus | None = None
    note: str = ""
    date: datetime.date | None = None


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
                                "progress": m.light,
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
    services.update_measure(
        measure, actor=request.user, status=payload.status, note=payload.note, date=payload.date
    )
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
        "progress": analytics.worst([p.progress.light for p in progress]),
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
