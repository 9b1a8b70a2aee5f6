"""Reads for the network's pages and API: filtered, paginated, without N+1 queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from optiimi.core.search.results import Ranked, ranked
from optiimi.network.models import Affiliation, Organisation, Person
from optiimi.network.permissions import visible_people
from optiimi.regions.models import Region


def organisations(
    q: str = "", kind: str = "", sub_region: Region | None = None, members_only: bool = False
) -> QuerySet[Organisation] | Ranked:
    """The organisation list, filtered; with free text, by relevance (the search index)."""
    filtered: Any = Organisation.objects.all()
    if kind:
        filtered = filtered.filter(kind=kind)
    if sub_region is not None:
        filtered = filtered.filter(
            Q(sub_regions=sub_region) | Q(home_municipality__parent=sub_region)
        ).distinct()
    if members_only:
        filtered = filtered.members()
    qs = (
        filtered.select_related("home_municipality")
        .annotate(people_count=Count("affiliations", distinct=True))
        .order_by("name")
    )
    if not q.strip():
        return qs
    narrowed = bool(kind or sub_region is not None or members_only)
    return ranked("organisation", q, qs, user=None, within=filtered if narrowed else None)


def people(
    user: Any, q: str = "", competence: Any = None, organisation: Organisation | None = None
) -> QuerySet[Person] | Ranked:
    """The people the user may see, filtered; with free text, by relevance (the search index:
    name, expertise, competences, titles, project work)."""
    qs = visible_people(user).prefetch_related(
        Prefetch("affiliations", queryset=Affiliation.objects.select_related("organisation")),
        "competences",
    )
    if competence is not None:
        qs = qs.filter(competences=competence)
    if organisation is not None:
        qs = qs.filter(affiliations__organisation=organisation)
    qs = qs.order_by("name")
    if not q.strip():
        return qs
    narrowed = competence is not None or organisation is not None
    return ranked("person", q, qs, user=user, within=qs if narrowed else None)


def subregion_overview(region_code: str) -> list[dict[str, Any]]:
    """Per sub-region of a maakunta: its municipalities, the organisations based there and
    serving it (members among them), and the people of the organisations based there."""
    subregions = list(
        Region.objects.subregions()
        .filter(parent__code=region_code)
        .prefetch_related("children")
        .order_by("code")
    )
    based = dict(
        Organisation.objects.filter(home_municipality__parent__in=subregions)
        .values_list("home_municipality__parent")
        .annotate(n=Count("id"))
    )
    serving = dict(
        Organisation.objects.filter(sub_regions__in=subregions)
        .values_list("sub_regions")
        .annotate(n=Count("id"))
    )
    members = dict(
        Organisation.objects.members()
        .filter(sub_regions__in=subregions)
        .values_list("sub_regions")
        .annotate(n=Count("id"))
    )
    people = dict(
        Affiliation.objects.filter(organisation__home_municipality__parent__in=subregions)
        .values_list("organisation__home_municipality__parent")
        .annotate(n=Count("person", distinct=True))
    )
    return [
        {
            "region": sub,
            "municipalities": sorted(sub.children.all(), key=lambda r: r.name_fi),
            "based": based.get(sub.pk, 0),
            "serving": serving.get(sub.pk, 0),
            "members": members.get(sub.pk, 0),
            "people": people.get(sub.pk, 0),
        }
        for sub in subregions
    ]
