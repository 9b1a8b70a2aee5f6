"""Search results for pages and APIs: ranked lists that filter and paginate, and the site search.

`ranked(kind, query, queryset, …)` answers from the index, keeps only the objects of
`queryset` (the user's visible objects, with the list's filters), and loads only the page shown:
a list of 20,000 people is never read from the database to show 25 of them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, overload

from django.db.models import Q, QuerySet

from optiimi.core.search import registry, store

CHUNK = 1_000  # objects loaded per query when a whole list is read


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


def ranked(
    kind: str,
    query: str,
    queryset: QuerySet[Any],
    *,
    user: Any,
    within: QuerySet[Any] | None = None,
) -> Ranked:
    """The objects that answer `query`, loaded a page at a time through `queryset` (the list as
    shown: the user's visible objects with the list's filters, joins and counts): by relevance,
    then those whose name fields hold the query as written (part of a name, a business ID), in
    the list's order.

    `within` is the list's filters without its joins and counts (None when the list is not
    filtered); its ids are read once. The index leaves out documents the user may not see, and
    the page is loaded through `queryset`, so nothing outside it is ever shown."""
    doc = registry.get(kind)
    ids = store.get().ranked(query, kind=kind, public_only=not doc.sees_all(user))
    scope = doc.visible(user) if within is None else within
    if within is not None:
        allowed = set(within.values_list("pk", flat=True).order_by())
        ids = [pk for pk in ids if pk in allowed]
    if doc.names and query.strip():
        named = Q()
        for name in doc.names:
            named |= Q(**{f"{name}__icontains": query.strip()})
        seen = set(ids)
        by_name = (
            scope.filter(named).order_by(*queryset.query.order_by).values_list("pk", flat=True)
        )
        ids += [pk for pk in dict.fromkeys(by_name) if pk not in seen]
    return Ranked(ids, queryset)


def find_all(query: str, *, user: Any, limit: int = 10) -> dict[str, list[Any]]:
    """The site search: the best `limit` documents of each registered kind the user may see."""
    ids: dict[str, list[int]] = {}
    for doc in registry.types():
        public_only = not doc.sees_all(user)
        hits = store.get().search(query, kinds=[doc.kind], limit=limit * 3, public_only=public_only)
        ids[doc.kind] = [hit.key[1] for hit in hits]
    result: dict[str, list[Any]] = {}
    for kind, pks in ids.items():
        found = registry.get(kind).visible(user).in_bulk(pks[: limit * 3])
        result[kind] = [found[pk] for pk in pks if pk in found][:limit]
    return result
