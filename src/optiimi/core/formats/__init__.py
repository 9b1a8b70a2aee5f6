"""Readers of external formats: bytes in, plain rows out, one error type naming the place."""

from __future__ import annotations

from dataclasses import dataclass


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
