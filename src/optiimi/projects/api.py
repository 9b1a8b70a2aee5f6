import datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema

from optiimi.accounts.auth import READ_AUTH, WRITE_AUTH
from optiimi.core.apierrors import FieldError
from optiimi.projects import finder, permissions, services
from optiimi.projects.models import Project

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


class ProjectOut(Schema):
    id: int
    name: str
    acronym: str
    phase: str
    lead: str
    start: datetime.date | None
    end: datetime.date | None
    sub_regions: list[str]


class PhaseIn(Schema):
    phase: str
    exception: str = ""


def _out(project: Project) -> dict:
    return {
        "id": project.pk,
        "name": project.name,
        "acronym": project.acronym,
        "phase": project.phase,
        "lead": project.lead.short_name or project.lead.name,
        "start": project.start,
        "end": project.end,
        "sub_regions": [r.code for r in project.sub_regions.all()],
    }


@router.get("/experts", response=list[ExpertOut], auth=READ_AUTH)
def experts(request: HttpRequest, q: str, limit: int = 10) -> list[dict]:
    """People ranked for a free text (Finnish or English), each with the reasons."""
    limit = max(1, min(limit, 100))
    return [finder.as_dict(e) for e in finder.find_experts(q, user=request.user, limit=limit)]


@router.get("/projects", response=list[ProjectOut], auth=READ_AUTH)
def project_list(request: HttpRequest) -> list[dict]:
    projects = Project.objects.select_related("lead").prefetch_related("sub_regions")
    return [_out(p) for p in projects]


@router.get("/projects/{project_id}", response=ProjectOut, auth=READ_AUTH)
def project_detail(request: HttpRequest, project_id: int) -> dict:
    return _out(permissions.get_project_for_user(request.user, project_id))


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
    return _out(project)
