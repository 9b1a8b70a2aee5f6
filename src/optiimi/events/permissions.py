"""Who may do what with events: the one place these checks live.

- coordinator: every event;
- an organisation's editor, or an event organiser the coordinator named for it: create events
  hosted by that organisation and manage them (invitations, check-in, editing);
- anyone, without an account: see and register for public events; invitation-only events are
  shown to members and to those invited.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from optiimi.events.models import Event, EventQuerySet
from optiimi.network.models import CapabilityRole, Organisation
from optiimi.network.permissions import (
    acting_organisation_id,
    is_coordinator,
    is_member,
    organisations_user_acts_for,
)


def organiser_organisation_id(user: Any) -> int | None:
    """The organisation a user organises events for: the one they edit, or the one they were
    named an event organiser for."""
    return acting_organisation_id(user, CapabilityRole.EVENT_ORGANISER)


def host_choices(user: Any) -> QuerySet[Organisation]:
    """Organisations a user may name as an event's hosts."""
    return organisations_user_acts_for(user, CapabilityRole.EVENT_ORGANISER)


def can_create_event(user: Any) -> bool:
    return is_coordinator(user) or organiser_organisation_id(user) is not None


def can_manage_event(user: Any, event: Event) -> bool:
    if is_coordinator(user):
        return True
    org_id = organiser_organisation_id(user)
    return org_id is not None and event.hosts.filter(pk=org_id).exists()


def visible_events(user: Any) -> EventQuerySet:
    events = Event.objects.all()
    return events if is_member(user) else events.filter(public=True)


def get_event_for_user(user: Any, pk: int) -> Event:
    return get_object_or_404(visible_events(user).select_related("sub_region", "series"), pk=pk)


# The same visibility as `visible_events`, for the busiest request of all (registrations, up to
# hundreds a second when a popular event opens): the event alone, in SQL written out, which
# costs a fraction of the CPU the ORM takes to build the query.
_EVENT = "SELECT * FROM events_event WHERE id = %s"


def get_event_to_register(user: Any, pk: int) -> Event:
    """The event `user` may see, to register for (its sub-region and series not fetched)."""
    sql = _EVENT if is_member(user) else _EVENT + " AND public"
    for event in Event.objects.raw(sql, [pk]):
        return event
    raise Http404("No event matches the given query.")


def get_event_for_manage(user: Any, pk: int) -> Event:
    event = get_object_or_404(Event.objects.select_related("sub_region", "series"), pk=pk)
    if not can_manage_event(user, event):
        raise PermissionDenied(
            "Only the coordinator and the hosts' editors and event organisers manage this event."
        )
    return event


def check_can_create_event(user: Any) -> None:
    if not can_create_event(user):
        raise PermissionDenied(
            "Only the coordinator, organisation editors and event organisers may add events."
        )


def check_can_handle_personal_data(user: Any) -> None:
    if not is_coordinator(user):
        raise PermissionDenied("Only the coordinator handles participants' data requests.")


def check_can_host(user: Any, organisation_ids: list[int]) -> None:
    """Editors and event organisers host events only for their own organisation."""
    if is_coordinator(user):
        return
    own = organiser_organisation_id(user)
    if any(pk != own for pk in organisation_ids):
        raise PermissionDenied("You may host events only for your own organisation.")


def can_manage_series(user: Any) -> bool:
    """Series and their yearly targets are the network's plan: the coordinator keeps them."""
    return is_coordinator(user)


def check_can_manage_series(user: Any) -> None:
    if not can_manage_series(user):
        raise PermissionDenied("Only the network coordinator keeps the event series.")
