"""Every write to projects: validated, audited, inside one transaction."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from optiimi.core import links, writes
from optiimi.core.writes import Actor
from optiimi.network.models import Organisation, Person
from optiimi.network.permissions import is_coordinator
from optiimi.projects.links import MEASURES
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
    "budget",
    "synthetic",
)
# What a person edits in the form and the API; the phase moves only through change_phase.
EDITABLE_FIELDS = tuple(f for f in PROJECT_FIELDS if f not in ("phase", "synthetic"))

# (organisation, role, the role in own words when it is "other", budget share %)
PartnerRow = tuple[Organisation, str, str, Decimal]
FundingRow = tuple[str, str, Decimal]


ROLE_DETAIL_LENGTH = Partner._meta.get_field("role_detail").max_length or 100


class PhaseRefused(ValidationError):
    """A phase change the rules do not allow; the message says why."""


def _validate(project: Project) -> None:
    """Dates in order, partners' shares adding up to 100 % and funding to the budget."""
    errors: dict[str, list[str]] = {}
    if project.start and project.end and project.end < project.start:
        errors.setdefault("end", []).append(_("The end date is before the start date."))
    shares = [p.budget_share for p in project.partners.all()]
    total_share = sum(shares, Decimal(0))
    if any(share < 0 for share in shares):
        errors.setdefault("partners", []).append(_("A partner's budget share is negative."))
    elif total_share and total_share != Decimal(100):
        errors.setdefault("partners", []).append(
            _("Partners' budget shares add up to %(total)s %%, not 100 %%.")
            % {"total": _number(total_share)}
        )
    amounts = [f.amount for f in project.fundings.all()]
    if any(amount < 0 for amount in amounts):
        errors.setdefault("fundings", []).append(_("A funding amount is negative."))
    elif amounts and project.budget is not None:
        total = sum(amounts, Decimal(0))
        if total != project.budget:
            errors.setdefault("fundings", []).append(
                _("The funders' amounts add up to %(total)s €, the budget is %(budget)s €.")
                % {"total": _number(total), "budget": _number(project.budget)}
            )
    if errors:
        raise ValidationError(errors)


def _name(actor: Actor) -> str:
    """Who moved a phase: the user's name, else the system actor ("demo", "project phase")."""
    user = writes.user_of(actor)
    return user.get_username() if user else writes.reason_of(actor) or ""


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _set_parts(
    project: Project,
    partners: Sequence[PartnerRow] | None,
    fundings: list[FundingRow] | None,
    actor: Actor,
) -> None:
    """Replace the partners and fundings (each change is kept in their history)."""
    if partners is not None:
        seen = set()
        for organisation, role, detail, _share in partners:
            if organisation.pk in seen:
                raise ValidationError(
                    {"partners": _("%(name)s is a partner twice.") % {"name": organisation}}
                )
            seen.add(organisation.pk)
            _check_role(role, detail)
        kept = {p.organisation_id: p for p in project.partners.all()}
        for organisation, role, detail, share in partners:
            partner = kept.pop(organisation.pk, None) or Partner(
                project=project, organisation=organisation
            )
            row = (role, detail.strip(), share)
            if partner.pk and (partner.role, partner.role_detail, partner.budget_share) == row:
                continue
            partner.role, partner.role_detail, partner.budget_share = row
            writes.save(partner, actor=actor, validate=False)
        for partner in kept.values():
            writes.delete(partner, actor=actor)
    if fundings is not None and list(fundings) != [
        (f.funder, f.instrument, f.amount) for f in project.fundings.all()
    ]:
        for old in project.fundings.all():
            writes.delete(old, actor=actor)
        for funder, instrument, amount in fundings:
            funding = Funding(project=project, funder=funder, instrument=instrument, amount=amount)
            funding.full_clean(exclude=["project"])
            writes.save(funding, actor=actor, validate=False)


def _check_role(role: str, detail: str) -> None:
    """A partner's role is one of the choices (or not given); own words only for "other"."""
    if role and role not in Partner.Role.values:
        raise ValidationError(
            {
                "partners": _("Unknown partner role: %(role)s. The roles are: %(roles)s.")
                % {"role": role, "roles": ", ".join(Partner.Role.values)}
            }
        )
    if detail.strip() and role != Partner.Role.OTHER:
        raise ValidationError(
            {"partners": _("Describe a role in your own words only when the role is “other”.")}
        )
    if len(detail.strip()) > ROLE_DETAIL_LENGTH:
        raise ValidationError(
            {
                "partners": _("A role in own words is at most %(n)s characters.")
                % {"n": ROLE_DETAIL_LENGTH}
            }
        )


@writes.service
def create_project(
    *,
    actor: Actor,
    sub_regions: Any = (),
    team: Any = (),
    measures: Any = (),
    partners: Sequence[PartnerRow] | None = None,
    fundings: list[FundingRow] | None = None,
    **data: Any,
) -> Project:
    project = Project(**{k: v for k, v in data.items() if k in PROJECT_FIELDS})
    writes.save(project, actor=actor)
    for relation, values in (("sub_regions", sub_regions), ("team", team)):
        writes.set_m2m(project, relation, values, actor=actor)
    links.set_targets(MEASURES, project, measures, actor=actor, field="measures")
    _set_parts(project, partners, fundings, actor)
    _validate(project)
    return project


@writes.service
def update_project(
    project: Project,
    *,
    actor: Actor,
    sub_regions: Any = None,
    team: Any = None,
    measures: Any = None,
    partners: Sequence[PartnerRow] | None = None,
    fundings: list[FundingRow] | None = None,
    **data: Any,
) -> Project:
    """Change a project's description, partners and funding; the phase has its own rules."""
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({f: _("This field cannot be changed here.") for f in unknown})
    for name, value in data.items():
        setattr(project, name, value)
    writes.save(project, actor=actor)
    for relation, values in (("sub_regions", sub_regions), ("team", team)):
        writes.set_m2m(project, relation, values, actor=actor)
    links.set_targets(MEASURES, project, measures, actor=actor, field="measures")
    _set_parts(project, partners, fundings, actor)
    _validate(project)
    return project


def has_outside_consultation(project: Project) -> bool:
    return project.consultations.exclude(organisation_id=project.lead_id).exists()


@writes.service
def record_consultation(
    project: Project,
    *,
    actor: Actor,
    person: Person,
    organisation: Organisation | None = None,
    date: datetime.date | None = None,
    kind: str = Consultation.Kind.OTHER,
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
        kind=kind,
        note=note,
    )
    writes.save(consultation, actor=actor)
    writes.save(project, actor=actor, validate=False, update_fields=["updated"])
    return consultation


@writes.service
def change_phase(
    project: Project,
    phase: str,
    *,
    actor: Actor,
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
        by=_name(actor),
    )
    project.phase = phase
    if phase == Phase.RUNNING and project.start is None:
        project.start = today
    if phase == Phase.CLOSED and project.end is None:
        project.end = today
    writes.save(project, actor=actor)
    return project
