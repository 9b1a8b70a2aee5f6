"""Who may do what in foresight: statistics are public; importing is for coordinators."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from optiimi.network.permissions import is_coordinator, is_member


def can_import(user: Any) -> bool:
    return is_coordinator(user)


def check_import(user: Any) -> None:
    if not can_import(user):
        raise PermissionDenied("Only coordinators import statistics.")


def can_manage_barometer(user: Any) -> bool:
    return is_coordinator(user)


def check_manage_barometer(user: Any) -> None:
    if not can_manage_barometer(user):
        raise PermissionDenied("Only coordinators open and close barometer rounds.")


def can_manage_themes(user: Any) -> bool:
    """Custom barometer themes are for whoever manages the barometer."""
    return can_manage_barometer(user)


def check_manage_themes(user: Any) -> None:
    if not can_manage_themes(user):
        raise PermissionDenied("Only coordinators add barometer themes.")


def can_rate(user: Any) -> bool:
    """Raters are the network's experts: any signed-in member."""
    return is_member(user)


def check_rate(user: Any) -> None:
    if not can_rate(user):
        raise PermissionDenied("Only network members rate the outlook.")


def visible_answers(user: Any, round: Any) -> Any:
    """Until a round closes a rater sees only their own answers; afterwards everyone sees all."""
    from optiimi.foresight.models import BarometerAnswer

    answers = BarometerAnswer.objects.filter(round=round)
    if round.is_closed:
        return answers
    if not getattr(user, "is_authenticated", False):
        return answers.none()
    return answers.filter(rater=user)
