"""API authentication: a bearer token, or the browser session (with its CSRF check)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from optiimi.accounts.models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = ApiToken.authenticate(token)
        if found is None:
            return None
        request.user = found.user
        return found.user


#: For write endpoints: either a token or a signed-in session.
WRITE_AUTH = [TokenAuth(), SessionAuth()]


def optional_token(request: HttpRequest) -> bool:
    """For read endpoints: a valid token widens what a caller sees but is never required."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        found = ApiToken.authenticate(header.split(" ", 1)[1].strip())
        if found is not None:
            request.user = found.user
    return True


READ_AUTH = [optional_token]
