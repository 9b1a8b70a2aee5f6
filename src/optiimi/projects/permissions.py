"""Who may read and change projects: network-wide reading, edits by the lead organisation."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from optiimi.network.permissions import edited_organisation_id, is_coordinator
from optiimi.projects.models import Project


def can_edit_project(user: Any, project: Project) -> bool:
    return is_coordinator(user) or (
        edited_organisation_id(user) is not None and edited_organisation_id(user) == project.lead_id
    )


def get_project_for_user(user: Any, pk: int) -> Project:
    return get_object_or_404(Project.objects.select_related("lead"), pk=pk)


def get_project_for_edit(user: Any, pk: int) -> Project:
    project = get_project_for_user(user, pk)
    if not can_edit_project(user, project):
        raise PermissionDenied("Only the lead organisation or a coordinator may edit this project.")
    return project
