"""What every app's API router shares: bounded input types, pages, and the documented errors.

Numbers a client sends are bounded in the schema (an id of 2**63 is refused with 422, never
reaches the database), codes have their pattern, and each operation lists the error answers it
gives with `errors(...)`, so that the OpenAPI description says what really comes back:

    @router.get("/things/{pk}", response={200: ThingOut, **errors(404, 422)})
"""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

#: The largest id a client may send: a signed 64-bit integer, the database's own limit.
MAX_ID = 2**63 - 1
#: Years the platform deals in (statistics, plans, financials).
MIN_YEAR, MAX_YEAR = 1900, 2100
#: Pages beyond this are never full: the lists are of organisations and people of a region.
MAX_PAGE = 1_000_000

Id = Annotated[int, Field(ge=1, le=MAX_ID, description="an id")]
Year = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR)]
Page = Annotated[int, Field(ge=1, le=MAX_PAGE, description="page number, from 1")]
#: A region's code: municipality (172), sub-region (132), region (13), as Statistics Finland.
RegionCode = Annotated[str, Field(pattern=r"^[0-9]{1,3}$", description="region code, e.g. 132")]
#: A code of the platform's own vocabularies (competences, indicators, periods).
Code = Annotated[str, Field(min_length=1, max_length=100)]


class Pages(PageNumberPagination):
    """Ninja's page-number pagination with a bounded page and page size."""

    class Input(Schema):
        page: Page = 1
        page_size: int | None = Field(None, ge=1, le=100, description="default 50, at most 100")


class ErrorOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    loc: list[str | int] = Field(description="where: 'body'/'query'/'path', then the field")
    msg: str
    type: str


class ValidationErrorOut(Schema):
    detail: list[FieldErrorOut]


_ERRORS: dict[int, Any] = {
    401: ErrorOut,  # no credentials, or a token that is not valid
    403: ErrorOut,  # not allowed for this user, or a session without its CSRF token
    404: ErrorOut,
    409: ErrorOut,
    422: ValidationErrorOut,
}


def errors(*codes: int) -> dict[int, Any]:
    """The error answers of an operation, for its `response=` dict."""
    return {code: _ERRORS[code] for code in codes}


#: The default of a field of a change (PATCH): left out, the field stays as it is. The field's
#: type has no None, so an explicit null is refused with 422 instead of reaching the database.
UNSET: Any = None
