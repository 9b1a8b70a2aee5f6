"""The foresight API: the indicator catalogue and observations (public, read-only), and the
outlook barometer's rounds, answers and published results."""

import datetime
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from optiimi.accounts.auth import READ_AUTH, WRITE_AUTH
from optiimi.core.api import Code, Id, Payload, RegionCode, Text, errors
from optiimi.core.apierrors import FieldError, saved
from optiimi.foresight import barometer, permissions, queries, services
from optiimi.foresight.models import BarometerRound, BarometerTheme, Horizon, Indicator
from optiimi.regions.models import Region

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


# The outlook barometer ------------------------------------------------------------------------

HorizonCode = Literal["now", "6m", "12m"]


class ScaleOut(Schema):
    score: int
    fi: str
    en: str


class ThemeOut(Schema):
    code: str
    name_fi: str
    name_en: str
    occupation: str = Field(
        "",
        description="an occupation outlook question's occupation code (Ammattiluokitus 2010); "
        "empty for other themes",
    )
    scale: list[ScaleOut]


class ResponseOut(Schema):
    invited: int
    answered: int
    rate: int | None


class RoundOut(Schema):
    id: int
    name: str
    opens: datetime.date
    closes: datetime.date | None
    state: Literal["not_open", "open", "closed"]
    themes: list[ThemeOut]
    horizons: list[str]
    response: ResponseOut | None = Field(None, description="for the barometer's managers only")


class BarometerAnswerIn(Schema):
    theme: Code
    horizon: HorizonCode
    score: Annotated[int, Field(ge=-2, le=2)] | None = Field(
        None, description="−2…2, or null for “cannot say”"
    )


class AnswersIn(Payload):
    sub_region: RegionCode
    answers: list[BarometerAnswerIn] = Field(..., min_length=1, max_length=200)


class AnswersOut(Schema):
    round: int
    sub_region: str
    answered: int


class ResultOut(Schema):
    sub_region: str
    theme: str
    horizon: str
    answers: int
    mean: float | None
    diffusion: int | None


def _state(round: BarometerRound) -> str:
    if round.is_closed:
        return "closed"
    return "open" if round.is_open else "not_open"


def _theme_out(theme: BarometerTheme) -> dict[str, Any]:
    fi, en = theme.scale("fi"), theme.scale("en")
    return {
        "code": theme.code,
        "name_fi": theme.name_fi,
        "name_en": theme.name_en,
        "occupation": theme.occupation,
        "scale": [{"score": a, "fi": b, "en": d} for (a, b), (_c, d) in zip(fi, en, strict=True)],
    }


def _round_out(request: HttpRequest, round: BarometerRound) -> dict[str, Any]:
    managed = permissions.can_manage_barometer(request.user)
    response = services.response(round) if managed else None
    return {
        "id": round.pk,
        "name": round.name,
        "opens": round.opens,
        "closes": round.closes,
        "state": _state(round),
        "themes": [_theme_out(t) for t in round.themes.all()],
        "horizons": list(Horizon.values),
        "response": {k: response[k] for k in ("invited", "answered", "rate")} if response else None,
    }


@router.get(
    "/barometer/rounds", response=list[RoundOut], auth=READ_AUTH, summary="Barometer rounds"
)
def list_rounds(request: HttpRequest) -> list[dict[str, Any]]:
    rounds = BarometerRound.objects.prefetch_related("themes")
    return [_round_out(request, r) for r in rounds]


@router.get(
    "/barometer/rounds/{pk}",
    response={200: RoundOut, **errors(404, 422)},
    auth=READ_AUTH,
    summary="A barometer round: its days, themes with their worded scales, horizons",
)
def get_round(request: HttpRequest, pk: Id) -> dict[str, Any]:
    return _round_out(request, get_object_or_404(BarometerRound, pk=pk))


@router.post(
    "/barometer/rounds/{pk}/answers",
    response={200: AnswersOut, **errors(400, 401, 403, 404, 422)},
    auth=WRITE_AUTH,
    summary="Answer an open round for one sub-region (members); replaces earlier answers given",
)
def answer_round(request: HttpRequest, pk: Id, payload: AnswersIn) -> dict[str, Any]:
    round = get_object_or_404(BarometerRound, pk=pk)
    sub = Region.objects.subregions().filter(code=payload.sub_region).first()
    if sub is None:
        raise FieldError("sub_region", f"No sub-region {payload.sub_region!r}.")
    themes = {t.code: t.pk for t in round.themes.all()}
    scores: dict[tuple[int, str], int | None] = {}
    for answer in payload.answers:
        if answer.theme not in themes:
            raise FieldError("answers", f"No theme {answer.theme!r} in this round.")
        scores[(themes[answer.theme], answer.horizon)] = answer.score
    count = saved(
        lambda: services.answer_round(actor=request.user, round=round, subregion=sub, scores=scores)
    )
    return {"round": round.pk, "sub_region": sub.code, "answered": count}


@router.get(
    "/barometer/rounds/{pk}/results",
    response={200: list[ResultOut], **errors(404, 422)},
    auth=READ_AUTH,
    summary="A closed round's results per sub-region, theme and horizon (small cells hidden)",
)
def round_results(request: HttpRequest, pk: Id) -> list[dict[str, Any]]:
    round = get_object_or_404(BarometerRound, pk=pk)
    if not round.is_closed:
        raise HttpError(404, "Results are published when the round closes.")
    return [
        {
            "sub_region": row["subregion"],
            "theme": row["theme"],
            "horizon": row["horizon"],
            "answers": row["n"],
            "mean": row["mean"],
            "diffusion": row["diffusion"],
        }
        for row in barometer.result_cells(round)
    ]
