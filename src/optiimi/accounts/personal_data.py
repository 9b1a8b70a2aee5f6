"""What the login throttle holds about a person (registered with `core.personal_data`): the
failed and logged attempts that django-axes keeps under the username or e-mail they typed.
Erased before the registry deletes the user account, while its username is still known."""

from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model

from optiimi.core import personal_data, writes

MODELS = (AccessAttempt, AccessFailureLog, AccessLog)


def _usernames(subject: personal_data.Subject) -> list[str]:
    names = [subject.email] if subject.email else []
    user = get_user_model().objects.filter(pk=subject.user_id).first() if subject.user_id else None
    if user is not None:
        names += [user.get_username(), getattr(user, "email", "")]
    return [n for n in names if n]


def export_logins(subject: personal_data.Subject) -> list[dict[str, Any]]:
    names = _usernames(subject)
    return [
        {
            "kind": model.__name__,
            "username": row.username,
            "ip_address": row.ip_address,
            "time": row.attempt_time.isoformat(),
        }
        for model in MODELS
        for row in model.objects.filter(username__in=names)
    ]


def erase_logins(subject: personal_data.Subject, actor: writes.Actor) -> None:
    names = _usernames(subject)
    for model in MODELS:
        model.objects.filter(username__in=names).delete()


personal_data.register("logins", export=export_logins, erase=erase_logins, order=900)
