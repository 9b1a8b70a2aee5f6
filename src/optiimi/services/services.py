"""Every write of the service promise: the catalogue, a company's request, and the case's steps
(respond, wait for the client, refer, accept or decline, announce a delay, close), each on the
write path with its actor, each leaving a step in the case's history."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from optiimi.core import needs, referrals, writes, ytunnus
from optiimi.core.mail import send_on_commit, site_url
from optiimi.core.writes import Actor, ImportSummary, System, user_of
from optiimi.network.models import CapabilityRole, Organisation, OrganisationKind, Role, RoleKind
from optiimi.regions.models import Level, Region
from optiimi.services import clock, figures
from optiimi.services.models import (
    DEFAULT_FIRST_CONTACT_DAYS,
    DEFAULT_PLAN_DAYS,
    Case,
    CaseStatus,
    Outcome,
    Referral,
    ReferralStatus,
    Service,
    Step,
    StepKind,
)

#: A company filing a request on the public page, or acting through its status link.
COMPANY = System("company request")
#: The daily run that warns holders and tells companies before a promise is due.
CLOCK = System("promise clock")

SERVICE_FIELDS = (
    "name_fi",
    "name_en",
    "name_sv",
    "description_fi",
    "description_en",
    "description_sv",
    "target_group",
    "channels",
    "first_contact_days",
    "plan_days",
    "active",
    "synthetic",
)


#: A step that cannot be taken now (a referral already answered), fit to show.
Refused = referrals.Refused


# The catalogue --------------------------------------------------------------------------------


@writes.service
def save_service(
    service: Service | None,
    *,
    actor: Actor,
    organisation: Organisation | None = None,
    sub_regions: Iterable[Region] | None = None,
    **data: Any,
) -> Service:
    """Create (with `organisation`) or change a service; history only when something changed."""
    if service is None:
        if organisation is None:
            raise ValidationError({"organisation": _("A service belongs to an organisation.")})
        service = Service(organisation=organisation)
        changed = True
    else:
        service = Service.objects.select_for_update().get(pk=service.pk)
        changed = False
    changed = (
        writes.apply(service, {k: v for k, v in data.items() if k in SERVICE_FIELDS}) or changed
    )
    if changed or service.pk is None:
        writes.save(service, actor=actor)
    if writes.set_m2m(service, "sub_regions", sub_regions, actor=actor):
        writes.save(service, actor=actor, validate=False)
    return service


@writes.service
def import_services(rows: Iterable[Mapping[str, Any]], *, actor: Actor) -> ImportSummary:
    """Upsert services by their catalogue id (or organisation and Finnish name): each row holds
    `organisation` (an Organisation), the service fields and `sub_regions` (Regions)."""
    summary = ImportSummary()
    for row in rows:
        values = {k: v for k, v in row.items() if k in SERVICE_FIELDS}
        organisation = row["organisation"]
        key: dict[str, Any]
        if row.get("external_id"):
            key = {"external_id": row["external_id"]}
            values["organisation"] = organisation
        else:
            key = {"organisation": organisation, "name_fi": values.pop("name_fi")}
        _service, outcome = writes.upsert(
            Service, key, values, actor=actor, m2m={"sub_regions": row.get("sub_regions")}
        )
        summary.count(outcome)
    return summary


# Requests -------------------------------------------------------------------------------------


def _now(at: datetime.datetime | None) -> datetime.datetime:
    return at or timezone.now()


def _day(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment is not None else None


def _by(actor: Actor) -> str:
    user = user_of(actor)
    if user is not None:
        return user.get_full_name() or user.get_username()
    return str(actor) if isinstance(actor, System) else ""


def _step(
    case: Case,
    kind: StepKind,
    at: datetime.datetime,
    *,
    actor: Actor,
    organisation: Organisation | None = None,
    note: str = "",
) -> Step:
    return Step.objects.create(
        case=case, kind=kind, at=at, organisation=organisation, by=_by(actor)[:200], note=note
    )


def pauses(case: Case) -> list[clock.Pause]:
    """The case's waits for the client, as (asked, answered) days; answered None while open."""
    result: list[clock.Pause] = []
    if case.pk is None:
        return result
    for kind, at in case.steps.filter(kind__in=[StepKind.WAITING, StepKind.RESUMED]).values_list(
        "kind", "at"
    ):
        day = timezone.localdate(at)
        if kind == StepKind.WAITING:
            result.append((day, None))
        elif result and result[-1][1] is None:
            result[-1] = (result[-1][0], day)
    return result


def refresh_due(case: Case) -> None:
    """Set the promise's due dates and whether each milestone was kept (no save)."""
    case.created_on = _day(case.created)
    case.first_contact_on = _day(case.first_contact_at)
    case.accepted_on = _day(case.accepted_at)
    case.closed_on = _day(case.closed_at)
    stops = pauses(case)
    start = timezone.localdate(case.created)
    contact_due = clock.due_date(start, case.first_contact_days, stops)
    plan_due = clock.due_date(start, case.plan_days, stops)
    case.first_contact_due = contact_due
    case.plan_due = plan_due
    if case.first_contact_at is not None:
        case.first_contact_kept = clock.kept(
            start, case.first_contact_days, timezone.localdate(case.first_contact_at), stops
        )
    if case.closed_at is not None:
        case.plan_kept = clock.kept(
            start, case.plan_days, timezone.localdate(case.closed_at), stops
        )
    if case.status == CaseStatus.CLOSED:
        case.due = None
    elif case.first_contact_at is None:
        case.due = contact_due
    else:
        case.due = plan_due


def organisation_for(municipality: Region, service: Service | None) -> Organisation:
    """Who receives a request: the chosen service's organisation, else the development company
    serving the municipality's sub-region, else any organisation with services there."""
    if service is not None:
        return service.organisation
    sub_region = municipality.parent
    serving = Organisation.objects.filter(sub_regions=sub_region)
    found = (
        serving.filter(kind=OrganisationKind.DEVELOPMENT_COMPANY).order_by("pk").first()
        or serving.filter(services__active=True).order_by("pk").first()
        or Organisation.objects.filter(services__active=True, services__sub_regions=sub_region)
        .order_by("pk")
        .first()
        or Organisation.objects.filter(kind=OrganisationKind.DEVELOPMENT_COMPANY)
        .order_by("pk")
        .first()
    )
    if found is None:
        raise ValidationError({"municipality": _("No organisation takes requests here yet.")})
    return found


def check_request(
    *,
    company_name: str,
    business_id: str,
    email: str,
    municipality: Region | None,
    need: str,
    consent_to_share: bool,
) -> str:
    """Refuse a request's bad fields, each by name; the Y-tunnus in its canonical form."""
    errors: dict[str, str] = {}
    if not company_name.strip():
        errors["company_name"] = _("Give the company's name.")
    if business_id.strip():
        try:
            business_id = ytunnus.normalise(business_id)
        except ytunnus.InvalidBusinessId:
            errors["business_id"] = _(
                "This is not a valid Y-tunnus: check the digits and the check digit "
                "(e.g. 0112038-9)."
            )
    if not email.strip():
        errors["email"] = _("Give an e-mail address for the answer.")
    if municipality is None or municipality.level != Level.MUNICIPALITY:
        errors["municipality"] = _("Choose a municipality.")
    if not need.strip():
        errors["need"] = _("Tell us what you need.")
    if not consent_to_share:
        errors["consent_to_share"] = _(
            "We need your consent to pass the request to the organisation that can help."
        )
    if errors:
        raise ValidationError(errors)
    return business_id.strip()


@writes.service
def receive_request(
    *,
    actor: Actor,
    company_name: str,
    email: str,
    municipality: Region | None,
    need: str,
    consent_to_share: bool,
    business_id: str = "",
    contact_name: str = "",
    phone: str = "",
    service: Service | None = None,
    at: datetime.datetime | None = None,
    synthetic: bool = False,
    mail: bool = True,
) -> Case:
    """Take a company's request: route it, start the promise's clock, send the receipt."""
    business_id = check_request(
        company_name=company_name,
        business_id=business_id,
        email=email,
        municipality=municipality,
        need=need,
        consent_to_share=consent_to_share,
    )
    if municipality is None:  # check_request refused it already; this tells the type checker
        raise ValidationError({"municipality": _("Choose a municipality.")})
    organisation = organisation_for(municipality, service)
    moment = _now(at)
    case = Case(
        company_name=company_name.strip(),
        business_id=business_id,
        contact_name=contact_name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        municipality=municipality,
        sub_region=municipality.parent,
        need=need.strip(),
        consent_to_share=consent_to_share,
        service=service,
        received_by=organisation,
        holder=organisation,
        first_contact_days=service.first_contact_days if service else DEFAULT_FIRST_CONTACT_DAYS,
        plan_days=service.plan_days if service else DEFAULT_PLAN_DAYS,
        created=moment,
        accepted_at=moment,
        token=secrets.token_urlsafe(32),
        synthetic=synthetic,
    )
    refresh_due(case)
    writes.save(case, actor=actor)
    writes.set_m2m(case, "held_by", [organisation], actor=actor)
    _step(case, StepKind.RECEIVED, moment, actor=actor, organisation=organisation)
    if mail:
        _receipt(case)
        _tell_advisors(
            organisation,
            _("New service request: %(company)s") % {"company": case.company_name},
            case,
        )
    return case


def status_url(case: Case) -> str:
    return site_url(reverse("services:status", args=[case.token]))


def _receipt(case: Case) -> None:
    days = case.first_contact_days
    body = "\n\n".join(
        [
            _("Hello,"),
            _(
                "We have received the service request of %(company)s. %(organisation)s will "
                "contact you within %(days)s working days (by %(due)s)."
            )
            % {
                "company": case.company_name,
                "organisation": case.holder.name,
                "days": days,
                "due": case.first_contact_due.strftime("%d.%m.%Y")
                if case.first_contact_due
                else "",
            },
            _("Follow your request here (keep this link to yourself): %(link)s")
            % {"link": status_url(case)},
        ]
    )
    send_on_commit(_("Your service request has been received"), body, [case.email])


def advisors(organisation: Organisation) -> list[str]:
    """E-mail addresses of an organisation's service advisors and editors."""
    roles = Role.objects.filter(organisation=organisation).select_related("user")
    return [
        r.user.email
        for r in roles
        if r.user.email
        and (r.kind == RoleKind.EDITOR or r.has_capability(CapabilityRole.SERVICE_ADVISOR))
    ]


def _tell_advisors(organisation: Organisation, subject: str, case: Case) -> None:
    link = site_url(reverse("services:case", args=[case.pk]))
    send_on_commit(subject, link, advisors(organisation))


def _reload(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def _open(case: Case) -> None:
    if case.status == CaseStatus.CLOSED:
        raise Refused(_("The case is closed."))


@writes.service
def respond(
    case: Case,
    *,
    actor: Actor,
    note: str = "",
    waiting: bool = False,
    at: datetime.datetime | None = None,
) -> Case:
    """The holder contacted the company (the first contact, when it is the first); `waiting`
    pauses the clock until the company answers."""
    case = _reload(case)
    _open(case)
    moment = _now(at)
    if case.first_contact_at is None:
        case.first_contact_at = moment
    user = user_of(actor)
    if case.assignee_id is None and user is not None:
        case.assignee = user
    _step(case, StepKind.RESPONDED, moment, actor=actor, organisation=case.holder, note=note)
    if waiting and case.status != CaseStatus.WAITING:
        case.status = CaseStatus.WAITING
        _step(case, StepKind.WAITING, moment, actor=actor, organisation=case.holder)
    elif case.status == CaseStatus.NEW:
        case.status = CaseStatus.OPEN
    refresh_due(case)
    writes.save(case, actor=actor)
    return case


@writes.service
def set_education_field(case: Case, *, actor: Actor, field: str) -> Case:
    """The advisor names the education field that answers the company's need (empty: none);
    the request then counts as a competence need of its sub-region (`core.needs`)."""
    case = _reload(case)
    known = {code for code, _name in needs.field_choices()}
    field = field.strip()
    if field and known and field not in known:
        raise ValidationError(
            {"education_field": _("%(code)s is not an education field code.") % {"code": field}}
        )
    case.education_field = field
    writes.save(case, actor=actor)
    return case


@writes.service
def resume(
    case: Case, *, actor: Actor, note: str = "", at: datetime.datetime | None = None
) -> Case:
    """The company answered: the clock runs again."""
    case = _reload(case)
    if case.status != CaseStatus.WAITING:
        raise Refused(_("The case is not waiting for the company."))
    case.status = CaseStatus.OPEN
    _step(case, StepKind.RESUMED, _now(at), actor=actor, organisation=case.holder, note=note)
    refresh_due(case)
    writes.save(case, actor=actor)
    return case


@writes.service
def refer(
    case: Case,
    *,
    actor: Actor,
    to: Organisation,
    reason: str,
    at: datetime.datetime | None = None,
) -> Referral:
    """Offer the case to another organisation, with a reason; only with the company's consent.
    The case stays with its holder until the other accepts (`core.referrals`)."""
    case = _reload(case)
    _open(case)
    moment = _now(at)
    referral = referrals.refer(
        case,
        model=Referral,
        actor=actor,
        to=to,
        reason=reason,
        at=moment,
        synthetic=case.synthetic,
    )
    _step(
        case,
        StepKind.REFERRED,
        moment,
        actor=actor,
        organisation=case.holder,
        note=f"→ {to.name}: {referral.reason}",
    )
    _tell_advisors(
        to, _("A service request was referred to you: %(c)s") % {"c": case.company_name}, case
    )
    return referral


@writes.service
def accept(
    referral: Referral, *, actor: Actor, note: str = "", at: datetime.datetime | None = None
) -> Referral:
    """The receiving organisation takes the case: it becomes the holder, the clock goes on.
    Of two advisors accepting at once one wins, the other is `Refused`."""

    def take(case: Case, moment: datetime.datetime) -> None:
        case.accepted_at = moment
        case.assignee = user_of(actor)
        if case.status == CaseStatus.NEW:
            case.status = CaseStatus.OPEN
        refresh_due(case)

    moment = _now(at)
    referral = referrals.accept(referral, actor=actor, note=note, at=moment, update=take)
    _step(
        referral.case,
        StepKind.ACCEPTED,
        moment,
        actor=actor,
        organisation=referral.to_organisation,
        note=note.strip(),
    )
    return referral


@writes.service
def decline(
    referral: Referral, *, actor: Actor, reason: str, at: datetime.datetime | None = None
) -> Referral:
    """The receiving organisation declines, with a reason; the case stays with its holder."""
    moment = _now(at)
    referral = referrals.decline(referral, actor=actor, reason=reason, at=moment)
    _step(
        referral.case,
        StepKind.DECLINED,
        moment,
        actor=actor,
        organisation=referral.to_organisation,
        note=referral.answer,
    )
    _tell_advisors(
        referral.from_organisation,
        _("A referral was declined: %(c)s") % {"c": referral.case.company_name},
        referral.case,
    )
    return referral


@writes.service
def announce_delay(
    case: Case, *, actor: Actor, message: str, at: datetime.datetime | None = None
) -> Case:
    """Tell the company, before the promised time passes, that it will not be met and why."""
    case = _reload(case)
    _open(case)
    moment = _now(at)
    case.delay_announced_at = moment
    case.breach_announced = case.due is not None and timezone.localdate(moment) <= case.due
    writes.save(case, actor=actor)
    _step(case, StepKind.ANNOUNCED, moment, actor=actor, organisation=case.holder, note=message)
    if case.email:
        body = "\n\n".join(
            [
                _("Hello,"),
                _("%(organisation)s cannot keep the promised time for your request:")
                % {"organisation": case.holder.name},
                message,
                _("Follow your request here: %(link)s") % {"link": status_url(case)},
            ]
        )
        send_on_commit(_("About your service request"), body, [case.email])
    return case


@writes.service
def close(
    case: Case,
    *,
    actor: Actor,
    outcome: str,
    note: str = "",
    at: datetime.datetime | None = None,
) -> Case:
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose an outcome.")})
    case = _reload(case)
    _open(case)
    if referrals.has_pending(case):
        raise Refused(_("The case waits for another organisation's answer to a referral."))
    moment = _now(at)
    if case.status == CaseStatus.WAITING:
        _step(case, StepKind.RESUMED, moment, actor=actor, organisation=case.holder)
    if case.first_contact_at is None:
        case.first_contact_at = moment
    case.status = CaseStatus.CLOSED
    case.outcome = outcome
    case.closed_at = moment
    refresh_due(case)
    writes.save(case, actor=actor)
    _step(case, StepKind.CLOSED, moment, actor=actor, organisation=case.holder, note=note)
    return case


#: The longest message a company writes through its status link.
REPLY_MAX = 4000


@writes.service
def reply(case: Case, *, actor: Actor, message: str, at: datetime.datetime | None = None) -> Step:
    """The company writes to the advisors through its status link: a step the holders see
    (its note), mailed to the holder's advisors. The clock is left to the advisors (the
    company's answer to a question is recorded by them, `resume`)."""
    message = message.strip()
    if not message:
        raise ValidationError({"message": _("Write your message.")})
    if len(message) > REPLY_MAX:
        raise ValidationError(
            {"message": _("Keep the message under %(n)s characters.") % {"n": REPLY_MAX}}
        )
    case = _reload(case)
    if case.status == CaseStatus.CLOSED:
        raise Refused(_("The request is closed."))
    step = _step(case, StepKind.REPLIED, _now(at), actor=actor, note=message)
    _tell_advisors(
        case.holder, _("%(c)s wrote about its service request") % {"c": case.company_name}, case
    )
    return step


@writes.service
def withdraw_consent(case: Case, *, actor: Actor, at: datetime.datetime | None = None) -> Case:
    """The company withdraws its consent to share its request within the network: no further
    referral can be made, and a referral still waiting for an answer is withdrawn (its
    receiver is told and no longer sees the request). The holder keeps the case."""
    moment = _now(at)
    withdrawn = referrals.withdraw_consent(case, actor=actor, at=moment)
    case = _reload(case)
    _step(case, StepKind.WITHDRAWN, moment, actor=actor)
    subject = _("%(c)s withdrew its consent to share its request") % {"c": case.company_name}
    _tell_advisors(case.holder, subject, case)
    if withdrawn is not None:
        notice = _("A referral to you was withdrawn: the company withdrew its consent to share.")
        send_on_commit(notice, notice, advisors(withdrawn.to_organisation))
    return case


@writes.service
def run_clock(*, actor: Actor = CLOCK, today: datetime.date | None = None) -> dict[str, int]:
    """The daily run: warn the holder on the last working day before a promise is due, and on
    the due day tell the company of the delay if the promise has not been met."""
    day = today or timezone.localdate()
    warned = announced = 0
    due_cases = (
        Case.objects.exclude(status=CaseStatus.CLOSED)
        .filter(due__isnull=False, due__gte=day)
        .select_related("holder")
    )
    for case in due_cases.iterator():
        due = case.due
        if due is None:
            continue
        left = clock.working_days_between(day, due)
        if left <= 1 and case.warned_on is None:
            case = _reload(case)
            case.warned_on = day
            writes.save(case, actor=actor)
            _step(case, StepKind.WARNED, timezone.now(), actor=actor, organisation=case.holder)
            _tell_advisors(
                case.holder,
                _("The promise to %(c)s is due on %(due)s")
                % {"c": case.company_name, "due": due.strftime("%d.%m.%Y")},
                case,
            )
            warned += 1
        if left == 0 and case.delay_announced_at is None:
            announce_delay(
                case,
                actor=actor,
                message=_(
                    "Your request is still being handled; the organisation holding it will "
                    "contact you as soon as possible."
                ),
            )
            announced += 1
    return {"warned": warned, "announced": announced}


@writes.service
def erase_contact(case: Case, *, actor: Actor) -> Case:
    """Erase the company's contact person and address from the case and its history, and the
    messages it wrote; the request's course (dates, organisations) stays for the figures."""
    case = _reload(case)
    blank = {"contact_name": "", "email": "", "phone": "", "contact_erased": True}
    Case.objects.filter(pk=case.pk).update(**blank)
    Case.history.filter(id=case.pk).update(contact_name="", email="", phone="")
    case.steps.filter(kind=StepKind.REPLIED).update(note="")
    _step(case, StepKind.ERASED, timezone.now(), actor=actor)
    case.refresh_from_db()
    return case


@writes.service
def bulk_cases(
    rows: Iterable[Mapping[str, Any]], *, actor: Actor, now: datetime.datetime
) -> ImportSummary:
    """Write many synthetic requests at once, with their course up to `now` (for benchmarks and
    large demos): each row holds `company_name`, `email`, `municipality`, `need`, `holder`,
    `created`, `referred_to` (or None), `accepted`, `open`, `contact_after`, `close_after`.
    One history row per case and referral, steps for every event, no mail."""
    cases: list[Case] = []
    plans: list[tuple[Case, Mapping[str, Any]]] = []
    for row in rows:
        created = row["created"]
        holder = row["holder"]
        case = Case(
            company_name=row["company_name"],
            email=row["email"],
            municipality=row["municipality"],
            sub_region_id=row["municipality"].parent_id,
            need=row["need"],
            consent_to_share=True,
            received_by=holder,
            holder=holder,
            created=created,
            accepted_at=created,
            token=secrets.token_urlsafe(32),
            synthetic=True,
        )
        contact = created + row["contact_after"]
        if contact <= now:
            case.first_contact_at = contact
            case.status = CaseStatus.OPEN
        referred_to = row.get("referred_to")
        if referred_to is not None and referred_to.pk == holder.pk:
            referred_to = None
        decided = contact + datetime.timedelta(hours=26)
        if referred_to is not None and row["accepted"] and decided <= now:
            case.holder = referred_to
            case.accepted_at = decided
        closed = (case.accepted_at or created) + row["close_after"]
        if not row["open"] and case.first_contact_at is not None and closed <= now:
            case.status = CaseStatus.CLOSED
            case.closed_at = closed
            case.outcome = Outcome.HELPED
        refresh_due(case)
        cases.append(case)
        plans.append((case, {**row, "referred_to": referred_to, "decided": decided}))
    writes.bulk_create(Case, cases, actor=actor, batch_size=2000)
    held = Case.held_by.through
    referrals: list[Referral] = []
    steps: list[Step] = []
    links = []
    for case, row in plans:
        links.append(held(case_id=case.pk, organisation_id=row["holder"].pk))
        steps.append(
            Step(
                case=case, kind=StepKind.RECEIVED, at=case.created, organisation_id=row["holder"].pk
            )
        )
        if case.first_contact_at is not None:
            steps.append(
                Step(
                    case=case,
                    kind=StepKind.RESPONDED,
                    at=case.first_contact_at,
                    organisation_id=row["holder"].pk,
                )
            )
        to = row["referred_to"]
        if to is not None and case.first_contact_at is not None:
            answered = row["decided"] <= now
            status = ReferralStatus.PENDING
            if answered:
                status = ReferralStatus.ACCEPTED if row["accepted"] else ReferralStatus.DECLINED
            referrals.append(
                Referral(
                    case=case,
                    from_organisation_id=row["holder"].pk,
                    to_organisation=to,
                    reason="Sopii paremmin.",
                    status=status,
                    created=case.first_contact_at,
                    created_on=case.first_contact_on,
                    decided_at=row["decided"] if answered else None,
                    synthetic=True,
                )
            )
            if status == ReferralStatus.ACCEPTED:
                links.append(held(case_id=case.pk, organisation_id=to.pk))
                steps.append(
                    Step(case=case, kind=StepKind.ACCEPTED, at=row["decided"], organisation=to)
                )
        if case.closed_at is not None:
            steps.append(
                Step(
                    case=case,
                    kind=StepKind.CLOSED,
                    at=case.closed_at,
                    organisation_id=case.holder_id,
                )
            )
    held.objects.bulk_create(links, batch_size=5000)
    writes.bulk_create(Referral, referrals, actor=actor, batch_size=2000)
    Step.objects.bulk_create(steps, batch_size=5000)
    figures.touch([c.created_on for c in cases] + [r.created_on for r in referrals])
    return ImportSummary(new=len(cases))
