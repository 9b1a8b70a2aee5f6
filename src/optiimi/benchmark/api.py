from typing import Any

import polars as pl
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from optiimi.accounts.auth import READ_AUTH, WRITE_AUTH
from optiimi.benchmark import analytics, permissions, queries, services
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


class FinancialsIn(Schema):
    year: int = Field(ge=1990, le=2100)
    turnover: float = Field(ge=0, description="EUR")
    personnel: float = Field(ge=0)
    operating_profit: float | None = None
    exports: float | None = Field(None, ge=0)


def _level(code: str) -> str:
    if code.isalpha() and len(code) == 1:
        return "section"
    if code.isdigit() and 2 <= len(code) <= 5:
        return f"tol{len(code)}"
    err = FieldError("code", "not a TOL 2008 code")
    raise err


@router.get(
    "/benchmark/industries/{code}/growth",
    response=list[AggregateOut],
    auth=READ_AUTH,
    summary="Turnover growth of an industry by area (groups of at least 5 only)",
)
def industry_growth(
    request: HttpRequest, code: str, by: str = "subregion", year: int | None = None
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
    response=list[PeerOut],
    auth=READ_AUTH,
    summary="A company's latest growth against its peers (members only)",
)
def company_peers(request: HttpRequest, business_id: str) -> Any:
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
    auth=WRITE_AUTH,
    summary="Create or replace one year's financials of a company",
)
def put_financials(request: HttpRequest, business_id: str, payload: FinancialsIn) -> Any:
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
    return {"created": report.created, "updated": report.updated, "unchanged": report.unchanged}
