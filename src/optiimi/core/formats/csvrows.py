"""CSV reading shared by the importers: encoding, dialect and required columns checked once."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from optiimi.core.formats import FormatError


def read_text(source: Path | str | bytes) -> str:
    """Decode a file or bytes as text: UTF-16 with its byte-order mark (Excel's "Unicode text"),
    else UTF-8 (with or without BOM), falling back to Windows-1252. A workbook, a binary file
    or text with NUL characters is refused with a FormatError saying what it seems to be."""
    raw = Path(source).read_bytes() if isinstance(source, Path | str) else source
    if raw.startswith(b"PK\x03\x04"):
        raise FormatError("this is an XLSX workbook or other ZIP file, not CSV text")
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise FormatError("this is an old Excel (.xls) workbook: save it as .xlsx or CSV")
    try:
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = raw.decode("utf-16")
        else:
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise FormatError(
            f"not text: byte 0x{raw[exc.start]:02x} at position {exc.start} is not "
            "UTF-8, UTF-16 or Windows-1252"
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise FormatError("a NUL character: this is not a text (CSV) file", f"line {line}")
    return text


def dict_rows(
    source: Path | str | bytes, required: set[str], *, notes: list[str] | None = None
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) with stripped values; raise FormatError for missing columns.

    A file cut short is refused: a quoted value left open, a last row with fewer values than
    the header. A complete last row without a line end is read, but a warning naming its values
    is appended to `notes` (the file may still have been cut just after a separator or digit).
    """
    text = read_text(source)
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect, strict=True)
    try:
        header = [h.strip() for h in (reader.fieldnames or [])]
    except csv.Error as exc:
        raise _csv_error(exc, 1) from None
    missing = required - set(header)
    if missing:
        raise FormatError(
            f"missing column(s) {', '.join(sorted(missing))}; found {', '.join(header) or 'none'}",
            "line 1",
        )
    reader.fieldnames = header
    last: tuple[int, dict[str, str]] | None = None
    last_short = 0
    rows = iter(reader)
    while True:
        start = reader.line_num + 1
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as exc:
            raise _csv_error(exc, start) from None
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        if None in row:
            raise FormatError("more values than columns", f"line {reader.line_num}")
        if last is not None:
            yield last
        # A short row is only known to be a cut once it turns out to be the last one.
        last_short = sum(1 for v in row.values() if v is None)
        last = reader.line_num, {k: (v or "").strip() for k, v in row.items()}
    if last is None:
        return
    line, values = last
    if last_short:
        raise FormatError(
            f"the last row has {len(header) - last_short} of {len(header)} values: "
            "the file may be cut short",
            f"line {line}",
        )
    if not text.endswith(("\n", "\r")) and notes is not None:
        shown = ", ".join(f"{k}={v}" for k, v in values.items() if v)
        notes.append(
            f"the file does not end with a line break and may be cut short: "
            f"check its last row (line {line}: {shown})"
        )
    yield last


def _csv_error(exc: csv.Error, line: int) -> FormatError:
    text = str(exc)
    if "unexpected end of data" in text:
        return FormatError(
            "a quoted value is not closed before the file ends: the file may be cut short",
            f"line {line}",
        )
    if "field larger than field limit" in text:
        return FormatError("a value is longer than 131,072 characters", f"line {line}")
    return FormatError(f"not readable as CSV ({text})", f"line {line}")
