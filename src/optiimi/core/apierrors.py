"""The API's one error for bad input: a 422 that names the field at fault.

Raise `FieldError("business_id", "…")` from any app's router; the handler in `optiimi.api`
answers `{"detail": [{"loc": ["body", "payload", field], "msg": …}]}`, the same shape as
pydantic's own validation errors.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ValidationError
from ninja.errors import HttpError

T = TypeVar("T")


class FieldError(HttpError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(422, message)
        self.field = field


def saved(call: Callable[[], T]) -> T:
    """Run a service call; its ValidationError becomes a FieldError naming the first field."""
    try:
        return call()
    except ValidationError as exc:
        field, messages = (
            next(iter(exc.message_dict.items()))
            if hasattr(exc, "error_dict")
            else ("__all__", exc.messages)
        )
        raise FieldError(field, " ".join(messages)) from None
