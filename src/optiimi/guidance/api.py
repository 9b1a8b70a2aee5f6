"""Gaps between competence needs and education on offer, per sub-region and year."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from optiimi.accounts.auth import READ_AUTH
from optiimi.core.api import Year, errors
from optiimi.core.apierrors import FieldError
from optiimi.guidance import queries
from optiimi.regions.models import Region

router = Router(tags=["guidance"])


class GuidanceNeedSourceOut(Schema):
    source: str = Field(description="where the need comes from, e.g. a barometer round")
    need: float = Field(description="this source's part of the need")
    url: str = Field(description="where the source can be checked; empty when nowhere public")


class GuidanceGapOut(Schema):
    field: str = Field(description="education field code (Koulutusluokitus 2016)")
    field_name: str
    need: float = Field(description="the sub-region's need on the field in the year, every source")
    places: int = Field(description="starting places of the sub-region's programmes on the field")
    score: float | None = Field(
        description="need per 100 places; null when there are no places (uncovered)"
    )
    rank: int = Field(description="1 = the largest uncovered need")
    status: str = Field(description="uncovered, gap, covered or surplus")
    sources: list[str]
    by_source: list[GuidanceNeedSourceOut] = Field(
        description="each source's part of the need, the largest first"
    )


class GuidanceGapFilter(Schema):
    subregion: str = Field(description="sub-region code, e.g. 132")
    year: Year | None = Field(None, description="the year; the latest year with needs if left out")


@router.get(
    "/guidance/gaps",
    response={200: list[GuidanceGapOut], **errors(422)},
    auth=READ_AUTH,
    summary="A sub-region's competence needs against education places by field, ranked",
)
def list_gaps(request: HttpRequest, filters: Query[GuidanceGapFilter]) -> list[dict[str, Any]]:
    region = Region.objects.subregions().filter(code=filters.subregion.strip()).first()
    if region is None:
        raise FieldError("subregion", f"no sub-region with code {filters.subregion!r}")
    year = filters.year or queries.latest_need_year()
    if year is None:
        return []
    return [g.as_dict() for g in queries.gaps(region, year)]
