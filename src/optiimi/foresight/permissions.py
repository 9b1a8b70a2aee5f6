"""Who may do what in foresight: statistics are public; importing is for coordinators."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from optiimi.network.permissions import is_coordinator


def can_import(user: Any) -> bool:
    return is_coordinator(user)


def check_import(user: Any) -> None:
    if not can_import(user):
        raise PermissionDenied("Only coordinators import statistics.")
