"""The foresight API: the indicator catalogue and observations (public, read-only)."""

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from optiimi.accounts.auth import READ_AUTH
from optiimi.core.api import Code, Text, errors
from optiimi.core.apierrors import FieldError
from optiimi.foresight import queries
from optiimi.foresight.models import Indicator

router = Router(tags=["foresight"])


class StatisticsIndicatorOut(Schema):
    code: str
    name_fi: str
    name_en: str
    unit: str
    source: str
    frequency: str
    dimensions: list[dict]
    table_id: str
    source_url: str
    source_updated: str
    synthetic: bool


class ObservationOut(Schema):
    indicator: str
    area: str
    period: str
    industry: str
    key: str
    value: float | None
    status: str


@router.get("/indicators", response=list[StatisticsIndicatorOut], auth=READ_AUTH)
def list_indicators(request: HttpRequest):
    return list(Indicator.objects.all())


@router.get(
    "/observations", response={200: list[ObservationOut], **errors(404, 422)}, auth=READ_AUTH
)
def list_observations(
    request: HttpRequest,
    indicator: Code,
    region: Text | None = None,
    period: Text | None = None,
    key: Text | None = None,
    industry: Text | None = None,
):
    if not Indicator.objects.filter(code=indicator).exists():
        raise HttpError(404, f"No indicator {indicator!r}.")
    try:
        rows = queries.observations(indicator, region, period, key, industry)
    except queries.AmbiguousRegion as exc:
        error = FieldError("region", str(exc))
        raise error from None
    return [
        ObservationOut(
            indicator=indicator,
            area=o.area,
            period=o.period,
            industry=o.industry,
            key=o.key,
            value=o.value,
            status=o.status,
        )
        for o in rows[:50_000]
    ]
