"""The expert finder: rank people for a text, explain each hit, favour breadth and spread load."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch

from optiimi.core import text as textmod
from optiimi.core.localise import localised
from optiimi.core.search import Hit, Key, registry, store
from optiimi.network.models import Affiliation, Person
from optiimi.network.permissions import can_see_email, visible_people
from optiimi.projects.models import ACTIVE_PHASES, Consultation, Project

LOAD_PENALTY = 0.15  # per active project the person is already consulted on
SAME_ORG_DAMPING = 0.75  # per person already picked from the same organisation
CANDIDATES = 200


@dataclass
class Expert:
    person: Person
    organisation: str
    score: float
    email: str | None
    matched_terms: list[str]
    competences: list[str]
    projects: list[str]
    active_consultations: int
    reasons: list[str] = field(default_factory=list)
    # What the page shows: the person's own words that matched, as written, and their
    # competences and expertise cut into pieces with those words marked.
    words: list[str] = field(default_factory=list)
    marked_competences: list[list[tuple[str, bool]]] = field(default_factory=list)
    marked_expertise: list[tuple[str, bool]] = field(default_factory=list)


def find_experts(query: str, *, user: Any, limit: int = 10) -> list[Expert]:
    searched = store.get()
    public_only = not registry.get("person").sees_all(user)
    hits = searched.search(query, kinds=["person"], limit=CANDIDATES, public_only=public_only)
    if not hits:
        return []
    base = {hit.key[1]: hit for hit in hits}
    # Three queries for all candidates: who the user may see, their active consultations and
    # their organisations; the details behind the reasons only for the people picked.
    visible = list(visible_people(user).filter(pk__in=base).values_list("pk", flat=True))
    load = dict(
        Consultation.objects.filter(person_id__in=visible, project__phase__in=ACTIVE_PHASES)
        .values("person_id")
        .annotate(n=Count("pk"))
        .values_list("person_id", "n")
    )
    organisation: dict[int, str] = {}
    affiliations = Affiliation.objects.filter(person_id__in=visible).order_by("-primary", "pk")
    for person_id, short, name in affiliations.values_list(
        "person_id", "organisation__short_name", "organisation__name"
    ):  # the primary organisation first
        organisation.setdefault(person_id, short or name)
    scored = [
        (base[pk].score / (1 + LOAD_PENALTY * load.get(pk, 0)), pk, organisation.get(pk, ""))
        for pk in visible
    ]
    scored.sort(key=lambda item: (-item[0], item[1]))
    picked: list[tuple[float, int, str]] = []
    per_org: Counter[str] = Counter()
    pool = scored
    while pool and len(picked) < limit:
        best_i, best_score = 0, -1.0
        for i, (score, _pk, org) in enumerate(pool):
            adjusted = score * SAME_ORG_DAMPING ** per_org[org]
            if adjusted > best_score:
                best_i, best_score = i, adjusted
        _score, pk, org = pool.pop(best_i)
        per_org[org] += 1
        picked.append((best_score, pk, org))
    people = Person.objects.prefetch_related(
        "competences",
        "affiliations",
        Prefetch("projects", queryset=Project.objects.only("pk", "name")),
    ).in_bulk([pk for _s, pk, _o in picked])
    project_keys = [("project", p.pk) for person in people.values() for p in person.projects.all()]
    in_projects = searched.explain(query, project_keys)
    return [
        _explain(people[pk], base[pk], score, org, load.get(pk, 0), in_projects, user)
        for score, pk, org in picked
    ]


def _explain(
    person: Person,
    hit: Hit,
    score: float,
    org: str,
    load: int,
    in_projects: dict[Key, dict[str, set[str]]],
    user: Any,
) -> Expert:
    terms = set().union(*hit.matched.values()) if hit.matched else set()

    def matches(label: str) -> bool:
        return any(textmod.related(t, s) for s in textmod.terms(label) for t in terms)

    competences = [
        localised(c, "label")
        for c in person.competences.all()
        if matches(c.label_fi) or matches(c.label_en)
    ]
    projects = [
        p.name
        for p in person.projects.all()
        if set(in_projects.get(("project", p.pk), {})) & set(hit.matched)
    ]
    marked_competences = [textmod.highlight(label, terms) for label in competences]
    expertise = person.expertise
    marked_expertise = textmod.highlight(expertise, terms)
    titles = [a.title for a in person.affiliations.all() if a.title]
    words: list[str] = []
    for pieces in [
        *marked_competences,
        marked_expertise,
        *(textmod.highlight(title, terms) for title in titles),
    ]:
        for piece, hit_word in pieces:
            if hit_word and piece.lower() not in {w.lower() for w in words}:
                words.append(piece)
    reasons = [f"matched: {', '.join(sorted(hit.matched))}"]
    if competences:
        reasons.append(f"competences: {', '.join(competences)}")
    if projects:
        reasons.append(f"past projects: {', '.join(projects)}")
    if load:
        reasons.append(f"already consulted on {load} active project(s)")
    return Expert(
        person=person,
        organisation=org,
        score=round(score, 3),
        email=person.email if can_see_email(user, person) else None,
        matched_terms=sorted(hit.matched),
        competences=competences,
        projects=projects,
        active_consultations=load,
        reasons=reasons,
        words=words,
        marked_competences=marked_competences,
        marked_expertise=marked_expertise if any(m for _p, m in marked_expertise) else [],
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
