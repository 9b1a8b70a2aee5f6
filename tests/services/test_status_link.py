"""The company acts through its private status link, without an account: it writes to the
advisors, and withdraws its consent to share; a wrong or expired link gets nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from optiimi.core import referrals
from optiimi.services import permissions, services
from optiimi.services.models import Case, ReferralStatus, StepKind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_rate_limit():
    cache.clear()


def _url(case: Case, action: str = "") -> str:
    return f"/services/status/{case.token}/" + (f"{action}/" if action else "")


def test_the_company_writes_to_the_advisors_holders_see_it_and_are_mailed(
    client, case, advisor, other_advisor, other_organisation, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url(case, "reply"), {"reply-message": "Ehdimme tavata ensi viikolla."}
        )
    assert response.status_code == 302
    step = case.steps.get(kind=StepKind.REPLIED)
    assert step.note == "Ehdimme tavata ensi viikolla." and step.by == "company request"
    assert [m.to for m in mail.outbox] == [[advisor.email]]
    assert "Puuseppä Oy" in mail.outbox[0].subject
    # the company sees its own message on its page; the holder's advisor on the case page
    assert "Ehdimme tavata ensi viikolla." in client.get(_url(case)).content.decode()
    holder = Client()
    holder.force_login(advisor)
    assert "Ehdimme tavata" in holder.get(f"/services/cases/{case.pk}/").content.decode()
    # an organisation only offered the case sees the step, not the company's words
    services.refer(case, actor=advisor, to=other_organisation, reason="Sopii")
    offered = Client()
    offered.force_login(other_advisor)
    page = offered.get(f"/services/cases/{case.pk}/").content.decode()
    assert "Puuseppä Oy" in page and "Ehdimme tavata" not in page


def test_an_empty_message_is_refused_beside_the_field_and_a_closed_request_takes_none(
    client, case, advisor
):
    response = client.post(_url(case, "reply"), {"reply-message": "   "})
    assert response.status_code in (200, 422) and "reply-message" in response.content.decode()
    assert not case.steps.filter(kind=StepKind.REPLIED).exists()
    with pytest.raises(ValidationError):
        services.reply(case, actor=services.COMPANY, message="x" * (services.REPLY_MAX + 1))
    services.close(case, actor=advisor, outcome="helped")
    assert "reply-message" not in client.get(_url(case)).content.decode()
    with pytest.raises(services.Refused):
        services.reply(case, actor=services.COMPANY, message="Vielä yksi asia")
    client.post(_url(case, "reply"), {"reply-message": "Vielä yksi asia"})
    assert not case.steps.filter(kind=StepKind.REPLIED).exists()


def test_withdrawing_consent_stops_referrals_and_is_a_step(
    client, case, advisor, other_organisation
):
    response = client.post(_url(case, "withdraw"))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.consent_to_share is False
    assert case.steps.filter(kind=StepKind.WITHDRAWN).count() == 1
    page = client.get(_url(case)).content.decode()
    assert "status_withdraw" not in page and f"{case.token}/withdraw/" not in page
    with pytest.raises(ValidationError) as refused:
        services.refer(case, actor=advisor, to=other_organisation, reason="Keuruu")
    assert "organisation" in refused.value.message_dict
    assert case.referrals.count() == 0
    # a second withdrawal changes nothing
    client.post(_url(case, "withdraw"))
    assert case.steps.filter(kind=StepKind.WITHDRAWN).count() == 1


def test_withdrawal_withdraws_a_waiting_referral_which_can_no_longer_be_accepted(
    case,
    organisation,
    advisor,
    other_advisor,
    other_organisation,
    django_capture_on_commit_callbacks,
):
    referral = services.refer(case, actor=advisor, to=other_organisation, reason="Keuruu")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_consent(case, actor=services.COMPANY)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WITHDRAWN
    assert {tuple(m.to) for m in mail.outbox} == {(advisor.email,), (other_advisor.email,)}
    with pytest.raises(services.Refused):
        services.accept(referral, actor=other_advisor)
    case.refresh_from_db()
    assert case.holder_id == organisation.pk
    # the receiver no longer reads the request; the holder closes it
    assert not permissions.visible_cases(other_advisor).filter(pk=case.pk).exists()
    services.close(case, actor=advisor, outcome="helped")
    # a withdrawn referral is no answer: neither a tie nor in the acceptance rate
    from optiimi.services import ties

    assert ties.referral_ties() == []
    assert referrals.ANSWERED == (ReferralStatus.ACCEPTED, ReferralStatus.DECLINED)


def test_a_wrong_or_expired_link_gets_nothing(client, case, advisor):
    wrong = "x" * 43
    for path in ("", "reply/", "withdraw/", "erase/"):
        method = client.get if path == "" else client.post
        assert (
            method(f"/services/status/{wrong}/{path}", {"reply-message": "Hei"}).status_code == 404
        )
        assert method(f"/services/status/short/{path}").status_code == 404
    services.close(case, actor=advisor, outcome="helped")
    assert client.get(_url(case)).status_code == 200
    expired = timezone.now() - datetime.timedelta(days=permissions.STATUS_LINK_DAYS + 1)
    Case.objects.filter(pk=case.pk).update(closed_at=expired)
    assert client.get(_url(case)).status_code == 404
    assert client.post(_url(case, "reply"), {"reply-message": "Hei"}).status_code == 404
    assert client.post(_url(case, "withdraw")).status_code == 404
    case.refresh_from_db()
    assert case.consent_to_share is True
    assert not case.steps.filter(kind__in=[StepKind.REPLIED, StepKind.WITHDRAWN]).exists()


def test_erasure_removes_the_companys_messages(client, case):
    services.reply(case, actor=services.COMPANY, message="Soita numeroon 040 123 4567, Maija")
    client.post(_url(case, "erase"))
    assert case.steps.get(kind=StepKind.REPLIED).note == ""


def test_status_page_holds_nothing_inline(client, case):
    from tests.core.test_content_security_policy import INLINE

    html = client.get(_url(case)).content.decode()
    assert "reply-message" in html
    assert [m.group(0) for pattern in INLINE for m in pattern.finditer(html)] == []
