"""The API's one error for bad input: a 422 that names the field at fault.

Raise `FieldError("business_id", "…")` from any app's router; the handler in `optiimi.api`
answers `{"detail": [{"loc": ["body", "payload", field], "msg": …}]}`, the same shape as
pydantic's own validation errors.
"""

from __future__ import annotations

from ninja.errors import HttpError


class FieldError(HttpError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(422, message)
        self.field = field
