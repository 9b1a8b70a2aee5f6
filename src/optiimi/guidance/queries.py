"""Reads for the guidance pages and API: needs against places by field, the gap score and rank.

The gap score of a field in a sub-region and year is the need per 100 places:
`100 × need / places`, where need is the sum of the sub-region's needs on the field that year
(every source) and places are the starting places of the programmes in the sub-region's
municipalities that year on the field (for a broad 2-digit field, on any of its narrow fields).
A score above 100 means more need than places. With no places at all the need is uncovered:
its score is undefined (None) and it ranks before every covered field, larger needs first.
Rank 1 is the largest uncovered need; ties are broken by need, then by field code.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum

from optiimi.guidance import fields
from optiimi.guidance.models import Need, Programme
from optiimi.regions.models import Region

UNCOVERED = "uncovered"
GAP = "gap"
COVERED = "covered"
SURPLUS = "surplus"
# Places at least twice the need (or places with no stated need) are a surplus.
SURPLUS_RATIO = 2


@dataclass
class Gap:
    field: str
    field_name: str
    need: float
    places: int
    score: float | None
    status: str
    sources: list[str] = dataclass_field(default_factory=list)
    rank: int = 0
    # each source's part of the need: {"source", "need", "url"}, the largest first
    by_source: list[dict[str, Any]] = dataclass_field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "field": self.field,
            "field_name": self.field_name,
            "need": self.need,
            "places": self.places,
            "score": self.score,
            "rank": self.rank,
            "status": self.status,
            "sources": self.sources,
            "by_source": self.by_source,
        }


def status(need: float, places: int) -> str:
    if places == 0:
        return UNCOVERED if need > 0 else COVERED
    if need > places:
        return GAP
    if places >= SURPLUS_RATIO * need:
        return SURPLUS
    return COVERED


def score(need: float, places: int) -> float | None:
    return None if places == 0 else round(100 * need / places, 1)


def _sort_key(g: Gap) -> tuple[int, float, float, str]:
    uncovered = 0 if g.status == UNCOVERED else 1
    return (uncovered, -(g.score or 0.0), -g.need, g.field)


def gaps(sub_region: Region, year: int) -> list[Gap]:
    """Every field with a need or places in the sub-region and year, ranked (1 = largest
    uncovered need)."""
    needs: dict[str, Decimal] = defaultdict(Decimal)
    sources: dict[str, set[str]] = defaultdict(set)
    parts: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for code, need, source, url in Need.objects.filter(
        sub_region=sub_region, year=year
    ).values_list("field", "need", "source", "url"):
        needs[code] += need
        sources[code].add(source)
        part = parts[code].setdefault(source, {"source": source, "need": 0.0, "url": url})
        part["need"] = round(part["need"] + float(need), 1)
        part["url"] = part["url"] or url
    offered: dict[str, int] = {
        row["field"]: row["total"] or 0
        for row in Programme.objects.filter(municipality__parent=sub_region, year=year)
        .values("field")
        .annotate(total=Sum("places"))
    }
    rows: list[Gap] = []
    for code, need in needs.items():
        places = sum(p for f, p in offered.items() if fields.covers(code, f))
        value = float(need)
        rows.append(
            Gap(
                code,
                fields.name(code),
                value,
                places,
                score(value, places),
                status(value, places),
                sorted(sources[code]),
                by_source=sorted(parts[code].values(), key=lambda p: (-p["need"], p["source"])),
            )
        )
    # Places on fields without a stated need: surplus, unless a broad need already counts them.
    for code, places in offered.items():
        if code in needs or any(fields.covers(n, code) for n in needs):
            continue
        rows.append(Gap(code, fields.name(code), 0.0, places, 0.0, SURPLUS, []))
    rows.sort(key=_sort_key)
    for rank, row in enumerate(rows, start=1):
        row.rank = rank
    return rows


def years(sub_region: Region | None = None) -> list[int]:
    needs = Need.objects.all()
    programmes = Programme.objects.all()
    if sub_region is not None:
        needs = needs.filter(sub_region=sub_region)
        programmes = programmes.filter(municipality__parent=sub_region)
    return sorted(
        set(needs.values_list("year", flat=True)) | set(programmes.values_list("year", flat=True))
    )


def latest_need_year() -> int | None:
    return Need.objects.order_by("-year").values_list("year", flat=True).first()


def subregions_with_data() -> list[Region]:
    ids: set[int] = set(Need.objects.values_list("sub_region", flat=True))
    for parent in Programme.objects.values_list("municipality__parent", flat=True):
        if parent is not None:
            ids.add(parent)
    return list(Region.objects.filter(pk__in=ids).order_by("code"))


def unmet_share(rows: list[Gap]) -> float | None:
    """The share of a sub-region's need that its places do not meet: the sum over fields of
    need minus places (where positive) over the sum of need; None without needs."""
    total = sum(g.need for g in rows)
    if total <= 0:
        return None
    return sum(max(g.need - g.places, 0.0) for g in rows) / total


@dataclass
class Overview:
    sub_region: Region
    uncovered: int
    gaps: int
    covered: int
    top: Gap | None
    unmet: float | None = None


def overview(year: int) -> list[Overview]:
    result = []
    for region in subregions_with_data():
        rows = gaps(region, year)
        counted: dict[str, int] = defaultdict(int)
        for row in rows:
            counted[row.status] += 1
        top = rows[0] if rows and rows[0].status in (UNCOVERED, GAP) else None
        result.append(
            Overview(
                region,
                counted[UNCOVERED],
                counted[GAP],
                counted[COVERED] + counted[SURPLUS],
                top,
                unmet_share(rows),
            )
        )
    return result


TOP_NEEDS = 5


def top_needs_covered(sub_region: Region, year: int, top: int = TOP_NEEDS) -> tuple[int, int]:
    """Of the sub-region's `top` largest needs in the year, how many have at least as many
    places in the sub-region as the need: (covered, counted)."""
    rows = sorted(
        (g for g in gaps(sub_region, year) if g.need > 0), key=lambda g: (-g.need, g.field)
    )
    chosen = rows[:top]
    return sum(1 for g in chosen if g.status in (COVERED, SURPLUS)), len(chosen)


def field_demand(sub_region: Region, year: int) -> dict[str, Gap]:
    """A sub-region's gap rows by field, for the study page's 'why'."""
    return {g.field: g for g in gaps(sub_region, year)}


def providers() -> list[str]:
    return list(
        Programme.objects.order_by("provider").values_list("provider", flat=True).distinct()
    )


@dataclass
class ProviderRegion:
    sub_region: Region
    own_places: int
    open_needs: list[Gap]


def provider_needs(provider: str, year: int) -> list[ProviderRegion]:
    """For each sub-region where `provider` offers programmes in the year: its places there and
    the sub-region's uncovered needs and gaps, ranked — the provider's yearly list."""
    offered = (
        Programme.objects.filter(provider=provider, year=year)
        .values("municipality__parent")
        .annotate(total=Sum("places"))
    )
    regions = Region.objects.in_bulk([row["municipality__parent"] for row in offered])
    result = []
    for row in offered:
        region = regions.get(row["municipality__parent"])
        if region is None:
            continue
        open_needs = [g for g in gaps(region, year) if g.status in (UNCOVERED, GAP)]
        result.append(ProviderRegion(region, row["total"] or 0, open_needs))
    return sorted(result, key=lambda r: r.sub_region.code)


GUIDING_KINDS = ("vocational", "uas", "university", "employment_office")


def guiding_organisations(sub_region: Region) -> list[tuple[Any, bool]]:
    """The organisations that guide people in a sub-region: member organisations with guidance
    counsellors in Optiimi, and schools, universities and employment services, that serve the
    sub-region or are based in it; each with whether it has guidance counsellors here."""
    from optiimi.network.models import CapabilityRole, Organisation, Role

    with_counsellors = {
        organisation_id
        for organisation_id, capabilities in Role.objects.filter(
            organisation__isnull=False
        ).values_list("organisation_id", "capabilities")
        if CapabilityRole.GUIDANCE_COUNSELLOR.value in (capabilities or [])
    }
    near = Organisation.objects.filter(
        Q(sub_regions=sub_region) | Q(home_municipality__parent=sub_region)
    )
    found = (
        near.filter(Q(kind__in=GUIDING_KINDS) | Q(pk__in=with_counsellors))
        .distinct()
        .order_by("name")
    )
    rows = [(o, o.pk in with_counsellors) for o in found]
    return sorted(rows, key=lambda r: (not r[1], r[0].name))
