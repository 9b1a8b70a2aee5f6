"""The collaboration network in the API: ties, measures per year and bridging shares with
their change. Ties are between organisations and never name a person."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from optiimi.accounts.auth import READ_AUTH
from optiimi.collaboration import queries
from optiimi.collaboration.models import Kind
from optiimi.core.api import Year, errors
from optiimi.core.apierrors import FieldError

router = Router(tags=["collaboration"])

MAX_TIES = 50_000


class TieOut(Schema):
    organisation_a: int
    organisation_a_name: str
    organisation_b: int
    organisation_b_name: str
    year: int
    kind: str
    weight: float
    source: str


class TieFilter(Schema):
    year: Year | None = None
    kind: Kind | None = None
    limit: int = Field(5000, ge=1, le=MAX_TIES, description="at most this many ties")


@router.get(
    "/collaboration/ties",
    response={200: list[TieOut], **errors(422)},
    auth=READ_AUTH,
    summary="Ties between organisations (by year and kind)",
)
def list_ties(request: HttpRequest, filters: Query[TieFilter]) -> list[dict[str, Any]]:
    frame = queries.tie_frame(filters.year, filters.kind.value if filters.kind else None)
    orgs = queries.organisations()
    return [
        {
            "organisation_a": a,
            "organisation_a_name": orgs[a].name,
            "organisation_b": b,
            "organisation_b_name": orgs[b].name,
            "year": y,
            "kind": k,
            "weight": w,
            "source": s,
        }
        for a, b, y, k, w, s in frame.head(filters.limit)
        .select("a", "b", "year", "kind", "weight", "source")
        .iter_rows()
    ]


class RolesOut(Schema):
    coordinator: int
    itinerant: int
    gatekeeper: int
    representative: int
    liaison: int


class NetworkMeasureOut(Schema):
    organisation: int
    name: str
    group: str = Field(description="knowledge, development or company")
    subregion: str | None
    degree: int
    weighted_degree: float
    betweenness: float
    constraint: float | None
    effective_size: float | None
    brokerage: RolesOut


class MeasureFilter(Schema):
    year: Year
    kind: Kind | None = None


@router.get(
    "/collaboration/measures",
    response={200: list[NetworkMeasureOut], **errors(422)},
    auth=READ_AUTH,
    summary="Every organisation's network measures in one year",
)
def list_measures(request: HttpRequest, filters: Query[MeasureFilter]) -> list[dict[str, Any]]:
    measures = queries.year_measures(filters.year, filters.kind.value if filters.kind else None)
    orgs = queries.organisations()
    return [
        {
            "organisation": n,
            "name": orgs[n].name,
            "group": orgs[n].group,
            "subregion": orgs[n].subregion,
            "degree": m.degree,
            "weighted_degree": m.weighted_degree,
            "betweenness": m.betweenness,
            "constraint": m.constraint,
            "effective_size": m.effective_size,
            "brokerage": m.roles,
        }
        for n, m in sorted(measures.items(), key=lambda kv: orgs[kv[0]].name)
    ]


class BridgingOut(Schema):
    subregion: str = Field(description="sub-region code")
    name: str
    year_from: int = Field(alias="from")
    year_to: int = Field(alias="to")
    share_from: float | None
    share_to: float | None
    change: float | None
    p_value: float | None
    low: float | None = Field(description="95 % bootstrap interval of the change, low end")
    high: float | None
    organisations: int


class BridgingFilter(Schema):
    year_from: Year = Field(alias="from")
    year_to: Year = Field(alias="to")
    kind: Kind | None = None


def bridging_rows(year_from: int, year_to: int, kind: str | None = None) -> list[dict[str, Any]]:
    """The bridging rows the API and `optiimi collaboration` print."""
    return [
        {
            "subregion": c.subregion,
            "name": c.name,
            "from": c.year_from,
            "to": c.year_to,
            "share_from": c.share_from,
            "share_to": c.share_to,
            "change": c.change,
            "p_value": c.p_value,
            "low": c.low,
            "high": c.high,
            "organisations": c.organisations,
        }
        for c in queries.bridging_changes(year_from, year_to, kind=kind)
    ]


@router.get(
    "/collaboration/bridging",
    response={200: list[BridgingOut], **errors(422)},
    auth=READ_AUTH,
    by_alias=True,
    summary="Each sub-region's share of ties reaching knowledge organisations, and its change",
)
def list_bridging(request: HttpRequest, filters: Query[BridgingFilter]) -> list[dict[str, Any]]:
    if filters.year_from == filters.year_to:
        raise FieldError("to", "from and to must be different years")
    return bridging_rows(
        filters.year_from, filters.year_to, filters.kind.value if filters.kind else None
    )
