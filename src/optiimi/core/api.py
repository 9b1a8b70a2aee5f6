"""What every app's API router shares: bounded input types, pages, and the documented errors.

Numbers a client sends are bounded in the schema (an id of 2**63 is refused with 422, never
reaches the database), codes have their pattern, and each operation lists the error answers it
gives with `errors(...)`, so that the OpenAPI description says what really comes back:

    @router.get("/things/{pk}", response={200: ThingOut, **errors(404, 422)})
"""

from __future__ import annotations

import datetime
import re
from functools import cache
from typing import Annotated, Any

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination
from ninja.schema import DjangoGetter
from pydantic import BeforeValidator, model_validator

#: The largest id a client may send: a signed 64-bit integer, the database's own limit.
MAX_ID = 2**63 - 1
#: Years the platform deals in (statistics, plans, financials).
MIN_YEAR, MAX_YEAR = 1900, 2100
#: Pages beyond this are never full: the lists are of organisations and people of a region.
MAX_PAGE = 1_000_000

Id = Annotated[int, Field(ge=1, le=MAX_ID, description="an id")]
Year = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR)]
Page = Annotated[int, Field(ge=1, le=MAX_PAGE, description="page number, from 1")]
#: Free text in a URL (a search, a filter): any characters but NUL, which no database stores.
Text = Annotated[str, Field(pattern=r"^[^\x00]*$")]
#: A region's code: municipality (172), sub-region (132), region (13), as Statistics Finland.
RegionCode = Annotated[str, Field(pattern=r"^[0-9]{1,3}$", description="region code, e.g. 132")]
#: A code of the platform's own vocabularies (competences, indicators, periods).
Code = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[^\x00]+$")]


def _iso_date(value: Any) -> Any:
    """A date only as YYYY-MM-DD (pydantic would also take a number as seconds since 1970)."""
    if isinstance(value, datetime.date) or (
        isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value)
    ):
        return value
    raise ValueError("a date as YYYY-MM-DD")


#: A date in a URL or a body, written YYYY-MM-DD.
IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date)]


#: The JSON types a value may have, by the JSON-schema type that describes it.
_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
    "null": (type(None),),
}


def _json_types(field_schema: dict[str, Any]) -> set[str] | None:
    """The JSON types a field's schema allows, or None when they are not all plain types."""
    branches = field_schema.get("anyOf", [field_schema])
    types = {branch.get("type") for branch in branches}
    return None if None in types else types


def _item_types(field_schema: dict[str, Any]) -> set[str] | None:
    """The JSON types of a list field's items, when they are plain types."""
    for branch in field_schema.get("anyOf", [field_schema]):
        if branch.get("type") == "array" and "items" in branch:
            return _json_types(branch["items"])
    return None


def _fits(value: Any, types: set[str] | None) -> bool:
    if types is None:
        return True
    if isinstance(value, bool):
        return "boolean" in types
    return any(isinstance(value, _JSON_TYPES[t]) for t in types if t in _JSON_TYPES)


class Payload(Schema):
    """A request body: a JSON object whose values have the JSON types its schema says.

    Text never holds a NUL character: PostgreSQL cannot store one.

    Pydantic would otherwise take 0 for false, a number for a date, "5" for 5, or a list for
    an object (every field then left out); the OpenAPI description promises more than that.
    """

    @model_validator(mode="before")
    @classmethod
    def _json_as_described(cls, data: Any) -> Any:
        raw = data._obj if isinstance(data, DjangoGetter) else data
        if not isinstance(raw, dict):
            raise ValueError("the body must be a JSON object")
        for name, (types, item_types) in _field_types(cls).items():
            value = raw.get(name)
            if name not in raw:
                continue
            if not _fits(value, types):
                wanted = " or ".join(sorted(types or ()))
                raise ValueError(f"{name}: {value!r} is not of type {wanted}")
            if isinstance(value, list) and not all(_fits(item, item_types) for item in value):
                wanted = " or ".join(sorted(item_types or ()))
                raise ValueError(f"{name}: every item must be of type {wanted}")
            texts = value if isinstance(value, list) else [value]
            if any(isinstance(text, str) and "\x00" in text for text in texts):
                raise ValueError(f"{name}: a NUL character (\\x00) is not allowed in text")
        return data


@cache
def _field_types(model: type[Payload]) -> dict[str, tuple[set[str] | None, set[str] | None]]:
    properties = model.model_json_schema()["properties"]
    return {name: (_json_types(f), _item_types(f)) for name, f in properties.items()}


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
    400: ErrorOut,  # a body that is not JSON
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
