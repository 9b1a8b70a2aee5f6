"""What projects hold about a person: consultations and project teams (registered with
`core.personal_data`). Erasure keeps a consultation and its organisation, without the person."""

from __future__ import annotations

from typing import Any

from optiimi.core import personal_data, writes
from optiimi.projects.models import Consultation, Project


def export_projects(subject: personal_data.Subject) -> dict[str, Any]:
    consultations = Consultation.objects.filter(person_id=subject.person_id).select_related(
        "project", "organisation"
    )
    return {
        "consultations": [
            {
                "project": c.project.name,
                "organisation": c.organisation.name,
                "date": c.date.isoformat(),
                "kind": c.kind,
                "note": c.note,
            }
            for c in consultations
        ],
        "project_teams": [p.name for p in Project.objects.filter(team__id=subject.person_id)],
        "consultation_history": personal_data.history_rows(
            Consultation.history, person_id=subject.person_id
        ),
    }


def erase_projects(subject: personal_data.Subject, actor: writes.Actor) -> None:
    for consultation in Consultation.objects.filter(person_id=subject.person_id):
        consultation.person = None
        writes.save(consultation, actor=actor, validate=False)
    Consultation.history.filter(person_id=subject.person_id).update(person_id=None)
    Project.team.through.objects.filter(person_id=subject.person_id).delete()


personal_data.register("projects", export=export_projects, erase=erase_projects)
