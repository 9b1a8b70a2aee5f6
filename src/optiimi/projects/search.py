"""Projects as search documents, and a person's project work added to their document (so the
expert finder finds people by what they have done); registered in `ProjectsConfig.ready`."""

from __future__ import annotations

from collections.abc import Iterator

from optiimi.core.search import registry
from optiimi.projects.models import Project


def project_texts(ids: list[int] | None) -> Iterator[tuple[int, str]]:
    projects = Project.objects.all() if ids is None else Project.objects.filter(pk__in=ids)
    for project in projects:
        yield project.pk, project.search_text()


def project_work(person_ids: list[int] | None) -> Iterator[tuple[int, str]]:
    team = Project.team.through.objects.all()
    if person_ids is not None:
        team = team.filter(person_id__in=person_ids)
    for person_id, name, summary in team.values_list(
        "person_id", "project__name", "project__summary_fi"
    ):
        yield person_id, name + " " + summary


def _team(project: Project) -> list[int]:
    return list(project.team.values_list("pk", flat=True))


def register() -> None:
    registry.register(
        "project",
        Project,
        texts=project_texts,
        names=("name", "acronym"),
        m2m=(Project.team.through,),
    )
    registry.contribute("person", project_work, follow={Project: _team})
