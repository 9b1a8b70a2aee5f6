"""Every write of the guidance capability: the needs, the education on offer and the
occupation–field crosswalk, each an atomic, idempotent upsert on the write path."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from optiimi.core import writes
from optiimi.core.writes import Actor, ImportSummary, System
from optiimi.guidance.models import Need, OccupationField, Programme

IMPORT_NEEDS = System("import needs")
IMPORT_EDUCATION = System("import education")
IMPORT_CROSSWALK = System("import crosswalk")

TENTH = Decimal("0.1")


@writes.service
def import_needs(
    rows: Iterable[Mapping[str, Any]], *, actor: Actor, synthetic: bool = False
) -> ImportSummary:
    """Upsert needs by sub-region, field, year and source; rows from `readers.need_rows`."""
    summary = ImportSummary()
    for row in rows:
        _need, outcome = writes.upsert(
            Need,
            {
                "sub_region": row["sub_region"],
                "field": row["field"],
                "year": row["year"],
                "source": row["source"],
            },
            {"need": Decimal(str(row["need"])).quantize(TENTH), "synthetic": synthetic},
            actor=actor,
        )
        summary.count(outcome)
    return summary


@writes.service
def import_education(
    rows: Iterable[Mapping[str, Any]], *, actor: Actor, synthetic: bool = False
) -> ImportSummary:
    """Upsert programmes by provider, name, municipality and year; rows from
    `readers.education_rows`."""
    summary = ImportSummary()
    for row in rows:
        _programme, outcome = writes.upsert(
            Programme,
            {
                "provider": row["provider"],
                "name": row["name"],
                "municipality": row["municipality"],
                "year": row["year"],
            },
            {
                "field": row["field"],
                "level": row.get("level", ""),
                "places": row["places"],
                "adult": bool(row.get("adult", False)),
                "synthetic": synthetic,
            },
            actor=actor,
        )
        summary.count(outcome)
    return summary


@writes.service
def import_crosswalk(rows: Iterable[Mapping[str, Any]], *, actor: Actor) -> ImportSummary:
    """Upsert crosswalk lines by occupation and field."""
    summary = ImportSummary()
    for row in rows:
        _line, outcome = writes.upsert(
            OccupationField,
            {"occupation": row["occupation"], "field": row["field"]},
            {
                "occupation_name": row["occupation_name"],
                "weight": Decimal(str(row.get("weight", 1))).quantize(Decimal("0.001")),
            },
            actor=actor,
        )
        summary.count(outcome)
    return summary


@writes.service
def remove_crosswalk_line(line: OccupationField, *, actor: Actor) -> None:
    writes.delete(line, actor=actor)
