"""Organisations and people as search documents (registered in `NetworkConfig.ready`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from django.db.models import Q

from optiimi.core.search import registry
from optiimi.network.models import Affiliation, Organisation, Person
from optiimi.network.permissions import visible_people


def organisation_texts(ids: list[int] | None) -> Iterator[tuple[int, str]]:
    rows = Organisation.objects.all()
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    fields = ("pk", "name", "short_name", "business_id", "home_municipality__name_fi")
    for pk, *parts in rows.values_list(*fields, "description_fi", "description_en"):
        yield pk, " ".join(part or "" for part in parts)


def person_texts(ids: list[int] | None) -> Iterator[tuple[int, str]]:
    """Name, expertise, competences and titles: one query per table, not per person."""
    people = Person.objects.all()
    competences = Person.competences.through.objects.all()
    affiliations = Affiliation.objects.all()
    if ids is not None:
        people = people.filter(pk__in=ids)
        competences = competences.filter(person_id__in=ids)
        affiliations = affiliations.filter(person_id__in=ids)
    extra: dict[int, list[str]] = defaultdict(list)
    for person_id, label_fi, label_en in competences.values_list(
        "person_id", "competence__label_fi", "competence__label_en"
    ):
        extra[person_id] += [label_fi, label_en]
    for person_id, title in affiliations.exclude(title="").values_list("person_id", "title"):
        extra[person_id].append(title)
    for pk, name, fi, en in people.values_list("pk", "name", "expertise_fi", "expertise_en"):
        yield pk, " ".join([name, fi, en, *extra[pk]])


def register() -> None:
    registry.register(
        "organisation",
        Organisation,
        texts=organisation_texts,
        names=("name", "short_name", "business_id"),
    )
    registry.register(
        "person",
        Person,
        texts=person_texts,
        visible=visible_people,
        public=Q(public=True),
        names=("name",),
        follow={Affiliation: lambda affiliation: [affiliation.person_id]},
        m2m=(Person.competences.through,),
    )
