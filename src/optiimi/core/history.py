"""Readable change history for any model tracked by django-simple-history."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import models


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class Entry:
    when: Any
    who: str
    kind: str  # "+" created, "~" changed, "-" deleted
    changes: list[Change]


def _display(model: type[models.Model], field: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, list):  # many-to-many snapshot: dicts naming the related objects
        return ", ".join(str(v) for v in value) or "—"
    try:
        f: Any = model._meta.get_field(field)
    except Exception:
        return str(value)
    if getattr(f, "choices", None):
        return str(dict(f.flatchoices).get(value, value))
    if f.is_relation and f.related_model is not None:
        related = f.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else f"#{value}"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    return str(value)


def _m2m_labels(model: type[models.Model], field: str, rows: list[dict[str, Any]]) -> list[str]:
    target: Any = model._meta.get_field(field).related_model
    ids = [r.get(target._meta.model_name) for r in rows]
    return [str(o) for o in target._default_manager.filter(pk__in=ids)]


# Records this close to a creation by the same user belong to it (many-to-many fields are set
# right after the first save and leave a record of their own).
CREATION_WINDOW = datetime.timedelta(seconds=2)


def entries(instance: models.Model, limit: int = 50) -> list[Entry]:
    """The newest `limit` history records of `instance`, each with what changed."""
    model = type(instance)
    history = instance.history  # type: ignore[attr-defined]
    records = list(history.select_related("history_user")[: limit + 1])
    m2m = {f.name for f in getattr(history.model, "_history_m2m_fields", [])}
    result: list[Entry] = []
    for record, previous in zip(records, [*records[1:], None], strict=True):
        if len(result) == limit:
            break
        if (
            previous is not None
            and previous.history_type == "+"
            and record.history_type == "~"
            and previous.history_user_id == record.history_user_id
            and record.history_date - previous.history_date < CREATION_WINDOW
        ):
            continue
        changes = []
        if previous is not None:
            for change in record.diff_against(previous).changes:
                if change.field in m2m:
                    old = ", ".join(_m2m_labels(model, change.field, change.old)) or "—"
                    new = ", ".join(_m2m_labels(model, change.field, change.new)) or "—"
                else:
                    old = _display(model, change.field, change.old)
                    new = _display(model, change.field, change.new)
                label = str(getattr(model._meta.get_field(change.field), "verbose_name", ""))
                changes.append(Change(label, old, new))
            if not changes and record.history_type == "~":
                continue
        # a user, else the system actor or "anonymous visitor" that core.writes recorded
        who = (
            record.history_user.get_username()
            if record.history_user
            else record.history_change_reason or ""
        )
        result.append(Entry(record.history_date, who, record.history_type, changes))
    return result
