"""Bulk reads and writes of observations for the importer, below the ORM.

A national table has a million cells: the ORM's objects and `bulk_create` cost minutes, so the
importer reads the stored cells into a polars frame and writes new and changed ones with the
database's own bulk path, inside the caller's transaction: `COPY` on PostgreSQL, `executemany`
on SQLite. Changed cells are updated and their old value and status are kept as
`ObservationChange` rows. The SQL is built only from the models' table and column names and
integers; the cells travel as parameters or as COPY data.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Any

import polars as pl

from optiimi.foresight.models import Observation, ObservationChange

CHUNK = 100_000
CACHE_KIB = 256 * 1024  # SQLite's page cache for a big import (allocated as used)
Progress = Callable[[int], None] | None

EXISTING_SCHEMA = {
    "id": pl.Int64,
    "ident": pl.String,
    "old_value": pl.Float64,
    "old_status": pl.String,
}
NEW_COLUMNS = ["indicator_id", "area", "region_id", "industry", "period", "key", "value", "status"]
CHANGE_COLUMNS = ["id", "old_value", "old_status", "value", "status"]
IDENT = ["indicator_id", "area", "industry", "period", "key"]
SEPARATOR = "\x1f"  # the unit separator: in no code, period or key


def ident(indicator_id: pl.Expr) -> pl.Expr:
    """A cell's identity as one text, as `Writer._select_existing` builds it in SQL."""
    return pl.concat_str(
        [indicator_id, *(pl.col(c) for c in IDENT[1:])], separator=SEPARATOR
    ).alias("ident")


def _columns(model: Any, names: list[str]) -> list[str]:
    return [model._meta.get_field(n.removesuffix("_id")).column for n in names]


class Writer:
    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.quote = connection.ops.quote_name
        self.observations_table = self.quote(Observation._meta.db_table)
        self.changes_table = self.quote(ObservationChange._meta.db_table)

    def _ident_sql(self, columns: list[str]) -> str:
        raise NotImplementedError

    def _select_existing(self, indicator_ids: list[int]) -> str:
        ident = self._ident_sql([self.quote(c) for c in _columns(Observation, IDENT)])
        ids = ", ".join(str(int(i)) for i in indicator_ids)
        indicator = self.quote(Observation._meta.get_field("indicator").column)
        table = self.observations_table
        return (
            f"SELECT id, {ident}, value, status FROM {table} "  # noqa: S608
            f"WHERE {indicator} IN ({ids})"
        )

    def observations(self, indicator_ids: list[int], expected: int) -> pl.DataFrame:
        """The stored cells of these indicators (about `expected` of them): id, ident,
        old_value, old_status."""
        raise NotImplementedError

    def insert_observations(self, new: pl.DataFrame, run: int, progress: Progress) -> None:
        raise NotImplementedError

    def update_observations(self, changed: pl.DataFrame, run: int, progress: Progress) -> None:
        raise NotImplementedError


def _index_order(frame: pl.DataFrame) -> pl.DataFrame:
    """Grouped by indicator, so that the unique index (indicator first) fills page after page
    instead of at a hundred places at once; a cube's cells are already in order within it."""
    return frame.sort("indicator_id", maintain_order=True)


def _tuples(frame: pl.DataFrame) -> Iterator[tuple[Any, ...]]:
    """Rows as tuples, column by column (much cheaper than `iter_rows`)."""
    return zip(*(frame.get_column(c).to_list() for c in frame.columns), strict=True)


class SQLiteWriter(Writer):
    """`executemany` on the raw sqlite3 connection, in the transaction Django opened."""

    def _ident_sql(self, columns: list[str]) -> str:
        return " || char(31) || ".join(columns)

    def observations(self, indicator_ids: list[int], expected: int) -> pl.DataFrame:
        if not indicator_ids:
            return pl.DataFrame(schema=EXISTING_SCHEMA)
        cursor = self.connection.connection.cursor()
        sql = self._select_existing(indicator_ids)
        # reading most of the table is quicker in table order than through the index
        span = f"SELECT min(id), max(id) FROM {self.observations_table}"  # noqa: S608
        low, high = cursor.execute(span).fetchone()
        if low is not None and expected * 2 > high - low:
            sql = sql.replace(" WHERE ", " NOT INDEXED WHERE ", 1)
        rows = cursor.execute(sql).fetchall()
        if not rows:
            return pl.DataFrame(schema=EXISTING_SCHEMA)
        return pl.DataFrame(rows, schema=EXISTING_SCHEMA, orient="row")

    def _many(self, sql: str, frame: pl.DataFrame, progress: Progress) -> None:
        cursor = self.connection.connection.cursor()
        (cache,) = cursor.execute("PRAGMA cache_size").fetchone()
        if frame.height > CHUNK:  # a big write touches many index pages: keep them in memory
            cursor.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        try:
            for start in range(0, frame.height, CHUNK):
                part = frame.slice(start, CHUNK)
                cursor.executemany(sql, _tuples(part))
                if progress:
                    progress(part.height)
        finally:
            cursor.execute(f"PRAGMA cache_size = {int(cache)}")

    def insert_observations(self, new: pl.DataFrame, run: int, progress: Progress) -> None:
        # the import is the same for every row: written into the statement, not bound per row
        cols = ", ".join(
            self.quote(c) for c in [*_columns(Observation, NEW_COLUMNS), "import_run_id"]
        )
        values = ", ".join("?" * len(NEW_COLUMNS))
        sql = f"INSERT INTO {self.observations_table} ({cols}) VALUES ({values}, {int(run)})"  # noqa: S608
        self._many(sql, _index_order(new).select(NEW_COLUMNS), progress)

    def update_observations(self, changed: pl.DataFrame, run: int, progress: Progress) -> None:
        if changed.is_empty():
            return
        self._many(
            f"INSERT INTO {self.changes_table} (observation_id, old_value, old_status, "  # noqa: S608
            f"new_value, new_status, import_run_id) VALUES (?, ?, ?, ?, ?, {int(run)})",
            changed.select(CHANGE_COLUMNS),
            None,
        )
        self._many(
            f"UPDATE {self.observations_table} SET value = ?, status = ?, "  # noqa: S608
            f"import_run_id = {int(run)} WHERE id = ?",
            changed.select("value", "status", "id"),
            progress,
        )


class PostgreSQLWriter(Writer):
    """psycopg's `COPY` (CSV written by polars) on Django's connection, in its transaction."""

    def _cursor(self) -> Any:
        return self.connection.connection.cursor()

    def _ident_sql(self, columns: list[str]) -> str:
        return f"concat_ws(chr(31), {', '.join(columns)})"

    def observations(self, indicator_ids: list[int], expected: int) -> pl.DataFrame:
        if not indicator_ids:
            return pl.DataFrame(schema=EXISTING_SCHEMA)
        buffer = io.BytesIO()
        with (
            self._cursor() as cursor,
            cursor.copy(
                f"COPY ({self._select_existing(indicator_ids)}) TO STDOUT (FORMAT csv)"
            ) as copy,
        ):
            for block in copy:
                buffer.write(block)
        if not buffer.tell():
            return pl.DataFrame(schema=EXISTING_SCHEMA)
        buffer.seek(0)
        # NULL is an unquoted empty field, an empty text a quoted one ("")
        return pl.read_csv(buffer, has_header=False, schema=EXISTING_SCHEMA)

    def _copy(
        self, table: str, columns: list[str], frame: pl.DataFrame, progress: Progress
    ) -> None:
        texts = [c for c, t in zip(columns, frame.dtypes, strict=True) if t == pl.String]
        options = "FORMAT csv, NULL '\\N'"
        if texts:
            options += f", FORCE_NOT_NULL ({', '.join(self.quote(c) for c in texts)})"
        sql = f"COPY {table} ({', '.join(self.quote(c) for c in columns)}) FROM STDIN ({options})"
        with self._cursor() as cursor, cursor.copy(sql) as copy:
            for start in range(0, frame.height, CHUNK):
                part = frame.slice(start, CHUNK)
                copy.write(part.write_csv(include_header=False, null_value="\\N").encode())
                if progress:
                    progress(part.height)

    def insert_observations(self, new: pl.DataFrame, run: int, progress: Progress) -> None:
        if new.is_empty():
            return
        self._copy(
            self.observations_table,
            [*_columns(Observation, NEW_COLUMNS), "import_run_id"],
            _index_order(new).select(
                *NEW_COLUMNS, pl.lit(run, dtype=pl.Int64).alias("import_run_id")
            ),
            progress,
        )

    def update_observations(self, changed: pl.DataFrame, run: int, progress: Progress) -> None:
        if changed.is_empty():
            return
        self._copy(
            self.changes_table,
            [
                "observation_id",
                "old_value",
                "old_status",
                "new_value",
                "new_status",
                "import_run_id",
            ],
            changed.select(*CHANGE_COLUMNS, pl.lit(run, dtype=pl.Int64).alias("run")),
            None,
        )
        with self._cursor() as cursor:
            cursor.execute(
                "CREATE TEMPORARY TABLE foresight_changed "
                "(id bigint PRIMARY KEY, value double precision, status varchar(12)) "
                "ON COMMIT DROP"
            )
        self._copy(
            "foresight_changed",
            ["id", "value", "status"],
            changed.select("id", "value", "status"),
            progress,
        )
        with self._cursor() as cursor:
            cursor.execute(
                f"UPDATE {self.observations_table} AS o SET value = c.value, status = c.status, "  # noqa: S608
                "import_run_id = %s FROM foresight_changed AS c WHERE o.id = c.id",
                [run],
            )
            cursor.execute("DROP TABLE foresight_changed")


def writer(connection: Any) -> Writer:
    if connection.vendor == "postgresql":
        return PostgreSQLWriter(connection)
    if connection.vendor == "sqlite":
        return SQLiteWriter(connection)
    raise NotImplementedError(f"no bulk import for {connection.vendor}")
