"""The impact of a project's cohorts, for the project page (aggregates only)."""

from __future__ import annotations

from typing import Any

from django import template

from optiimi.benchmark import queries, texts
from optiimi.benchmark.links import PROJECT
from optiimi.core import links

register = template.Library()


@register.simple_tag
def project_cohorts(project: Any) -> list[dict[str, Any]]:
    """Each cohort linked to `project` with its estimate and the result in words."""
    if project is None or getattr(project, "pk", None) is None:
        return []
    items = []
    for cohort in links.sources(PROJECT, project.pk).order_by("start_year", "pk"):
        result = queries.cohort_impact(cohort)
        items.append(
            {"cohort": cohort, "result": result, "statement": texts.impact_statement(result)}
        )
    return items
