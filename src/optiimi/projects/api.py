import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from optiimi.accounts.auth import READ_AUTH, WRITE_AUTH
from optiimi.core import links
from optiimi.core.apierrors import FieldError, saved
from optiimi.network.models import Organisation, Person
from optiimi.projects import finder, permissions, services
from optiimi.projects.links import MEASURES
from optiimi.projects.models import Funding, Project
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


class PartnerOut(Schema):
    organisation_id: int
    organisation: str
    role: str
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


class PhaseIn(Schema):
    phase: str
    exception: str = ""


class PartnerIn(Schema):
    organisation_id: int
    role: str = ""
    budget_share: Decimal = Field(Decimal(0), ge=0, le=100)


class FundingIn(Schema):
    funder: str = Field(min_length=1, max_length=200)
    instrument: Funding.Instrument
    amount: Decimal = Field(ge=0)


class ProjectPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=250)
    acronym: str | None = Field(None, max_length=40)
    lead_id: int | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    budget: Decimal | None = Field(None, ge=0)
    summary_fi: str | None = None
    summary_en: str | None = None
    description_fi: str | None = None
    description_en: str | None = None
    outputs: str | None = None
    results: str | None = None
    lessons: str | None = None
    pain_points: str | None = None
    sub_regions: list[str] | None = Field(None, description="sub-region codes, e.g. ['132']")
    measures: list[int] | None = Field(None, description="strategy measure ids")
    team: list[int] | None = Field(None, description="person ids")
    partners: list[PartnerIn] | None = None
    fundings: list[FundingIn] | None = None


class ProjectIn(ProjectPatch):
    name: str = Field(min_length=1, max_length=250)
    lead_id: int


class ConsultationIn(Schema):
    person_id: int
    date: datetime.date | None = None
    note: str = ""


class ConsultationOut(Schema):
    id: int
    person: str | None
    organisation: str
    date: datetime.date
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
            (org, p.role, p.budget_share) for org, p in zip(orgs, payload.partners, strict=True)
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


@router.get("/experts", response=list[ExpertOut], auth=READ_AUTH)
def experts(request: HttpRequest, q: str, limit: int = 10) -> list[dict]:
    """People ranked for a free text (Finnish or English), each with the reasons."""
    limit = max(1, min(limit, 100))
    return [finder.as_dict(e) for e in finder.find_experts(q, user=request.user, limit=limit)]


@router.get("/projects", response=list[ProjectOut], auth=READ_AUTH)
def project_list(request: HttpRequest) -> list[dict]:
    projects = Project.objects.select_related("lead").prefetch_related(
        "sub_regions", "partners__organisation", "fundings"
    )
    return _with_measures(list(projects))


@router.get("/projects/{project_id}", response=ProjectOut, auth=READ_AUTH)
def project_detail(request: HttpRequest, project_id: int) -> dict:
    permissions.get_project_for_user(request.user, project_id)
    return _fresh(project_id)


@router.post(
    "/projects",
    response={201: ProjectOut},
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
    response=ProjectOut,
    auth=WRITE_AUTH,
    summary="Change a project (the lead's editors, coordinator); the phase has its own endpoint",
)
def update_project(request: HttpRequest, project_id: int, payload: ProjectPatch) -> dict:
    project = permissions.get_project_for_edit(request.user, project_id)
    data = _data(payload)
    if "lead" in data:
        permissions.check_create_project(request.user, data["lead"])
    saved(lambda: services.update_project(project, actor=request.user, **data))
    return _fresh(project_id)


@router.post(
    "/projects/{project_id}/consultations",
    response={201: ConsultationOut},
    auth=WRITE_AUTH,
    summary="Record an expert consulted while planning (the lead's editors, coordinator)",
)
def add_consultation(request: HttpRequest, project_id: int, payload: ConsultationIn) -> Status[Any]:
    project = permissions.get_project_for_edit(request.user, project_id)
    person = _all(Person.objects, [payload.person_id], "person_id")[0]
    consultation = saved(
        lambda: services.record_consultation(
            project, actor=request.user, person=person, date=payload.date, note=payload.note
        )
    )
    return Status(
        201,
        {
            "id": consultation.pk,
            "person": person.name,
            "organisation": consultation.organisation.short_name or consultation.organisation.name,
            "date": consultation.date,
            "note": consultation.note,
        },
    )


@router.post("/projects/{project_id}/phase", response=ProjectOut, auth=WRITE_AUTH)
def project_phase(request: HttpRequest, project_id: int, payload: PhaseIn) -> dict:
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
