"""The one write path: every save, upsert and delete of a tracked model goes through here.

A tracked model is one with a django-simple-history `history`. Services open the path with
`acting(actor)` (or the `@service` decorator) and write with `save`, `upsert`, `set_m2m` and
`delete`; each records who acted in the history row: a signed-in user as `history_user`, and a
`System("import regions")` actor (a command, an import, the demo) or an anonymous visitor as the
history row's change reason. The outermost `acting` opens a durable transaction, so a service's
writes are committed together when it returns, never half-way, and never inside a caller's own
transaction that might still roll back after the service's side effects ran.

`core.apps` connects a guard to every tracked model's pre-save, pre-delete and many-to-many
signals: a write outside `acting` raises `UntrackedWrite`, so a model saved around the services
(a view, an admin class, the demo, a test helper) fails at once.
"""

from __future__ import annotations

import contextvars
import enum
import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ParamSpec, TypeAlias, TypeVar, cast

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


@dataclass(frozen=True)
class System:
    """A write the platform makes itself, named for history: `System("import regions")`."""

    name: str

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("a system actor needs a name")

    def __str__(self) -> str:
        return self.name


Actor: TypeAlias = "User | AnonymousUser | System"

ANONYMOUS_REASON = "anonymous visitor"


class UntrackedWrite(RuntimeError):
    """A tracked model was saved or deleted outside `core.writes`."""


_actor: contextvars.ContextVar[Actor | None] = contextvars.ContextVar("optiimi_actor", default=None)


def _check(actor: object) -> None:
    if isinstance(actor, System) or hasattr(actor, "is_authenticated"):
        return
    raise TypeError(
        f"actor must be a user or a System(...) actor, not {actor!r}; "
        'a command or an import names itself, e.g. System("import regions")'
    )


def user_of(actor: Actor | None) -> User | None:
    """The user to record as `history_user`: a signed-in user, else nobody."""
    if actor is None or isinstance(actor, System) or not actor.is_authenticated:
        return None
    return cast("User", actor)


def signed_in(actor: Actor) -> User:
    """The signed-in user acting; PermissionDenied for a system actor or an anonymous visitor."""
    user = user_of(actor)
    if user is None:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("this needs a signed-in user")
    return user


def reason_of(actor: Actor | None) -> str | None:
    """The change reason to record: a system actor's name, 'anonymous visitor', or nothing."""
    if isinstance(actor, System):
        return actor.name[:100]
    if actor is not None and not actor.is_authenticated:
        return ANONYMOUS_REASON
    return None


def current_actor() -> Actor | None:
    """The actor of the write path this code runs in, if any."""
    return _actor.get()


@contextmanager
def acting(actor: Actor) -> Iterator[None]:
    """Open the write path for `actor`: a transaction (durable when it is the outermost one) in
    which tracked models may be written. Nested calls join the outer transaction."""
    _check(actor)
    outermost = _actor.get() is None
    token = _actor.set(actor)
    try:
        with transaction.atomic(durable=outermost):
            yield
    finally:
        _actor.reset(token)


P = ParamSpec("P")
R = TypeVar("R")
M = TypeVar("M", bound=models.Model)


def service(fn: Callable[P, R]) -> Callable[P, R]:
    """Run a service inside `acting(actor)`; the service takes a keyword-only `actor`."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if "actor" not in kwargs:
            raise TypeError(f"{fn.__qualname__}() needs a keyword-only actor")
        with acting(kwargs["actor"]):  # type: ignore[arg-type]
            return fn(*args, **kwargs)

    return wrapper


def _stamp(instance: models.Model, actor: Actor) -> None:
    instance._history_user = user_of(actor)  # type: ignore[attr-defined]
    instance._change_reason = reason_of(actor)  # type: ignore[attr-defined]


def save(
    instance: models.Model,
    *,
    actor: Actor,
    validate: bool = True,
    update_fields: Iterable[str] | None = None,
) -> None:
    """Validate and save one tracked object, recording `actor` in its history."""
    with acting(actor):
        _stamp(instance, actor)
        if validate:
            instance.full_clean()
        instance.save(update_fields=update_fields)


def delete(instance: models.Model, *, actor: Actor) -> None:
    """Delete one tracked object, recording `actor` in its history."""
    with acting(actor):
        _stamp(instance, actor)
        instance.delete()


def bulk_create(
    model: type[M], instances: list[M], *, actor: Actor, batch_size: int | None = None
) -> list[M]:
    """Insert many new tracked objects at once, with one history row each naming `actor`."""
    from simple_history.utils import bulk_create_with_history

    with acting(actor):
        return bulk_create_with_history(
            instances,
            model,
            batch_size=batch_size,
            default_user=user_of(actor),
            default_change_reason=reason_of(actor),
        )


class Outcome(enum.StrEnum):
    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


def apply(instance: models.Model, values: Mapping[str, Any]) -> bool:
    """Set the given fields on `instance`; True if any value differs from what it held."""
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


def set_m2m(
    instance: models.Model, name: str, values: Iterable[models.Model | int] | None, *, actor: Actor
) -> bool:
    """Replace a many-to-many field's members without a history row of its own (the caller saves
    the instance once after, so that one history row holds the whole change). True if changed.
    `None` leaves the field as it is."""
    if values is None:
        return False
    new = {v if isinstance(v, int) else v.pk for v in values}
    with acting(actor):
        manager = getattr(instance, name)
        if set(manager.values_list("pk", flat=True)) == new:
            return False
        instance.skip_history_when_saving = True  # type: ignore[attr-defined]
        try:
            manager.set(new)
        finally:
            del instance.skip_history_when_saving  # type: ignore[attr-defined]
    return True


def upsert(
    model: type[M],
    key: Mapping[str, Any],
    values: Mapping[str, Any],
    *,
    actor: Actor,
    m2m: Mapping[str, Iterable[models.Model | int] | None] | None = None,
    validate: bool = True,
) -> tuple[M, Outcome]:
    """Create the row `key` names, or update it with `values`; history only when it changed."""
    with acting(actor):
        instance = model._default_manager.select_for_update().filter(**key).first()
        if instance is None:
            instance = model(**key, **values)
            save(instance, actor=actor, validate=validate)
            # A second history row, right after the first, holds the many-to-many members.
            filled = [set_m2m(instance, n, ms, actor=actor) for n, ms in (m2m or {}).items()]
            if any(filled):
                save(instance, actor=actor, validate=False)
            return instance, Outcome.NEW
        changed = apply(instance, values)
        for name, members in (m2m or {}).items():
            changed = set_m2m(instance, name, members, actor=actor) or changed
        if changed:
            save(instance, actor=actor, validate=validate)
            return instance, Outcome.CHANGED
        return instance, Outcome.UNCHANGED


class Taken(Exception):
    """The row a create names exists already (found, or written by another request meanwhile)."""


def create(
    model: type[M],
    key: Mapping[str, Any],
    values: Mapping[str, Any],
    *,
    actor: Actor,
    m2m: Mapping[str, Iterable[models.Model | int] | None] | None = None,
    validate: bool = True,
) -> M:
    """Create the row `key` names, or raise `Taken` when it exists: also when a concurrent
    request creates it between the check and the insert (the database's unique constraint
    refuses the second insert; that IntegrityError means taken, never a server error)."""
    with acting(actor):
        if model._default_manager.select_for_update().filter(**key).exists():
            raise Taken(f"{model._meta.verbose_name} {dict(key)} exists already")
        instance = model(**key, **values)
        taken = f"{model._meta.verbose_name} {dict(key)} exists already"
        try:
            with transaction.atomic():
                save(instance, actor=actor, validate=validate)
        except IntegrityError:
            raise Taken(taken) from None
        except ValidationError as exc:
            # committed by another request after the check above: its uniqueness, no bad field
            per_field = getattr(exc, "error_dict", {})
            codes = {e.code for errors in per_field.values() for e in errors}
            if per_field and codes <= {"unique", "unique_together"}:
                raise Taken(taken) from None
            raise
        filled = [set_m2m(instance, n, ms, actor=actor) for n, ms in (m2m or {}).items()]
        if any(filled):
            save(instance, actor=actor, validate=False)
        return instance


@dataclass
class ImportSummary:
    """What one import (or bulk write) did: the shape every importer returns and prints."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    warnings: list[str] = field(default_factory=list)

    def count(self, outcome: Outcome | str, n: int = 1) -> None:
        outcome = Outcome(outcome)
        if outcome is Outcome.NEW:
            self.new += n
        elif outcome is Outcome.CHANGED:
            self.changed += n
        else:
            self.unchanged += n

    def add(self, other: ImportSummary) -> None:
        self.new += other.new
        self.changed += other.changed
        self.unchanged += other.unchanged
        self.removed += other.removed
        self.warnings += other.warnings

    @property
    def total(self) -> int:
        return self.new + self.changed + self.unchanged

    def __str__(self) -> str:
        text = f"{self.new} new, {self.changed} changed, {self.unchanged} unchanged"
        if self.removed:
            text += f", {self.removed} removed"
        for warning in self.warnings:
            text += f"\nwarning: {warning}"
        return text

    def as_dict(self) -> dict[str, Any]:
        return {
            "new": self.new,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "warnings": list(self.warnings),
        }


def tracked_models() -> set[type[models.Model]]:
    """Every model (and tracked many-to-many table) that keeps a history."""
    from simple_history.models import registered_models

    return set(registered_models.values())


def guard(sender: type[models.Model], **kwargs: Any) -> None:
    """Signal receiver: refuse a tracked write made outside `acting` (fixtures' raw loads pass)."""
    if kwargs.get("raw") or _actor.get() is not None:
        return
    if sender in _tracked:
        raise UntrackedWrite(
            f"{sender._meta.label} was written outside optiimi.core.writes; "
            "call the app's service (which opens writes.acting(actor)) instead"
        )


_tracked: set[type[models.Model]] = set()


def install_guard() -> None:
    """Connect `guard` to every tracked model (called once from `CoreConfig.ready`)."""
    from django.db.models.signals import m2m_changed, pre_delete, pre_save

    _tracked.clear()
    _tracked.update(tracked_models())
    pre_save.connect(guard, dispatch_uid="optiimi.core.writes.pre_save")
    pre_delete.connect(guard, dispatch_uid="optiimi.core.writes.pre_delete")
    m2m_changed.connect(_m2m_guard, dispatch_uid="optiimi.core.writes.m2m")


def guarded() -> set[type[models.Model]]:
    """The models the guard watches now."""
    return set(_tracked)


def uninstall_guard() -> None:
    from django.db.models.signals import m2m_changed, pre_delete, pre_save

    pre_save.disconnect(dispatch_uid="optiimi.core.writes.pre_save")
    pre_delete.disconnect(dispatch_uid="optiimi.core.writes.pre_delete")
    m2m_changed.disconnect(dispatch_uid="optiimi.core.writes.m2m")


def _m2m_guard(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if _actor.get() is not None:
        return
    if sender in _tracked or type(instance) in _tracked:
        raise UntrackedWrite(
            f"{type(instance)._meta.label}: a many-to-many field was changed outside "
            "optiimi.core.writes"
        )


class Conflict(Exception):
    """The record changed after an edit form was opened: the save was refused, nothing written.

    `who` and `when` name the newest change (from its history row)."""

    def __init__(self, instance: models.Model, who: str, when: Any) -> None:
        self.instance = instance
        self.who = who
        self.when = when
        super().__init__(f"{instance._meta.label} {instance.pk} was changed by {who} at {when}")


def version(instance: models.Model) -> str:
    """A token of the record's state: the id of its newest history row ("" when it has none)."""
    latest = (
        instance.history.order_by("-history_id")  # type: ignore[attr-defined]
        .values_list("history_id", flat=True)
        .first()
    )
    return "" if latest is None else str(latest)


def check_unchanged(instance: models.Model | None, token: str | None) -> None:
    """Inside `acting`: lock the record's row and raise `Conflict` when its history has moved on
    from `token` (the `version` an edit form was opened with), after reloading `instance` with
    the current values. No token (or no record yet), no check."""
    if _actor.get() is None:
        raise UntrackedWrite("check_unchanged runs inside writes.acting(actor)")
    if instance is None or token is None or instance.pk is None:
        return
    rows = type(instance)._base_manager.select_for_update(of=("self",))
    list(rows.filter(pk=instance.pk).values("pk"))
    if version(instance) == token:
        return
    row = instance.history.order_by("-history_id").select_related("history_user").first()  # type: ignore[attr-defined]
    who = ""
    if row is not None and row.history_user is not None:
        who = row.history_user.get_full_name() or row.history_user.get_username()
    elif row is not None:
        who = row.history_change_reason or ""
    instance.refresh_from_db()
    raise Conflict(instance, who, row.history_date if row is not None else None)


@contextmanager
def unchanged_since(
    instance: models.Model | None, token: str | None, *, actor: Actor
) -> Iterator[None]:
    """Open the write path for saving an edit of `instance`, refusing it (`Conflict`, nothing
    saved) when the record changed since the form carrying `token` was opened."""
    with acting(actor):
        check_unchanged(instance, token)
        yield
