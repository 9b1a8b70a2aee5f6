"""The registry of ties: which records join two organisations, registered by the capability
that holds them.

A tie is a dated, typed, weighted link between two organisations, with the record it comes
from (a project, a consultation, an event). The capability that holds such records registers,
in its AppConfig.ready, a function yielding its ties, a function describing the records behind
them, and the models whose writes change them; the collaboration capability rebuilds its tie
ledger from whatever is registered, without importing the capabilities.

    ties.register(
        "projects.project", kind="project", name_fi="Sama hanke", name_en="Same project",
        ties=project_ties, records=project_records,
        follow=("projects.Project", "projects.Partner"),
    )

A source may say which new records of a followed model can change its ties
(`follow_new={"events.Registration": lambda r: r.attended}`): creating any other record of that
model leaves the ledger as it is. Changes and deletions are always followed.

A record names a person only as an object for the `person_label` template tag, which shows the
name to those who may see it; a tie itself never names a person.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

KINDS = ("project", "consultation", "event", "referral", "other")


@dataclass(frozen=True)
class Tie:
    """One tie between organisations `a` and `b` (ids) in `year`, from `record` of `source`."""

    a: int
    b: int
    year: int
    kind: str
    weight: float
    source: str
    record: int | None = None


@dataclass(frozen=True)
class Record:
    """A record behind a tie, as a page lists it."""

    title: str
    url: str = ""
    date: datetime.date | None = None
    person: Any = None  # shown only through `person_label`
    organisation: Any = None  # the person's organisation, for "an expert of JAMK"


@dataclass(frozen=True)
class Source:
    code: str
    kind: str
    name_fi: str
    name_en: str
    ties: Callable[[], Iterable[Tie]]
    records: Callable[[list[int]], dict[int, Record]]
    follow: tuple[str, ...] = field(default_factory=tuple)
    follow_new: Mapping[str, Callable[[Any], bool]] = field(default_factory=dict)
    name_sv: str = ""

    @property
    def name(self) -> str:
        """The name in the active language (Swedish and English fall back to Finnish)."""
        from optiimi.core.localise import pick

        return pick(self.name_fi, self.name_en, self.name_sv)


_sources: dict[str, Source] = {}
_listeners: list[Callable[[str], None]] = []


def register(
    code: str,
    *,
    kind: str,
    name_fi: str,
    name_en: str,
    name_sv: str = "",
    ties: Callable[[], Iterable[Tie]],
    records: Callable[[list[int]], dict[int, Record]],
    follow: Iterable[str] = (),
    follow_new: Mapping[str, Callable[[Any], bool]] | None = None,
) -> Source:
    """Register (or re-register) a source of ties; `follow` names the models (by label) whose
    saves and deletes change its ties. `follow_new` maps some of them to a test of a newly
    created record: only a new record passing it can change the ties (one never tied at
    creation, such as a registration not yet attended, then costs the writer nothing)."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of tie {kind!r}; kinds: {', '.join(KINDS)}")
    follow = tuple(follow)
    if unknown := set(follow_new or ()) - set(follow):
        raise ValueError(f"follow_new names models not followed: {', '.join(sorted(unknown))}")
    source = Source(
        code, kind, name_fi, name_en, ties, records, follow, dict(follow_new or {}), name_sv
    )
    _sources[code] = source
    return source


def sources() -> list[Source]:
    return sorted(_sources.values(), key=lambda s: s.code)


def get(code: str) -> Source | None:
    return _sources.get(code)


def unregister(code: str) -> None:
    _sources.pop(code, None)


def on_change(listener: Callable[[str], None]) -> None:
    """Call `listener(code)` when a source says its ties changed (the ledger marks itself
    stale)."""
    if listener not in _listeners:
        _listeners.append(listener)


def changed(code: str) -> None:
    """A source's records changed in a way no model signal shows (a queryset update)."""
    for listener in _listeners:
        listener(code)
