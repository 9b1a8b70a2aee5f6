"""Who may do what with the guidance capability: the one place these checks live.

- anyone: the gap pages, the occupation–field crosswalk and the gaps API (needs and places
  are regional figures that name no person), and the public page "Mitä opiskelisin, kuka
  ohjaa?" (a person's words are used for that one search and are not stored);
- the administrator: the importers of needs, education and the crosswalk
  (`optiimi import needs|education|crosswalk`), which run on the server.

- guidance counsellors (the capability role) and editors of an organisation: its guidance
  clients — they open a client, read the clients their organisation holds, held or is offered,
  refer a client with the client's consent, accept or decline a referral, complete guidance;
  who the client is (name, contact, need) is shown only to the services that hold or held the
  client; the coordinator sees no client.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from optiimi.core import referrals
from optiimi.guidance.models import ClientReferral, GuidanceClient
from optiimi.network.models import CapabilityRole
from optiimi.network.permissions import acting_organisation_id


def can_read_gaps(user: Any) -> bool:
    """The gaps are public figures."""
    return True


# Guidance clients: only the guidance services that hold, held or are offered a client read it;
# only those that hold or held it see who the client is. The coordinator sees no client.


def counsellor_organisation_id(user: Any) -> int | None:
    """The organisation a user guides clients for: their guidance counsellor role's (or the
    organisation they edit)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return acting_organisation_id(user, CapabilityRole.GUIDANCE_COUNSELLOR)


def is_counsellor(user: Any) -> bool:
    return counsellor_organisation_id(user) is not None


def check_counsellor(user: Any) -> int:
    org = counsellor_organisation_id(user)
    if org is None:
        raise PermissionDenied("Only guidance counsellors handle guidance clients.")
    return org


def visible_clients(user: Any) -> QuerySet[GuidanceClient]:
    org = counsellor_organisation_id(user)
    if org is None:
        return GuidanceClient.objects.none()
    return referrals.visible_to(GuidanceClient.objects.all(), org)


def get_client_for_user(user: Any, pk: int) -> GuidanceClient:
    return get_object_or_404(visible_clients(user).select_related("holder", "municipality"), pk=pk)


def can_see_client(user: Any, client: GuidanceClient) -> bool:
    """Who the client is (name, contact, need): only services that hold or held the client."""
    return referrals.holds_or_held(client, counsellor_organisation_id(user))


def get_client_to_handle(user: Any, pk: int) -> GuidanceClient:
    """A client the user's organisation holds (refer, complete)."""
    org = check_counsellor(user)
    client = get_object_or_404(GuidanceClient, pk=pk)
    if client.holder_id != org:
        raise PermissionDenied("Only the guidance service holding the client handles it.")
    return client


def get_referral_to_answer(user: Any, pk: int) -> ClientReferral:
    """A referral offered to the user's organisation (accept, decline)."""
    org = check_counsellor(user)
    referral = get_object_or_404(ClientReferral.objects.select_related("client"), pk=pk)
    if referral.to_organisation_id != org:
        raise PermissionDenied("Only the guidance service the client is offered to answers.")
    return referral
