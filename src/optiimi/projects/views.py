from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import BaseFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from optiimi.core import history, links
from optiimi.core.forms import add_service_errors, submit
from optiimi.core.search.results import find_all
from optiimi.network.models import Organisation
from optiimi.network.permissions import is_coordinator, is_member
from optiimi.projects import finder, permissions, queries, services
from optiimi.projects.forms import (
    ConsultationForm,
    ExpertQuery,
    FundingFormSet,
    PartnerFormSet,
    PhaseForm,
    ProjectFilter,
    ProjectForm,
    rows,
)
from optiimi.projects.links import MEASURES
from optiimi.projects.models import Project

PAGE_SIZE = 25


def project_list(request: HttpRequest) -> HttpResponse:
    form = ProjectFilter(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    projects = queries.projects(
        q=data.get("q", ""),
        phase=data.get("phase", ""),
        sub_region=data.get("sub_region"),
        lead=data.get("lead"),
    )
    return render(
        request,
        "projects/project_list.html",
        {
            "form": form,
            "page": Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page")),
            "can_create": permissions.can_create_project(request.user),
        },
    )


def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = permissions.get_project_for_user(request.user, pk)
    return _detail(request, project, status=200)


def _detail(
    request: HttpRequest,
    project: Project,
    status: int,
    phase_form: PhaseForm | None = None,
    consultation_form: ConsultationForm | None = None,
) -> HttpResponse:
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "partners": project.partners.select_related("organisation"),
            "fundings": project.fundings.all(),
            "measures": links.targets(MEASURES, project).select_related("goal__priority__period"),
            "consultations": project.consultations.select_related("person", "organisation"),
            "outside": services.has_outside_consultation(project),
            "similar": queries.similar_projects(project),
            "experts": finder.find_experts(project.search_text(), user=request.user, limit=5),
            "can_edit": permissions.can_edit_project(request.user, project),
            "can_override": is_coordinator(request.user),
            "phase_form": phase_form or PhaseForm(initial={"phase": project.phase}),
            "consultation_form": consultation_form or ConsultationForm(),
            "history": history.entries(project) if is_member(request.user) else [],
        },
        status=status,
    )


def _project_form(request: HttpRequest, project: Project | None) -> HttpResponse:
    post = request.POST if request.method == "POST" else None
    if post is not None and post.get("lead", "").isdigit():
        lead = Organisation.objects.filter(pk=post["lead"]).first()
        if lead is not None and (project is None or lead.pk != project.lead_id):
            permissions.check_create_project(request.user, lead)

    def parts(data: Any) -> list[BaseFormSet]:
        return [
            PartnerFormSet(
                data,
                prefix="partners",
                initial=[
                    {
                        "organisation": p.organisation_id,
                        "role": p.role,
                        "role_detail": p.role_detail,
                        "budget_share": p.budget_share,
                    }
                    for p in (project.partners.all() if project else [])
                ],
            ),
            FundingFormSet(
                data,
                prefix="fundings",
                initial=[
                    {"funder": f.funder, "instrument": f.instrument, "amount": f.amount}
                    for f in (project.fundings.all() if project else [])
                ],
            ),
        ]

    def save(form: ProjectForm, partners: BaseFormSet, fundings: BaseFormSet) -> Project:
        data: dict[str, Any] = dict(form.cleaned_data)
        related = {name: data.pop(name) for name in ("sub_regions", "measures", "team")}
        changes = {"partners": rows(partners), "fundings": rows(fundings), **related, **data}
        if project is None:
            return services.create_project(actor=request.user, **changes)
        services.update_project(project, actor=request.user, **changes)
        return project

    result = submit(
        request,
        lambda data: ProjectForm(data, instance=project, user=request.user),
        save,
        record=project,
        parts=parts,
    )
    if result.done:
        messages.success(request, _("Project added.") if project is None else _("Changes saved."))
        return redirect("projects:detail", pk=result.saved.pk)
    if result.posted and project is not None and project.pk:
        # The form wrote the refused values onto the instance; show the stored ones around it.
        project.refresh_from_db()
    partners, fundings = result.parts
    return render(
        request,
        "projects/project_form.html",
        {
            "form": result.form,
            "partners": partners,
            "fundings": fundings,
            "project": project,
            "conflict": result.conflict,
        },
        status=result.status,
    )


@login_required
def project_create(request: HttpRequest) -> HttpResponse:
    permissions.check_create_project(request.user)
    return _project_form(request, None)


@login_required
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _project_form(request, permissions.get_project_for_edit(request.user, pk))


@login_required
@require_POST
def project_consultation(request: HttpRequest, pk: int) -> HttpResponse:
    project = permissions.get_project_for_edit(request.user, pk)
    form = ConsultationForm(request.POST)
    if form.is_valid():
        try:
            services.record_consultation(project, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Consultation recorded."))
            return redirect("projects:detail", pk=project.pk)
    return _detail(request, project, status=422, consultation_form=form)


@login_required
@require_POST
def project_phase(request: HttpRequest, pk: int) -> HttpResponse:
    project = permissions.get_project_for_edit(request.user, pk)
    form = PhaseForm(request.POST)
    if form.is_valid():
        try:
            services.change_phase(
                project,
                form.cleaned_data["phase"],
                actor=request.user,
                exception=form.cleaned_data["exception"],
            )
        except ValidationError as exc:
            form.add_error("phase", " ".join(exc.messages))
            project.refresh_from_db()
            return _detail(request, project, status=422, phase_form=form)
        messages.success(request, project.get_phase_display())
        return redirect("projects:detail", pk=project.pk)
    return _detail(request, project, status=422, phase_form=form)


def experts(request: HttpRequest) -> HttpResponse:
    form = ExpertQuery(request.GET or None)
    hits = []
    if form.is_valid():
        hits = finder.find_experts(
            form.cleaned_data["q"], user=request.user, limit=form.cleaned_data["limit"] or 10
        )
    return render(request, "projects/experts.html", {"form": form, "hits": hits})


def search(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    results = find_all(q, user=request.user) if q else None
    return render(request, "projects/search.html", {"q": q, "results": results})
