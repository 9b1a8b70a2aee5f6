"""Every write about events: creating, invitations, registration with a waiting list,
cancellation with promotion, check-in, feedback, and personal data (export, erasure, purge)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from optiimi.core import ties, writes
from optiimi.core.mail import send_on_commit, site_url
from optiimi.core.writes import Actor, System, user_of
from optiimi.events.models import (
    Answer,
    Asked,
    Category,
    Event,
    EventSeries,
    Feedback,
    Invitation,
    Question,
    QuestionType,
    Registration,
    Reply,
    Seat,
    Status,
)
from optiimi.network.models import Organisation, OrganisationKind, Person

SALT_CANCEL = "optiimi.events.cancel"
SALT_INVITE = "optiimi.events.invite"
SALT_FEEDBACK = "optiimi.events.feedback"
SALT_REGISTERED = "optiimi.events.registered"

# Who registers, cancels or answers through a link in e-mail or a public page without signing in.
PUBLIC = System("public registration")


def registrant(user: Any) -> Actor:
    """The actor of a public page: the signed-in user, else `PUBLIC`."""
    return user if getattr(user, "is_authenticated", False) else PUBLIC


class RegistrationRefused(Exception):
    """A registration that cannot be taken, with a message fit to show the person."""


# Links carried in e-mail ----------------------------------------------------------------------


def cancel_token(registration: Registration) -> str:
    return signing.dumps(registration.pk, salt=SALT_CANCEL)


def registration_from_token(token: str, salt: str = SALT_CANCEL) -> Registration:
    try:
        pk = signing.loads(token, salt=salt)
    except signing.BadSignature:
        raise Registration.DoesNotExist from None
    return Registration.objects.select_related("event").get(pk=pk)


def registered_token(registration: Registration) -> str:
    """The confirmation page's link: shows the registration, registers nothing."""
    return signing.dumps(registration.pk, salt=SALT_REGISTERED)


def feedback_token(registration: Registration) -> str:
    return signing.dumps(registration.pk, salt=SALT_FEEDBACK)


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps(invitation.pk, salt=SALT_INVITE)


def _confirmation(registration: Registration) -> None:
    event = registration.event
    link = site_url(reverse("events:cancel", args=[cancel_token(registration)]))
    when = timezone.localtime(event.start).strftime("%d.%m.%Y %H:%M")
    if registration.status == Status.CONFIRMED:
        subject = _("Registration confirmed: %(title)s") % {"title": event.title}
        state = _("Your place is confirmed.")
    else:
        subject = _("On the waiting list: %(title)s") % {"title": event.title}
        state = _(
            "The event is full: you are on the waiting list and will get an e-mail "
            "if a place frees up."
        )
    body = "\n\n".join(
        [
            _("Hello %(name)s,") % {"name": registration.name},
            state,
            f"{event.title}\n{when}\n{event.venue or event.online_url}",
            _("If you cannot come, cancel here: %(link)s") % {"link": link},
        ]
    )
    send_on_commit(subject, body, registration.email)


# Events --------------------------------------------------------------------------------------


def _validate_event(event: Event) -> None:
    errors = {}
    if event.start and event.end and event.end <= event.start:
        errors["end"] = _("The event must end after it starts.")
    if event.capacity is not None and event.capacity < 1:
        errors["capacity"] = _("Capacity must be at least one.")
    if (
        event.registration_opens
        and event.registration_closes
        and event.registration_closes <= event.registration_opens
    ):
        errors["registration_closes"] = _("Registration must close after it opens.")
    if errors:
        raise ValidationError(errors)


def _follow_series(event: Event, given: dict[str, Any]) -> None:
    """An event of a series takes the series' kind and sub-region when none is given, and
    refuses a different one: otherwise it would never count toward the series' target."""
    series = event.series
    if series is None:
        if not event.category:
            event.category = Category.OTHER
        return
    errors = {}
    if not given.get("category"):
        event.category = series.category
    elif given["category"] != series.category:
        errors["category"] = _("The series %(series)s is of the kind “%(kind)s”.") % {
            "series": series.name,
            "kind": series.get_category_display(),
        }
    if series.sub_region_id is not None:
        if given.get("sub_region") is None:
            event.sub_region = series.sub_region
        elif getattr(given["sub_region"], "pk", given["sub_region"]) != series.sub_region_id:
            errors["sub_region"] = _("The series %(series)s is for %(region)s.") % {
                "series": series.name,
                "region": series.sub_region.name,  # type: ignore[union-attr]
            }
    if errors:
        raise ValidationError(errors)


@writes.service
def create_series(*, actor: Actor, **data: Any) -> EventSeries:
    """A series of events with a yearly target (project days of a sub-region, …)."""
    series = EventSeries(**data)
    writes.save(series, actor=actor)
    return series


@writes.service
def create_event(*, actor: Actor, hosts: Iterable[Organisation] = (), **data: Any) -> Event:
    event = Event(**data)
    event.created_by = user_of(actor)
    _follow_series(event, data)
    _validate_event(event)
    writes.save(event, actor=actor)
    if writes.set_m2m(event, "hosts", list(hosts), actor=actor):
        writes.save(event, actor=actor, validate=False)
    _fit_seats(event)
    return event


@writes.service
def update_event(
    event: Event, *, actor: Actor, hosts: Iterable[Organisation] | None = None, **data: Any
) -> Event:
    event = Event.objects.select_for_update().get(pk=event.pk)
    for key, value in data.items():
        setattr(event, key, value)
    if {"series", "category", "sub_region"} & data.keys():
        _follow_series(event, data)
    _validate_event(event)
    if data.get("capacity") is not None:
        confirmed = event.registrations.filter(status=Status.CONFIRMED).count()
        if event.capacity < confirmed:
            raise ValidationError(
                {"capacity": _("%(n)d people are confirmed already.") % {"n": confirmed}}
            )
    writes.set_m2m(event, "hosts", None if hosts is None else list(hosts), actor=actor)
    writes.save(event, actor=actor)
    _fit_seats(event)
    _promote(event)
    return event


@writes.service
def cancel_event(
    event: Event, *, actor: Actor, reason: str = "", now: datetime.datetime | None = None
) -> Event:
    """Call an event off: it stays on record as cancelled, counts toward no target, takes no
    registrations, and everyone registered or waiting is told by e-mail."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.cancelled:
        return event
    event.cancelled = now or timezone.now()
    writes.save(event, actor=actor, validate=False)
    when = timezone.localtime(event.start).strftime("%d.%m.%Y %H:%M")
    for registration in event.registrations.exclude(status=Status.CANCELLED):
        send_on_commit(
            _("Cancelled: %(title)s") % {"title": event.title},
            "\n\n".join(
                part
                for part in [
                    _("Hello %(name)s,") % {"name": registration.name},
                    _("%(title)s on %(when)s is cancelled.") % {"title": event.title, "when": when},
                    reason.strip(),
                ]
                if part
            ),
            registration.email,
        )
    return event


SEAT_BATCH = 2000


def _fit_seats(event: Event) -> None:
    """Make the event's seats as many as its capacity: add free seats, or remove free ones
    (the newest first). Runs with the event row locked FOR UPDATE (or just created), so no
    registration is claiming a seat meanwhile."""
    missing = event.capacity - Seat.objects.filter(event=event).count()
    while missing > 0:
        batch = min(missing, SEAT_BATCH)
        Seat.objects.bulk_create([Seat(event=event) for _ in range(batch)])
        missing -= batch
    if missing < 0:
        free = Seat.objects.filter(event=event, registration=None).order_by("-pk")
        Seat.objects.filter(pk__in=list(free.values_list("pk", flat=True)[:-missing])).delete()


def save_series(
    series: EventSeries | None,
    *,
    actor: Actor,
    name_fi: str,
    name_en: str = "",
    category: str,
    sub_region: Any = None,
    target_per_year: int = 1,
) -> EventSeries:
    """Add an event series with its yearly target, or change one; history names the actor."""
    values = {
        "name_fi": name_fi.strip(),
        "name_en": name_en.strip(),
        "category": category,
        "sub_region": sub_region,
        "target_per_year": target_per_year,
    }
    if series is None:
        return create_series(actor=actor, **values)
    if writes.apply(series, values):
        writes.save(series, actor=actor)
    return series


# Registration -------------------------------------------------------------------------------


def register(
    event: Event,
    *,
    actor: Actor,
    name: str,
    email: str,
    organisation: str = "",
    now: datetime.datetime | None = None,
    invited_only_ok: bool = False,
    answers: dict[int, str] | None = None,
) -> Registration:
    """Take a registration: confirmed while a seat is free, else on the waiting list. A
    signed-in `actor` is remembered as the registration's user; anyone else registers as
    `PUBLIC`.

    On PostgreSQL the event row is held in KEY SHARE mode (which registrations share with each
    other, while a cancellation or a capacity change, locking it FOR UPDATE, waits for them and
    they for it), read in the same statement as what is known of the address (registered
    already, invited, the registry's person, whether the event asks questions); then one free
    seat row is claimed with `SELECT … FOR UPDATE SKIP LOCKED`: concurrent registrations lock
    different seats, so none waits for another's commit and PostgreSQL can flush their commits
    together. Only when every free seat is held by a registration still in flight does it wait,
    for those seats, in case one of them rolls back. On SQLite the IMMEDIATE transaction queues
    writers one at a time. The unique constraint on an active registration per address catches
    a duplicate that arrives meanwhile.

    `answers` (question id → answer) answer the event's registration questions; a required
    question left unanswered, or a choice not offered, is refused. Given None, the questions
    are not checked (a registration made for someone else, e.g. an invitation's "yes").
    """
    now = now or timezone.now()
    name, email = name.strip(), email.strip().lower()
    if not name or not email:
        raise RegistrationRefused(_("Give your name and e-mail address."))
    _check_open(event, now, invited_only_ok)
    try:
        with writes.acting(actor):
            registered, invited, person, asks = _hold(event, email)
            _check_open(event, now, invited_only_ok)  # as it is now, held
            if registered:
                raise _registered_already(email)
            replies = (
                checked_answers(event, Asked.REGISTRATION, answers)
                if answers is not None and asks
                else None
            )
            seat = _claim_seat(event)
            registration = Registration.objects.create(
                event=event,
                name=name,
                email=email,
                organisation_name=organisation.strip(),
                person_id=person,
                user=user_of(actor),
                status=Status.WAITING if seat is None else Status.CONFIRMED,
            )
            if seat is not None:
                with connection.cursor() as cursor:
                    cursor.execute(_TAKE_SEAT, [registration.pk, seat])
            if replies:
                Reply.objects.bulk_create(
                    Reply(registration=registration, question_id=q, value=v)
                    for q, v in replies.items()
                )
            if invited:
                _answer_invitations(event, email, Answer.YES, now, actor)
    except IntegrityError:
        if event.registrations.filter(email=email).exclude(status=Status.CANCELLED).exists():
            raise _registered_already(email) from None
        raise
    _confirmation(registration)  # mailed once committed, written outside the transaction
    return registration


# The registration's own queries are written in SQL: the ORM takes 0.5–2 ms of CPU to build
# each of them, and a registration has about 5 ms to spend in all at 200 a second on two cores;
# these take a tenth of that. Values are always parameters.
# The event as it is now (held from changing on PostgreSQL: registrations share the row with
# each other in KEY SHARE mode, which Django's ORM has no word for, and a cancellation or a
# capacity change, locking it FOR UPDATE, excludes them), with what is known of the address.
_HOLD_EVENT = """
    SELECT public, registration_opens, registration_closes, start, cancelled,
        EXISTS (SELECT 1 FROM events_registration
                WHERE event_id = %s AND email = %s AND status <> %s),
        EXISTS (SELECT 1 FROM events_invitation WHERE event_id = %s AND email = %s),
        (SELECT id FROM network_person WHERE email = %s),
        EXISTS (SELECT 1 FROM events_question WHERE event_id = %s AND asked = %s)
    FROM events_event WHERE id = %s
"""
_FREE_SEAT = """
    SELECT id FROM events_seat WHERE event_id = %s AND registration_id IS NULL ORDER BY id LIMIT 1
"""
# A free seat nobody else has locked, and whether any seat is free at all (as committed when
# the statement began; the seats held by registrations in flight among them): when none is,
# the event is full and nothing is worth waiting for. Cancellations and capacity changes, which
# free seats, lock the event FOR UPDATE and so wait for this registration's KEY SHARE lock.
_CLAIM_SEAT = """
    SELECT (SELECT id FROM events_seat WHERE event_id = %s AND registration_id IS NULL
            ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED),
        EXISTS (SELECT 1 FROM events_seat WHERE event_id = %s AND registration_id IS NULL)
"""
_TAKE_SEAT = "UPDATE events_seat SET registration_id = %s WHERE id = %s"


def _one(sql: str, params: list[Any]) -> tuple[Any, ...] | None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def _hold(event: Event, email: str) -> tuple[bool, bool, int | None, bool]:
    """Bring `event` up to date and keep it from changing until the transaction ends (on
    SQLite the IMMEDIATE transaction holds the whole database). Returns whether `email` is
    registered for the event already, whether it was invited, the registry's person with that
    address (people's e-mail addresses are unique), and whether the event asks questions when
    registering."""
    sql = _HOLD_EVENT + " FOR KEY SHARE" if connection.vendor == "postgresql" else _HOLD_EVENT
    row = _one(
        sql,
        [
            *(event.pk, email, Status.CANCELLED),
            *(event.pk, email),
            email,
            *(event.pk, Asked.REGISTRATION),
            event.pk,
        ],
    )
    if row is None:
        raise Event.DoesNotExist
    event.public = bool(row[0])
    opens, closes, start, cancelled = (_aware(value) for value in row[1:5])
    event.registration_opens, event.registration_closes, event.cancelled = opens, closes, cancelled
    if start is not None:  # never None: a required field
        event.start = start
    registered, invited, person, asks = row[5:]
    return bool(registered), bool(invited), person, bool(asks)


def _aware(value: Any) -> datetime.datetime | None:
    """A time read in SQL: SQLite gives it without its zone (stored in UTC), or as text."""
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if value is not None and timezone.is_naive(value):
        value = value.replace(tzinfo=datetime.UTC)
    return value


def _claim_seat(event: Event) -> int | None:
    """Lock a free seat of the event and return its id, or None when none is left."""
    if not connection.features.has_select_for_update_skip_locked:
        row = _one(_FREE_SEAT, [event.pk])  # SQLite: the IMMEDIATE transaction holds it
        return None if row is None else row[0]
    seat, any_free = _one(_CLAIM_SEAT, [event.pk, event.pk]) or (None, False)
    if seat is None and any_free:
        # Every free seat is locked by a registration in flight. Wait for them: if one rolls
        # back, its seat is free again and must not be left empty while this person waits.
        row = _one(_FREE_SEAT + " FOR UPDATE", [event.pk])
        seat = None if row is None else row[0]
    return seat


def _check_open(event: Event, now: datetime.datetime, invited_only_ok: bool) -> None:
    if event.cancelled:
        raise RegistrationRefused(_("The event is cancelled."))
    if not event.public and not invited_only_ok:
        raise RegistrationRefused(_("This event is by invitation only."))
    if event.registration_opens and now < event.registration_opens:
        raise RegistrationRefused(_("Registration has not opened yet."))
    closes = event.registration_closes or event.start
    if now >= closes:
        raise RegistrationRefused(_("Registration has closed."))


def _registered_already(email: str) -> RegistrationRefused:
    return RegistrationRefused(
        _(
            "%(email)s is registered for this event already. The "
            "confirmation e-mail has a link for cancelling."
        )
        % {"email": email}
    )


def _promote(event: Event) -> list[Registration]:
    """Fill free seats from the waiting list, first come first served. The event row is locked
    FOR UPDATE, so no registration is claiming a seat meanwhile."""
    seats = list(
        Seat.objects.filter(event=event, registration=None)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    promoted = list(
        event.registrations.filter(status=Status.WAITING).order_by("created", "pk")[: len(seats)]
    )
    for seat, registration in zip(seats, promoted, strict=False):
        registration.status = Status.CONFIRMED
        registration.save(update_fields=["status"])
        Seat.objects.filter(pk=seat).update(registration=registration)
        send_on_commit(
            _("A place freed up: %(title)s") % {"title": event.title},
            "\n\n".join(
                [
                    _("Hello %(name)s,") % {"name": registration.name},
                    _("A place freed up and your registration is now confirmed."),
                    _("If you cannot come, cancel here: %(link)s")
                    % {
                        "link": site_url(
                            reverse("events:cancel", args=[cancel_token(registration)])
                        )
                    },
                ]
            ),
            registration.email,
        )
    return promoted


def _answer_invitations(
    event: Event, email: str, answer: str, now: datetime.datetime, actor: Actor
) -> None:
    for invitation in Invitation.objects.filter(event=event, email=email):
        if writes.apply(invitation, {"answer": answer, "answered": now}):
            writes.save(invitation, actor=actor, validate=False)


@writes.service
def cancel(registration: Registration, *, actor: Actor) -> list[Registration]:
    """Cancel a registration; a freed seat goes to the first person waiting. Returns those
    promoted. The event row is locked FOR UPDATE: this waits for registrations in flight and
    they for it, so a seat freed here cannot be missed by someone joining the waiting list."""
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.status == Status.CANCELLED:
        return []
    was_confirmed = registration.status == Status.CONFIRMED
    registration.status = Status.CANCELLED
    registration.save(update_fields=["status"])
    Seat.objects.filter(registration=registration).update(registration=None)
    _answer_invitations(event, registration.email, Answer.NO, timezone.now(), actor)
    return _promote(event) if was_confirmed else []


# Invitations ---------------------------------------------------------------------------------


def invitees(event: Event) -> list[Person]:
    """ "All funders and actors of the sub-region": the people of the organisations serving it
    (every member organisation for a regional event) and of the funder organisations."""
    if event.sub_region_id:
        organisations = Q(organisations__sub_regions=event.sub_region_id)
    else:
        organisations = Q(organisations__member_since__isnull=False)
    funders = Q(organisations__kind=OrganisationKind.FUNDER)
    people = (
        Person.objects.filter(organisations | funders)
        .exclude(email=None)
        .exclude(email="")
        .distinct()
        .order_by("name")
        .prefetch_related("organisations")
    )
    return list(people)


@dataclass(frozen=True)
class Group:
    """A group of the network to invite from; empty, the event's own "funders and actors"."""

    organisation: Organisation | None = None
    kind: str = ""
    sub_region: Any = None
    role: str = ""
    competence: Any = None

    def __bool__(self) -> bool:
        return any([self.organisation, self.kind, self.sub_region, self.role, self.competence])


def candidates(event: Event, group: Group | None = None) -> list[Person]:
    """The people (with an e-mail address) of a group of the network: by organisation, its
    kind, the sub-region it serves, the person's role (job title) or a competence. Without a
    group, `invitees(event)`."""
    if not group:
        return invitees(event)
    people = Person.objects.exclude(email=None).exclude(email="")
    if group.organisation is not None:
        people = people.filter(organisations=group.organisation)
    if group.kind:
        people = people.filter(organisations__kind=group.kind)
    if group.sub_region is not None:
        people = people.filter(organisations__sub_regions=group.sub_region)
    if group.role:
        people = people.filter(affiliations__title=group.role)
    if group.competence is not None:
        people = people.filter(competences=group.competence)
    return list(people.distinct().order_by("name").prefetch_related("organisations"))


def invitation_ics(event: Event) -> tuple[str, bytes, str]:
    from optiimi.events import ics

    return (f"optiimi-event-{event.pk}.ics", ics.calendar([event], event.title), "text/calendar")


def _when(event: Event) -> str:
    start, end = timezone.localtime(event.start), timezone.localtime(event.end)
    if start.date() == end.date():
        return f"{start:%d.%m.%Y %H:%M}–{end:%H:%M}"
    return f"{start:%d.%m.%Y %H:%M} – {end:%d.%m.%Y %H:%M}"


def _mail_invitation(invitation: Invitation, reminder: bool = False) -> None:
    """The invitation (or its reminder): title, time, venue, the invitee's private link to the
    event, the personal message, yes and no links, and the event as an .ics file."""
    event = invitation.event
    token = invitation_token(invitation)
    page = site_url(reverse("events:invited", args=[token]))
    place = "\n".join(p for p in [event.venue, event.online_url] if p)
    subject = (
        _("Reminder: you are invited to %(title)s") if reminder else _("Invitation: %(title)s")
    ) % {"title": event.title}
    parts = [
        _("Hello %(name)s,") % {"name": invitation.person.name}
        if invitation.person
        else _("Hello,"),
        _("We have not heard from you yet.") if reminder else "",
        invitation.message.strip(),
        _("You are invited to %(title)s on %(when)s.")
        % {"title": event.title, "when": _when(event)},
        _("Venue: %(place)s") % {"place": place} if place else "",
        event.description,
        _("The event and your answer: %(link)s") % {"link": page},
        _("I will come: %(link)s")
        % {"link": site_url(reverse("events:answer", args=[token, "yes"]))},
        _("I cannot come: %(link)s")
        % {"link": site_url(reverse("events:answer", args=[token, "no"]))},
    ]
    send_on_commit(
        subject,
        "\n\n".join(p for p in parts if p),
        invitation.email,
        attachments=[invitation_ics(event)],
    )


def invitation_from_token(token: str) -> Invitation:
    try:
        pk = signing.loads(token, salt=SALT_INVITE)
    except signing.BadSignature:
        raise Invitation.DoesNotExist from None
    return Invitation.objects.select_related("event", "person").get(pk=pk)


@writes.service
def send_invitations(
    event: Event,
    people: Iterable[Person],
    *,
    actor: Actor,
    guests: Iterable[str] = (),
    message: str = "",
) -> int:
    """Invite those not invited yet, people of the registry and guests from outside it by
    e-mail, with an optional personal message; returns how many new invitations went out."""
    if event.cancelled:
        raise RegistrationRefused(_("The event is cancelled."))
    now = timezone.now()
    invited = {e.lower() for e in event.invitations.values_list("email", flat=True)}
    new = []
    for person in people:
        email = (person.email or "").strip().lower()
        if email and email not in invited:
            new.append(Invitation(event=event, person=person, email=email))
            invited.add(email)
    known = {
        p.email.lower(): p
        for p in Person.objects.filter(email__in=[g.strip().lower() for g in guests])
        if p.email
    }
    for guest in guests:
        email = guest.strip().lower()
        if email and email not in invited:
            new.append(Invitation(event=event, person=known.get(email), email=email))
            invited.add(email)
    for invitation in new:
        invitation.sent = now
        invitation.message = message.strip()
        writes.save(invitation, actor=actor, validate=False)
        _mail_invitation(invitation)
    return len(new)


def parse_guests(text: str) -> tuple[list[str], list[str]]:
    """Addresses written one a line, or separated by commas or semicolons: (valid, invalid)."""
    from django.core.validators import validate_email

    valid, invalid = [], []
    for item in text.replace(";", ",").replace("\n", ",").split(","):
        item = item.strip()
        if not item:
            continue
        try:
            validate_email(item)
        except ValidationError:
            invalid.append(item)
        else:
            valid.append(item.lower())
    return valid, invalid


@dataclass
class Reminders:
    invitations: int
    registrations: int


@writes.service
def send_reminders(
    event: Event, *, actor: Actor, now: datetime.datetime | None = None
) -> Reminders:
    """Remind those invited who have not answered (once a day at most) and, the day before
    the event, those registered (once)."""
    now = now or timezone.now()
    if event.cancelled:
        raise RegistrationRefused(_("The event is cancelled."))
    if now >= event.start:
        raise RegistrationRefused(_("The event has begun: no more reminders."))
    today = timezone.localdate(now)
    invitations = 0
    for invitation in event.invitations.filter(answer=Answer.NONE).select_related("person"):
        if invitation.reminded and timezone.localdate(invitation.reminded) >= today:
            continue
        invitation.reminded = now
        writes.save(invitation, actor=actor, validate=False)
        _mail_invitation(invitation, reminder=True)
        invitations += 1
    registrations = 0
    if timezone.localdate(event.start) == today + datetime.timedelta(days=1):
        due = event.registrations.filter(status=Status.CONFIRMED, reminded=None)
        for registration in due:
            link = site_url(reverse("events:cancel", args=[cancel_token(registration)]))
            place = "\n".join(p for p in [event.venue, event.online_url] if p)
            send_on_commit(
                _("Tomorrow: %(title)s") % {"title": event.title},
                "\n\n".join(
                    p
                    for p in [
                        _("Hello %(name)s,") % {"name": registration.name},
                        _("Welcome to %(title)s tomorrow, %(when)s.")
                        % {"title": event.title, "when": _when(event)},
                        _("Venue: %(place)s") % {"place": place} if place else "",
                        _("If you cannot come, cancel here: %(link)s") % {"link": link},
                    ]
                    if p
                ),
                registration.email,
                attachments=[invitation_ics(event)],
            )
            registrations += 1
        due.update(reminded=now)
    return Reminders(invitations, registrations)


# Questions -----------------------------------------------------------------------------------


@writes.service
def add_question(
    event: Event,
    *,
    actor: Actor,
    asked: str,
    text: str,
    type: str,
    choices: str = "",
    required: bool = False,
) -> Question:
    """A question of the event's own: asked when registering (text or a choice) or in the
    feedback (a 1–5 scale or text)."""
    allowed = (
        {QuestionType.TEXT, QuestionType.CHOICE}
        if asked == Asked.REGISTRATION
        else {QuestionType.TEXT, QuestionType.SCALE}
    )
    if type not in allowed:
        raise ValidationError({"type": _("This kind of answer is not asked here.")})
    question = Question(
        event=event,
        asked=asked,
        text=text.strip(),
        type=type,
        choices=choices.strip() if type == QuestionType.CHOICE else "",
        required=required,
        position=event.questions.filter(asked=asked).count() + 1,
    )
    if type == QuestionType.CHOICE and len(question.choice_list) < 2:
        raise ValidationError({"choices": _("Give at least two choices, one a line.")})
    writes.save(question, actor=actor)
    return question


@writes.service
def delete_question(question: Question, *, actor: Actor) -> None:
    writes.delete(question, actor=actor)


def checked_answers(event: Event, asked: str, answers: dict[int, str]) -> dict[int, str]:
    """The answers to the event's questions asked `asked`, checked: a required one left empty or
    a choice not offered is refused. Returns question id → answer, empty answers left out."""
    kept = {}
    for question in event.questions.filter(asked=asked):
        value = str(answers.get(question.pk, "") or "").strip()
        if not value:
            if question.required:
                raise RegistrationRefused(_("Answer the question “%(q)s”.") % {"q": question.text})
            continue
        if question.type == QuestionType.CHOICE and value not in question.choice_list:
            raise RegistrationRefused(
                _("“%(v)s” is not a choice of “%(q)s”.") % {"v": value, "q": question.text}
            )
        if question.type == QuestionType.SCALE and value not in {"1", "2", "3", "4", "5"}:
            raise RegistrationRefused(_("Answer “%(q)s” from 1 to 5.") % {"q": question.text})
        kept[question.pk] = value
    return kept


@writes.service
def answer_invitation(
    token: str,
    answer: str,
    *,
    actor: Actor,
    name: str = "",
    organisation: str = "",
    answers: dict[int, str] | None = None,
) -> tuple[Invitation, Registration | None]:
    """The invitee's yes (which registers them, answering the event's questions when
    `answers` are given) or no (which cancels a registration they had)."""
    invitation = invitation_from_token(token)
    if answer not in (Answer.YES, Answer.NO):
        raise ValueError(answer)
    if answer == Answer.YES and answers is not None:
        checked_answers(invitation.event, Asked.REGISTRATION, answers)
    name = name.strip() or (invitation.person.name if invitation.person else "")
    if answer == Answer.YES and not name:
        raise RegistrationRefused(_("Give your name and e-mail address."))
    invitation.answer = answer
    invitation.answered = timezone.now()
    writes.save(invitation, actor=actor, validate=False)
    registration = None
    active = (
        invitation.event.registrations.filter(email=invitation.email)
        .exclude(status=Status.CANCELLED)
        .first()
    )
    if answer == Answer.YES and active is None:
        registration = register(
            invitation.event,
            name=name,
            email=invitation.email,
            organisation=organisation,
            invited_only_ok=True,
            actor=actor,
            answers=answers,
        )
    elif answer == Answer.NO and active is not None:
        cancel(active, actor=actor)
    return invitation, registration or active


# Attendance and feedback -----------------------------------------------------------------------


@writes.service
def check_in(
    registration: Registration,
    attended: bool = True,
    *,
    actor: Actor,
    now: datetime.datetime | None = None,
) -> None:
    """Mark a confirmed participant present (or not): from the event's day on, not before."""
    event = registration.event
    if event.cancelled:
        raise RegistrationRefused(_("The event is cancelled."))
    if not event.is_event_day_or_after(now):
        raise RegistrationRefused(_("Check-in opens on the day of the event."))
    if registration.status != Status.CONFIRMED and attended:
        raise RegistrationRefused(_("Only confirmed participants can be checked in."))
    Registration.objects.filter(pk=registration.pk).update(attended=attended)
    # an update sends no signal: the tie ledger is told that attendance changed
    ties.changed("events.attendance")


@writes.service
def give_feedback(
    registration: Registration,
    rating: int,
    comment: str = "",
    *,
    actor: Actor,
    answers: dict[int, str] | None = None,
) -> Feedback:
    """The rating and comment, and the answers to the event's own feedback questions."""
    if not registration.attended:
        raise RegistrationRefused(_("Feedback is asked from those who attended."))
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": _("Give a rating from 1 to 5.")})
    replies = checked_answers(registration.event, Asked.FEEDBACK, answers or {})
    feedback, _created = Feedback.objects.update_or_create(
        registration=registration, defaults={"rating": rating, "comment": comment.strip()}
    )
    for question, value in replies.items():
        Reply.objects.update_or_create(
            registration=registration, question_id=question, defaults={"value": value}
        )
    return feedback


@writes.service
def request_feedback(event: Event, *, actor: Actor, now: datetime.datetime | None = None) -> int:
    """Mail each attendee who has not given feedback a signed link to the feedback form, once
    the event has ended."""
    if not event.has_ended(now):
        raise RegistrationRefused(_("Feedback is asked once the event has ended."))
    sent = 0
    for registration in event.registrations.filter(attended=True, feedback__isnull=True):
        link = site_url(reverse("events:feedback", args=[feedback_token(registration)]))
        send_on_commit(
            _("How was %(title)s?") % {"title": event.title},
            "\n\n".join(
                [
                    _("Hello %(name)s,") % {"name": registration.name},
                    _("Thank you for attending. Tell us how useful the event was: %(link)s")
                    % {"link": link},
                ]
            ),
            registration.email,
        )
        sent += 1
    return sent


# Personal data -------------------------------------------------------------------------------


def export_participant(email: str) -> list[dict[str, Any]]:
    rows = Registration.objects.filter(email=email.strip().lower()).select_related("event")
    return [
        {
            "event": r.event.title,
            "start": r.event.start.isoformat(),
            "name": r.name,
            "email": r.email,
            "organisation": r.organisation_name,
            "status": r.status,
            "registered": r.created.isoformat(),
            "attended": r.attended,
            "feedback": (
                {"rating": r.feedback.rating, "comment": r.feedback.comment}
                if hasattr(r, "feedback")
                else None
            ),
            "answers": {a.question.text: a.value for a in r.replies.all()},
        }
        for r in rows.prefetch_related("replies__question")
    ]


def anonymise(registrations: Any) -> int:
    count = 0
    for registration in registrations:
        registration.name = _("(removed)")
        registration.email = f"removed-{registration.pk}@invalid"
        registration.organisation_name = ""
        registration.purged = True
        registration.save(update_fields=["name", "email", "organisation_name", "purged"])
        Feedback.objects.filter(registration=registration).update(comment="")
        Reply.objects.filter(registration=registration).exclude(
            question__type=QuestionType.SCALE
        ).delete()
        count += 1
    return count


def forget_invitations(invitations: Any, *, actor: Actor) -> int:
    """Delete invitations with every history row that holds their address."""
    count = 0
    for invitation in list(invitations):
        pk = invitation.pk
        writes.delete(invitation, actor=actor)
        Invitation.history.filter(id=pk).delete()
        count += 1
    return count


@writes.service
def erase_participant(email: str, *, actor: Actor) -> int:
    """Remove a participant's personal data (and their invitations); counts of attendance
    stay."""
    email = email.strip().lower()
    forget_invitations(Invitation.objects.filter(email__iexact=email), actor=actor)
    return anonymise(Registration.objects.filter(email=email))


@dataclass
class PurgeSummary:
    registrations: int
    cutoff: datetime.datetime


@writes.service
def purge(
    days: int | None = None, *, actor: Actor, now: datetime.datetime | None = None
) -> PurgeSummary:
    """Remove external participants' personal data `days` after their event ended."""
    days = settings.OPTIIMI_EVENTS_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    old = Registration.objects.filter(event__end__lt=cutoff, purged=False, person=None, user=None)
    # guests invited from outside the registry: their addresses go too
    forget_invitations(Invitation.objects.filter(event__end__lt=cutoff, person=None), actor=actor)
    return PurgeSummary(anonymise(old.select_for_update()), cutoff)
