"""Who may see and change company data.

- members (any signed-in user with a role) see company-level figures;
- the public sees only aggregates of groups of at least MIN_GROUP companies;
- the coordinator changes any company's data; an organisation's editor changes the companies
  their organisation maintains (`Company.organisation`) and adds new ones, which their
  organisation then maintains. Other members only read.

Cohorts: a member of an organisation (any role tied to it) creates cohorts for it; only that
organisation's editors (and the coordinator) change them. Everyone sees a cohort's aggregate
result, which analytics only gives for groups of at least MIN_GROUP companies; the companies in
a cohort are shown to members only.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from optiimi.benchmark.models import Cohort, Company
from optiimi.network.models import Organisation
from optiimi.network.permissions import (
    edited_organisation_id,
    is_coordinator,
    is_member,
    role_of,
)


def can_see_companies(user: Any) -> bool:
    return is_member(user)


def can_upload(user: Any) -> bool:
    return is_coordinator(user) or edited_organisation_id(user) is not None


def check_can_upload(user: Any) -> None:
    if not can_upload(user):
        raise PermissionDenied("only the coordinator and organisation editors import companies")


def editable_ids(user: Any) -> set[str] | None:
    """Business IDs the user may update (None: all)."""
    if is_coordinator(user):
        return None
    org = edited_organisation_id(user)
    return set(
        Company.objects.filter(organisation_id=org or 0).values_list("business_id", flat=True)
    )


def get_company_for_user(user: Any, business_id: str) -> Company:
    if not can_see_companies(user):
        raise Http404("company-level figures are for network members")
    return get_object_or_404(
        Company.objects.select_related("municipality__parent"), business_id=business_id
    )


def can_edit_company(user: Any, company: Company) -> bool:
    if is_coordinator(user):
        return True
    org = edited_organisation_id(user)
    return org is not None and company.organisation_id == org


def get_company_for_edit(user: Any, business_id: str) -> Company:
    company = get_object_or_404(Company, business_id=business_id)
    if not can_edit_company(user, company):
        raise PermissionDenied("you may not change this company's data")
    return company


# --- cohorts -------------------------------------------------------------------------------


def member_organisation_id(user: Any) -> int | None:
    """The organisation the user's role ties them to (editor or member), if any."""
    role = role_of(user)
    return role.organisation_id if role is not None else None


def cohort_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations the user may create cohorts for."""
    if is_coordinator(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(pk=member_organisation_id(user) or 0)


def can_create_cohort(user: Any) -> bool:
    return is_coordinator(user) or member_organisation_id(user) is not None


def check_can_create_cohort(user: Any, organisation_id: int | None = None) -> None:
    """Raise unless the user may create cohorts (for `organisation_id`, when given)."""
    if not can_create_cohort(user):
        raise PermissionDenied("only members of an organisation create cohorts")
    if organisation_id is not None and not (
        is_coordinator(user) or member_organisation_id(user) == organisation_id
    ):
        raise PermissionDenied("you may create cohorts only for your own organisation")


def can_edit_cohort(user: Any, cohort: Cohort) -> bool:
    return is_coordinator(user) or (
        edited_organisation_id(user) is not None
        and edited_organisation_id(user) == cohort.organisation_id
    )


def get_cohort_for_edit(user: Any, pk: int) -> Cohort:
    cohort = get_object_or_404(Cohort, pk=pk)
    if not can_edit_cohort(user, cohort):
        raise PermissionDenied("only the organisation's editors change its cohorts")
    return cohort


def can_see_cohort_companies(user: Any) -> bool:
    return is_member(user)
