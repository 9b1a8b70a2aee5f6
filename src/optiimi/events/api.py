import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import field_validator, model_validator

from optiimi.accounts.auth import READ_AUTH, WRITE_AUTH
from optiimi.core.api import Id, Payload, RegionCode, errors
from optiimi.core.apierrors import FieldError, saved
from optiimi.events import permissions, queries, services
from optiimi.events.models import Category, Event
from optiimi.events.models import Status as RegistrationStatus
from optiimi.network.models import Organisation
from optiimi.regions.models import Region

router = Router(tags=["events"])


class EventIn(Payload):
    title: str = Field(min_length=1, max_length=200)
    start: datetime.datetime
    end: datetime.datetime
    capacity: int = Field(ge=1, le=1_000_000)
    sub_region: RegionCode | None = Field(None, description="sub-region code, e.g. 132")
    public: bool = True
    category: Category = Category.OTHER
    venue: str = Field("", max_length=300)
    description_fi: str = ""
    description_en: str = ""
    hosts: list[Id] | None = Field(
        None, description="host organisation ids (default: the editor's own organisation)"
    )

    @model_validator(mode="after")
    def ends_after_start(self) -> "EventIn":
        if self.end <= self.start:
            raise ValueError("end must be after start")
        return self


class EventOut(Schema):
    id: int
    title: str
    start: datetime.datetime
    end: datetime.datetime
    capacity: int
    sub_region: str | None
    public: bool
    category: str
    venue: str
    confirmed: int
    waiting: int


class RegistrationIn(Payload):
    name: str = Field(min_length=1, max_length=200)
    email: str = Field(max_length=254)
    organisation: str = Field("", max_length=200)

    @field_validator("email")
    @classmethod
    def valid_email(cls, value: str) -> str:
        try:
            validate_email(value.strip())
        except ValidationError:
            raise ValueError(f"{value!r} is not an e-mail address") from None
        return value.strip().lower()


class RegistrationOut(Schema):
    status: str
    event: int
    name: str
    email: str
    position: int | None = Field(None, description="place on the waiting list")


def _out(event: Event) -> dict[str, Any]:
    counts = {
        s: event.registrations.filter(status=s).count()
        for s in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)
    }
    return {
        "id": event.pk,
        "title": event.title,
        "start": event.start,
        "end": event.end,
        "capacity": event.capacity,
        "sub_region": event.sub_region.code if event.sub_region else None,
        "public": event.public,
        "category": event.category,
        "venue": event.venue,
        "confirmed": counts[RegistrationStatus.CONFIRMED],
        "waiting": counts[RegistrationStatus.WAITING],
    }


@router.post(
    "/events",
    response={201: EventOut, **errors(400, 401, 403, 422)},
    auth=WRITE_AUTH,
    summary="Add an event (coordinator, organisation editors)",
)
def create_event(request: HttpRequest, payload: EventIn) -> Status[dict[str, Any]]:
    permissions.check_can_create_event(request.user)
    data = payload.dict()
    region = None
    if data.pop("sub_region"):
        region = Region.objects.subregions().filter(code=payload.sub_region).first()
        if region is None:
            raise FieldError("sub_region", f"no sub-region with code {payload.sub_region!r}")
    host_ids = data.pop("hosts") or [permissions.organiser_organisation_id(request.user)]
    hosts = list(Organisation.objects.filter(pk__in=[h for h in host_ids if h]))
    permissions.check_can_host(request.user, [h.pk for h in hosts])
    event = saved(
        lambda: services.create_event(actor=request.user, hosts=hosts, sub_region=region, **data)
    )
    return Status(201, _out(event))


@router.get(
    "/events/{pk}",
    response={200: EventOut, **errors(404, 422)},
    auth=READ_AUTH,
    summary="One event",
)
def get_event(request: HttpRequest, pk: Id) -> dict[str, Any]:
    return _out(permissions.get_event_for_user(request.user, pk))


@router.post(
    "/events/{pk}/registrations",
    response={201: RegistrationOut, **errors(400, 404, 409, 422)},
    auth=None,
    summary="Register (no account needed for a public event)",
)
def register(request: HttpRequest, pk: Id, payload: RegistrationIn) -> Status[dict[str, Any]]:
    event = permissions.get_event_for_user(request.user, pk)
    try:
        registration = services.register(
            event,
            name=payload.name,
            email=payload.email,
            organisation=payload.organisation,
            actor=services.registrant(request.user),
        )
    except services.RegistrationRefused as exc:
        raise HttpError(409, str(exc)) from None
    return Status(
        201,
        {
            "status": registration.status,
            "event": event.pk,
            "name": registration.name,
            "email": registration.email,
            "position": queries.waiting_position(registration),
        },
    )
