"""The HTTP API at /api/v1/: one NinjaAPI, one router per app, one error shape.

Every error answers `{"detail": ...}`: a string, or for validation errors (422) a list of
`{"loc": [..., field], "msg": ...}` naming the field.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.openapi.docs import Swagger

from optiimi.benchmark.api import router as benchmark_router
from optiimi.collaboration.api import router as collaboration_router
from optiimi.events.api import router as events_router
from optiimi.foresight.api import router as foresight_router
from optiimi.guidance.api import router as guidance_router
from optiimi.network.api import router as network_router
from optiimi.projects.api import router as projects_router
from optiimi.regions.api import router as regions_router
from optiimi.services.api import router as services_router
from optiimi.strategy.api import router as strategy_router


class SiteSwagger(Swagger):
    """The interactive documentation in the site's own frame (language, header, footer) with
    its contrast and keyboard fixes: `templates/api_docs.html`."""

    template = "api_docs.html"
    default_settings = {"layout": "BaseLayout", "deepLinking": False}


api = NinjaAPI(
    title="Optiimi API",
    version="1",
    description="Regions, organisations and people of a regional learning and innovation network.",
    urls_namespace="api",
    docs=SiteSwagger(),
)
api.add_router("", regions_router)
api.add_router("", network_router)
api.add_router("", strategy_router)
api.add_router("", events_router)
api.add_router("", foresight_router)
api.add_router("", projects_router)
api.add_router("", benchmark_router)
api.add_router("", services_router)
api.add_router("", collaboration_router)
api.add_router("", guidance_router)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Permission denied."}, status=403)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """A model's own validation (full_clean) refusing what the schema let through: 422."""
    fields = exc.message_dict.items() if hasattr(exc, "error_dict") else [("__all__", exc.messages)]
    body = {
        "detail": [
            {"loc": ["body", "payload", field], "msg": " ".join(messages), "type": "value_error"}
            for field, messages in fields
        ]
    }
    return api.create_response(request, body, status=422)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    field = getattr(exc, "field", None)
    if exc.status_code == 422 and field:
        body = {
            "detail": [{"loc": ["body", "payload", field], "msg": str(exc), "type": "value_error"}]
        }
        return api.create_response(request, body, status=422)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)
