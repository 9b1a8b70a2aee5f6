"""The registry of personal data: who holds what about a person, for export and erasure.

A person's data lives in many capabilities (the registry's profile, consultations and project
teams, event registrations, barometer answers, the search index). Each capability registers,
in its AppConfig.ready, how to export what it holds about a person and how to erase it, with
every historical copy. `network` answers an access request with `export(subject)` and a
request for erasure with `erase(subject, actor=...)`, without knowing the capabilities.

    personal_data.register("events", export=export_registrations, erase=erase_registrations)

The registry knows nothing of the models: a `Subject` names the person by their ids, name
and e-mail, which are all a holder needs to find its rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from optiimi.core.writes import Actor


@dataclass(frozen=True)
class Subject:
    """The person whose data is exported or erased."""

    person_id: int
    name: str
    email: str | None = None
    user_id: int | None = None


Export = Callable[[Subject], Any]
Erase = Callable[[Subject, Actor], None]


@dataclass(frozen=True)
class Holder:
    name: str
    export: Export
    erase: Erase
    order: int = 100  # erasure order: lower first (a capability before the registry itself)


_holders: dict[str, Holder] = {}


def register(name: str, *, export: Export, erase: Erase, order: int = 100) -> None:
    """Register (or re-register, on a reload) what `name` holds about people."""
    _holders[name] = Holder(name, export, erase, order)


def register_by_email(
    name: str,
    *,
    records: Callable[[str], Iterable[Any]],
    key: str,
    row: Callable[[Any], dict[str, Any]],
    erase_one: Callable[..., object],
    order: int = 100,
) -> None:
    """Register a holder whose records name the person only by an e-mail address: `records(email)`
    finds them, the export lists `row(record)` under `key` (nothing when there are none), and
    the erasure calls `erase_one(record, actor=actor)` on each."""

    def found(subject: Subject) -> list[Any]:
        return list(records(subject.email)) if subject.email else []

    def export_records(subject: Subject) -> dict[str, Any] | None:
        rows = [row(record) for record in found(subject)]
        return {key: rows} if rows else None

    def erase_records(subject: Subject, actor: Actor) -> None:
        for record in found(subject):
            erase_one(record, actor=actor)

    register(name, export=export_records, erase=erase_records, order=order)


def holders() -> list[Holder]:
    return sorted(_holders.values(), key=lambda h: (h.order, h.name))


def export(subject: Subject) -> dict[str, Any]:
    """Everything every holder has about the person, keyed by holder (a holder with nothing of
    its own to show, such as the search index, answers None and is left out)."""
    parts = {holder.name: holder.export(subject) for holder in holders()}
    return {name: part for name, part in parts.items() if part is not None}


def erase(subject: Subject, *, actor: Actor) -> None:
    """Every holder erases the person's data, history included. The caller runs this in one
    transaction so that an erasure is never left half-way."""
    for holder in holders():
        holder.erase(subject, actor)


def history_rows(manager: Any, **lookup: Any) -> list[dict[str, Any]]:
    """A model's history rows about the person, as an export shows them."""
    return [
        {
            "date": row.history_date.isoformat(),
            "change": {"+": "created", "~": "changed", "-": "deleted"}.get(row.history_type, ""),
            "by": str(row.history_user) if row.history_user_id else row.history_change_reason,
        }
        for row in manager.filter(**lookup).select_related("history_user").order_by("history_date")
    ]
