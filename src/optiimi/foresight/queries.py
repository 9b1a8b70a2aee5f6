"""Reads of the indicator store: series by indicator, area and period."""

from __future__ import annotations

import re

from django.db.models import QuerySet

from optiimi.foresight.models import WHOLE_COUNTRY, Observation
from optiimi.foresight.sources import AREA
from optiimi.regions.models import Level, Region


class AmbiguousRegion(ValueError):
    pass


def area_code(region: str) -> str:
    """Our region code (`131`, `179`, `13`) or a StatFin code (`SK131`) → the StatFin code.

    Three-digit codes are tried as sub-regions first, then municipalities; two-digit ones are
    regions. `SSS`, `FI` or `whole` mean the whole country.
    """
    region = region.strip()
    if region.upper() in (WHOLE_COUNTRY, "FI", "WHOLE"):
        return WHOLE_COUNTRY
    if AREA.match(region.upper()):
        return region.upper()
    if re.fullmatch(r"\d{2}", region):
        return f"MK{region}"
    if re.fullmatch(r"\d{3}", region):
        levels = set(Region.objects.filter(code=region).values_list("level", flat=True))
        if Level.SUBREGION in levels:
            return f"SK{region}"
        return f"KU{region}"
    raise AmbiguousRegion(f"{region!r} is neither our region code nor a StatFin area code")


def observations(
    indicator: str,
    region: str | None = None,
    period: str | None = None,
    key: str | None = None,
    industry: str | None = None,
) -> QuerySet[Observation]:
    rows = Observation.objects.filter(indicator__code=indicator).select_related("indicator")
    if region:
        rows = rows.filter(area=area_code(region))
    if period:
        rows = rows.filter(period=period)
    if key is not None:
        rows = rows.filter(key=key)
    if industry is not None:
        rows = rows.filter(industry=industry)
    return rows.order_by("area", "industry", "key", "period")
