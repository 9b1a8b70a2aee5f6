"""Who may read and change projects: network-wide reading; an organisation's editors add and
edit the projects their organisation leads; a coordinator any project."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from optiimi.network.models import Organisation
from optiimi.network.permissions import edited_organisation_id, is_coordinator
from optiimi.projects.models import Project


def can_edit_project(user: Any, project: Project) -> bool:
    return is_coordinator(user) or (
        edited_organisation_id(user) is not None and edited_organisation_id(user) == project.lead_id
    )


def lead_choices(user: Any) -> QuerySet[Organisation]:
    """The organisations a user may name as a project's lead."""
    if is_coordinator(user):
        return Organisation.objects.all()
    edited = edited_organisation_id(user)
    return Organisation.objects.filter(pk=edited) if edited else Organisation.objects.none()


def can_create_project(user: Any) -> bool:
    return is_coordinator(user) or edited_organisation_id(user) is not None


def check_create_project(user: Any, lead: Organisation | None = None) -> None:
    if not can_create_project(user):
        raise PermissionDenied("Only an organisation's editors or a coordinator add projects.")
    if lead is not None and not lead_choices(user).filter(pk=lead.pk).exists():
        raise PermissionDenied("You may add projects only for your own organisation.")


def get_project_for_user(user: Any, pk: int) -> Project:
    return get_object_or_404(Project.objects.select_related("lead"), pk=pk)


def get_project_for_edit(user: Any, pk: int) -> Project:
    project = get_project_for_user(user, pk)
    if not can_edit_project(user, project):
        raise PermissionDenied("Only the lead organisation or a coordinator may edit this project.")
    return project
