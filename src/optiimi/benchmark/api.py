from typing import Any, Literal

import polars as pl
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Router, Schema
from ninja.errors import HttpError

from optiimi.accounts.auth import READ_AUTH, WRITE_AUTH
from optiimi.benchmark import analytics, permissions, queries, services, texts
from optiimi.benchmark.links import PROJECT
from optiimi.benchmark.models import Cohort
from optiimi.core import links
from optiimi.core.api import Id, Page, Payload, Year, errors
from optiimi.core.apierrors import FieldError
from optiimi.core.formats import InvalidRows

router = Router(tags=["benchmark"])


class AggregateOut(Schema):
    year: int
    code: str
    area: str = Field(description="sub-region or region name, '' for the whole country")
    n: int = Field(description="companies in the group; never fewer than 5")
    mean: float
    median: float
    q1: float
    q3: float


class PeerOut(Schema):
    measure: str
    area: str
    area_name: str
    level: str
    code: str
    n: int
    mean: float
    median: float
    value: float | None
    percentile: float | None
    widened_from: str | None


#: Euro amounts are stored with up to 15 digits.
EUROS = 1e12  # services.MAX_AMOUNT: amounts the database gives back to the cent


class FinancialsIn(Payload):
    year: Year
    turnover: float = Field(ge=0, lt=EUROS, description="EUR")
    personnel: float = Field(ge=0, lt=1e7, allow_inf_nan=False)
    operating_profit: float | None = Field(None, gt=-EUROS, lt=EUROS)
    exports: float | None = Field(None, ge=0, lt=EUROS)


class FinancialsOut(Schema):
    created: int
    updated: int
    unchanged: int


#: A TOL 2008 code: a section letter (C) or 2 to 5 digits (62, 62010).
TolCode = Path(pattern=r"^([A-Za-z]|[0-9]{2,5})$", description="e.g. C, 62 or 62010")
BusinessId = Path(pattern=r"^[0-9]{7}-?[0-9]$", description="Y-tunnus, e.g. 0112038-9")


def _level(code: str) -> str:
    if code.isalpha() and len(code) == 1:
        return "section"
    if code.isdigit() and 2 <= len(code) <= 5:
        return f"tol{len(code)}"
    err = FieldError("code", "not a TOL 2008 code")
    raise err


@router.get(
    "/benchmark/industries/{code}/growth",
    response={200: list[AggregateOut], **errors(422)},
    auth=READ_AUTH,
    summary="Turnover growth of an industry by area (groups of at least 5 only)",
)
def industry_growth(
    request: HttpRequest,
    code: str = TolCode,
    by: Literal["subregion", "region", "country"] = "subregion",
    year: Year | None = None,
) -> Any:
    level = _level(code)
    if by not in analytics.AREAS:
        err = FieldError("by", "by must be subregion, region or country")
        raise err
    growth = analytics.with_growth(queries.panel())
    if year is not None:
        growth = growth.filter(pl.col("year") == year)
    agg = analytics.public_aggregates(growth, level=level, by=by).filter(pl.col(level) == code)
    return [
        {
            "year": r["year"],
            "code": code,
            "area": r.get(by) or "",
            "n": r["n"],
            "mean": r["mean"],
            "median": r["median"],
            "q1": r["q1"],
            "q3": r["q3"],
        }
        for r in agg.to_dicts()
    ]


@router.get(
    "/benchmark/companies/{business_id}/peers",
    response={200: list[PeerOut], **errors(403, 404, 422)},
    auth=READ_AUTH,
    summary="A company's latest growth against its peers (members only)",
)
def company_peers(request: HttpRequest, business_id: str = BusinessId) -> Any:
    if not permissions.can_see_companies(request.user):
        raise HttpError(403, "company-level figures are for network members")
    company = permissions.get_company_for_user(request.user, business_id)
    growth = analytics.with_growth(queries.panel())
    me = growth.filter(pl.col("business_id") == company.business_id).sort("year")
    if me.height == 0:
        return []
    attrs = me.row(-1, named=True)
    out = []
    for value in ("turnover_growth", "personnel_growth"):
        for c in analytics.compare(
            growth, attrs, year=attrs["year"], value=value, own=attrs[value]
        ):
            out.append({"measure": value, **c.__dict__})
    return out


@router.put(
    "/benchmark/companies/{business_id}/financials",
    response={200: FinancialsOut, **errors(400, 401, 403, 404, 422)},
    auth=WRITE_AUTH,
    summary="Create or replace one year's financials of a company",
)
def put_financials(
    request: HttpRequest, payload: FinancialsIn, business_id: str = BusinessId
) -> Any:
    company = permissions.get_company_for_edit(request.user, business_id)
    row = {
        "business_id": company.business_id,
        "year": str(payload.year),
        "turnover": str(payload.turnover),
        "personnel": str(payload.personnel),
        "operating_profit": ""
        if payload.operating_profit is None
        else str(payload.operating_profit),
        "exports": "" if payload.exports is None else str(payload.exports),
    }
    try:
        report = services.import_financials([(1, row)], actor=request.user)
    except InvalidRows as exc:
        err = FieldError(exc.errors[0].place.split(", ")[-1], str(exc.errors[0].message))
        raise err from None
    return {"created": report.new, "updated": report.changed, "unchanged": report.unchanged}


# --- cohorts -------------------------------------------------------------------------------

COHORT_PAGE = 50


class CohortOut(Schema):
    id: int
    name: str
    start_year: int
    pre_years: list[int] = Field(description="growth years before the start used")
    post_years: list[int] = Field(description="growth years from the start used")
    claim: str
    organisation_id: int
    project_id: int | None
    synthetic: bool
    effect: float | None = Field(
        description="cohort's minus matched peers' change in growth; null when the data are "
        "too few (under 5 matched companies or peers)"
    )
    ci_low: float | None = Field(description="95 % bootstrap interval, lower end")
    ci_high: float | None = Field(description="95 % bootstrap interval, upper end")
    unit: str
    conclusive: bool = Field(description="the interval excludes zero")
    reason: str = Field(description="too_few, too_short, interval_includes_zero or ''")
    n_cohort: int = Field(description="cohort companies with matched peers")
    n_peers: int
    statement: str = Field(description="the result in words, in the request's language")


class CohortCompanyOut(Schema):
    business_id: str
    name: str


class CohortDetailOut(CohortOut):
    companies: list[CohortCompanyOut] | None = Field(
        None, description="the companies listed; for members only, null for others"
    )


class CohortPage(Schema):
    items: list[CohortOut]
    count: int


def _cohort_out(
    cohort: Cohort, panel: pl.DataFrame | None = None, project_id: int | None = None
) -> dict[str, Any]:
    r = queries.cohort_impact(cohort, panel_frame=panel)
    return {
        "id": cohort.pk,
        "name": cohort.name,
        "start_year": cohort.start_year,
        "pre_years": r.pre_years,
        "post_years": r.post_years,
        "claim": cohort.claim,
        "organisation_id": cohort.organisation_id,
        "project_id": project_id,
        "synthetic": cohort.synthetic,
        "effect": r.effect,
        "ci_low": r.ci_low,
        "ci_high": r.ci_high,
        "unit": r.unit,
        "conclusive": r.conclusive,
        "reason": r.reason,
        "n_cohort": r.n_cohort,
        "n_peers": r.n_peers,
        "statement": str(texts.impact_statement(r)),
    }


@router.get(
    "/benchmark/cohorts",
    response={200: CohortPage, **errors(422)},
    auth=READ_AUTH,
    summary="Cohorts with their estimated effect on turnover growth",
)
def list_cohorts(request: HttpRequest, project: Id | None = None, page: Page = 1) -> Any:
    cohorts = Cohort.objects.all()
    if project is not None:
        cohorts = cohorts.filter(pk__in=links.sources(PROJECT, project).values("pk"))
    count = cohorts.count()
    chosen = list(cohorts[(page - 1) * COHORT_PAGE : page * COHORT_PAGE])
    panel = queries.panel() if chosen else None
    projects = links.target_ids(PROJECT, [c.pk for c in chosen])
    return {
        "items": [_cohort_out(c, panel, _first(projects.get(c.pk))) for c in chosen],
        "count": count,
    }


def _first(ids: list[int] | None) -> int | None:
    return ids[0] if ids else None


@router.get(
    "/benchmark/cohorts/{pk}",
    response={200: CohortDetailOut, **errors(404, 422)},
    auth=READ_AUTH,
    summary="One cohort's effect; its companies for members",
)
def get_cohort(request: HttpRequest, pk: Id) -> Any:
    cohort = get_object_or_404(Cohort, pk=pk)
    out = _cohort_out(cohort, project_id=_first(links.target_ids(PROJECT, [pk]).get(pk)))
    if permissions.can_see_cohort_companies(request.user):
        out["companies"] = list(
            cohort.companies.order_by("business_id").values("business_id", "name")
        )
    return out
