"""Referrals as ties in the network evidence, registered in `core.ties`: an accepted or declined
referral links the two organisations on the day it was answered (a pending one links nothing
yet)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import NamedTuple

from django.utils import timezone
from django.utils.translation import gettext

from optiimi.core import referrals, ties
from optiimi.core.ties import Record, Tie
from optiimi.services.models import Referral


class ReferralTie(NamedTuple):
    org_a: int
    org_b: int
    date: datetime.date
    kind: str = "referral"


def referral_ties() -> list[ReferralTie]:
    """Every answered referral as (referring org, receiving org, date, kind='referral')."""
    rows = (
        Referral.objects.filter(status__in=referrals.ANSWERED)
        .order_by("decided_at", "pk")
        .values_list("from_organisation_id", "to_organisation_id", "decided_at")
    )
    return [ReferralTie(a, b, timezone.localdate(at)) for a, b, at in rows if at is not None]


REFERRAL = "services.referral"


def ledger_ties() -> Iterator[Tie]:
    """Answered referrals as ties of the network evidence (kind "referral"), dated by the year
    of the answer; a declined referral ties too (the organisations worked on one case)."""
    rows = (
        Referral.objects.filter(status__in=referrals.ANSWERED)
        .exclude(decided_at=None)
        .values_list("pk", "from_organisation_id", "to_organisation_id", "decided_at")
    )
    for pk, a, b, at in rows:
        yield Tie(a, b, timezone.localdate(at).year, "referral", 1.0, REFERRAL, pk)


def referral_records(ids: list[int]) -> dict[int, Record]:
    """The records behind a referral tie: a request's course, never the company or its need
    (the request is private to the organisations that hold it)."""
    return {
        pk: Record(
            title=gettext("A service request referred (%(status)s)") % {"status": status},
            date=timezone.localdate(at) if at else None,
        )
        for pk, status, at in Referral.objects.filter(pk__in=ids).values_list(
            "pk", "status", "decided_at"
        )
    }


ties.register(
    REFERRAL,
    kind="referral",
    name_fi="Palvelupyynnön ohjaus",
    name_en="Referral of a service request",
    name_sv="Hänvisning av en servicebegäran",
    ties=ledger_ties,
    records=referral_records,
    follow=("services.Referral",),
)
