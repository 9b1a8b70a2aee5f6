"""The service promise's API: a company's request (anonymous allowed), the case's steps for
the holding organisations' advisors, and the monthly figures."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import field_validator

from optiimi.accounts.auth import READ_AUTH, WRITE_AUTH
from optiimi.core import apierrors
from optiimi.core.api import Id, IsoDate, Payload, RegionCode, errors
from optiimi.core.apierrors import FieldError, saved
from optiimi.network.models import Organisation
from optiimi.regions.models import Region
from optiimi.services import permissions, queries, services, spam
from optiimi.services.models import Case, Outcome, Referral, Service

router = Router(tags=["service promise"])


class RequestIn(Payload):
    company_name: str = Field(min_length=1, max_length=200)
    business_id: str = Field("", max_length=12, description="Y-tunnus, optional, e.g. 0112038-9")
    contact_name: str = Field("", max_length=200)
    email: str = Field(max_length=254)
    phone: str = Field("", max_length=40)
    municipality: str = Field(
        min_length=1, max_length=100, description="municipality code (172) or Finnish name"
    )
    need: str = Field(min_length=1, max_length=4000)
    consent_to_share: bool = Field(
        description="the company consents to its request being passed within the network"
    )
    service: Id | None = Field(None, description="the chosen service's id (optional)")
    website: str = Field("", max_length=200, description="leave empty (a trap for robots)")

    @field_validator("email")
    @classmethod
    def valid_email(cls, value: str) -> str:
        return apierrors.email(value)


class RequestReceivedOut(Schema):
    id: int
    status: str


class StepOut(Schema):
    kind: str
    at: datetime.datetime
    organisation: str | None
    note: str


class ReferralOut(Schema):
    id: int
    from_organisation: int
    to_organisation: int
    reason: str
    status: str
    answer: str
    created: datetime.datetime
    decided_at: datetime.datetime | None


class ContactOut(Schema):
    contact_name: str
    email: str
    phone: str
    business_id: str


class CaseOut(Schema):
    id: int
    company_name: str
    municipality: str
    need: str
    status: str
    outcome: str
    holder: int
    received_by: int
    consent_to_share: bool
    created: datetime.datetime
    first_contact_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    due: datetime.date | None = Field(description="the promise's next due day (None: paused/met)")
    contact: ContactOut | None = Field(
        description="only for organisations that hold or held the case"
    )
    steps: list[StepOut]
    referrals: list[ReferralOut]


class ResponseIn(Payload):
    note: str = Field("", max_length=4000)
    waiting_for_client: bool = False


class ReferralIn(Payload):
    organisation: Id
    reason: str = Field(min_length=1, max_length=4000)


class AnswerIn(Payload):
    reason: str = Field("", max_length=4000, description="required when declining")


class CloseIn(Payload):
    outcome: Outcome
    note: str = Field("", max_length=4000)


class MetricsRow(Schema):
    month: str
    cases: int
    first_contact_median: float | None
    right_org_median: float | None
    referrals: int
    accepted: int
    referral_acceptance: float | None
    kept: int
    broken: int
    kept_share: float | None
    announced: int
    announced_share: float | None


class MetricsQuery(Schema):
    from_: IsoDate | None = Field(None, alias="from", description="first day, inclusive")
    to: IsoDate | None = Field(None, description="last day, inclusive")
    organisation: Id | None = None
    sub_region: RegionCode | None = None


def _municipality(value: str) -> Region:
    found = (
        Region.objects.municipalities().filter(code=value.strip().zfill(3)).first()
        if value.strip().isdigit()
        else Region.objects.municipalities().filter(name_fi__iexact=value.strip()).first()
    )
    if found is None:
        raise FieldError("municipality", f"no municipality {value!r}")
    return found


def _case_out(user: Any, case: Case) -> dict[str, Any]:
    contact = None
    if permissions.can_see_contact(user, case):
        contact = {
            "contact_name": case.contact_name,
            "email": case.email,
            "phone": case.phone,
            "business_id": case.business_id,
        }
    return {
        "id": case.pk,
        "company_name": case.company_name,
        "municipality": case.municipality.code,
        "need": case.need,
        "status": case.status,
        "outcome": case.outcome,
        "holder": case.holder_id,
        "received_by": case.received_by_id,
        "consent_to_share": case.consent_to_share,
        "created": case.created,
        "first_contact_at": case.first_contact_at,
        "closed_at": case.closed_at,
        "due": case.due,
        "contact": contact,
        "steps": [
            {
                "kind": s.kind,
                "at": s.at,
                "organisation": s.organisation.name if s.organisation else None,
                "note": s.note,
            }
            for s in case.steps.select_related("organisation")
        ],
        "referrals": [
            {
                "id": r.pk,
                "from_organisation": r.from_organisation_id,
                "to_organisation": r.to_organisation_id,
                "reason": r.reason,
                "status": r.status,
                "answer": r.answer,
                "created": r.created,
                "decided_at": r.decided_at,
            }
            for r in case.referrals.all()
        ],
    }


def _refused(call: Any) -> Any:
    return saved(call, refused=(services.Refused,))


@router.post(
    "/service-requests",
    response={201: RequestReceivedOut, **errors(400, 404, 422), 429: dict},
    auth=None,
    summary="File a company's service request (no account needed)",
    description="Answers with the request's id and status only: nothing personal comes back. "
    "The company gets a receipt e-mail with a private status link.",
)
def file_request(request: HttpRequest, payload: RequestIn) -> Status[dict[str, Any]]:
    if payload.website:
        return Status(201, {"id": 0, "status": "new"})  # a robot: nothing is saved
    if not spam.allow(request):
        return Status(429, {"detail": "Too many requests from this address; try again later."})
    municipality = _municipality(payload.municipality)
    service = None
    if payload.service is not None:
        service = Service.objects.filter(pk=payload.service, active=True).first()
        if service is None:
            raise FieldError("service", f"no active service {payload.service}")
    case = saved(
        lambda: services.receive_request(
            actor=services.COMPANY,
            company_name=payload.company_name,
            business_id=payload.business_id,
            contact_name=payload.contact_name,
            email=payload.email,
            phone=payload.phone,
            municipality=municipality,
            need=payload.need,
            consent_to_share=payload.consent_to_share,
            service=service,
        )
    )
    return Status(201, {"id": case.pk, "status": case.status})


@router.get(
    "/service-requests/{pk}",
    response={200: CaseOut, **errors(401, 403, 404, 422)},
    auth=WRITE_AUTH,
    summary="One service request (the organisations that hold, held or are offered it)",
)
def get_request(request: HttpRequest, pk: Id) -> dict[str, Any]:
    return _case_out(request.user, permissions.get_case_for_user(request.user, pk))


@router.post(
    "/service-requests/{pk}/responses",
    response={201: CaseOut, **errors(400, 401, 403, 404, 409, 422)},
    auth=WRITE_AUTH,
    summary="Record a contact with the company (the holder's advisors)",
)
def add_response(request: HttpRequest, pk: Id, payload: ResponseIn) -> Status[dict[str, Any]]:
    case = permissions.get_case_for_handling(request.user, pk)
    _refused(
        lambda: services.respond(
            case, actor=request.user, note=payload.note, waiting=payload.waiting_for_client
        )
    )
    case.refresh_from_db()
    return Status(201, _case_out(request.user, case))


@router.post(
    "/service-requests/{pk}/referrals",
    response={201: ReferralOut, **errors(400, 401, 403, 404, 409, 422)},
    auth=WRITE_AUTH,
    summary="Refer the request to another organisation (only with the company's consent)",
)
def add_referral(request: HttpRequest, pk: Id, payload: ReferralIn) -> Status[dict[str, Any]]:
    case = permissions.get_case_for_handling(request.user, pk)
    to = Organisation.objects.filter(pk=payload.organisation).first()
    if to is None:
        raise FieldError("organisation", f"no organisation {payload.organisation}")
    referral = _refused(
        lambda: services.refer(case, actor=request.user, to=to, reason=payload.reason)
    )
    return Status(201, _referral_out(referral))


def _referral_out(r: Referral) -> dict[str, Any]:
    return {
        "id": r.pk,
        "from_organisation": r.from_organisation_id,
        "to_organisation": r.to_organisation_id,
        "reason": r.reason,
        "status": r.status,
        "answer": r.answer,
        "created": r.created,
        "decided_at": r.decided_at,
    }


@router.post(
    "/service-requests/referrals/{rid}/accept",
    response={200: ReferralOut, **errors(400, 401, 403, 404, 409, 422)},
    auth=WRITE_AUTH,
    summary="Accept a referral (the receiving organisation's advisors); one answer wins",
)
def accept_referral(request: HttpRequest, rid: Id, payload: AnswerIn) -> dict[str, Any]:
    referral = permissions.get_referral_for_answer(request.user, rid)
    return _referral_out(
        _refused(lambda: services.accept(referral, actor=request.user, note=payload.reason))
    )


@router.post(
    "/service-requests/referrals/{rid}/decline",
    response={200: ReferralOut, **errors(400, 401, 403, 404, 409, 422)},
    auth=WRITE_AUTH,
    summary="Decline a referral with a reason (the receiving organisation's advisors)",
)
def decline_referral(request: HttpRequest, rid: Id, payload: AnswerIn) -> dict[str, Any]:
    referral = permissions.get_referral_for_answer(request.user, rid)
    return _referral_out(
        _refused(lambda: services.decline(referral, actor=request.user, reason=payload.reason))
    )


@router.post(
    "/service-requests/{pk}/close",
    response={200: CaseOut, **errors(400, 401, 403, 404, 409, 422)},
    auth=WRITE_AUTH,
    summary="Close the request with an outcome (the holder's advisors)",
)
def close_request(request: HttpRequest, pk: Id, payload: CloseIn) -> dict[str, Any]:
    case = permissions.get_case_for_handling(request.user, pk)
    _refused(
        lambda: services.close(case, actor=request.user, outcome=payload.outcome, note=payload.note)
    )
    case.refresh_from_db()
    return _case_out(request.user, case)


@router.get(
    "/service-promise/metrics",
    response={200: list[MetricsRow], **errors(422)},
    auth=READ_AUTH,
    summary="Is the promise kept? Monthly figures (public)",
)
def metrics(request: HttpRequest, filters: Query[MetricsQuery]) -> list[dict[str, Any]]:
    return queries.metrics(
        start=filters.from_,
        end=filters.to,
        organisation=filters.organisation,
        sub_region=filters.sub_region,
    )
