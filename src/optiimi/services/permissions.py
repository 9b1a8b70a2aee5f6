"""Who may do what with the service promise: the one place these checks live.

- anyone: the catalogue, the front door, the monthly figures; a company reads its own request
  through its private status link, writes to the advisors and withdraws its consent to share
  there (until the link expires, STATUS_LINK_DAYS after the request was closed);
- an organisation's service advisors (and its editors): their organisation's queue; they read
  the cases their organisation holds, held, or is offered by a referral, respond, refer, accept
  or decline, close;
- the company's contact data is shown only to organisations that hold or held the case;
- an organisation's editors edit its services;
- the coordinator: every case's course and the figures, the contact data of none.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from optiimi.core import referrals
from optiimi.network.models import CapabilityRole, Organisation
from optiimi.network.permissions import (
    acting_organisation_id,
    edited_organisation_id,
    is_coordinator,
)
from optiimi.services.models import Case, Referral, Service


def advisor_organisation_id(user: Any) -> int | None:
    """The organisation a user handles service requests for."""
    return acting_organisation_id(user, CapabilityRole.SERVICE_ADVISOR)


def is_advisor(user: Any) -> bool:
    return advisor_organisation_id(user) is not None


def visible_cases(user: Any) -> QuerySet[Case]:
    """Cases a user may read: those their organisation holds, held, or is offered."""
    if is_coordinator(user):
        return Case.objects.all()
    org = advisor_organisation_id(user)
    if org is None:
        return Case.objects.none()
    return referrals.visible_to(Case.objects.all(), org)


def get_case_for_user(user: Any, pk: int) -> Case:
    return get_object_or_404(
        visible_cases(user).select_related("holder", "municipality", "service", "assignee"), pk=pk
    )


def can_see_contact(user: Any, case: Case) -> bool:
    """The company's contact data: only organisations that hold or held the case."""
    return referrals.holds_or_held(case, advisor_organisation_id(user))


def can_handle(user: Any, case: Case) -> bool:
    """Respond, refer, announce, close: the holder's advisors (and the coordinator)."""
    if is_coordinator(user):
        return True
    return advisor_organisation_id(user) == case.holder_id


def get_case_for_handling(user: Any, pk: int) -> Case:
    case = get_object_or_404(
        Case.objects.select_related("holder", "municipality", "service", "assignee"), pk=pk
    )
    if not can_handle(user, case):
        raise PermissionDenied("Only the advisors of the organisation holding the case act on it.")
    return case


def get_referral_for_answer(user: Any, pk: int) -> Referral:
    referral = get_object_or_404(
        Referral.objects.select_related("case", "to_organisation", "from_organisation"), pk=pk
    )
    if not (is_coordinator(user) or advisor_organisation_id(user) == referral.to_organisation_id):
        raise PermissionDenied("Only the receiving organisation's advisors answer a referral.")
    return referral


#: The status link works until this many days after the request was closed.
STATUS_LINK_DAYS = 90


def get_case_by_token(token: str) -> Case:
    """The company's request behind its private status link; 404 for a wrong token and for a
    link that has expired (STATUS_LINK_DAYS after the request was closed)."""
    if len(token) < 20:
        raise Http404
    case = get_object_or_404(Case.objects.select_related("holder", "service"), token=token)
    if case.closed_at is not None and timezone.now() - case.closed_at > datetime.timedelta(
        days=STATUS_LINK_DAYS
    ):
        raise Http404
    return case


def check_is_advisor(user: Any) -> None:
    if not (is_coordinator(user) or is_advisor(user)):
        raise PermissionDenied("The queue is for service advisors.")


def referral_targets(case: Case) -> QuerySet[Organisation]:
    return Organisation.objects.exclude(pk=case.holder_id).order_by("name")


def pending_referral(case: Case) -> Referral | None:
    pending: Referral | None = referrals.pending(case)
    return pending


# The catalogue --------------------------------------------------------------------------------


def service_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations whose services a user edits: the one they edit (editors only)."""
    if is_coordinator(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(pk=edited_organisation_id(user) or 0)


def can_edit_service(user: Any, service: Service) -> bool:
    return is_coordinator(user) or edited_organisation_id(user) == service.organisation_id


def can_add_service(user: Any) -> bool:
    return is_coordinator(user) or edited_organisation_id(user) is not None


def check_can_add_service(user: Any) -> None:
    if not can_add_service(user):
        raise PermissionDenied("Organisation editors add their organisation's services.")


def get_service_for_edit(user: Any, pk: int) -> Service:
    service = get_object_or_404(Service, pk=pk)
    if not can_edit_service(user, service):
        raise PermissionDenied("You may edit only your own organisation's services.")
    return service


def check_can_import(user: Any) -> None:
    if not is_coordinator(user):
        raise PermissionDenied("The coordinator imports the catalogue.")
