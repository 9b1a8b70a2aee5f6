"""Read-side helpers: the project list and similar projects."""

from __future__ import annotations

from typing import Any

from optiimi.core.search import store
from optiimi.core.search.results import ranked
from optiimi.network.models import Organisation
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
    items = items.order_by("name", "pk")
    if not q.strip():
        return items
    narrowed = bool(phase or sub_region is not None or lead is not None)
    return ranked("project", q, items, user=None, within=items if narrowed else None)


def similar_projects(project: Project, limit: int = 5) -> list[tuple[Project, float]]:
    """Projects close in text, with a bonus for shared sub-regions and partners."""
    hits = store.get().search(project.search_text(), kinds=["project"], limit=50)
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
