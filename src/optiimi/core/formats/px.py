"""PC-Axis (.px) files read into the same `Cube` as JSON-stat.

The header is `KEYWORD[lang]("variable")=value;` entries; the text is in the file's CODEPAGE
(Statistics Finland uses iso-8859-15). DATA holds the cells row-major over STUB then HEADING
variables. Dots and dashes in quotes are the PX missing-value markers.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from optiimi.core.formats import FormatError
from optiimi.core.formats.jsonstat import Cube, Dimension

# The default PX data symbols; "-" is Statistics Finland's "magnitude nil" (a true zero).
MISSING_MARKERS = {".", "..", "...", "....", ".....", "......", ":"}
_KEY = re.compile(r'^\s*([A-Z0-9-]+)(?:\[([a-z]{2})\])?(?:\("((?:[^"]|","|)*)"\))?\s*=', re.S)
_CODEPAGE = re.compile(rb'CODEPAGE\s*=\s*"([^"]+)"')


def _split_entries(header: str) -> list[tuple[int, str]]:
    """Split the header at semicolons outside quotes, keeping the line each entry starts on."""
    entries, start, in_quotes, line = [], 0, False, 1
    start_line = 1
    for i, ch in enumerate(header):
        if ch == '"':
            in_quotes = not in_quotes
        elif ch == "\n":
            line += 1
        elif ch == ";" and not in_quotes:
            entries.append((start_line, header[start:i]))
            start, start_line = i + 1, line
    return [(n, e) for n, e in entries if e.strip()]


def _strings(raw: str) -> list[str]:
    """The quoted strings of a value list; adjacent strings across a line break are joined."""
    raw = raw.strip()
    if raw.startswith("TLIST("):
        raw = raw[raw.index(")") + 1 :].lstrip(",")
    items = re.findall(r'"((?:[^"])*)"\s*(,|$|\r?\n)?', raw)
    out: list[str] = []
    joining = False
    for text, sep in items:
        if joining and out:
            out[-1] += text
        else:
            out.append(text)
        joining = sep not in (",",) and sep is not None and sep != "" and sep.strip() == ""
    return out


def read_px(source: Path | str | bytes, language: str | None = None) -> Cube:
    """Parse a PX file in `language` (default: the file's main LANGUAGE)."""
    raw = Path(source).read_bytes() if isinstance(source, Path | str) else source
    cut = raw.find(b"DATA=")
    if cut < 0:
        raise FormatError("no DATA= keyword")
    found = _CODEPAGE.search(raw[:cut])
    codepage = found.group(1).decode("ascii") if found else "iso-8859-15"
    try:
        header = raw[:cut].decode(codepage)
        data = raw[cut + 5 :].decode(codepage)
    except (LookupError, UnicodeDecodeError) as exc:
        raise FormatError(f"cannot decode as {codepage}: {exc}", "CODEPAGE") from None
    if header.startswith("\ufeff"):
        header = header[1:]
    keys: dict[tuple[str, str, str], str] = {}
    for line, entry in _split_entries(header):
        m = _KEY.match(entry)
        if not m:
            raise FormatError(f"cannot read entry {entry.strip()[:40]!r}", f"line {line}")
        keyword, lang, var = m.group(1), m.group(2) or "", m.group(3) or ""
        keys[(keyword, lang, var)] = entry[m.end() :].strip()
    main = (_strings(keys.get(("LANGUAGE", "", ""), '"fi"')) or ["fi"])[0]
    lang = "" if language in (None, main) else language
    if lang and ("STUB", lang, "") not in keys and ("HEADING", lang, "") not in keys:
        raise FormatError(f"language {language!r} not in the file", "LANGUAGES")
    if ("KEYS", "", "") in keys or any(k[0] == "KEYS" for k in keys):
        raise FormatError("sparse PX files (KEYS) are not supported", "KEYS")

    def names(keyword: str, in_lang: str) -> list[str]:
        return _strings(keys.get((keyword, in_lang, ""), ""))

    codes_main = names("STUB", "") + names("HEADING", "")
    codes_lang = (names("STUB", lang) + names("HEADING", lang)) if lang else codes_main
    if not codes_main:
        raise FormatError("no STUB or HEADING variables", "STUB")
    contvar = (_strings(keys.get(("CONTVARIABLE", "", ""), "")) or [""])[0]
    dimensions = []
    for var, var_lang in zip(codes_main, codes_lang, strict=True):
        labels = _strings(keys.get(("VALUES", lang, var_lang), ""))
        if not labels:
            raise FormatError("no VALUES", f'VALUES("{var_lang}")')
        codes = _strings(keys.get(("CODES", "", var), "")) or _strings(
            keys.get(("VALUES", "", var), "")
        )
        if len(codes) != len(labels):
            raise FormatError(f"{len(codes)} codes but {len(labels)} values", f'CODES("{var}")')
        role = "time" if ("TIMEVAL", "", var) in keys else "metric" if var == contvar else ""
        units = {}
        if role == "metric":
            main_values = _strings(keys.get(("VALUES", "", var), ""))
            for code, value in zip(codes, main_values, strict=True):
                unit = keys.get(("UNITS", lang, value)) or keys.get(("UNITS", "", value))
                units[code] = (_strings(unit) or [""])[0] if unit else ""
        dimensions.append(
            Dimension(
                code=var,
                label=var_lang,
                categories=codes,
                labels=dict(zip(codes, labels, strict=True)),
                role=role,
                units=units,
            )
        )
    total = math.prod(len(d.categories) for d in dimensions)
    tokens = re.findall(r'"[^"]*"|[^\s,;"]+', data.split(";", 1)[0])
    values: list[float | None] = []
    statuses: list[str | None] = []
    cube = Cube(dimensions, values, statuses)
    if len(tokens) != total:
        raise FormatError(f"{len(tokens)} values but the variables multiply to {total}", "DATA")
    for pos, token in enumerate(tokens):
        text = token.strip('"')
        if text in MISSING_MARKERS:
            values.append(None)
            statuses.append(text)
        elif text == "-":
            values.append(0.0)
            statuses.append(None)
        else:
            try:
                values.append(float(text))
            except ValueError:
                raise FormatError(f"{text!r} is not a number", cube.place(pos)) from None
            statuses.append(None)

    def first(keyword: str, var: str = "") -> str:
        entry = keys.get((keyword, lang, var)) or keys.get((keyword, "", var), "")
        return (_strings(entry) or [""])[0] if entry else ""

    cube.label = first("TITLE") or first("CONTENTS")
    cube.source = first("SOURCE")
    updated = [v for (k, _l, _v), v in keys.items() if k == "LAST-UPDATED" and not _l]
    cube.updated = (_strings(updated[0]) or [""])[0] if updated else ""
    cube.table_id = first("TABLEID") or first("MATRIX")
    cube.table_id_from = "TABLEID" if first("TABLEID") else "MATRIX" if cube.table_id else ""
    cube.language = language or main
    return cube
