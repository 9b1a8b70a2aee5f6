"""Referrals as ties in the network evidence: an accepted or declined referral links the two
organisations on the day it was answered (a pending one links nothing yet)."""

from __future__ import annotations

import datetime
from typing import NamedTuple

from django.utils import timezone

from optiimi.services.models import Referral, ReferralStatus


class ReferralTie(NamedTuple):
    org_a: int
    org_b: int
    date: datetime.date
    kind: str = "referral"


def referral_ties() -> list[ReferralTie]:
    """Every answered referral as (referring org, receiving org, date, kind='referral')."""
    rows = (
        Referral.objects.exclude(status=ReferralStatus.PENDING)
        .order_by("decided_at", "pk")
        .values_list("from_organisation_id", "to_organisation_id", "decided_at")
    )
    return [ReferralTie(a, b, timezone.localdate(at)) for a, b, at in rows if at is not None]
