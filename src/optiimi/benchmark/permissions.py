"""Who may see and change company data.

- members (any signed-in user with a role) see company-level figures;
- the public sees only aggregates of groups of at least MIN_GROUP companies;
- the coordinator changes any company's data; an organisation's editor changes the companies
  their organisation maintains (`Company.organisation`) and adds new ones, which their
  organisation then maintains. Other members only read.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from optiimi.benchmark.models import Company
from optiimi.network.permissions import edited_organisation_id, is_coordinator, is_member


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
