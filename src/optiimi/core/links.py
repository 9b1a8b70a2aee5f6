"""The registry of links between capabilities: a project realises a measure, a cohort follows a
project (and later: a service request, a tie, a guidance record).

Capabilities never import each other's models. Where two of them meet, the one that holds the
link registers a kind of link once (in its AppConfig.ready), naming both ends by model label;
both sides then read and write the link here by the kind's code and plain objects or ids. The
links themselves are rows of `core.Link` (kind, source id, target id), kept in history and
written only through `core.writes`.

    PROJECT_MEASURES = register(
        "projects.measures", source="projects.Project", target="strategy.Measure",
        name_fi="Toteuttaa toimenpidettä", name_en="Realises measure",
    )
    set_targets("projects.measures", project, [measure], actor=user)
    targets("projects.measures", project)     # the project's measures (a QuerySet)
    sources("projects.measures", measure)     # the measure's projects (a QuerySet)

When either end is deleted its links go with it, in the same transaction and history.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import pre_delete

from optiimi.core import writes


@dataclass(frozen=True)
class LinkKind:
    """A kind of link from a `source` model to a `target` model (labels: "app_label.Model").
    `single`: a source links to at most one target (a cohort follows one project)."""

    code: str
    source: str
    target: str
    name_fi: str
    name_en: str
    single: bool = False
    name_sv: str = ""

    @property
    def name(self) -> str:
        """The name in the active language (Swedish and English fall back to Finnish)."""
        from optiimi.core.localise import pick

        return pick(self.name_fi, self.name_en, self.name_sv)

    def source_model(self) -> type[models.Model]:
        return apps.get_model(self.source)

    def target_model(self) -> type[models.Model]:
        return apps.get_model(self.target)


class UnknownLinkKind(KeyError):
    pass


_registry: dict[str, LinkKind] = {}


def register(
    code: str,
    *,
    source: str,
    target: str,
    name_fi: str,
    name_en: str,
    name_sv: str = "",
    single: bool = False,
) -> LinkKind:
    """Register a kind of link; registering a code again replaces it."""
    if len(code) > 60:
        raise ValueError(f"link kind code {code!r} is longer than 60 characters")
    kind = LinkKind(code, source, target, name_fi, name_en, single, name_sv)
    _registry[code] = kind
    # Only the linked models get the receiver: a global one would end Django's fast deletes.
    for label in (source, target):
        pre_delete.connect(_on_delete, sender=label, dispatch_uid=f"optiimi.core.links:{label}")
    return kind


def registered() -> list[LinkKind]:
    return sorted(_registry.values(), key=lambda k: k.code)


def get(code: str) -> LinkKind:
    try:
        return _registry[code]
    except KeyError:
        raise UnknownLinkKind(code) from None


def unregister(code: str) -> None:
    _registry.pop(code, None)


def _link_model() -> Any:
    return apps.get_model("core", "Link")


def _pk(obj: models.Model | int, label: str) -> int:
    if isinstance(obj, int):
        return obj
    if obj._meta.label != label:
        raise TypeError(f"expected a {label}, got a {obj._meta.label}")
    if obj.pk is None:
        raise ValueError(f"an unsaved {label} cannot be linked")
    return int(obj.pk)


# --- reading -------------------------------------------------------------------------------


def targets(code: str, source: models.Model | int) -> models.QuerySet[Any]:
    """The targets `source` links to under `code`, as a QuerySet of the target model."""
    kind = get(code)
    ids = _link_model().objects.filter(kind=code, source_id=_pk(source, kind.source))
    return kind.target_model()._default_manager.filter(pk__in=ids.values("target_id"))


def sources(code: str, target: models.Model | int) -> models.QuerySet[Any]:
    """The sources linking to `target` under `code`, as a QuerySet of the source model."""
    kind = get(code)
    ids = _link_model().objects.filter(kind=code, target_id=_pk(target, kind.target))
    return kind.source_model()._default_manager.filter(pk__in=ids.values("source_id"))


def target(code: str, source: models.Model | int) -> Any:
    """The one target of a single-valued link, or None."""
    return targets(code, source).first()


def target_ids(code: str, source_ids: Iterable[int]) -> dict[int, list[int]]:
    """Target ids per source id (one query; sources without links are left out)."""
    get(code)
    found: dict[int, list[int]] = defaultdict(list)
    rows = _link_model().objects.filter(kind=code, source_id__in=list(source_ids))
    for source_id, target_id in rows.order_by("target_id").values_list("source_id", "target_id"):
        found[source_id].append(target_id)
    return dict(found)


def attach(code: str, objects: Iterable[models.Model], attr: str) -> None:
    """Set `attr` on each source object to its targets (a list in the target model's ordering),
    or for a single-valued kind to its target or None: two queries for a page of objects."""
    kind = get(code)
    objects = list(objects)
    ids = target_ids(code, [int(o.pk) for o in objects])
    wanted = {t for ts in ids.values() for t in ts}
    # In the target model's own ordering, as a related manager would list them.
    found = list(kind.target_model()._default_manager.filter(pk__in=wanted)) if wanted else []
    by_pk = {t.pk: t for t in found}
    place = {t.pk: i for i, t in enumerate(found)}
    for obj in objects:
        linked = sorted(
            (by_pk[t] for t in ids.get(int(obj.pk), []) if t in by_pk), key=lambda t: place[t.pk]
        )
        setattr(obj, attr, (linked[0] if linked else None) if kind.single else linked)


def candidates(code: str) -> models.QuerySet[Any]:
    """Every object a source may link to under `code` (for choices in forms)."""
    return get(code).target_model()._default_manager.all()


# --- writing -------------------------------------------------------------------------------


def set_targets(
    code: str,
    source: models.Model | int,
    new_targets: Iterable[models.Model | int] | None,
    *,
    actor: writes.Actor,
    field: str | None = None,
) -> bool:
    """Make `source` link to exactly `new_targets` (None: leave as is); True if it changed.
    An unknown target is a ValidationError on `field` (default: the kind's code)."""
    if new_targets is None:
        return False
    kind = get(code)
    source_id = _pk(source, kind.source)
    wanted = {_pk(t, kind.target) for t in new_targets}
    if kind.single and len(wanted) > 1:
        raise ValidationError({field or code: f"{kind.name_en}: one at most, not {len(wanted)}"})
    link_model = _link_model()
    with writes.acting(actor):
        known = set(
            kind.target_model()._default_manager.filter(pk__in=wanted).values_list("pk", flat=True)
        )
        if wanted - known:
            missing = ", ".join(str(i) for i in sorted(wanted - known))
            raise ValidationError({field or code: f"no {kind.target} with id {missing}"})
        current = {
            link.target_id: link
            for link in link_model.objects.select_for_update().filter(
                kind=code, source_id=source_id
            )
        }
        for target_id in sorted(set(current) - wanted):
            writes.delete(current[target_id], actor=actor)
        for target_id in sorted(wanted - set(current)):
            link = link_model(kind=code, source_id=source_id, target_id=target_id)
            writes.save(link, actor=actor, validate=False)
    return set(current) != wanted


def set_target(
    code: str,
    source: models.Model | int,
    new_target: models.Model | int | None,
    *,
    actor: writes.Actor,
    field: str | None = None,
) -> bool:
    """Make `source` link to `new_target` only, or to nothing; True if it changed."""
    return set_targets(
        code, source, [] if new_target is None else [new_target], actor=actor, field=field
    )


def forget(instance: models.Model) -> None:
    """Delete every link to or from `instance` (called when it is deleted)."""
    label = instance._meta.label
    as_source = [k.code for k in _registry.values() if k.source == label]
    as_target = [k.code for k in _registry.values() if k.target == label]
    if not as_source and not as_target:
        return
    link_model = _link_model()
    found = link_model.objects.filter(
        models.Q(kind__in=as_source, source_id=instance.pk)
        | models.Q(kind__in=as_target, target_id=instance.pk)
    )
    actor = writes.current_actor()
    for link in found:
        if actor is None:
            # A delete outside the write path (the guard refuses it for tracked models); the
            # links go with it all the same rather than point at nothing.
            link.delete()
        else:
            writes.delete(link, actor=actor)


def _on_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    forget(instance)
