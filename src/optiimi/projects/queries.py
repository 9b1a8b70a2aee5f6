"""Read-side helpers: similar projects and the one search box."""

from __future__ import annotations

from typing import Any

from optiimi.network.models import Organisation
from optiimi.network.permissions import visible_people
from optiimi.projects import index
from optiimi.projects.models import Project
from optiimi.regions.models import Region


def projects(
    *,
    q: str = "",
    phase: str = "",
    sub_region: Region | None = None,
    lead: Organisation | None = None,
) -> Any:
    """The project list, filtered; free text goes through the search index (Finnish-aware)."""
    items = Project.objects.select_related("lead").prefetch_related("sub_regions")
    if phase:
        items = items.filter(phase=phase)
    if sub_region is not None:
        items = items.filter(sub_regions=sub_region)
    if lead is not None:
        items = items.filter(lead=lead)
    if q.strip():
        hits = index.get().search(q, kinds=["project"], limit=500)
        items = items.filter(pk__in=[hit.key[1] for hit in hits])
    return items.order_by("name", "pk")


def similar_projects(project: Project, limit: int = 5) -> list[tuple[Project, float]]:
    """Projects close in text, with a bonus for shared sub-regions and partners."""
    hits = index.get().search(project.search_text(), kinds=["project"], limit=50)
    scores = {hit.key[1]: hit.score for hit in hits if hit.key[1] != project.pk}
    if not scores:
        return []
    top = max(scores.values()) or 1.0
    regions = set(project.sub_regions.values_list("pk", flat=True))
    orgs = {project.lead_id, *project.partners.values_list("organisation_id", flat=True)}
    out = []
    candidates = (
        Project.objects.filter(pk__in=scores)
        .select_related("lead")
        .prefetch_related("sub_regions", "partners")
    )
    for other in candidates:
        score = scores[other.pk] / top
        score += 0.2 * len(regions & {r.pk for r in other.sub_regions.all()})
        other_orgs = {other.lead_id, *(p.organisation_id for p in other.partners.all())}
        score += 0.2 * len(orgs & other_orgs)
        out.append((other, round(score, 2)))
    out.sort(key=lambda item: -item[1])
    return out[:limit]


def search_all(query: str, *, user: Any, limit: int = 10) -> dict[str, list[Any]]:
    hits = index.get().search(query, limit=300)
    ids: dict[str, list[int]] = {"organisation": [], "person": [], "project": []}
    for hit in hits:
        ids[hit.key[0]].append(hit.key[1])
    sources = {
        "organisation": Organisation.objects.all(),
        "person": visible_people(user),
        "project": Project.objects.select_related("lead"),
    }
    result: dict[str, list[Any]] = {}
    for kind, pks in ids.items():
        found = sources[kind].in_bulk(pks[: limit * 3])
        result[kind] = [found[pk] for pk in pks if pk in found][:limit]
    return result
