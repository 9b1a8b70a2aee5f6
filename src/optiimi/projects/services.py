"""Every write to projects: validated, audited, inside one transaction."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from optiimi.network.models import Organisation, Person
from optiimi.network.permissions import is_coordinator
from optiimi.projects.models import (
    PHASE_ORDER,
    Consultation,
    Funding,
    Partner,
    Phase,
    PhaseChange,
    Project,
)

PROJECT_FIELDS = (
    "name",
    "acronym",
    "summary_fi",
    "summary_en",
    "description_fi",
    "description_en",
    "phase",
    "start",
    "end",
    "lead",
    "outputs",
    "results",
    "lessons",
    "pain_points",
    "consultation_exception",
    "synthetic",
)


class PhaseRefused(ValidationError):
    """A phase change the rules do not allow; the message says why."""


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _validate(project: Project) -> None:
    if project.start and project.end and project.end < project.start:
        raise ValidationError({"end": _("The end date is before the start date.")})
    shares = [p.budget_share for p in project.partners.all()]
    if shares and sum(shares, Decimal(0)) > Decimal(100):
        raise ValidationError({"partners": _("Partners' budget shares add up to more than 100 %.")})
    if any(f.amount < 0 for f in project.fundings.all()):
        raise ValidationError({"fundings": _("A funding amount is negative.")})


@transaction.atomic
def create_project(
    *,
    actor: Any,
    sub_regions: Any = (),
    team: Any = (),
    partners: list[tuple[Organisation, str, Decimal]] = (),  # type: ignore[assignment]
    fundings: list[tuple[str, str, Decimal]] = (),  # type: ignore[assignment]
    **data: Any,
) -> Project:
    project = Project(**{k: v for k, v in data.items() if k in PROJECT_FIELDS})
    project._history_user = _user(actor)  # type: ignore[attr-defined]
    project.full_clean()
    project.save()
    project.sub_regions.set(sub_regions)
    project.team.set(team)
    for organisation, role, share in partners:
        Partner.objects.create(
            project=project, organisation=organisation, role=role, budget_share=share
        )
    for funder, instrument, amount in fundings:
        Funding.objects.create(project=project, funder=funder, instrument=instrument, amount=amount)
    _validate(project)
    return project


def has_outside_consultation(project: Project) -> bool:
    return project.consultations.exclude(organisation_id=project.lead_id).exists()


@transaction.atomic
def record_consultation(
    project: Project,
    *,
    actor: Any,
    person: Person,
    organisation: Organisation | None = None,
    date: datetime.date | None = None,
    note: str = "",
) -> Consultation:
    if project.phase not in (Phase.IDEA, Phase.PLANNING):
        raise ValidationError({"project": _("Consultations are recorded while planning.")})
    if organisation is None:
        affiliation = person.affiliations.order_by("-primary", "pk").first()
        if affiliation is None:
            raise ValidationError({"person": _("The person has no organisation.")})
        organisation = affiliation.organisation
    consultation = Consultation(
        project=project,
        person=person,
        organisation=organisation,
        date=date or timezone.localdate(),
        note=note,
    )
    consultation._history_user = _user(actor)  # type: ignore[attr-defined]
    consultation.full_clean()
    consultation.save()
    project.save(update_fields=["updated"])
    return consultation


@transaction.atomic
def change_phase(
    project: Project,
    phase: str,
    *,
    actor: Any,
    exception: str = "",
    date: datetime.date | None = None,
) -> Project:
    """Move a project to `phase`. Phases only move forward unless a coordinator overrides;
    starting to run needs a consultation from outside the lead organisation or an exception."""
    if phase not in Phase.values:
        raise PhaseRefused(_("Unknown phase: %(phase)s.") % {"phase": phase})
    old, new = PHASE_ORDER.index(Phase(project.phase)), PHASE_ORDER.index(Phase(phase))
    override = False
    if new <= old:
        if not is_coordinator(actor):
            raise PhaseRefused(_("Phases move forward only; a coordinator may override."))
        override = True
    if phase == Phase.RUNNING and new > old:
        if exception.strip():
            project.consultation_exception = exception.strip()
        if not has_outside_consultation(project) and not project.consultation_exception:
            raise PhaseRefused(
                _(
                    "The project cannot start running: no expert from an organisation other than "
                    "the lead has been consulted. Record a consultation or give a reason for an "
                    "exception."
                )
            )
    today = date or timezone.localdate()
    PhaseChange.objects.create(
        project=project,
        from_phase=project.phase,
        to_phase=phase,
        date=today,
        override=override,
        by=getattr(actor, "username", "") or "",
    )
    project.phase = phase
    if phase == Phase.RUNNING and project.start is None:
        project.start = today
    if phase == Phase.CLOSED and project.end is None:
        project.end = today
    project._history_user = _user(actor)  # type: ignore[attr-defined]
    project.full_clean()
    project.save()
    return project
