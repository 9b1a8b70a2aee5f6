import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import field_validator, model_validator

from optiimi.accounts.auth import READ_AUTH, WRITE_AUTH
from optiimi.core import apierrors, writes
from optiimi.core.api import Id, IsoDate, Pages, Payload, RegionCode, errors
from optiimi.core.apierrors import FieldError, saved
from optiimi.events import permissions, queries, services
from optiimi.events.models import Category, Event, EventSeries, State
from optiimi.events.models import Status as RegistrationStatus
from optiimi.network.models import Organisation, Person
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
    series: int | None
    status: str = Field(description="planned, held or cancelled")
    confirmed: int
    waiting: int
    version: str = Field(description="send it back with a PATCH to refuse a lost update")


class RegistrationIn(Payload):
    name: str = Field(min_length=1, max_length=200)
    email: str = Field(max_length=254)
    organisation: str = Field("", max_length=200)
    answers: dict[str, str] = Field(
        default_factory=dict, description="the event's registration questions: id → answer"
    )

    @field_validator("email")
    @classmethod
    def valid_email(cls, value: str) -> str:
        return apierrors.email(value).lower()


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
        "series": event.series_id,
        "status": event.state(),
        "confirmed": counts[RegistrationStatus.CONFIRMED],
        "waiting": counts[RegistrationStatus.WAITING],
        "version": writes.version(event),
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


class EventFilters(Schema):
    series: Id | None = None
    sub_region: RegionCode | None = None
    kind: Category | None = None
    from_: IsoDate | None = Field(None, alias="from", description="starts on or after")
    to: IsoDate | None = Field(None, description="starts on or before")
    status: State | None = Field(None, description="planned, held or cancelled")


@router.get(
    "/events",
    response={200: list[EventOut], **errors(422)},
    auth=READ_AUTH,
    summary="List events (members see those by invitation too)",
)
@paginate(Pages, page_size=50)
def list_events(request: HttpRequest, filters: Query[EventFilters]) -> Any:
    series, sub_region, kind = filters.series, filters.sub_region, filters.kind
    start_from, to, status = filters.from_, filters.to, filters.status
    events = permissions.visible_events(request.user).select_related("sub_region")
    if series is not None:
        if not EventSeries.objects.filter(pk=series).exists():
            raise FieldError("series", f"no event series with id {series}")
        events = events.filter(series=series)
    if sub_region:
        region = Region.objects.subregions().filter(code=sub_region).first()
        if region is None:
            raise FieldError("sub_region", f"no sub-region with code {sub_region!r}")
        events = events.filter(sub_region=region)
    if kind:
        events = events.filter(category=kind)
    if start_from:
        events = events.filter(start__date__gte=start_from)
    if to:
        events = events.filter(start__date__lte=to)
    if status == State.HELD:
        events = events.held()
    elif status == State.CANCELLED:
        events = events.cancelled()
    elif status == State.PLANNED:
        events = events.filter(cancelled=None).exclude(pk__in=Event.objects.held().values("pk"))
    return [_out(e) for e in events.order_by("start", "pk")]


class EventPatch(Payload):
    title: str | None = Field(None, min_length=1, max_length=200)
    start: datetime.datetime | None = None
    end: datetime.datetime | None = None
    capacity: int | None = Field(None, ge=1, le=1_000_000)
    public: bool | None = None
    venue: str | None = Field(None, max_length=300)
    online_url: str | None = Field(None, max_length=200)
    description_fi: str | None = None
    description_en: str | None = None
    registration_opens: datetime.datetime | None = None
    registration_closes: datetime.datetime | None = None
    version: str | None = Field(
        None, description="the event's `version` as read: a change made since answers 409"
    )


@router.patch(
    "/events/{pk}",
    response={200: EventOut, **errors(400, 401, 403, 404, 409, 422)},
    auth=WRITE_AUTH,
    summary="Change an event (its organisers, coordinator)",
)
def update_event(request: HttpRequest, pk: Id, payload: EventPatch) -> dict[str, Any]:
    event = permissions.get_event_for_manage(request.user, pk)
    data = payload.dict(exclude_unset=True)
    token = data.pop("version", None)
    for key in ("title", "start", "end", "capacity", "public"):
        if key in data and data[key] is None:
            raise FieldError(key, f"{key} may not be null")
    for key in ("venue", "online_url", "description_fi", "description_en"):
        if key in data and data[key] is None:
            data[key] = ""  # null empties a text
    try:
        with writes.unchanged_since(event, token, actor=request.user):
            saved(lambda: services.update_event(event, actor=request.user, **data))
    except writes.Conflict as exc:
        raise HttpError(
            409, f"The event was changed by {exc.who} at {exc.when}; read it again."
        ) from None
    return _out(Event.objects.select_related("sub_region").get(pk=pk))


class EventRegistrationOut(Schema):
    id: int
    name: str
    email: str
    organisation: str
    status: str
    registered: datetime.datetime
    attended: bool
    answers: dict[str, str] = Field(description="question → answer")


@router.get(
    "/events/{pk}/registrations",
    response={200: list[EventRegistrationOut], **errors(401, 403, 404, 422)},
    auth=WRITE_AUTH,
    summary="The event's registrations with their answers (its organisers, coordinator)",
)
def list_registrations(request: HttpRequest, pk: Id) -> list[dict[str, Any]]:
    event = permissions.get_event_for_manage(request.user, pk)
    questions = list(event.questions.filter(asked="registration"))
    rows = event.registrations.prefetch_related("replies").order_by("created", "pk")
    out = []
    for r in rows:
        replies = {a.question_id: a.value for a in r.replies.all()}
        out.append(
            {
                "id": r.pk,
                "name": r.name,
                "email": r.email,
                "organisation": r.organisation_name,
                "status": r.status,
                "registered": r.created,
                "attended": r.attended,
                "answers": {q.text: replies[q.pk] for q in questions if q.pk in replies},
            }
        )
    return out


class InvitationsIn(Payload):
    people: list[Id] = Field(default_factory=list, description="ids of people of the registry")
    guests: list[str] = Field(default_factory=list, description="e-mail addresses of guests")
    message: str = Field("", max_length=4000)

    @field_validator("guests")
    @classmethod
    def valid_emails(cls, value: list[str]) -> list[str]:
        return [apierrors.email(e).lower() for e in value]


class InvitationsOut(Schema):
    sent: int = Field(description="new invitations sent (those invited already are skipped)")
    invited: int = Field(description="everyone invited to the event")


@router.post(
    "/events/{pk}/invitations",
    response={201: InvitationsOut, **errors(400, 401, 403, 404, 409, 422)},
    auth=WRITE_AUTH,
    summary="Invite people of the registry and guests by e-mail (its organisers, coordinator)",
)
def invite(request: HttpRequest, pk: Id, payload: InvitationsIn) -> Status[dict[str, Any]]:
    event = permissions.get_event_for_manage(request.user, pk)
    people = list(Person.objects.filter(pk__in=payload.people))
    missing = set(payload.people) - {p.pk for p in people}
    if missing:
        raise FieldError("people", f"no person with id {', '.join(map(str, sorted(missing)))}")
    sent = saved(
        lambda: services.send_invitations(
            event, people, guests=payload.guests, message=payload.message, actor=request.user
        ),
        refused=(services.RegistrationRefused,),
    )
    return Status(201, {"sent": sent, "invited": event.invitations.count()})


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
    event = permissions.get_event_to_register(request.user, pk)
    registration = saved(
        lambda: services.register(
            event,
            name=payload.name,
            email=payload.email,
            organisation=payload.organisation,
            actor=services.registrant(request.user),
            answers={int(k): v for k, v in payload.answers.items() if k.isdigit()},
        ),
        refused=(services.RegistrationRefused,),
    )
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
