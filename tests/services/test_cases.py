"""A service request travels: received, responded, referred with consent, accepted or declined
with a reason, closed; the clock travels with it and every step is history."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from optiimi.core import personal_data
from optiimi.services import services, ties
from optiimi.services.models import Case, CaseStatus, ReferralStatus, StepKind

pytestmark = pytest.mark.django_db


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_request_starts_the_clock_and_sends_a_receipt_with_a_private_link(
    case, organisation, service, django_capture_on_commit_callbacks
):
    assert case.holder == organisation and case.status == CaseStatus.NEW
    assert case.first_contact_due is not None and case.due == case.first_contact_due
    assert len(case.token) >= 40  # unguessable
    assert list(case.steps.values_list("kind", flat=True)) == [StepKind.RECEIVED]


def test_receipt_mail_holds_the_status_link(
    organisation, joutsa, service, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = services.receive_request(
            actor=services.COMPANY,
            company_name="Sahuri Oy",
            email="sahuri@example.com",
            municipality=joutsa,
            need="Rahoitus",
            consent_to_share=True,
            service=service,
        )
    receipt = next(m for m in mail.outbox if m.to == ["sahuri@example.com"])
    assert f"/services/status/{case.token}/" in receipt.body


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("business_id", {"business_id": "0112038-8"}),
        ("consent_to_share", {"consent_to_share": False}),
        ("municipality", {"municipality": None}),
    ],
)
def test_bad_request_names_the_field(joutsa, organisation, field, values):
    data = {
        "company_name": "X Oy",
        "email": "x@example.com",
        "municipality": joutsa,
        "need": "apua",
        "consent_to_share": True,
        **values,
    }
    with pytest.raises(ValidationError) as caught:
        services.receive_request(actor=services.COMPANY, **data)
    assert field in caught.value.message_dict
    assert not Case.objects.exists()


def test_refer_accept_and_close_keep_history_and_move_the_holder(
    case, advisor, other_advisor, other_organisation
):
    services.respond(case, actor=advisor, note="Soitettu.")
    referral = services.refer(case, actor=advisor, to=other_organisation, reason="Keuruun asia")
    case.refresh_from_db()
    assert case.holder_id != other_organisation.pk  # until accepted
    services.accept(referral, actor=other_advisor, note="Otetaan")
    case.refresh_from_db()
    assert case.holder == other_organisation and case.assignee == other_advisor
    assert set(case.held_by.values_list("pk", flat=True)) == {
        case.received_by_id,
        other_organisation.pk,
    }
    services.close(case, actor=other_advisor, outcome="helped")
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.due is None
    assert case.first_contact_kept is True
    kinds = list(case.steps.values_list("kind", flat=True))
    assert kinds == ["received", "responded", "referred", "accepted", "closed"]
    assert case.history.count() >= 4
    assert ties.referral_ties()[0][:2] == (case.received_by_id, other_organisation.pk)
    assert ties.referral_ties()[0].kind == "referral"


def test_referring_without_consent_is_refused(case, advisor, other_organisation):
    Case.objects.filter(pk=case.pk).update(consent_to_share=False)
    with pytest.raises(ValidationError) as refused:
        services.refer(case, actor=advisor, to=other_organisation, reason="x")
    assert "organisation" in refused.value.message_dict
    assert not case.referrals.exists()


def test_decline_needs_a_reason_and_leaves_the_case_with_its_holder(
    case, advisor, other_advisor, other_organisation, organisation
):
    referral = services.refer(case, actor=advisor, to=other_organisation, reason="x")
    with pytest.raises(ValidationError):
        services.decline(referral, actor=other_advisor, reason=" ")
    services.decline(referral, actor=other_advisor, reason="Ei meidän alaa")
    referral.refresh_from_db()
    case.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED and referral.answer == "Ei meidän alaa"
    assert case.holder == organisation
    with pytest.raises(services.Refused):
        services.accept(referral, actor=other_advisor)


def test_waiting_for_the_client_pauses_the_clock(organisation, joutsa, service, advisor):
    monday = datetime.date(2026, 3, 2)
    case = services.receive_request(
        actor=services.COMPANY,
        company_name="Odottaja Oy",
        email="o@example.com",
        municipality=joutsa,
        need="apua",
        consent_to_share=True,
        service=service,
        at=_at(monday),
        mail=False,
    )
    assert case.plan_due == datetime.date(2026, 3, 16)
    services.respond(case, actor=advisor, waiting=True, at=_at(monday + datetime.timedelta(1)))
    case.refresh_from_db()
    assert case.status == CaseStatus.WAITING and case.due is None
    services.resume(case, actor=advisor, at=_at(monday + datetime.timedelta(3)))
    case.refresh_from_db()
    # Wednesday and Thursday did not count: the plan is due two working days later.
    assert case.plan_due == datetime.date(2026, 3, 18) and case.due == case.plan_due


def test_clock_warns_the_holder_and_tells_the_company_before_the_promise_passes(
    case, advisor, django_capture_on_commit_callbacks
):
    due = case.first_contact_due
    before = due - datetime.timedelta(days=1)
    while not services.clock.is_working_day(before):
        before -= datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.run_clock(actor=services.CLOCK, today=before) == {
            "warned": 1,
            "announced": 0,
        }
    assert any(advisor.email in m.to for m in mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        services.run_clock(actor=services.CLOCK, today=due)
    case.refresh_from_db()
    assert case.delay_announced_at is not None
    assert any(m.to == ["maija@example.com"] and status_path(case) in m.body for m in mail.outbox)


def status_path(case):
    return f"/services/status/{case.token}/"


def test_erasure_blanks_the_contact_data_and_its_history(case):
    subject = personal_data.Subject(person_id=0, name="Maija", email="maija@example.com")
    holder = next(h for h in personal_data.holders() if h.name == "services")
    assert holder.export(subject)["service_requests"][0]["contact"] == "Maija Puuseppä"
    holder.erase(subject, services.COMPANY)
    case.refresh_from_db()
    assert (case.contact_name, case.email) == ("", "")
    assert not case.history.exclude(email="").exists()
    assert case.company_name == "Puuseppä Oy"  # the course stays for the figures


def test_answered_referrals_are_ties_in_the_network_evidence(
    case, advisor, other_advisor, other_organisation
):
    from optiimi.core import ties as registry

    source = registry.get("services.referral")
    assert source is not None and source.kind == "referral"
    referral = services.refer(case, actor=advisor, to=other_organisation, reason="Keuruu")
    assert list(source.ties()) == []  # pending: no tie yet
    services.accept(referral, actor=other_advisor)
    (tie,) = source.ties()
    assert (tie.a, tie.b, tie.kind, tie.record) == (
        case.received_by_id,
        other_organisation.pk,
        "referral",
        referral.pk,
    )
    record = source.records([referral.pk])[referral.pk]
    assert case.company_name not in record.title  # the request stays private
