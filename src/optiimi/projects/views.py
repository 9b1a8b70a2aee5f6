from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from optiimi.projects import finder, permissions, queries, services
from optiimi.projects.forms import ExpertQuery, PhaseForm
from optiimi.projects.models import Project


def project_list(request: HttpRequest) -> HttpResponse:
    projects = (
        Project.objects.select_related("lead").prefetch_related("sub_regions").order_by("name")
    )
    return render(request, "projects/project_list.html", {"projects": projects})


def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = permissions.get_project_for_user(request.user, pk)
    return _detail(request, project, PhaseForm(initial={"phase": project.phase}), status=200)


def _detail(request: HttpRequest, project: Project, form: PhaseForm, status: int) -> HttpResponse:
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "partners": project.partners.select_related("organisation"),
            "fundings": project.fundings.all(),
            "consultations": project.consultations.select_related("person", "organisation"),
            "outside": services.has_outside_consultation(project),
            "similar": queries.similar_projects(project),
            "experts": finder.find_experts(project.search_text(), user=request.user, limit=5),
            "can_edit": permissions.can_edit_project(request.user, project),
            "phase_form": form,
        },
        status=status,
    )


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
            return _detail(request, project, form, status=422)
        messages.success(request, project.get_phase_display())
        return redirect("projects:detail", pk=project.pk)
    return _detail(request, project, form, status=422)


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
    results = queries.search_all(q, user=request.user) if q else None
    return render(request, "projects/search.html", {"q": q, "results": results})
