import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import field_validator

from optiimi.accounts.auth import READ_AUTH, WRITE_AUTH
from optiimi.core import links
from optiimi.core.api import UNSET, Id, Payload, RegionCode, Text, errors
from optiimi.core.apierrors import FieldError, saved
from optiimi.network.models import Organisation, Person
from optiimi.projects import finder, permissions, services
from optiimi.projects.links import MEASURES
from optiimi.projects.models import Consultation, Funding, Partner, Project
from optiimi.regions.models import Region

router = Router(tags=["projects"])


class ExpertOut(Schema):
    id: int
    name: str
    email: str | None
    organisation: str
    score: float
    reasons: list[str]
    matched_terms: list[str]
    competences: list[str]
    projects: list[str]


ROLES = ", ".join(Partner.Role.values)
KINDS = ", ".join(Consultation.Kind.values)


class PartnerOut(Schema):
    organisation_id: int
    organisation: str
    role: str = Field(description=f"one of {ROLES}, or empty when not given")
    role_detail: str = Field(description='the role in own words, for the role "other"')
    budget_share: float


class FundingOut(Schema):
    funder: str
    instrument: str
    amount: float


class ProjectOut(Schema):
    id: int
    name: str
    acronym: str
    phase: str
    lead: str
    lead_id: int
    start: datetime.date | None
    end: datetime.date | None
    budget: float | None
    sub_regions: list[str]
    measures: list[int]
    partners: list[PartnerOut]
    fundings: list[FundingOut]


class PhaseIn(Payload):
    phase: str = Field(max_length=12)
    exception: str = ""


def _choice(value: str, choices: list[str], what: str) -> str:
    """The value if it is one of the choices; a 422 naming it and the choices otherwise."""
    if value not in choices:
        raise ValueError(f"unknown {what} {value!r}: one of {', '.join(choices)}")
    return value


class PartnerIn(Payload):
    organisation_id: Id
    role: str = Field("", description=f"one of {ROLES}, or empty when not given")
    role_detail: str = Field(
        "", max_length=100, description='the role in own words, only with the role "other"'
    )
    budget_share: Decimal = Field(Decimal(0), ge=0, le=100, max_digits=5, decimal_places=2)

    @field_validator("role")
    @classmethod
    def known_role(cls, value: str) -> str:
        return _choice(value, ["", *Partner.Role.values], "role")


class FundingIn(Payload):
    funder: str = Field(min_length=1, max_length=200)
    instrument: Funding.Instrument
    amount: Decimal = Field(ge=0, max_digits=14, decimal_places=2)


class ProjectPatch(Payload):
    """Only the fields given change; a text field is never null (send "" to empty it)."""

    name: str = Field(UNSET, min_length=1, max_length=250)
    acronym: str = Field(UNSET, max_length=40)
    lead_id: Id = Field(UNSET)
    start: datetime.date | None = None
    end: datetime.date | None = None
    budget: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    summary_fi: str = Field(UNSET)
    summary_en: str = Field(UNSET)
    description_fi: str = Field(UNSET)
    description_en: str = Field(UNSET)
    outputs: str = Field(UNSET)
    results: str = Field(UNSET)
    lessons: str = Field(UNSET)
    pain_points: str = Field(UNSET)
    sub_regions: list[RegionCode] = Field(UNSET, description="sub-region codes, e.g. ['132']")
    measures: list[Id] = Field(UNSET, description="strategy measure ids")
    team: list[Id] = Field(UNSET, description="person ids")
    partners: list[PartnerIn] = Field(UNSET)
    fundings: list[FundingIn] = Field(UNSET)


class ProjectIn(ProjectPatch):
    name: str = Field(min_length=1, max_length=250)
    lead_id: Id


class ConsultationIn(Payload):
    person_id: Id
    date: datetime.date | None = None
    kind: str = Field(Consultation.Kind.OTHER.value, description=f"one of {KINDS}")
    note: str = ""

    @field_validator("kind")
    @classmethod
    def known_kind(cls, value: str) -> str:
        return _choice(value, Consultation.Kind.values, "kind")


class ConsultationOut(Schema):
    id: int
    person: str | None
    organisation: str
    date: datetime.date
    kind: str = Field(description=f"one of {KINDS}")
    note: str


def _out(project: Project, measures: list[Any]) -> dict[str, Any]:
    """The API view of a project; `measures` its strategy measures (see `_with_measures`)."""
    return {
        "id": project.pk,
        "name": project.name,
        "acronym": project.acronym,
        "phase": project.phase,
        "lead": project.lead.short_name or project.lead.name,
        "lead_id": project.lead_id,
        "start": project.start,
        "end": project.end,
        "budget": project.budget,
        "sub_regions": [r.code for r in project.sub_regions.all()],
        "measures": [m.pk for m in measures],
        "partners": [
            {
                "organisation_id": p.organisation_id,
                "organisation": p.organisation.short_name or p.organisation.name,
                "role": p.role,
                "role_detail": p.role_detail,
                "budget_share": p.budget_share,
            }
            for p in project.partners.all()
        ],
        "fundings": [
            {"funder": f.funder, "instrument": f.instrument, "amount": f.amount}
            for f in project.fundings.all()
        ],
    }


def _with_measures(projects: list[Project]) -> list[dict[str, Any]]:
    """The projects' API views with their measures, linked through core.links (two queries)."""
    links.attach(MEASURES, projects, "linked_measures")
    return [_out(p, p.linked_measures) for p in projects]  # type: ignore[attr-defined]


def _all(queryset: Any, ids: list[Any], field: str, lookup: str = "pk") -> list[Any]:
    """The objects for ids, in order; a FieldError names the ones that do not exist."""
    found = {getattr(o, lookup): o for o in queryset.filter(**{f"{lookup}__in": ids})}
    missing = [str(i) for i in ids if i not in found]
    if missing:
        raise FieldError(field, f"unknown {field}: {', '.join(missing)}")
    return [found[i] for i in ids]


def _data(payload: ProjectPatch) -> dict[str, Any]:
    data = payload.dict(exclude_unset=True)
    if "lead_id" in data:
        data["lead"] = _all(Organisation.objects, [data.pop("lead_id")], "lead_id")[0]
    if data.get("sub_regions") is not None:
        data["sub_regions"] = _all(
            Region.objects.subregions(), data["sub_regions"], "sub_regions", "code"
        )
    if data.get("measures") is not None:
        data["measures"] = _all(links.candidates(MEASURES), data["measures"], "measures")
    if data.get("team") is not None:
        data["team"] = _all(Person.objects, data["team"], "team")
    if payload.partners is not None:
        orgs = _all(Organisation.objects, [p.organisation_id for p in payload.partners], "partners")
        data["partners"] = [
            (org, p.role, p.role_detail, p.budget_share)
            for org, p in zip(orgs, payload.partners, strict=True)
        ]
    if payload.fundings is not None:
        data["fundings"] = [(f.funder, f.instrument, f.amount) for f in payload.fundings]
    for name in ("sub_regions", "measures", "team", "partners", "fundings"):
        if name in data and data[name] is None:
            del data[name]
    return data


def _fresh(pk: int) -> dict[str, Any]:
    project = Project.objects.select_related("lead").prefetch_related(
        "sub_regions", "partners__organisation", "fundings"
    )
    return _with_measures([project.get(pk=pk)])[0]


@router.get("/experts", response={200: list[ExpertOut], **errors(422)}, auth=READ_AUTH)
def experts(request: HttpRequest, q: Text, limit: int = Query(10, ge=1, le=100)) -> list[dict]:
    """People ranked for a free text (Finnish or English), each with the reasons."""
    return [finder.as_dict(e) for e in finder.find_experts(q, user=request.user, limit=limit)]


@router.get("/projects", response=list[ProjectOut], auth=READ_AUTH)
def project_list(request: HttpRequest) -> list[dict]:
    projects = Project.objects.select_related("lead").prefetch_related(
        "sub_regions", "partners__organisation", "fundings"
    )
    return _with_measures(list(projects))


@router.get(
    "/projects/{project_id}", response={200: ProjectOut, **errors(404, 422)}, auth=READ_AUTH
)
def project_detail(request: HttpRequest, project_id: Id) -> dict:
    permissions.get_project_for_user(request.user, project_id)
    return _fresh(project_id)


@router.post(
    "/projects",
    response={201: ProjectOut, **errors(400, 401, 403, 422)},
    auth=WRITE_AUTH,
    summary="Add a project (editors for their own organisation, coordinator)",
)
def create_project(request: HttpRequest, payload: ProjectIn) -> Status[Any]:
    permissions.check_create_project(request.user)
    data = _data(payload)
    permissions.check_create_project(request.user, data["lead"])
    project = saved(lambda: services.create_project(actor=request.user, **data))
    return Status(201, _fresh(project.pk))


@router.patch(
    "/projects/{project_id}",
    response={200: ProjectOut, **errors(400, 401, 403, 404, 422)},
    auth=WRITE_AUTH,
    summary="Change a project (the lead's editors, coordinator); the phase has its own endpoint",
)
def update_project(request: HttpRequest, project_id: Id, payload: ProjectPatch) -> dict:
    project = permissions.get_project_for_edit(request.user, project_id)
    data = _data(payload)
    if "lead" in data:
        permissions.check_create_project(request.user, data["lead"])
    saved(lambda: services.update_project(project, actor=request.user, **data))
    return _fresh(project_id)


@router.post(
    "/projects/{project_id}/consultations",
    response={201: ConsultationOut, **errors(400, 401, 403, 404, 422)},
    auth=WRITE_AUTH,
    summary="Record an expert consulted while planning (the lead's editors, coordinator)",
)
def add_consultation(request: HttpRequest, project_id: Id, payload: ConsultationIn) -> Status[Any]:
    project = permissions.get_project_for_edit(request.user, project_id)
    person = _all(Person.objects, [payload.person_id], "person_id")[0]
    consultation = saved(
        lambda: services.record_consultation(
            project,
            actor=request.user,
            person=person,
            date=payload.date,
            kind=payload.kind,
            note=payload.note,
        )
    )
    return Status(
        201,
        {
            "id": consultation.pk,
            "person": person.name,
            "organisation": consultation.organisation.short_name or consultation.organisation.name,
            "date": consultation.date,
            "kind": consultation.kind,
            "note": consultation.note,
        },
    )


@router.post(
    "/projects/{project_id}/phase",
    response={200: ProjectOut, **errors(400, 401, 403, 404, 422)},
    auth=WRITE_AUTH,
)
def project_phase(request: HttpRequest, project_id: Id, payload: PhaseIn) -> dict:
    """Move a project to another phase; refused (422) when the rules do not allow it."""
    project = permissions.get_project_for_edit(request.user, project_id)
    try:
        services.change_phase(
            project, payload.phase, actor=request.user, exception=payload.exception
        )
    except ValidationError as exc:
        error = FieldError("phase", " ".join(exc.messages))
        raise error from None
    return _fresh(project_id)
