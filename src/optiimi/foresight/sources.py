"""Turn what the readers give (JSON-stat/PX cubes, CSV rows) into observation rows.

A row is one cell: indicator code, StatFin area code, TOL industry, period, the other
dimensions as a key (`Sukupuoli=1;Ikä=20-24`), value and status. Status symbols follow
Statistics Finland: `..` is suppressed (confidential or too uncertain), `.`/`...` are missing,
`-` is a true zero, `*`/`p` mark preliminary figures.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from optiimi.core.formats import FormatError, InvalidRows
from optiimi.core.formats.jsonstat import Cube, Dimension, read_jsonstat
from optiimi.core.formats.px import read_px
from optiimi.core.formats.tables import table_rows
from optiimi.foresight.models import WHOLE_COUNTRY, Status

AREA = re.compile(r"^(SSS|KU\d{3}|SK\d{3}|MK\d{2})$")
SUPPRESSED = {"..", "c", "C", "x"}
MISSING = {".", "...", "....", ".....", "......", ":", "m"}
PRELIMINARY = {"*", "p", "P", "e"}
TIME_NAMES = {
    "vuosi",
    "year",
    "år",
    "kuukausi",
    "month",
    "månad",
    "neljännes",
    "quarter",
    "vuosineljännes",
    "kvartal",
}
INDUSTRY_PREFIXES = ("toimiala", "industry", "näringsgren", "tol")


@dataclass
class IndicatorMeta:
    code: str
    name_fi: str
    name_en: str = ""
    unit: str = ""
    source: str = ""
    table_id: str = ""
    source_updated: str = ""
    dimensions: list[dict[str, str]] = field(default_factory=list)
    decimals: int | None = None


@dataclass(frozen=True)
class Row:
    indicator: str
    area: str
    industry: str
    period: str
    key: str
    value: float | None
    status: str
    place: str


def status_of(symbol: str | None, value: float | None) -> tuple[float | None, str]:
    """Map a source's status symbol to ours; suppressed and missing cells never keep a value."""
    symbol = (symbol or "").strip()
    if symbol in SUPPRESSED:
        return None, Status.SUPPRESSED
    if symbol in MISSING or (value is None and symbol not in PRELIMINARY):
        return None, Status.MISSING
    if symbol == "-":
        return 0.0, Status.OK
    if symbol in PRELIMINARY:
        return value, Status.PRELIMINARY if value is not None else Status.MISSING
    return value, Status.OK


def normalise_period(text: str) -> str | None:
    """`2024`, `2024Q1`, `2024M03`/`2024-03` → `2024`, `2024Q1`, `2024-03`; None if unknown."""
    text = text.strip()
    if re.fullmatch(r"\d{4}", text):
        return text
    m = re.fullmatch(r"(\d{4})\s*[Qq]([1-4])", text)
    if m:
        return f"{m.group(1)}Q{m.group(2)}"
    m = re.fullmatch(r"(\d{4})(?:M|-)(\d{2})", text)
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{m.group(1)}-{m.group(2)}"
    return None


def frequency_of(period: str) -> str:
    return "Q" if "Q" in period else "M" if "-" in period else "A"


def short_table(table_id: str) -> str:
    """`statfin_vaerak_pxt_11rc` → `vaerak_11rc`: the stem our indicator codes start with."""
    stem = table_id.removesuffix(".px")
    stem = stem.removeprefix("statfin_")
    return stem.replace("_pxt_", "_")


AREA_NAMES = ("alue", "area", "region", "maakunta", "seutukunta", "kunta", "kommun", "landskap")


def _looks_like(dim: Dimension, role: str) -> int:
    """How well an undeclared dimension's name or codes fit a role: 0 not at all, 2 by name."""
    name = dim.code.lower()
    if role == "time":
        return 2 if name in TIME_NAMES else 0
    if role == "geo":
        if name.startswith(AREA_NAMES):
            return 2
        # Codes alone only count when some are regions: a dimension whose one category is the
        # total code SSS (e.g. `julkisyhteisotyyppi = SSS`) is a total, not an area.
        codes = dim.categories
        return 1 if all(AREA.match(c) for c in codes) and set(codes) != {"SSS"} else 0
    return 0


def _dimension_for(dims: list[Dimension], role: str, taken: set[int]) -> int | None:
    """The dimension in `role`: the one the dataset declares (role.time/geo/metric) wins over
    any name or code heuristic, which only looks at dimensions that declare no role."""
    declared = [i for i, d in enumerate(dims) if d.role == role and i not in taken]
    if declared:
        return declared[0]
    if role == "metric":
        return None
    scored = [
        (_looks_like(d, role), i) for i, d in enumerate(dims) if not d.role and i not in taken
    ]
    best = max((score for score, _ in scored), default=0)
    return next((i for score, i in scored if score == best), None) if best else None


def table_from_name(name: str) -> str:
    """A file's name as a table id: `statfin_vaerak_pxt_11rc.json` → `statfin_vaerak_pxt_11rc`."""
    stem = Path(name).name.split(".", 1)[0]
    return re.sub(r"[^0-9a-z_]+", "_", stem.lower()).strip("_")


def cube_cells(
    cube: Cube, *, table: str = "", name: str = "", notes: list[str] | None = None
) -> tuple[list[IndicatorMeta], pl.DataFrame]:
    """The indicators a cube holds (one per category of its metric dimension) and its cells.

    The cells are built column by column (category codes gathered by their position in the
    row-major order), not cell by cell: a national table has millions of them.
    """
    if table:
        origin = "--table"
    elif cube.table_id:
        table, origin = cube.table_id, cube.table_id_from or "the file"
    elif name and table_from_name(name):
        table, origin = table_from_name(name), "the file name"
    stem = short_table(table)
    if not stem:
        raise FormatError(
            "the table has no id (no extension.px.tableid, href or file name): "
            "give one with --table",
            "extension.px.tableid",
        )
    if notes is not None:
        notes.append(f"table id {table!r} taken from {origin}")
    dims = cube.dimensions
    time = _dimension_for(dims, "time", set())
    if time is None:
        raise FormatError("no time dimension (role.time) found", "role")
    geo = _dimension_for(dims, "geo", {time})
    metric = _dimension_for(dims, "metric", {time} if geo is None else {time, geo})
    industry = next(
        (
            i
            for i, d in enumerate(dims)
            if i not in (time, geo, metric) and d.code.lower().startswith(INDUSTRY_PREFIXES)
        ),
        None,
    )
    rest = [i for i in range(len(dims)) if i not in (time, geo, metric, industry)]
    extra = [{"code": dims[i].code, "label": dims[i].label} for i in rest]
    metas: dict[str, IndicatorMeta] = {}
    metric_codes = dims[metric].categories if metric is not None else [""]
    for code in metric_codes:
        full = f"{stem}.{code}" if code else stem
        label = dims[metric].labels.get(code, code) if metric is not None else cube.label
        unit = dims[metric].units.get(code, "") if metric is not None else ""
        decimals = dims[metric].decimals.get(code) if metric is not None else None
        metas[code] = IndicatorMeta(
            code=full,
            name_fi=label or full,
            unit=unit,
            decimals=decimals,
            source=cube.source,
            table_id=table,
            source_updated=cube.updated,
            dimensions=extra,
        )
    periods = {c: normalise_period(c) for c in dims[time].categories}
    bad = [c for c, p in periods.items() if p is None]
    if bad:
        raise FormatError(
            f"period {bad[0]!r} is not a year, quarter or month", f"dimension {dims[time].code}"
        )
    if geo is not None:
        wrong = [c for c in dims[geo].categories if not AREA.match(c)]
        if wrong:
            raise FormatError(
                f"area code {wrong[0]!r} is not a StatFin area code (KU179, SK131, MK13, SSS)",
                f"dimension {dims[geo].code}",
            )

    n = len(cube.values)
    position = np.arange(n, dtype=np.int64)
    index: dict[int, pl.Series] = {}
    stride = 1
    for i in range(len(dims) - 1, -1, -1):
        index[i] = pl.Series((position // stride) % len(dims[i].categories), dtype=pl.UInt32)
        stride *= len(dims[i].categories)

    def pick(i: int | None, labels: list[str], default: str) -> pl.Series:
        if i is None:
            return pl.repeat(default, n, dtype=pl.String, eager=True)
        return pl.Series(labels, dtype=pl.String).gather(index[i])

    frame = pl.DataFrame(
        {
            "indicator": pick(
                metric, [metas[c].code for c in metric_codes], metas[metric_codes[0]].code
            ),
            "area": pick(geo, dims[geo].categories if geo is not None else [], WHOLE_COUNTRY),
            "industry": pick(
                industry, dims[industry].categories if industry is not None else [], ""
            ),
            "period": pick(time, [periods[c] or "" for c in dims[time].categories], ""),
            "value": pl.Series(cube.values, dtype=pl.Float64),
            "symbol": _symbols(cube),
            "position": position,
        }
    )
    keys = [
        pick(i, [f"{dims[i].code}={c}" for c in dims[i].categories], "").alias(f"_key{i}")
        for i in rest
    ]
    frame = frame.with_columns(
        (pl.concat_str(keys, separator=";") if keys else pl.lit("")).alias("key"),
        pl.format("cell {}", "position").alias("place"),
    )
    return list(metas.values()), with_statuses(frame)


def _symbols(cube: Cube) -> pl.Series:
    try:
        return pl.Series(cube.statuses, dtype=pl.String, strict=True)
    except TypeError:
        pos = next(i for i, s in enumerate(cube.statuses) if not isinstance(s, str | None))
        raise FormatError(
            f"status {cube.statuses[pos]!r} is not a text symbol", cube.place(pos)
        ) from None


def with_statuses(frame: pl.DataFrame) -> pl.DataFrame:
    """`status_of` for a whole frame: its `symbol` column becomes our `status` column."""
    symbol = pl.col("symbol").fill_null("").str.strip_chars()
    value = pl.col("value")
    status = (
        pl.when(symbol.is_in(list(SUPPRESSED)))
        .then(pl.lit(Status.SUPPRESSED.value))
        .when(symbol.is_in(list(MISSING)) | (value.is_null() & ~symbol.is_in(list(PRELIMINARY))))
        .then(pl.lit(Status.MISSING.value))
        .when(symbol == "-")
        .then(pl.lit(Status.OK.value))
        .when(symbol.is_in(list(PRELIMINARY)) & value.is_not_null())
        .then(pl.lit(Status.PRELIMINARY.value))
        .when(symbol.is_in(list(PRELIMINARY)))
        .then(pl.lit(Status.MISSING.value))
        .otherwise(pl.lit(Status.OK.value))
    )
    return (
        frame.with_columns(status.alias("status"))
        .with_columns(
            pl.when(pl.col("status").is_in([Status.MISSING.value, Status.SUPPRESSED.value]))
            .then(None)
            .when(symbol == "-")
            .then(0.0)
            .otherwise(value)
            .alias("value")
        )
        .select(CELLS)
    )


CELLS = ["indicator", "area", "industry", "period", "key", "value", "status", "place"]
CELL_SCHEMA = {
    "indicator": pl.String,
    "area": pl.String,
    "industry": pl.String,
    "period": pl.String,
    "key": pl.String,
    "value": pl.Float64,
    "status": pl.String,
    "place": pl.String,
}


def rows_frame(rows: Iterable[Row]) -> pl.DataFrame:
    """Rows (CSV lines, the demo's figures) as the same frame of cells a cube gives."""
    data = [
        (r.indicator, r.area, r.industry, r.period, r.key, r.value, r.status, r.place) for r in rows
    ]
    return pl.DataFrame(data, schema=CELL_SCHEMA, orient="row")


CSV_REQUIRED = {"indicator", "area", "period", "value"}
CSV_OPTIONAL = {"status", "industry", "unit", "name_fi", "name_en", "source"}


def _number(text: str) -> float:
    text = text.replace("\u00a0", "").replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    return float(text)


def csv_rows(
    source: Path | str | bytes, *, notes: list[str] | None = None, name: str = "data.csv"
) -> tuple[list[IndicatorMeta], list[Row]]:
    """Read the documented long format from CSV, or from a workbook's first sheet when `name`
    ends in .xlsx; collect every bad line before failing."""
    if isinstance(source, Path):
        name, source = source.name, source.read_bytes()
    content = source.encode("utf-8") if isinstance(source, str) else source
    metas: dict[str, IndicatorMeta] = {}
    rows: list[Row] = []
    errors: list[FormatError] = []
    for line, rec in table_rows(content, name, CSV_REQUIRED, notes=notes):
        place = f"line {line}"
        code = rec["indicator"]
        if not code:
            errors.append(FormatError("indicator is empty", place))
            continue
        if code not in metas:
            metas[code] = IndicatorMeta(
                code=code,
                name_fi=rec.get("name_fi") or code,
                name_en=rec.get("name_en", ""),
                unit=rec.get("unit", ""),
                source=rec.get("source", ""),
            )
        area = rec["area"].upper() or WHOLE_COUNTRY
        if not AREA.match(area):
            errors.append(
                FormatError(
                    f"area {rec['area']!r} is not a StatFin area code (KU179, SK131, MK13, SSS)",
                    place,
                )
            )
            continue
        period = normalise_period(rec["period"])
        if period is None:
            errors.append(
                FormatError(f"period {rec['period']!r} is not a year, quarter or month", place)
            )
            continue
        raw, symbol = rec["value"], rec.get("status", "")
        value: float | None = None
        if raw in SUPPRESSED | MISSING | {"-"}:
            symbol = symbol or raw
        elif raw:
            try:
                value = _number(raw)
            except ValueError:
                errors.append(FormatError(f"value {raw!r} is not a number", place))
                continue
        if symbol in Status.values:
            status = symbol
            if status in (Status.MISSING, Status.SUPPRESSED):
                value = None
            elif value is None:
                status = Status.MISSING
        else:
            value, status = status_of(symbol, value)
        extra = sorted(k for k in rec if k not in CSV_REQUIRED | CSV_OPTIONAL and rec[k])
        key = ";".join(f"{k}={rec[k]}" for k in extra)
        rows.append(Row(code, area, rec.get("industry", ""), period, key, value, status, place))
    if errors:
        raise InvalidRows(errors)
    return list(metas.values()), rows


def read_file(
    path: Path, *, table: str = "", language: str | None = None, notes: list[str] | None = None
) -> tuple[str, list[IndicatorMeta], pl.DataFrame, int]:
    """Pick the reader by the file's suffix: (format, indicators, cells, number of cells).

    What the reader had to decide or suspects (where the table id came from, a file that may
    be cut short) is appended to `notes`, for the import's summary."""
    data = path.read_bytes()
    return read_bytes(data, path.name, table=table, language=language, notes=notes)


def read_bytes(
    data: bytes,
    name: str,
    *,
    table: str = "",
    language: str | None = None,
    notes: list[str] | None = None,
) -> tuple[str, list[IndicatorMeta], pl.DataFrame, int]:
    suffix = Path(name).suffix.lower()
    if suffix == ".px":
        metas, cells = cube_cells(read_px(data, language), table=table, name=name, notes=notes)
        return "px", metas, cells, cells.height
    if suffix == ".json":
        metas, cells = cube_cells(read_jsonstat(data), table=table, name=name, notes=notes)
        return "json-stat", metas, cells, cells.height
    if suffix in (".csv", ".txt", ".xlsx"):
        metas, rows = csv_rows(data, notes=notes, name=name)
        cells = rows_frame(rows)
        return "xlsx" if suffix == ".xlsx" else "csv", metas, cells, cells.height
    raise FormatError(
        f"unknown file type {suffix!r}: use .json (JSON-stat 2.0), .px, .csv or .xlsx"
    )
