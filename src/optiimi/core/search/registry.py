"""The kinds of searchable documents, registered by the apps that own them.

An app registers each searchable model once, in its `AppConfig.ready`:

    registry.register(
        "person", Person,
        texts=person_texts,            # ids (None: all) -> (id, text) pairs
        visible=visible_people,        # user -> the objects that user may find
        public=Q(public=True),         # the documents everyone may find
        names=("name",),               # fields also matched as plain substrings
        follow={Affiliation: lambda a: [a.person_id]},  # other writes that change a document
        m2m=(Person.competences.through,),
    )

and another app may add text to a kind it does not own (`contribute`): the projects a person
worked on make them findable as an expert, without network knowing of projects.

Only the registered models (and the models they follow) send their writes to the change log:
`register` connects the signal receivers for exactly those senders.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save

from optiimi.core.search.index import Key

Texts = Callable[[list[int] | None], Iterable[tuple[int, str]]]
Follow = Callable[[Any], Iterable[int]]


@dataclass
class DocumentType:
    kind: str
    model: type[models.Model]
    texts: Texts
    visible: Callable[[Any], models.QuerySet[Any]]
    url: Callable[[Any], str]
    names: tuple[str, ...] = ()
    public: Q | None = None
    contributions: list[Texts] = field(default_factory=list)

    def documents(self, ids: list[int] | None = None) -> Iterator[tuple[Key, str, bool]]:
        """The documents of this kind (of `ids`, or all), with every app's contributions, and
        whether each is public."""
        extra: dict[int, list[str]] = defaultdict(list)
        for contribution in self.contributions:
            for pk, body in contribution(ids):
                extra[pk].append(body)
        hidden: set[int] = set()
        if self.public is not None:
            rows = self.model._default_manager.exclude(self.public)
            if ids is not None:
                rows = rows.filter(pk__in=ids)
            hidden = set(rows.values_list("pk", flat=True))
        for pk, body in self.texts(ids):
            yield (self.kind, pk), " ".join([body, *extra.get(pk, ())]), pk not in hidden

    def sees_all(self, user: Any) -> bool:
        """May `user` find every document of this kind, or only the public ones?

        `visible(user)` is either every object (no filter) or a subset of the public ones:
        the index narrows a search to public documents, the page loads through `visible`."""
        return self.public is None or not self.visible(user).query.where


_types: dict[str, DocumentType] = {}


def register(
    kind: str,
    model: type[models.Model],
    *,
    texts: Texts,
    visible: Callable[[Any], models.QuerySet[Any]] | None = None,
    public: Q | None = None,
    url: Callable[[Any], str] | None = None,
    names: Iterable[str] = (),
    follow: Mapping[type[models.Model], Follow] | None = None,
    m2m: Iterable[type[models.Model]] = (),
) -> DocumentType:
    """Make `model` searchable as documents of `kind` (once per kind).

    `texts` builds the documents' text in bulk; `visible` gives the objects a user may find
    (every object by default) and `public` the documents everyone may find (all by default);
    `names` are fields matched also as plain substrings (names, codes); `follow` maps other
    models to the documents their writes change, `m2m` the relations whose changes do."""
    if kind in _types and _types[kind].model is not model:
        raise ValueError(f"search kind {kind!r} is already registered for {_types[kind].model}")
    doc = _types.get(kind) or DocumentType(
        kind=kind,
        model=model,
        texts=texts,
        visible=visible or (lambda user: model._default_manager.all()),
        url=url or (lambda obj: obj.get_absolute_url()),
        names=tuple(names),
        public=public,
    )
    _types[kind] = doc
    _follow(model, kind, lambda obj: [obj.pk])
    for other, pks in (follow or {}).items():
        _follow(other, kind, pks)
    for through in m2m:
        _follow_m2m(through)
    return doc


def contribute(
    kind: str,
    texts: Texts,
    *,
    follow: Mapping[type[models.Model], Follow] | None = None,
    m2m: Iterable[type[models.Model]] = (),
) -> None:
    """Add text to another app's documents of `kind` (registered before, by a lower app)."""
    doc = get(kind)
    if texts not in doc.contributions:
        doc.contributions.append(texts)
    for other, pks in (follow or {}).items():
        _follow(other, kind, pks)
    for through in m2m:
        _follow_m2m(through)


def get(kind: str) -> DocumentType:
    try:
        return _types[kind]
    except KeyError:
        raise LookupError(f"no search kind {kind!r} is registered") from None


def types() -> list[DocumentType]:
    return list(_types.values())


def kind_of(model: type[models.Model]) -> str | None:
    for doc in _types.values():
        if doc.model is model:
            return doc.kind
    return None


# -- following writes -------------------------------------------------------------------------

# sender -> [(kind, the ids of that kind's documents an instance of sender changes)]
_followers: dict[type[models.Model], list[tuple[str, Follow]]] = defaultdict(list)
_throughs: set[type[models.Model]] = set()


def _follow(sender: type[models.Model], kind: str, pks: Follow) -> None:
    first = sender not in _followers
    if any(k == kind and f is pks for k, f in _followers[sender]):
        return
    _followers[sender].append((kind, pks))
    if first:
        uid = f"optiimi.search.{sender._meta.label}"
        post_save.connect(_saved, sender=sender, weak=False, dispatch_uid=uid + ".save")
        post_delete.connect(_saved, sender=sender, weak=False, dispatch_uid=uid + ".delete")


def _follow_m2m(through: type[models.Model]) -> None:
    if through not in _throughs:
        _throughs.add(through)
        m2m_changed.connect(
            _m2m, sender=through, weak=False, dispatch_uid=f"optiimi.search.{through._meta.label}"
        )


def _saved(sender: type[models.Model], instance: Any, **kwargs: Any) -> None:
    changed: list[Key] = []
    for kind, pks in _followers.get(sender, ()):
        changed += [(kind, pk) for pk in pks(instance) if pk is not None]
    _log(changed)


def _m2m(
    sender: Any, instance: Any, action: str, model: Any, pk_set: Any = None, **kwargs: Any
) -> None:
    if not action.startswith("post_"):
        return
    changed: list[Key] = []
    own = kind_of(type(instance))
    if own is not None:
        changed.append((own, instance.pk))
    other = kind_of(model)
    if other is not None and pk_set:  # the documents on the other side (added or removed)
        changed += [(other, pk) for pk in pk_set]
    _log(changed)


def _log(changed: list[Key]) -> None:
    """Log the changed documents in the writer's transaction; this process catches up on
    commit, the others before their next query."""
    if not changed:
        return
    from optiimi.core.search import store

    store.log_changes(dict.fromkeys(changed))
    transaction.on_commit(store.catch_up)
