"""Search results for pages and APIs: ranked lists that filter and paginate, and the site search.

`ranked(kind, query, queryset)` answers from the index, keeps only the objects of `queryset`
(which carries the caller's filters and the user's visibility), and loads only the page shown:
a list of 20,000 people is never read from the database to show 25 of them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, overload

from django.db.models import Q, QuerySet

from optiimi.core.search import registry, store

CHUNK = 5_000  # ids per `IN (…)`: well below every database's limit on query parameters


class Ranked(Sequence[Any]):
    """Objects in the order of their ids, loaded from `queryset` a slice at a time; Django's
    `Paginator` and Ninja's pagination take it like a queryset."""

    def __init__(self, ids: list[int], queryset: QuerySet[Any]) -> None:
        self.ids = ids
        self.queryset = queryset

    def __len__(self) -> int:
        return len(self.ids)

    def count(self, value: Any = None) -> int:  # Paginator calls `count()`
        return len(self.ids) if value is None else super().count(value)

    @overload
    def __getitem__(self, at: int) -> Any: ...

    @overload
    def __getitem__(self, at: slice) -> list[Any]: ...

    def __getitem__(self, at: int | slice) -> Any:
        if isinstance(at, int):
            return self._load([self.ids[at]])[0]
        return self._load(self.ids[at])

    def __iter__(self) -> Iterator[Any]:
        for start in range(0, len(self.ids), CHUNK):
            yield from self._load(self.ids[start : start + CHUNK])

    def _load(self, ids: list[int]) -> list[Any]:
        found = self.queryset.in_bulk(ids) if ids else {}
        return [found[pk] for pk in ids if pk in found]

    def prefetch_related(self, *lookups: Any) -> Ranked:
        return Ranked(self.ids, self.queryset.prefetch_related(*lookups))


def ranked(kind: str, query: str, queryset: QuerySet[Any]) -> Ranked:
    """The objects of `queryset` that answer `query`: by relevance, then those whose name
    fields hold the query as written (a part of a name or a business ID), in list order."""
    doc = registry.get(kind)
    ids = store.get().ranked(query, kind=kind)
    if doc.names and query.strip():
        named = Q()
        for name in doc.names:
            named |= Q(**{f"{name}__icontains": query.strip()})
        seen = set(ids)
        ids += [pk for pk in queryset.filter(named).values_list("pk", flat=True) if pk not in seen]
    return Ranked(_within(ids, queryset), queryset)


def _within(ids: list[int], queryset: QuerySet[Any]) -> list[int]:
    """`ids` (in order) that `queryset` holds: one cheap query per chunk, none without filters."""
    if not queryset.query.where:
        return ids
    allowed: set[int] = set()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        allowed.update(queryset.filter(pk__in=chunk).values_list("pk", flat=True).order_by())
    return [pk for pk in ids if pk in allowed]


def find_all(query: str, *, user: Any, limit: int = 10) -> dict[str, list[Any]]:
    """The site search: the best `limit` documents of each registered kind the user may see."""
    hits = store.get().search(query, limit=300)
    ids: dict[str, list[int]] = {doc.kind: [] for doc in registry.types()}
    for hit in hits:
        if hit.key[0] in ids:
            ids[hit.key[0]].append(hit.key[1])
    result: dict[str, list[Any]] = {}
    for kind, pks in ids.items():
        found = registry.get(kind).visible(user).in_bulk(pks[: limit * 3])
        result[kind] = [found[pk] for pk in pks if pk in found][:limit]
    return result
