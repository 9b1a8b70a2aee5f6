"""Every write of the guidance capability: the needs, the education on offer and the
occupation–field crosswalk (atomic, idempotent upserts), and guidance clients with their
referrals between guidance services (`core.referrals`)."""

from __future__ import annotations

import datetime
import secrets
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from optiimi.core import needs, referrals, writes, ytunnus
from optiimi.core.writes import Actor, ImportSummary, System
from optiimi.guidance import fields
from optiimi.guidance.models import (
    ClientReferral,
    ClientStatus,
    GuidanceClient,
    Need,
    OccupationField,
    Programme,
    SurveyAnswer,
    SurveyInvitation,
)
from optiimi.network.models import Organisation
from optiimi.regions.models import Region

IMPORT_NEEDS = System("import needs")
IMPORT_EDUCATION = System("import education")
IMPORT_OPINTOPOLKU = System("import opintopolku")
IMPORT_CROSSWALK = System("import crosswalk")
COLLECT_NEEDS = System("collect needs")
SURVEY_INVITE = System("needs survey invitation")
COMPANY = System("needs survey answer")

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
                "collector": "",
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


# Needs collected from every source of `core.needs` ---------------------------------------------

NeedKey = tuple[str, str, int, str, str]  # sub-region code, field, year, source, collector


def _crosswalk() -> dict[str, list[tuple[str, Decimal]]]:
    lines: dict[str, list[tuple[str, Decimal]]] = defaultdict(list)
    for occupation, field, weight in OccupationField.objects.values_list(
        "occupation", "field", "weight"
    ):
        lines[occupation].append((field, weight))
    return lines


def occupation_fields(
    occupation: str, crosswalk: Mapping[str, list[tuple[str, Decimal]]]
) -> list[tuple[str, Decimal]]:
    """The crosswalk's fields for an occupation: the lines of its own code, else those of the
    longest code above it in the classification (7223 → 722 → 72 → 7)."""
    code = occupation.strip()
    while code:
        if code in crosswalk:
            return crosswalk[code]
        code = code[:-1]
    return []


@writes.service
def collect_needs(*, actor: Actor) -> ImportSummary:
    """Collect the needs every registered source tells (`core.needs`) and write them as needs
    named by their source: occupations become fields through the crosswalk (amount × share),
    rows of one key add up, and the collected needs no source tells any more are removed. Typed
    and imported needs are left alone; a second run with nothing changed changes nothing."""
    summary = ImportSummary()
    subs = {r.code: r for r in Region.objects.subregions()}
    crosswalk = _crosswalk()
    totals: dict[NeedKey, Decimal] = defaultdict(Decimal)
    urls: dict[NeedKey, str] = {}
    synthetic: dict[NeedKey, bool] = {}
    warned: set[str] = set()

    def warn(text: str) -> None:
        if text not in warned:
            warned.add(text)
            summary.warnings.append(text)

    for source in needs.registered():
        for row in source.collect():
            if row.subregion not in subs:
                warn(f"{source.code}: no sub-region with code {row.subregion!r}")
                continue
            if row.field:
                if row.field not in fields.FIELDS:
                    warn(f"{source.code}: {row.field!r} is not an education field code")
                    continue
                targets = [(row.field, Decimal(1))]
            else:
                targets = occupation_fields(row.occupation, crosswalk)
                if not targets:
                    warn(f"{source.code}: no crosswalk line for occupation {row.occupation!r}")
                    continue
            for field, weight in targets:
                key = (row.subregion, field, row.year, row.source[:200], source.code)
                totals[key] += Decimal(str(row.amount)) * weight
                urls.setdefault(key, row.url)
                synthetic[key] = synthetic.get(key, True) and row.synthetic
    keep: set[int] = set()
    for key, amount in sorted(totals.items()):
        value = amount.quantize(TENTH)
        if value <= 0:
            continue
        sub, field, year, label, collector = key
        need, outcome = writes.upsert(
            Need,
            {
                "sub_region": subs[sub],
                "field": field,
                "year": year,
                "source": label,
                "collector": collector,
            },
            {"need": value, "url": urls[key][:500], "synthetic": synthetic[key]},
            actor=actor,
        )
        keep.add(need.pk)
        summary.count(outcome)
    for stale in Need.objects.exclude(collector="").exclude(pk__in=keep):
        writes.delete(stale, actor=actor)
        summary.removed += 1
    return summary


# The needs survey of companies ------------------------------------------------------------------

#: How many years ahead the survey asks about ("in two years").
SURVEY_YEARS_AHEAD = 2


def survey_year(at: datetime.datetime | None = None) -> int:
    return timezone.localtime(at or timezone.now()).year + SURVEY_YEARS_AHEAD


@writes.service
def invite_to_survey(
    *,
    actor: Actor,
    company_name: str,
    sub_region: Region,
    business_id: str = "",
    at: datetime.datetime | None = None,
    synthetic: bool = False,
) -> SurveyInvitation:
    """A company's own link to the needs survey (its secret token is the link)."""
    errors: dict[str, str] = {}
    if not company_name.strip():
        errors["company_name"] = _("Give the company's name.")
    business_id = business_id.strip()
    if business_id and not ytunnus.is_valid(business_id):
        errors["business_id"] = _("%(id)s is not a valid business ID.") % {"id": business_id}
    if errors:
        raise ValidationError(errors)
    invitation = SurveyInvitation(
        company_name=company_name.strip(),
        business_id=business_id,
        sub_region=sub_region,
        token=secrets.token_urlsafe(24),
        created=at or timezone.now(),
        synthetic=synthetic,
    )
    writes.save(invitation, actor=actor)
    return invitation


@writes.service
def answer_survey(
    invitation: SurveyInvitation,
    *,
    actor: Actor,
    answers: Mapping[str, int],
    at: datetime.datetime | None = None,
) -> SurveyInvitation:
    """Record a company's answer, `answers` mapping education fields to a rough number of
    people; a new answer replaces the company's earlier one, and the survey's needs are
    collected again."""
    invitation = SurveyInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not answers:
        raise ValidationError(_("Name at least one field of education."))
    for code, people in answers.items():
        if code not in fields.FIELDS:
            raise ValidationError(
                _("%(code)s is not an education field code (Koulutusluokitus 2016)")
                % {"code": code}
            )
        if people < 1:
            raise ValidationError(_("The number of people must be at least 1."))
    moment = at or timezone.now()
    year = survey_year(moment)
    stored = {a.field: a for a in invitation.answers.all()}
    for code, found in stored.items():
        if code not in answers:
            writes.delete(found, actor=actor)
    for code, people in answers.items():
        writes.upsert(
            SurveyAnswer,
            {"invitation": invitation, "field": code},
            {"people": people, "year": year},
            actor=actor,
        )
    invitation.answered_at = moment
    writes.save(invitation, actor=actor)
    transaction.on_commit(needs.changed)
    return invitation


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
