"""CSV reading shared by the importers: encoding, dialect and required columns checked once."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from optiimi.core.formats import FormatError


def read_text(source: Path | str | bytes) -> str:
    """Decode a file or bytes as UTF-8 (with or without BOM), falling back to Windows-1252."""
    raw = Path(source).read_bytes() if isinstance(source, Path | str) else source
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


def dict_rows(
    source: Path | str | bytes, required: set[str]
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) with stripped values; raise FormatError for missing columns."""
    text = read_text(source)
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = required - set(header)
    if missing:
        raise FormatError(
            f"missing column(s) {', '.join(sorted(missing))}; found {', '.join(header) or 'none'}",
            "line 1",
        )
    reader.fieldnames = header
    for row in reader:
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        if None in row:
            raise FormatError("more values than columns", f"line {reader.line_num}")
        yield reader.line_num, {k: (v or "").strip() for k, v in row.items()}
