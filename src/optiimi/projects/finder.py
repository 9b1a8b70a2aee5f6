"""The expert finder: rank people for a text, explain each hit, favour breadth and spread load."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q

from optiimi.core import text as textmod
from optiimi.network.models import localised
from optiimi.network.permissions import can_see_email, visible_people
from optiimi.projects import index
from optiimi.projects.models import ACTIVE_PHASES

LOAD_PENALTY = 0.15  # per active project the person is already consulted on
SAME_ORG_DAMPING = 0.75  # per person already picked from the same organisation
CANDIDATES = 200


@dataclass
class Expert:
    person: Any
    organisation: str
    score: float
    email: str | None
    matched_terms: list[str]
    competences: list[str]
    projects: list[str]
    active_consultations: int
    reasons: list[str] = field(default_factory=list)


def find_experts(query: str, *, user: Any, limit: int = 10) -> list[Expert]:
    hits = index.get().search(query, kinds=["person"], limit=CANDIDATES)
    if not hits:
        return []
    base = {hit.key[1]: hit for hit in hits}
    people = (
        visible_people(user)
        .filter(pk__in=base)
        .prefetch_related("competences", "affiliations__organisation", "projects")
        .annotate(
            load=Count(
                "consultations",
                distinct=True,
                filter=Q(consultations__project__phase__in=ACTIVE_PHASES),
            )
        )
    )
    scored = []
    for person in people:
        hit = base[person.pk]
        scored.append((hit.score / (1 + LOAD_PENALTY * person.load), person, hit))
    scored.sort(key=lambda item: (-item[0], item[1].pk))
    picked: list[Expert] = []
    per_org: Counter[str] = Counter()
    pool = scored
    while pool and len(picked) < limit:
        best_i, best_score = 0, -1.0
        for i, (score, person, _hit) in enumerate(pool):
            adjusted = score * SAME_ORG_DAMPING ** per_org[_org(person)]
            if adjusted > best_score:
                best_i, best_score = i, adjusted
        _score, person, hit = pool.pop(best_i)
        org = _org(person)
        per_org[org] += 1
        picked.append(_explain(person, hit, best_score, org, user))
    return picked


def _org(person: Any) -> str:
    affiliations = sorted(person.affiliations.all(), key=lambda a: (not a.primary, a.pk))
    return (
        affiliations[0].organisation.short_name or affiliations[0].organisation.name
        if affiliations
        else ""
    )


def _explain(person: Any, hit: Any, score: float, org: str, user: Any) -> Expert:
    terms = set().union(*hit.matched.values()) if hit.matched else set()

    def matches(label: str) -> bool:
        return any(textmod.related(t, s) for s in textmod.terms(label) for t in terms)

    competences = [
        localised(c, "label")
        for c in person.competences.all()
        if matches(c.label_fi) or matches(c.label_en)
    ]
    projects = [p.name for p in person.projects.all() if matches(p.search_text())]
    reasons = [f"matched: {', '.join(sorted(hit.matched))}"]
    if competences:
        reasons.append(f"competences: {', '.join(competences)}")
    if projects:
        reasons.append(f"past projects: {', '.join(projects)}")
    if person.load:
        reasons.append(f"already consulted on {person.load} active project(s)")
    return Expert(
        person=person,
        organisation=org,
        score=round(score, 3),
        email=person.email if can_see_email(user, person) else None,
        matched_terms=sorted(hit.matched),
        competences=competences,
        projects=projects,
        active_consultations=person.load,
        reasons=reasons,
    )


def as_dict(expert: Expert) -> dict[str, Any]:
    return {
        "id": expert.person.pk,
        "name": expert.person.name,
        "email": expert.email,
        "organisation": expert.organisation,
        "score": expert.score,
        "reasons": expert.reasons,
        "matched_terms": expert.matched_terms,
        "competences": expert.competences,
        "projects": expert.projects,
    }
