"""The process's search index over organisations, people and projects, built from the database
on first use, updated after each commit and rebuilt by `optiimi reindex`."""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterator

from optiimi.core.search import Index, Key
from optiimi.network.models import Organisation, Person
from optiimi.projects.models import Project

_lock = threading.Lock()
_index: Index | None = None


def organisation_text(org: Organisation) -> str:
    return " ".join([org.name, org.short_name, org.description_fi, org.description_en])


def _person_docs(people_ids: list[int] | None = None) -> Iterator[tuple[Key, str]]:
    people = Person.objects.all()
    if people_ids is not None:
        people = people.filter(pk__in=people_ids)
    comp: dict[int, list[str]] = defaultdict(list)
    through = Person.competences.through.objects.select_related("competence")
    if people_ids is not None:
        through = through.filter(person_id__in=people_ids)
    for row in through:
        comp[row.person_id] += [row.competence.label_fi, row.competence.label_en]
    work: dict[int, list[str]] = defaultdict(list)
    team = Project.team.through.objects.select_related("project")
    if people_ids is not None:
        team = team.filter(person_id__in=people_ids)
    for row in team:
        work[row.person_id].append(row.project.name + " " + row.project.summary_fi)
    for pid, fi, en in people.values_list("pk", "expertise_fi", "expertise_en"):
        yield ("person", pid), " ".join([fi, en, *comp[pid], *work[pid]])


def documents() -> Iterator[tuple[Key, str]]:
    for org in Organisation.objects.all():
        yield ("organisation", org.pk), organisation_text(org)
    yield from _person_docs()
    for project in Project.objects.all():
        yield ("project", project.pk), project.search_text()


def rebuild() -> Index:
    global _index
    index = Index()
    index.add_many(documents())
    with _lock:
        _index = index
    return index


def get() -> Index:
    return _index if _index is not None else rebuild()


def reset() -> None:
    global _index
    with _lock:
        _index = None


def refresh(kind: str, pk: int) -> None:
    """Bring one document up to date (called after commit); a no-op before the first build."""
    index = _index
    if index is None:
        return
    key: Key = (kind, pk)
    if kind == "organisation":
        org = Organisation.objects.filter(pk=pk).first()
        index.add(key, organisation_text(org)) if org else index.remove(key)
    elif kind == "person":
        docs = list(_person_docs([pk]))
        index.add(*docs[0]) if docs else index.remove(key)
    elif kind == "project":
        project = Project.objects.filter(pk=pk).first()
        if project is None:
            index.remove(key)
            return
        index.add(key, project.search_text())
        for person_id in project.team.values_list("pk", flat=True):
            refresh("person", person_id)
