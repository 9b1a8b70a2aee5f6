"""Who may do what with events: the one place these checks live.

- coordinator: every event;
- an organisation's editor: create events hosted by their organisation and manage them
  (invitations, check-in, editing);
- anyone, without an account: see and register for public events; invitation-only events are
  shown to members and to those invited.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from optiimi.events.models import Event
from optiimi.network.permissions import edited_organisation_id, is_coordinator, is_member


def can_create_event(user: Any) -> bool:
    return is_coordinator(user) or edited_organisation_id(user) is not None


def can_manage_event(user: Any, event: Event) -> bool:
    if is_coordinator(user):
        return True
    org_id = edited_organisation_id(user)
    return org_id is not None and event.hosts.filter(pk=org_id).exists()


def visible_events(user: Any) -> QuerySet[Event]:
    events = Event.objects.all()
    return events if is_member(user) else events.filter(public=True)


def get_event_for_user(user: Any, pk: int) -> Event:
    return get_object_or_404(visible_events(user).select_related("sub_region", "series"), pk=pk)


def get_event_for_manage(user: Any, pk: int) -> Event:
    event = get_object_or_404(Event.objects.select_related("sub_region", "series"), pk=pk)
    if not can_manage_event(user, event):
        raise PermissionDenied("Only the coordinator and the hosts' editors may manage this event.")
    return event


def check_can_create_event(user: Any) -> None:
    if not can_create_event(user):
        raise PermissionDenied("Only the coordinator and organisation editors may add events.")


def check_can_handle_personal_data(user: Any) -> None:
    if not is_coordinator(user):
        raise PermissionDenied("Only the coordinator handles participants' data requests.")


def check_can_host(user: Any, organisation_ids: list[int]) -> None:
    """Editors host events only for their own organisation."""
    if is_coordinator(user):
        return
    own = edited_organisation_id(user)
    if any(pk != own for pk in organisation_ids):
        raise PermissionDenied("You may host events only for your own organisation.")
