"""Every write of the collaboration capability: rebuilding the tie ledger from the registered
sources (`core.ties`) and importing ties that happened outside the platform."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from optiimi.collaboration import analytics
from optiimi.collaboration.models import ImportedTie, Ledger, Measure, StoredMap, Tie
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


def _key_of(t: ties.Tie) -> tuple[tuple, float] | None:
    if t.a == t.b:
        return None
    a, b = (t.a, t.b) if t.a < t.b else (t.b, t.a)
    return (a, b, t.year, t.kind, t.source, t.record), float(t.weight)


def _numbered(rows: Iterable[tuple[tuple, Any]]) -> dict[tuple, Any]:
    """Rows by their key, a second row of the same key numbered apart ((key, 1)) so that
    nothing is lost when a source gives one pair the same tie twice."""
    out: dict[tuple, Any] = {}
    for key, value in rows:
        if key in out:
            n = 1
            while (key, n) in out:
                n += 1
            key = (key, n)
        out[key] = value
    return out


def _unnumbered(key: tuple) -> tuple:
    return key[0] if len(key) == 2 and isinstance(key[0], tuple) else key


# Above this many new ties SQLite's ledger indexes are dropped for the insert and built again
# after it (building an index at once is faster than growing it row by row).
REINDEX_FROM = 20_000


def _insert(cursor: Any, table: str, new: list[tuple]) -> None:
    """Plain parameterised inserts: no model instance per tie (the ledger may hold hundreds of
    thousands)."""
    # SQLite only: PostgreSQL refuses to build an index on a table with deferred foreign-key
    # checks pending in the transaction, and grows its indexes fast enough.
    reindex = len(new) >= REINDEX_FROM and connection.vendor == "sqlite"
    fields = {f.name: str(f.column) for f in Tie._meta.concrete_fields}
    indexes = [(str(index.name), [fields[f] for f in index.fields]) for index in Tie._meta.indexes]
    q = connection.ops.quote_name
    if reindex:
        for name, _columns in indexes:
            cursor.execute(f"DROP INDEX {q(name)}")
    columns = "organisation_a_id, organisation_b_id, year, kind, source, record_id, weight"
    sql = f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s, %s, %s)"  # noqa: S608
    for start in range(0, len(new), BATCH):
        cursor.executemany(sql, new[start : start + BATCH])
    if reindex:
        for name, cols in indexes:
            cursor.execute(
                f"CREATE INDEX {q(name)} ON {q(table)} ({', '.join(q(c) for c in cols)})"
            )


def rebuild_ledger(*, actor: Actor, measure: bool = True) -> int:
    """Bring the ledger's ties to those its sources give now; returns how many.

    Set-based: the ledger's ties and the sources' are compared by key (pair, year, kind,
    source, record) in memory, and only the difference is written — ties gone are deleted,
    new ones inserted and a changed weight updated, each in bulk; a rebuild after a change
    of one record writes a handful of rows. The ledger is derived data (no history); it
    changes in one transaction, so a reader sees the old ledger or the new one. Then the
    measures of the latest year (the network map's default) are computed and stored, so no
    page computes them in a request (`measure=False` leaves them to the first read)."""
    if not (isinstance(actor, writes.System) or hasattr(actor, "is_authenticated")):
        raise TypeError(f"actor must be a user or a System(...) actor, not {actor!r}")
    table = Tie._meta.db_table
    # Not `writes.acting`: the ledger's rows are untracked derived data, and a page may read
    # (and so rebuild) inside a caller's transaction.
    with transaction.atomic():
        ledger = Ledger.objects.select_for_update().order_by("pk").first() or _ledger()
        wanted = _numbered(k for k in map(_key_of, derived_ties()) if k is not None)
        held = _numbered(
            ((a, b, year, kind, source, record), (pk, weight))
            for pk, a, b, year, kind, source, record, weight in Tie.objects.order_by(
                "pk"
            ).values_list(
                "pk",
                "organisation_a_id",
                "organisation_b_id",
                "year",
                "kind",
                "source",
                "record_id",
                "weight",
            )
        )
        gone = [pk for key, (pk, _w) in held.items() if key not in wanted]
        changed = [
            (wanted[key], pk)
            for key, (pk, weight) in held.items()
            if key in wanted and wanted[key] != weight
        ]
        new = [(*_unnumbered(key), weight) for key, weight in wanted.items() if key not in held]
        with connection.cursor() as cursor:
            if held and len(gone) == len(held):
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608
            else:
                for start in range(0, len(gone), 900):
                    chunk = gone[start : start + 900]
                    marks = ", ".join(["%s"] * len(chunk))
                    cursor.execute(f"DELETE FROM {table} WHERE id IN ({marks})", chunk)  # noqa: S608
            if changed:
                cursor.executemany(f"UPDATE {table} SET weight = %s WHERE id = %s", changed)  # noqa: S608
            _insert(cursor, table, new)
        # An unchanged ledger keeps its version and so its stored measures.
        version = ledger.version + 1 if gone or changed or new else ledger.version
        Ledger.objects.filter(pk=ledger.pk).update(
            stale=False, version=version, built=timezone.now(), ties=len(wanted)
        )
        Measure.objects.exclude(version=version).delete()
        StoredMap.objects.exclude(version=version).delete()
    if connection.vendor == "postgresql" and (gone or new):
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {table}")
    if measure:
        latest = Tie.objects.order_by("-year").values_list("year", flat=True).first()
        if latest is not None:
            store_measures(version, latest, "", _compute_measures(latest, ""), actor=actor)
            store_default_map(version, latest, actor=actor)
    return len(wanted)


def store_default_map(version: int, year: int, *, actor: Actor) -> None:
    """Keep the map page's default drawing of `year` (all kinds, the default number of ties):
    its strongest pairs, how many pairs the year has and their layout, so the page's first
    request after a rebuild reads them instead of summing the year's ties and laying them out.
    Another reader may have stored the same meanwhile: then its row stands."""
    from optiimi.collaboration import netmap, queries

    if not (isinstance(actor, writes.System) or hasattr(actor, "is_authenticated")):
        raise TypeError(f"actor must be a user or a System(...) actor, not {actor!r}")
    top = netmap.TOP_TIES
    if StoredMap.objects.filter(version=version, year=year, kind="", top=top).exists():
        return
    drawn = queries.compute_map(year, None, top)
    StoredMap.objects.bulk_create(
        [
            StoredMap(
                version=version,
                year=year,
                kind="",
                top=top,
                pair_count=drawn.pair_count,
                pairs=[list(row) for row in drawn.pairs.iter_rows()],
                positions={str(n): [x, y] for n, (x, y) in drawn.positions.items()},
            )
        ],
        ignore_conflicts=True,
    )


def _compute_measures(year: int, kind: str) -> dict[int, analytics.Measures]:
    from optiimi.collaboration import queries

    return queries.compute_measures(year, kind or None)


def store_measures(
    version: int, year: int, kind: str, measures: dict[int, analytics.Measures], *, actor: Actor
) -> None:
    """Keep a year's measures computed from the ledger of `version` (derived data, no history).
    Another reader may have stored the same meanwhile: then its rows stand."""
    if not (isinstance(actor, writes.System) or hasattr(actor, "is_authenticated")):
        raise TypeError(f"actor must be a user or a System(...) actor, not {actor!r}")
    if Measure.objects.filter(version=version, year=year, kind=kind).exists():
        return
    with transaction.atomic():
        Measure.objects.bulk_create(
            [
                Measure(
                    version=version,
                    year=year,
                    kind=kind,
                    organisation_id=org,
                    degree=m.degree,
                    weighted_degree=m.weighted_degree,
                    betweenness=m.betweenness,
                    constraint=m.constraint,
                    effective_size=m.effective_size,
                    **{role: m.roles.get(role, 0) for role in analytics.ROLES},
                )
                for org, m in measures.items()
            ],
            batch_size=BATCH,
            ignore_conflicts=True,
        )


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
def import_ties(
    rows: Iterable[tuple[int, dict[str, str]]], *, actor: Actor, synthetic: bool = False
) -> ImportSummary:
    """Upsert imported ties keyed by the pair, year and kind; all rows or none, every bad row
    named. The same file imported again reports nothing changed. `synthetic` marks the ties
    as made-up demo data."""
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
            {"weight": weight, "synthetic": synthetic},
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
