"""Who may do what in foresight: statistics are public; importing statistics and running the
barometer are for the coordinator and the foresight analysts the coordinator names."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from optiimi.network.models import CapabilityRole
from optiimi.network.permissions import has_capability, is_member


def is_analyst(user: Any) -> bool:
    """The coordinator, or a foresight analyst."""
    return has_capability(user, CapabilityRole.FORESIGHT_ANALYST)


def can_import(user: Any) -> bool:
    return is_analyst(user)


def check_import(user: Any) -> None:
    if not can_import(user):
        raise PermissionDenied("Only the coordinator and foresight analysts import statistics.")


def can_manage_barometer(user: Any) -> bool:
    return is_analyst(user)


def check_manage_barometer(user: Any) -> None:
    if not can_manage_barometer(user):
        raise PermissionDenied(
            "Only the coordinator and foresight analysts open and close barometer rounds."
        )


def can_manage_themes(user: Any) -> bool:
    """Custom barometer themes are for whoever manages the barometer."""
    return can_manage_barometer(user)


def check_manage_themes(user: Any) -> None:
    if not can_manage_themes(user):
        raise PermissionDenied("Only the coordinator and foresight analysts add barometer themes.")


def can_rate(user: Any) -> bool:
    """Raters are the network's experts: any signed-in member, and every foresight analyst."""
    return is_member(user) or is_analyst(user)


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
