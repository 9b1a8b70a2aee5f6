"""Every write of the collaboration capability: rebuilding the tie ledger from the registered
sources (`core.ties`) and importing ties that happened outside the platform."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from optiimi.collaboration.models import ImportedTie, Ledger, Tie
from optiimi.core import ties, writes, ytunnus
from optiimi.core.formats import FormatError, InvalidRows
from optiimi.core.formats.tables import parse_number
from optiimi.core.writes import Actor, ImportSummary
from optiimi.network.models import Organisation

IMPORTED = "collaboration.import"
BATCH = 5000


def _ledger() -> Ledger:
    ledger = Ledger.objects.order_by("pk").first()
    return ledger if ledger is not None else Ledger.objects.create(stale=True)


def mark_stale(code: str = "") -> None:
    """A followed record changed: the ledger is rebuilt before it is next read. Runs in the
    writer's transaction, so a write that rolls back leaves the ledger as it was."""
    # Only a fresh ledger's row is written (and, on PostgreSQL, locked until the writer
    # commits): once stale, further writes leave it alone, so writers do not queue on it.
    if not Ledger.objects.filter(stale=False).update(stale=True) and not Ledger.objects.exists():
        Ledger.objects.create(stale=True)


def derived_ties() -> Iterable[ties.Tie]:
    """Every tie of every registered source and every imported tie, each pair ordered."""
    for source in ties.sources():
        yield from source.ties()
    for pk, a, b, year, kind, weight in ImportedTie.objects.values_list(
        "pk", "organisation_a_id", "organisation_b_id", "year", "kind", "weight"
    ):
        yield ties.Tie(a, b, year, kind, weight, IMPORTED, pk)


def rebuild_ledger(*, actor: Actor) -> int:
    """Replace the ledger's ties with those its sources give now; returns how many.

    The ledger is derived data (no history): its rows are replaced wholesale in one
    transaction, so a reader sees the old ledger or the new one."""
    if not (isinstance(actor, writes.System) or hasattr(actor, "is_authenticated")):
        raise TypeError(f"actor must be a user or a System(...) actor, not {actor!r}")
    # Not `writes.acting`: the ledger's rows are untracked derived data, and a page may read
    # (and so rebuild) inside a caller's transaction.
    with transaction.atomic():
        ledger = Ledger.objects.select_for_update().order_by("pk").first() or _ledger()
        Tie.objects.all().delete()
        # Plain parameterised inserts: no model instance per tie (the ledger may hold hundreds
        # of thousands).
        columns = "organisation_a_id, organisation_b_id, year, kind, weight, source, record_id"
        sql = f"INSERT INTO {Tie._meta.db_table} ({columns}) VALUES (%s, %s, %s, %s, %s, %s, %s)"  # noqa: S608
        batch: list[tuple] = []
        count = 0
        with connection.cursor() as cursor:
            for t in derived_ties():
                if t.a == t.b:
                    continue
                a, b = (t.a, t.b) if t.a < t.b else (t.b, t.a)
                batch.append((a, b, t.year, t.kind, t.weight, t.source, t.record))
                if len(batch) >= BATCH:
                    cursor.executemany(sql, batch)
                    count += len(batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
                count += len(batch)
        Ledger.objects.filter(pk=ledger.pk).update(
            stale=False, version=ledger.version + 1, built=timezone.now(), ties=count
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE collaboration_tie")
    return count


def ensure_current() -> Ledger:
    """The ledger, rebuilt first when a followed record changed since it was built."""
    ledger = _ledger()
    if ledger.stale:
        rebuild_ledger(actor=writes.System("tie ledger"))
        ledger.refresh_from_db()
    return ledger


# Import ---------------------------------------------------------------------------------------

KINDS = set(ties.KINDS)


class OrganisationIndex:
    """Organisations by name, short name or Y-tunnus (case-insensitive), loaded once."""

    def __init__(self) -> None:
        self.by_key: dict[str, set[int]] = {}
        for pk, name, short, business_id in Organisation.objects.values_list(
            "pk", "name", "short_name", "business_id"
        ):
            for key in (name, short, business_id):
                if key:
                    self.by_key.setdefault(key.strip().casefold(), set()).add(pk)

    def resolve(self, text: str, column: str) -> int:
        key = text.strip()
        if not key:
            raise ValueError(f"{column} is empty")
        with contextlib.suppress(ytunnus.InvalidBusinessId):  # a name, not a Y-tunnus
            key = ytunnus.normalise(key)
        found = self.by_key.get(key.casefold(), set())
        if not found:
            raise ValueError(f"{column}: no organisation named {text.strip()!r}")
        if len(found) > 1:
            raise ValueError(
                f"{column}: {text.strip()!r} names {len(found)} organisations; use the Y-tunnus"
            )
        return next(iter(found))


def _row(rec: dict[str, str], index: OrganisationIndex) -> tuple[int, int, int, str, float]:
    a = index.resolve(rec.get("organisation_a", ""), "organisation_a")
    b = index.resolve(rec.get("organisation_b", ""), "organisation_b")
    if a == b:
        raise ValueError("organisation_a and organisation_b are the same organisation")
    text = rec.get("year", "").strip()
    if not text.isdigit() or not 1900 <= int(text) <= 2100:
        raise ValueError(f"year {text!r} is not a year")
    kind = rec.get("kind", "").strip().lower()
    if kind not in KINDS:
        raise ValueError(f"kind {kind!r} is not one of {', '.join(ties.KINDS)}")
    weight = 1.0
    if rec.get("weight", "").strip():
        weight = parse_number(rec["weight"])
        if weight <= 0:
            raise ValueError(f"weight {rec['weight']!r} is not above zero")
    return min(a, b), max(a, b), int(text), kind, weight


@writes.service
def import_ties(rows: Iterable[tuple[int, dict[str, str]]], *, actor: Actor) -> ImportSummary:
    """Upsert imported ties keyed by the pair, year and kind; all rows or none, every bad row
    named. The same file imported again reports nothing changed."""
    summary, errors = ImportSummary(), []
    index = OrganisationIndex()
    seen: dict[tuple[int, int, int, str], int] = {}
    parsed: list[tuple[int, tuple[int, int, int, str, float]]] = []
    for line, rec in rows:
        try:
            row = _row(rec, index)
        except ValueError as exc:
            errors.append(FormatError(str(exc), f"line {line}"))
            continue
        key = row[:4]
        if key in seen:
            errors.append(
                FormatError(
                    f"the same tie as line {seen[key]} (pair, year and kind)", f"line {line}"
                )
            )
            continue
        seen[key] = line
        parsed.append((line, row))
    if errors:
        raise InvalidRows(errors)
    for _line, (a, b, year, kind, weight) in parsed:
        _tie, outcome = writes.upsert(
            ImportedTie,
            {"organisation_a_id": a, "organisation_b_id": b, "year": year, "kind": kind},
            {"weight": weight},
            actor=actor,
            validate=False,
        )
        summary.count(outcome)
    if summary.new or summary.changed:
        mark_stale(IMPORTED)
    return summary


@writes.service
def remove_imported_ties(*, actor: Actor, year: int | None = None) -> int:
    """Delete imported ties (of one year, or all); returns how many."""
    rows = ImportedTie.objects.filter(Q(year=year) if year is not None else Q())
    count = 0
    for tie in rows:
        writes.delete(tie, actor=actor)
        count += 1
    if count:
        mark_stale(IMPORTED)
    return count
