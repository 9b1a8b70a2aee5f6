"""A barometer round run as a survey: opening and closing days, invitations and reminders,
the response rate, the whole round answered on one page with worded scales, and the export."""

from __future__ import annotations

import csv
import datetime
import io
import json

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from optiimi.core import personal_data, writes
from optiimi.foresight import services
from optiimi.foresight.models import BarometerAnswer, BarometerRound, BarometerTheme
from optiimi.foresight.personal_data import erase_foresight, export_foresight
from optiimi.regions.models import Region


def _today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def round_(coordinator, owner, member):
    return services.open_round(
        actor=coordinator,
        name="Syksy",
        opens=_today() - datetime.timedelta(days=3),
        closes=_today() + datetime.timedelta(days=10),
        invitees=[owner, member],
    )


def _url(round_: BarometerRound) -> str:
    return f"/foresight/barometer/{round_.pk}/"


def _q(code: str, horizon: str) -> str:
    return f"q_{BarometerTheme.objects.get(code=code).pk}_{horizon}"


@pytest.mark.django_db
def test_the_whole_round_is_answered_on_one_page_with_words_and_nothing_preselected(
    round_, owner_client
):
    page = owner_client.get(_url(round_)).content.decode()
    assert page.count('type="radio"') == 3 * 3 * 6  # 3 themes × 3 horizons × 5 words + cannot say
    assert " checked" not in page
    assert "selvästi paranee" in page and "selvästi heikkenee" in page
    sub = Region.objects.subregions().get(code="131")
    answers = {
        "subregion": sub.pk,
        _q("business", "now"): "2",
        _q("business", "12m"): "-1",
        _q("unemployment", "6m"): "0",
    }
    response = owner_client.post(_url(round_), answers)
    assert response.status_code == 302
    stored = {(a.theme.code, a.horizon): a.score for a in BarometerAnswer.objects.all()}
    assert stored == {("business", "now"): 2, ("business", "12m"): -1, ("unemployment", "6m"): 0}
    # Opening the page again shows the answers given; "cannot say" removes one.
    again = owner_client.get(_url(round_)).content.decode()
    assert again.count(" checked") == 3
    answers[_q("business", "12m")] = "x"
    assert owner_client.post(_url(round_), answers).status_code == 302
    assert BarometerAnswer.objects.count() == 2


@pytest.mark.django_db
def test_an_empty_page_is_refused_and_nothing_is_saved(round_, owner_client):
    sub = Region.objects.subregions().get(code="131")
    response = owner_client.post(_url(round_), {"subregion": sub.pk})
    assert response.status_code == 422
    assert "Vastaa ainakin yhteen kysymykseen" in response.content.decode()
    assert not BarometerAnswer.objects.exists()


@pytest.mark.django_db
def test_a_theme_speaks_its_own_scale(round_, owner_client):
    business = BarometerTheme.objects.get(code="business")
    assert business.scale("en")[0] == (2, "clearly improves")  # the default words
    # Unemployment says that ++ (the better outlook) is falling unemployment.
    unemployment = BarometerTheme.objects.get(code="unemployment")
    assert unemployment.scale("fi")[0] == (2, "vähenee selvästi")
    assert unemployment.scale("en")[-1] == (-2, "rises clearly")
    business.scale_fi = "kasvaa selvästi / kasvaa / pysyy ennallaan / supistuu / supistuu selvästi"
    writes.save(business, actor=writes.System("test"))
    page = owner_client.get(_url(round_)).content.decode()
    assert "supistuu selvästi" in page and "vähenee selvästi" in page


@pytest.mark.django_db
def test_the_round_takes_answers_only_between_its_days(coordinator, owner):
    sub = Region.objects.subregions().get(code="131")
    theme = BarometerTheme.objects.filter(code="business").first()
    ended = services.open_round(
        actor=coordinator,
        name="Ended",
        opens=_today() - datetime.timedelta(days=30),
        closes=_today() - datetime.timedelta(days=1),
    )
    theme = BarometerTheme.objects.get(code="business")
    assert ended.is_closed and ended.state_label in ("suljettu", "closed")
    with pytest.raises(PermissionDenied):
        services.answer_round(actor=owner, round=ended, subregion=sub, scores={(theme.pk, "6m"): 1})
    later = services.open_round(
        actor=coordinator, name="Later", opens=_today() + datetime.timedelta(days=5)
    )
    with pytest.raises(PermissionDenied):
        services.answer_round(actor=owner, round=later, subregion=sub, scores={(theme.pk, "6m"): 1})
    with pytest.raises(ValidationError):
        services.open_round(
            actor=coordinator,
            name="Backwards",
            opens=_today(),
            closes=_today() - datetime.timedelta(days=1),
        )


@pytest.mark.django_db
def test_invitations_reminders_and_the_response_rate(
    round_,
    coordinator,
    owner,
    member,
    coordinator_client,
    member_client,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.invite(actor=coordinator, round=round_) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["member@example.com", "owner@example.com"]
    body = mail.outbox[0].body
    assert (
        f"/foresight/barometer/{round_.pk}/" in body and round_.closes.strftime("%d.%m.%Y") in body
    )
    sub = Region.objects.subregions().get(code="131")
    theme = BarometerTheme.objects.get(code="business")
    services.answer_round(actor=owner, round=round_, subregion=sub, scores={(theme.pk, "6m"): 1})
    assert services.response(round_)["answered"] == 1
    page = coordinator_client.get(_url(round_)).content.decode()
    assert "1 / 2" in page or "1 kutsutusta 2" in page or "1 of 2" in page
    assert "50 %" in page
    assert "50 %" not in member_client.get(_url(round_)).content.decode()  # managers only
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(f"/foresight/barometer/{round_.pk}/send/reminders/")
    assert response.status_code == 302
    assert [m.to[0] for m in mail.outbox] == ["member@example.com"]  # not who answered
    assert (
        member_client.post(f"/foresight/barometer/{round_.pk}/send/reminders/").status_code == 403
    )
    round_.refresh_from_db()
    assert round_.invited_at and round_.reminded_at


@pytest.mark.django_db
def test_the_closed_round_exports_results_without_small_cells(
    round_, coordinator, owner, member, outsider, settings, client
):
    settings.OPTIIMI_BAROMETER_MIN_ANSWERS = 3
    theme = BarometerTheme.objects.get(code="business")
    big, small = (Region.objects.subregions().get(code=c) for c in ("131", "135"))
    for user, score in ((owner, 2), (member, 1), (outsider, -1)):
        services.answer_round(
            actor=user, round=round_, subregion=big, scores={(theme.pk, "12m"): score}
        )
    services.answer_round(actor=owner, round=round_, subregion=small, scores={(theme.pk, "12m"): 2})
    assert client.get(f"/foresight/barometer/{round_.pk}/results.csv").status_code == 404
    services.close_round(actor=coordinator, round=round_)
    text = client.get(f"/foresight/barometer/{round_.pk}/results.csv").content.decode("utf-8-sig")
    rows = {(r[0], r[3]): r for r in csv.reader(io.StringIO(text))}
    horizon = next(k[1] for k in rows if k[0] == "131")
    assert rows[("131", horizon)][4:] == ["3", "0.67", "33"]
    assert rows[("135", horizon)][4:] == ["1", "", ""]  # one person's answer is not shown
    book = load_workbook(
        io.BytesIO(client.get(f"/foresight/barometer/{round_.pk}/results.xlsx").content)
    )
    values = [[c.value for c in row] for row in book.active.iter_rows()]
    assert next(v for v in values if v[0] == "135")[4:] == [1, None, None]


@pytest.mark.django_db
def test_erasure_removes_the_invitation(round_, member):
    subject = personal_data.Subject(person_id=0, name="member", user_id=member.pk)
    assert export_foresight(subject)["barometer_invitations"] == ["Syksy"]
    with writes.acting(writes.System("erase")):
        erase_foresight(subject, writes.System("erase"))
    assert not BarometerRound.invitees.through.objects.filter(user_id=member.pk).exists()


def _api(user, method: str, path: str, body: dict | None = None):
    from django.test import Client

    from optiimi.accounts.models import ApiToken

    headers = {}
    if user is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {ApiToken.issue(user, 't')[1]}"
    return Client().generic(
        method,
        f"/api/v1/barometer/{path}",
        data=json.dumps(body) if body is not None else "",
        content_type="application/json",
        **headers,
    )


@pytest.mark.django_db
def test_the_api_gives_rounds_takes_answers_and_publishes_closed_results(
    round_, coordinator, owner, outsider
):
    listed = _api(None, "GET", "rounds").json()
    assert [r["name"] for r in listed] == ["Syksy"]
    assert listed[0]["state"] == "open" and listed[0]["response"] is None
    assert listed[0]["themes"][0]["scale"][0] == {
        "score": 2,
        "fi": "selvästi paranee",
        "en": "clearly improves",
    }
    assert _api(coordinator, "GET", f"rounds/{round_.pk}").json()["response"] == {
        "invited": 2,
        "answered": 0,
        "rate": 0,
    }
    body = {
        "sub_region": "131",
        "answers": [
            {"theme": "business", "horizon": "12m", "score": 1},
            {"theme": "business", "horizon": "now", "score": None},
        ],
    }
    assert _api(None, "POST", f"rounds/{round_.pk}/answers", body).status_code == 401
    answered = _api(owner, "POST", f"rounds/{round_.pk}/answers", body)
    assert answered.status_code == 200, answered.content
    assert answered.json() == {"round": round_.pk, "sub_region": "131", "answered": 1}
    bad = dict(body, answers=[{"theme": "nope", "horizon": "12m", "score": 1}])
    refused = _api(owner, "POST", f"rounds/{round_.pk}/answers", bad)
    assert refused.status_code == 422 and "nope" in refused.content.decode()
    off_scale = dict(body, answers=[{"theme": "business", "horizon": "12m", "score": 3}])
    assert _api(owner, "POST", f"rounds/{round_.pk}/answers", off_scale).status_code == 422
    assert _api(None, "GET", f"rounds/{round_.pk}/results").status_code == 404
    services.close_round(actor=coordinator, round=round_)
    results = _api(None, "GET", f"rounds/{round_.pk}/results").json()
    assert results == [
        {
            "sub_region": "131",
            "theme": "business",
            "horizon": "12m",
            "answers": 1,
            "mean": None,
            "diffusion": None,
        }
    ]
    closed = _api(outsider, "POST", f"rounds/{round_.pk}/answers", body)
    assert closed.status_code == 403


@pytest.mark.django_db
def test_a_custom_theme_takes_five_words_or_none(coordinator):
    with pytest.raises(ValidationError) as refused:
        services.create_theme(
            actor=coordinator,
            code="housing",
            name_fi="Asuminen",
            name_en="Housing",
            scale_fi="hyvä / huono",
        )
    assert "scale_fi" in refused.value.message_dict
    theme = services.create_theme(
        actor=coordinator,
        code="housing",
        name_fi="Asuminen",
        name_en="Housing",
        scale_fi="a / b / c / d / e",
    )
    assert [w for _s, w in theme.scale("fi")] == ["a", "b", "c", "d", "e"]
