"""The ties projects hold, registered in `core.ties`: the lead and partners of a project are
tied to each other (dated by the project's start), and a consultation ties the consulted
expert's organisation to the project's lead (dated by the consultation)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

from django.urls import reverse

from optiimi.core import ties
from optiimi.core.ties import Record, Tie
from optiimi.projects.models import Consultation, Partner, Project

PROJECT = "projects.project"
CONSULTATION = "projects.consultation"


def project_ties() -> Iterator[Tie]:
    partners: dict[int, set[int]] = {}
    for project_id, organisation_id in Partner.objects.values_list("project_id", "organisation_id"):
        partners.setdefault(project_id, set()).add(organisation_id)
    for pk, lead_id, start, created in Project.objects.values_list(
        "pk", "lead_id", "start", "created"
    ):
        members = sorted(partners.get(pk, set()) | {lead_id})
        year = start.year if start is not None else created.year
        for a, b in combinations(members, 2):
            yield Tie(a, b, year, "project", 1.0, PROJECT, pk)


def project_records(ids: list[int]) -> dict[int, Record]:
    return {
        p.pk: Record(
            title=p.name,
            url=reverse("projects:detail", args=[p.pk]),
            date=p.start,
        )
        for p in Project.objects.filter(pk__in=ids)
    }


def consultation_ties() -> Iterator[Tie]:
    rows = Consultation.objects.values_list("pk", "organisation_id", "project__lead_id", "date")
    for pk, organisation_id, lead_id, date in rows:
        if organisation_id != lead_id:
            yield Tie(organisation_id, lead_id, date.year, "consultation", 1.0, CONSULTATION, pk)


def consultation_records(ids: list[int]) -> dict[int, Record]:
    rows = Consultation.objects.filter(pk__in=ids).select_related(
        "project", "person", "organisation"
    )
    return {
        c.pk: Record(
            title=c.project.name,
            url=reverse("projects:detail", args=[c.project_id]),
            date=c.date,
            person=c.person,
            organisation=c.organisation,
        )
        for c in rows
    }


ties.register(
    PROJECT,
    kind="project",
    name_fi="Saman hankkeen toteuttajat",
    name_en="Partners in the same project",
    name_sv="Genomförare av samma projekt",
    ties=project_ties,
    records=project_records,
    follow=("projects.Project", "projects.Partner"),
)
ties.register(
    CONSULTATION,
    kind="consultation",
    name_fi="Suunnitteluvaiheen asiantuntijakuuleminen",
    name_en="Planning-phase consultation",
    name_sv="Expertsamråd i planeringsskedet",
    ties=consultation_ties,
    records=consultation_records,
    follow=("projects.Consultation",),
)
