"""Computed indicators the plan's own records answer (seed result 1)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from optiimi.core.indicators import Record, Value, register
from optiimi.strategy.models import Perspective, SubregionStrategy


def _full(year: int) -> list[SubregionStrategy]:
    """Strategies covering all three perspectives that hold in a year: adopted by its end (one
    without an adoption date holds from the year under way). Perspectives are the strategy's
    texts as they stand now."""
    this_year = timezone.localdate().year
    return [
        s
        for s in SubregionStrategy.objects.select_related("region").order_by("region__code")
        if len(s.perspectives) == len(Perspective.values)
        and (s.adopted.year if s.adopted else this_year) <= year
    ]


def strategy_records(year: int, region: str | None) -> list[Record]:
    labels = dict(Perspective.choices)
    return [
        Record(
            label=f"{s.region.name}: {s.title}",
            date=s.adopted,
            detail=", ".join(str(labels[p]) for p in s.perspectives) or _("no perspective"),
            public=s.public,
        )
        for s in _full(year)
        if region is None or s.region.code == region
    ]


@register(
    "strategy.full_strategies",
    name_fi="Seutustrategia kaikista kolmesta näkökulmasta seutukunnittain",
    name_en="Sub-regional strategy covering all three perspectives, per sub-region",
    name_sv="Regional strategi som täcker alla tre perspektiv, per ekonomisk region",
    unit="sub-regions",
    breakdown="subregion",
    description_en="1 in a year when the sub-region's strategy, adopted by the end of that "
    "year, covers the business, employment and competence perspectives; otherwise 0. Summed "
    "over sub-regions: the sub-regions with such a strategy.",
    description_fi="1 vuonna, jona seutukunnan strategia (hyväksytty viimeistään vuoden "
    "lopussa) kattaa elinkeino-, työllisyys- ja osaamisnäkökulman; muuten 0. Seutukuntien "
    "summa: seutukunnat, joilla on tällainen strategia.",
    records=strategy_records,
)
def full_strategies() -> list[Value]:
    strategies = list(SubregionStrategy.objects.select_related("region"))
    if not strategies:
        return []
    this_year = timezone.localdate().year
    adopted = {s.region.code: (s.adopted.year if s.adopted else this_year) for s in strategies}
    full = {s.region.code for s in strategies if len(s.perspectives) == len(Perspective.values)}
    first = min(adopted.values())
    return [
        Value(str(year), int(code in full and adopted[code] <= year), code)
        for code in sorted(adopted)
        for year in range(first, this_year + 1)
    ]
