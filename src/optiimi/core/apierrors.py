"""The API's errors for a service's answer: a 422 that names the field at fault, a 409 for a
refusal.

Raise `FieldError("business_id", "…")` from any app's router; the handler in `optiimi.api`
answers `{"detail": [{"loc": ["body", "payload", field], "msg": …}]}`, the same shape as
pydantic's own validation errors. `saved(call, refused=(services.Refused,))` runs a service
call and turns its `ValidationError` into a `FieldError` and the refusals it lists into a 409
with the service's own words.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from ninja.errors import HttpError

T = TypeVar("T")


class FieldError(HttpError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(422, message)
        self.field = field


def saved(call: Callable[[], T], *, refused: tuple[type[Exception], ...] = ()) -> T:
    """Run a service call; its ValidationError becomes a FieldError naming the first field, and
    an exception of `refused` (a full event, a referral already answered) a 409."""
    try:
        return call()
    except ValidationError as exc:
        field, messages = (
            next(iter(exc.message_dict.items()))
            if hasattr(exc, "error_dict")
            else ("__all__", exc.messages)
        )
        raise FieldError(field, " ".join(messages)) from None
    except refused as exc:
        raise HttpError(409, str(exc)) from None


def email(value: str) -> str:
    """A payload's e-mail address, stripped; a ValueError (pydantic's 422) if it is not one."""
    try:
        validate_email(value.strip())
    except ValidationError:
        raise ValueError(f"{value!r} is not an e-mail address") from None
    return value.strip()
