"""Every write of the guidance capability: the needs, the education on offer and the
occupation–field crosswalk (atomic, idempotent upserts), and guidance clients with their
referrals between guidance services (`core.referrals`)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from optiimi.core import referrals, writes
from optiimi.core.writes import Actor, ImportSummary, System
from optiimi.guidance.models import (
    ClientReferral,
    ClientStatus,
    GuidanceClient,
    Need,
    OccupationField,
    Programme,
)
from optiimi.network.models import Organisation
from optiimi.regions.models import Region

IMPORT_NEEDS = System("import needs")
IMPORT_EDUCATION = System("import education")
IMPORT_OPINTOPOLKU = System("import opintopolku")
IMPORT_CROSSWALK = System("import crosswalk")

TENTH = Decimal("0.1")


@writes.service
def import_needs(
    rows: Iterable[Mapping[str, Any]], *, actor: Actor, synthetic: bool = False
) -> ImportSummary:
    """Upsert needs by sub-region, field, year and source; rows from `readers.need_rows`."""
    summary = ImportSummary()
    for row in rows:
        _need, outcome = writes.upsert(
            Need,
            {
                "sub_region": row["sub_region"],
                "field": row["field"],
                "year": row["year"],
                "source": row["source"],
            },
            {"need": Decimal(str(row["need"])).quantize(TENTH), "synthetic": synthetic},
            actor=actor,
        )
        summary.count(outcome)
    return summary


@writes.service
def import_education(
    rows: Iterable[Mapping[str, Any]], *, actor: Actor, synthetic: bool = False
) -> ImportSummary:
    """Upsert programmes by provider, name, municipality and year; rows from
    `readers.education_rows`."""
    summary = ImportSummary()
    for row in rows:
        _programme, outcome = writes.upsert(
            Programme,
            {
                "provider": row["provider"],
                "name": row["name"],
                "municipality": row["municipality"],
                "year": row["year"],
            },
            {
                "field": row["field"],
                "level": row.get("level", ""),
                "places": row["places"],
                "adult": bool(row.get("adult", False)),
                "synthetic": synthetic,
            },
            actor=actor,
        )
        summary.count(outcome)
    return summary


@writes.service
def import_crosswalk(rows: Iterable[Mapping[str, Any]], *, actor: Actor) -> ImportSummary:
    """Upsert crosswalk lines by occupation and field."""
    summary = ImportSummary()
    for row in rows:
        _line, outcome = writes.upsert(
            OccupationField,
            {"occupation": row["occupation"], "field": row["field"]},
            {
                "occupation_name": row["occupation_name"],
                "weight": Decimal(str(row.get("weight", 1))).quantize(Decimal("0.001")),
            },
            actor=actor,
        )
        summary.count(outcome)
    return summary


@writes.service
def remove_crosswalk_line(line: OccupationField, *, actor: Actor) -> None:
    writes.delete(line, actor=actor)


# Guidance clients and their referrals ----------------------------------------------------------


def _locked(client: GuidanceClient) -> GuidanceClient:
    return GuidanceClient.objects.select_for_update().get(pk=client.pk)


@writes.service
def open_client(
    *,
    actor: Actor,
    organisation: Organisation,
    name: str,
    municipality: Region,
    need: str,
    contact: str = "",
    consent_to_share: bool = False,
    at: datetime.datetime | None = None,
    synthetic: bool = False,
) -> GuidanceClient:
    """A guidance service takes a client; it holds the client from now on."""
    client = GuidanceClient(
        name=name.strip(),
        contact=contact.strip(),
        municipality=municipality,
        need=need.strip(),
        consent_to_share=consent_to_share,
        holder=organisation,
        created=at or timezone.now(),
        synthetic=synthetic,
    )
    writes.save(client, actor=actor)
    writes.set_m2m(client, "held_by", [organisation], actor=actor)
    return client


@writes.service
def refer_client(
    client: GuidanceClient,
    *,
    actor: Actor,
    to: Organisation,
    reason: str,
    at: datetime.datetime | None = None,
) -> ClientReferral:
    """Offer the client to another guidance service, with a reason; only with the client's
    consent, and only while the guidance is open."""
    client = _locked(client)
    if client.status != ClientStatus.OPEN:
        raise referrals.Refused(_("The client's guidance is completed."))
    return referrals.refer(
        client,
        model=ClientReferral,
        actor=actor,
        to=to,
        reason=reason,
        at=at,
        synthetic=client.synthetic,
    )


@writes.service
def accept_client(
    referral: ClientReferral, *, actor: Actor, note: str = "", at: datetime.datetime | None = None
) -> ClientReferral:
    """The receiving guidance service takes the client."""
    return referrals.accept(referral, actor=actor, note=note, at=at)


@writes.service
def decline_client(
    referral: ClientReferral, *, actor: Actor, reason: str, at: datetime.datetime | None = None
) -> ClientReferral:
    """The receiving guidance service declines, with a reason; the client stays where it was."""
    return referrals.decline(referral, actor=actor, reason=reason, at=at)


@writes.service
def complete_client(
    client: GuidanceClient, *, actor: Actor, at: datetime.datetime | None = None
) -> GuidanceClient:
    """The holding guidance service completes the client's guidance."""
    client = _locked(client)
    if client.status != ClientStatus.OPEN:
        raise referrals.Refused(_("The client's guidance is already completed."))
    if referrals.has_pending(client):
        raise referrals.Refused(_("The client waits for another guidance service's answer."))
    client.status = ClientStatus.COMPLETED
    client.completed_at = at or timezone.now()
    writes.save(client, actor=actor)
    return client


ERASED = "—"


@writes.service
def erase_client(client: GuidanceClient, *, actor: Actor) -> None:
    """Erase who the client is (name, contact, need) from the record and its history; the
    record's course (services, dates, referrals) stays for the figures."""
    blank = {"name": ERASED, "contact": "", "need": ERASED}
    GuidanceClient.objects.filter(pk=client.pk).update(**blank)
    GuidanceClient.history.filter(id=client.pk).update(**blank)
