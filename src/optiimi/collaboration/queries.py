"""Reads of the tie ledger for pages, the API and the command line: ties, measures per year,
bridging shares and their change, and the records behind a tie.

Every read first makes sure the ledger is current (`services.ensure_current`); figures computed
from it are cached under the ledger's version, so a rebuilt ledger is never answered from an
older one."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
from django.core.cache import cache
from django.db.models import Count, F, Q, Sum

from optiimi.collaboration import analytics, services
from optiimi.collaboration.models import Ledger, Measure, StoredMap, Tie
from optiimi.core import ties
from optiimi.core.writes import System
from optiimi.network.models import Organisation
from optiimi.regions.models import Region

PERMUTATIONS = 999


@dataclass(frozen=True)
class Org:
    id: int
    name: str
    short_name: str
    kind: str
    group: str
    subregion: str | None  # the code of its home sub-region

    @property
    def label(self) -> str:
        return self.short_name or self.name


def _key(ledger: Ledger, *parts: Any) -> str:
    built = ledger.built.timestamp() if ledger.built else 0
    return "collaboration:" + ":".join(str(p) for p in (ledger.pk, ledger.version, built, *parts))


def cache_key(*parts: Any) -> str:
    """A cache key under the current ledger's version."""
    return _key(services.ensure_current(), *parts)


def organisations_stamp() -> str:
    """Changes whenever an organisation is added, edited or removed."""
    from django.db.models import Count, Max

    found = Organisation.objects.aggregate(n=Count("pk"), last=Max("updated"))
    return f"{found['n']}-{found['last'].timestamp() if found['last'] else 0}"


def organisations(ids: Iterable[int] | None = None) -> dict[int, Org]:
    """Every organisation (or those of `ids`) with its group and home sub-region (its home
    municipality's, else the one sub-region it serves when it serves exactly one)."""
    links = Organisation.sub_regions.through.objects.all()
    rows = Organisation.objects.all()
    if ids is not None:
        wanted = list(ids)
        links = links.filter(organisation_id__in=wanted)
        rows = rows.filter(pk__in=wanted)
    served: dict[int, list[str]] = {}
    for pk, code in links.values_list("organisation_id", "region__code"):
        served.setdefault(pk, []).append(code)
    out = {}
    for pk, name, short, kind, home in rows.values_list(
        "pk", "name", "short_name", "kind", "home_municipality__parent__code"
    ):
        sub = home or (served[pk][0] if len(served.get(pk, [])) == 1 else None)
        out[pk] = Org(pk, name, short, kind, analytics.group_of(kind), sub)
    return out


def tie_frame(year: int | None = None, kind: str | None = None) -> pl.DataFrame:
    """The ledger's ties (a, b, year, kind, weight, source, record) as a polars frame."""
    services.ensure_current()
    rows = Tie.objects.all()
    if year is not None:
        rows = rows.filter(year=year)
    if kind:
        rows = rows.filter(kind=kind)
    values = list(
        rows.values_list(
            "organisation_a_id",
            "organisation_b_id",
            "year",
            "kind",
            "weight",
            "source",
            "record_id",
        )
    )
    return pl.DataFrame(
        values,
        schema={
            "a": pl.Int64,
            "b": pl.Int64,
            "year": pl.Int64,
            "kind": pl.Utf8,
            "weight": pl.Float64,
            "source": pl.Utf8,
            "record": pl.Int64,
        },
        orient="row",
    )


def years() -> list[int]:
    services.ensure_current()
    return sorted(set(Tie.objects.values_list("year", flat=True).distinct()))


def pairs(year: int | None = None, kind: str | None = None) -> pl.DataFrame:
    """Ties summed per pair of organisations: a, b, weight, ties (how many records)."""
    frame = tie_frame(year, kind)
    return (
        frame.group_by("a", "b")
        .agg(pl.col("weight").sum(), pl.len().alias("ties"))
        .sort(["weight", "a", "b"], descending=[True, False, False])
    )


def compute_measures(year: int, kind: str | None = None) -> dict[int, analytics.Measures]:
    """Every organisation's measures in one year's graph, computed now from the ledger."""
    frame = pairs(year, kind)
    g = analytics.graph(frame.select("a", "b", "weight").iter_rows())
    groups = dict(Organisation.objects.filter(pk__in=list(g)).values_list("pk", "kind"))
    return {
        int(n): m  # type: ignore[call-overload]
        for n, m in analytics.measures(g, {n: analytics.group_of(groups[n]) for n in g}).items()
    }


MEASURE_FIELDS = (
    "organisation_id",
    "degree",
    "weighted_degree",
    "betweenness",
    "constraint",
    "effective_size",
    *analytics.ROLES,
)


def _measures(rows: Iterable[tuple]) -> dict[int, analytics.Measures]:
    return {
        org: analytics.Measures(
            degree=degree,
            weighted_degree=weighted,
            betweenness=between,
            constraint=constraint,
            effective_size=effective,
            roles=dict(zip(analytics.ROLES, roles, strict=True)),
        )
        for org, degree, weighted, between, constraint, effective, *roles in rows
    }


def stored_measures(year: int, kind: str | None = None) -> Any:
    """The stored measures of one year (and kind) under the current ledger, as a queryset;
    computed and stored first when this is the year's first read since the rebuild."""
    ledger = services.ensure_current()
    stored = Measure.objects.filter(version=ledger.version, year=year, kind=kind or "")
    if not stored.exists():
        services.store_measures(
            ledger.version,
            year,
            kind or "",
            compute_measures(year, kind),
            actor=System("network measures"),
        )
    return stored


def year_measures(year: int, kind: str | None = None) -> dict[int, analytics.Measures]:
    """Every organisation's measures in one year's graph: stored with the ledger (the latest
    year's when it is rebuilt, another year's on its first read), so a read after the first
    only loads them."""
    return _measures(stored_measures(year, kind).values_list(*MEASURE_FIELDS))


def top_measures(
    year: int, kind: str | None, measure: str, limit: int
) -> tuple[list[tuple[int, analytics.Measures]], int]:
    """The organisations highest by `measure` (then by name) with their measures, and how
    many organisations the year has: read from the stored measures, not all loaded."""
    stored = stored_measures(year, kind)
    rows = stored.order_by(
        F(measure).desc(nulls_last=True), "organisation__name", "organisation_id"
    ).values_list(*MEASURE_FIELDS)[:limit]
    return list(_measures(rows).items()), stored.count()


def measures_of(year: int, kind: str | None, ids: Iterable[int]) -> dict[int, analytics.Measures]:
    """The stored measures of the given organisations."""
    rows = stored_measures(year, kind).filter(organisation_id__in=list(ids))
    return _measures(rows.values_list(*MEASURE_FIELDS))


def strongest_pairs(year: int, kind: str | None, limit: int) -> tuple[pl.DataFrame, int]:
    """The `limit` strongest pairs of one year (a, b, weight, ties; summed in the database,
    strongest first) and how many pairs the year has."""
    services.ensure_current()
    rows = Tie.objects.filter(year=year)
    if kind:
        rows = rows.filter(kind=kind)
    grouped = (
        rows.values("organisation_a_id", "organisation_b_id")
        .annotate(total=Sum("weight"), n=Count("pk"))
        .order_by("-total", "organisation_a_id", "organisation_b_id")
    )
    found = list(
        grouped.values_list("organisation_a_id", "organisation_b_id", "total", "n")[:limit]
    )
    count = grouped.count()
    frame = pl.DataFrame(found, schema=PAIR_SCHEMA, orient="row")
    return frame, count


PAIR_SCHEMA = {"a": pl.Int64, "b": pl.Int64, "weight": pl.Float64, "ties": pl.UInt32}


@dataclass(frozen=True)
class MapPairs:
    """What the map draws: its pairs (strongest first), how many pairs the year has, and the
    layout's positions of their organisations."""

    pairs: pl.DataFrame
    pair_count: int
    positions: dict[int, tuple[float, float]]


def compute_map(year: int, kind: str | None, top: int) -> MapPairs:
    """The strongest `top` pairs of a year and their layout, computed now."""
    from optiimi.collaboration import netmap

    shown, count = strongest_pairs(year, kind, top)
    return MapPairs(shown, count, netmap.pairs_layout(shown))


def stored_map(year: int, kind: str | None, top: int) -> MapPairs | None:
    """The map stored with the current ledger for this year, kind and number of ties (the
    default map is stored when the ledger is rebuilt), or None."""
    ledger = services.ensure_current()
    found = (
        StoredMap.objects.filter(version=ledger.version, year=year, kind=kind or "", top=top)
        .values_list("pairs", "pair_count", "positions")
        .first()
    )
    if found is None:
        return None
    rows, count, positions = found
    return MapPairs(
        pl.DataFrame([tuple(r) for r in rows], schema=PAIR_SCHEMA, orient="row"),
        count,
        {int(n): (float(x), float(y)) for n, (x, y) in positions.items()},
    )


# Bridging -------------------------------------------------------------------------------------


def _ends(frame: pl.DataFrame, orgs: dict[int, Org]) -> pl.DataFrame:
    """Each tie seen from both ends: org, partner, year, weight, knowledge (partner is one),
    with the org's sub-region and group; ends at knowledge organisations left out (the
    question is how the sub-region's other organisations reach them)."""
    if frame.is_empty():
        return pl.DataFrame(
            schema={
                "org": pl.Int64,
                "year": pl.Int64,
                "weight": pl.Float64,
                "knowledge": pl.Boolean,
                "subregion": pl.Utf8,
                "group": pl.Utf8,
            }
        )
    info = pl.DataFrame(
        {
            "org": list(orgs),
            "subregion": [o.subregion for o in orgs.values()],
            "group": [o.group for o in orgs.values()],
        },
        schema={"org": pl.Int64, "subregion": pl.Utf8, "group": pl.Utf8},
    )
    both = pl.concat(
        [
            frame.select(pl.col("a").alias("org"), pl.col("b").alias("partner"), "year", "weight"),
            frame.select(pl.col("b").alias("org"), pl.col("a").alias("partner"), "year", "weight"),
        ]
    )
    partner_group = info.select(pl.col("org").alias("partner"), pl.col("group").alias("pg"))
    return (
        both.join(partner_group, on="partner", how="left")
        .with_columns((pl.col("pg") == analytics.KNOWLEDGE).alias("knowledge"))
        .join(info, on="org", how="left")
        .filter(pl.col("subregion").is_not_null() & (pl.col("group") != analytics.KNOWLEDGE))
        .select("org", "year", "weight", "knowledge", "subregion", "group")
    )


def per_organisation(kind: str | None = None) -> pl.DataFrame:
    """Per sub-region, year and organisation: knowledge tie weight `k` and total weight `w`."""
    orgs = organisations()
    ends = _ends(tie_frame(None, kind), orgs)
    return (
        ends.group_by("subregion", "year", "org", "group")
        .agg(
            (pl.col("weight") * pl.col("knowledge").cast(pl.Float64)).sum().alias("k"),
            pl.col("weight").sum().alias("w"),
        )
        .sort("subregion", "year", "org")
    )


@dataclass(frozen=True)
class Bridging:
    subregion: str
    year: int
    share: float | None
    weight: float
    companies_tied: int  # companies with at least one tie to a knowledge organisation


def bridging(kind: str | None = None) -> list[Bridging]:
    """The bridging share of every sub-region in every year it has ties."""
    ledger = services.ensure_current()
    key = _key(ledger, "bridging", kind or "")
    found = cache.get(key)
    if found is not None:
        return found
    frame = per_organisation(kind)
    rows = (
        frame.group_by("subregion", "year")
        .agg(
            pl.col("k").sum(),
            pl.col("w").sum(),
            ((pl.col("group") == analytics.COMPANY) & (pl.col("k") > 0)).sum().alias("companies"),
        )
        .sort("subregion", "year")
    )
    result = [
        Bridging(s, y, (k / w) if w else None, w, int(c))
        for s, y, k, w, c in rows.select("subregion", "year", "k", "w", "companies").iter_rows()
    ]
    cache.set(key, result, 3600)
    return result


@dataclass(frozen=True)
class BridgingChange:
    subregion: str
    name: str
    year_from: int
    year_to: int
    share_from: float | None
    share_to: float | None
    change: float | None
    p_value: float | None
    low: float | None
    high: float | None
    organisations: int


def bridging_changes(
    year_from: int, year_to: int, *, permutations: int = PERMUTATIONS, kind: str | None = None
) -> list[BridgingChange]:
    """For every sub-region with ties in either year: the shares, the change, its permutation
    p-value and its 95 % bootstrap interval (a fixed seed, so a page and the API agree)."""
    ledger = services.ensure_current()
    key = _key(ledger, "change", year_from, year_to, permutations, kind or "")
    found = cache.get(key)
    if found is not None:
        return found
    frame = per_organisation(kind).filter(pl.col("year").is_in([year_from, year_to]))
    names = subregion_names()
    out = []
    for (code,), part in sorted(frame.group_by("subregion"), key=lambda kv: str(kv[0][0])):
        wide = part.pivot(on="year", index="org", values=["k", "w"], aggregate_function="sum")

        def column(name: str, year: int, wide: pl.DataFrame = wide) -> np.ndarray:
            col = f"{name}_{year}"
            if col not in wide.columns:
                return np.zeros(wide.height)
            return wide[col].fill_null(0).to_numpy().astype(float)

        change = analytics.bridging_change(
            column("k", year_from),
            column("w", year_from),
            column("k", year_to),
            column("w", year_to),
            permutations=permutations,
            rng=np.random.default_rng(year_from * 10_000 + year_to),
        )
        out.append(
            BridgingChange(
                str(code),
                names.get(str(code), str(code)),
                year_from,
                year_to,
                change.share_from,
                change.share_to,
                change.change,
                change.p_value,
                change.low,
                change.high,
                wide.height,
            )
        )
    cache.set(key, out, 3600)
    return out


# The records behind a tie ---------------------------------------------------------------------


@dataclass(frozen=True)
class TieRecord:
    source: str  # the source's name in the reader's language
    kind: str
    year: int
    weight: float
    record: ties.Record | None


def records_behind(a: int, b: int, year: int | None = None, kind: str | None = None) -> list:
    """The records behind the ties of one pair, each described by its source (a record names
    a person only for `person_label` to show)."""
    from django.utils.translation import gettext as _

    services.ensure_current()
    a, b = min(a, b), max(a, b)
    rows = Tie.objects.filter(Q(organisation_a_id=a, organisation_b_id=b))
    if year is not None:
        rows = rows.filter(year=year)
    if kind:
        rows = rows.filter(kind=kind)
    found = list(rows.order_by("year", "source", "record_id"))
    by_source: dict[str, list[int]] = {}
    for row in found:
        if row.record_id is not None:
            by_source.setdefault(row.source, []).append(row.record_id)
    described: dict[tuple[str, int], ties.Record] = {}
    for code, ids in by_source.items():
        source = ties.get(code)
        if source is None:
            continue
        for pk, record in source.records(ids).items():
            described[(code, pk)] = record
    out = []
    for row in found:
        source = ties.get(row.source)
        name = source.name if source else _("Imported tie")
        out.append(
            TieRecord(
                name,
                row.kind,
                row.year,
                row.weight,
                described.get((row.source, row.record_id)) if row.record_id else None,
            )
        )
    return out


def organisation_summary(pk: int) -> dict[str, Any] | None:
    """For the organisation page: its ties per year and its strongest partners (None when it
    has no ties)."""
    services.ensure_current()
    rows = Tie.objects.filter(Q(organisation_a_id=pk) | Q(organisation_b_id=pk))
    values = list(rows.values_list("organisation_a_id", "organisation_b_id", "year", "weight"))
    if not values:
        return None
    per_year: dict[int, list[float]] = {}
    partners: dict[int, float] = {}
    for a, b, year, weight in values:
        other = b if a == pk else a
        per_year.setdefault(year, []).append(weight)
        partners[other] = partners.get(other, 0.0) + weight
    orgs = organisations()
    top = sorted(partners.items(), key=lambda kv: (-kv[1], orgs[kv[0]].name))[:10]
    knowledge = sum(w for o, w in partners.items() if orgs[o].group == analytics.KNOWLEDGE)
    total = sum(partners.values())
    return {
        "years": [
            {"year": y, "ties": len(ws), "weight": sum(ws)} for y, ws in sorted(per_year.items())
        ],
        "partners": [{"org": orgs[o], "weight": w} for o, w in top],
        "partner_count": len(partners),
        "knowledge_share": round(100 * knowledge / total, 1) if total else None,
    }


def subregion_names() -> dict[str, str]:
    return {r.code: r.name for r in Region.objects.subregions()}
