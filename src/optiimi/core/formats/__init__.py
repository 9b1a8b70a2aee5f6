"""Readers of external formats: bytes in, plain rows out, one error type naming the place."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass
class FormatError(Exception):
    """Bad input, with the place in the file (line, row, feature, field) it was found at."""

    message: str
    place: str = ""

    def __str__(self) -> str:
        return f"{self.place}: {self.message}" if self.place else self.message


class InvalidRows(FormatError):
    """Several bad rows at once, so that a user can mend a file in one go."""

    def __init__(self, errors: list[FormatError]) -> None:
        self.errors = errors
        shown = "; ".join(str(e) for e in errors[:10])
        more = f" (and {len(errors) - 10} more)" if len(errors) > 10 else ""
        super().__init__(f"{len(errors)} bad row(s): {shown}{more}")

    def __str__(self) -> str:
        return self.message


def parse_json(text: str | bytes, place: str = "") -> Any:
    """`json.loads`, failing with a FormatError that names the line and column, and says when
    the document simply stops (a file cut short) rather than being malformed."""
    try:
        return json.loads(text)
    except UnicodeDecodeError as exc:
        raise FormatError(f"not JSON: {exc.reason}", place) from None
    except json.JSONDecodeError as exc:
        where = f"{place + ' ' if place else ''}line {exc.lineno}, column {exc.colno}"
        if exc.pos >= len(exc.doc.rstrip()) or exc.msg.startswith("Unterminated string"):
            raise FormatError(
                "the JSON ends before it is complete: the file may be cut short", where
            ) from None
        raise FormatError(f"not JSON: {exc.msg}", where) from None
