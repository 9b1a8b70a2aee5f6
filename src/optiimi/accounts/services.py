"""Writes to accounts: API tokens (untracked: a token holds only a hash and a name)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from optiimi.accounts.models import ApiToken


def issue_token(user: Any, name: str, *, actor: Any) -> tuple[ApiToken, str]:
    """A new API token for `user`; the raw value is returned once and never stored."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Name the token, e.g. after the system that uses it.")})
    if ApiToken.objects.filter(user=user, name__iexact=name).exists():
        raise ValidationError(
            {
                "name": _("%(user)s already has a token named “%(name)s”.")
                % {"user": user, "name": name}
            }
        )
    return ApiToken.issue(user, name)


def revoke_token(token: ApiToken, *, actor: Any) -> None:
    token.delete()
