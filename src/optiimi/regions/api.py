from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from optiimi.core.api import RegionCode, errors
from optiimi.regions.models import Level, Region

router = Router(tags=["regions"])


class RegionOut(Schema):
    code: str
    statfin_code: str
    level: str
    name_fi: str
    name_sv: str
    parent: str | None
    year: int
    centroid: list[float] | None = Field(min_length=2, max_length=2, description="[lon, lat]")

    @staticmethod
    def resolve_parent(obj: Region) -> str | None:
        return obj.parent.code if obj.parent else None

    @staticmethod
    def resolve_centroid(obj: Region) -> list[float] | None:
        return [obj.centroid_lon, obj.centroid_lat] if obj.has_centroid else None  # type: ignore[list-item]


@router.get("/regions", response={200: list[RegionOut], **errors(422)}, summary="List regions")
def list_regions(
    request: HttpRequest, level: Level | None = None, parent: RegionCode | None = None
) -> list[Region]:
    """Regions of the classification; filter by `level` and by the `parent` region's code."""
    qs = Region.objects.select_related("parent")
    if level:
        qs = qs.filter(level=level)
    if parent:
        qs = qs.filter(parent__code=parent)
    return list(qs.order_by("level", "code"))


@router.get(
    "/regions/{level}/{code}", response={200: RegionOut, **errors(404, 422)}, summary="One region"
)
def get_region(request: HttpRequest, level: Level, code: RegionCode) -> Region:
    return get_object_or_404(Region.objects.select_related("parent"), level=level, code=code)
