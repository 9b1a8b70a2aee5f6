from typing import Any

from django.http import HttpRequest

from optiimi.network import permissions


def roles(request: HttpRequest) -> dict[str, Any]:
    """Let templates ask what the current user may do without repeating the rules."""
    user = request.user
    return {
        "user_role": permissions.role_of(user),
        "user_is_member": permissions.is_member(user),
        "user_is_coordinator": permissions.is_coordinator(user),
    }
