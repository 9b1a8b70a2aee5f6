import datetime

import polars as pl
import pytest
from django.core.exceptions import PermissionDenied

from optiimi.foresight import analytics, services
from optiimi.foresight.models import BarometerAnswer, BarometerTheme
from optiimi.regions.models import Region


@pytest.fixture
def round_(coordinator):
    return services.open_round(
        actor=coordinator, name="Kevät 2025", opens=datetime.date(2025, 3, 1)
    )


def _answer(user, round_, code="131", theme="business", horizon="12m", score=1):
    return services.answer(
        actor=user,
        round=round_,
        subregion=Region.objects.subregions().get(code=code),
        theme=BarometerTheme.objects.get(code=theme),
        horizon=horizon,
        score=score,
    )


@pytest.mark.django_db
def test_rater_sees_only_own_answers_until_the_round_closes(
    round_, owner, member, owner_client, member_client, client, coordinator
):
    _answer(owner, round_, score=2)
    _answer(member, round_, score=-2)
    page = owner_client.get(f"/foresight/barometer/{round_.pk}/").content.decode()
    assert "<td>++</td>" in page and "<td>−−</td>" not in page
    assert "Diffusion" not in page and "Diffuusio" not in page
    assert "<td>−−</td>" in member_client.get(f"/foresight/barometer/{round_.pk}/").content.decode()
    anonymous = client.get(f"/foresight/barometer/{round_.pk}/").content.decode()
    assert "<td>++</td>" not in anonymous and 'class="heat"' not in anonymous
    services.close_round(actor=coordinator, round=round_)
    closed = client.get(f"/foresight/barometer/{round_.pk}/").content.decode()
    assert "n=2" in closed  # both answers counted, visible to everyone


@pytest.mark.django_db
def test_answer_changes_in_place_and_closed_round_refuses_answers(round_, owner, coordinator):
    _answer(owner, round_, score=1)
    _answer(owner, round_, score=-1)
    assert BarometerAnswer.objects.get().score == -1
    services.close_round(actor=coordinator, round=round_)
    with pytest.raises(PermissionDenied):
        _answer(owner, round_, score=2)


@pytest.mark.django_db
def test_only_coordinator_opens_and_closes_rounds(round_, owner, outsider, owner_client, client):
    with pytest.raises(PermissionDenied):
        services.open_round(actor=outsider, name="x", opens=datetime.date(2025, 9, 1))
    assert owner_client.post(f"/foresight/barometer/{round_.pk}/close/").status_code == 403
    assert client.post(f"/foresight/barometer/{round_.pk}/close/").status_code == 302
    round_.refresh_from_db()
    assert not round_.is_closed


@pytest.mark.django_db
def test_member_answers_through_the_form_and_anonymous_cannot(round_, owner_client, client):
    theme = BarometerTheme.objects.get(code="unemployment")
    sub = Region.objects.subregions().get(code="135")
    data = {"subregion": sub.pk, "theme": theme.pk, "horizon": "6m", "score": "-1"}
    assert owner_client.post(f"/foresight/barometer/{round_.pk}/", data).status_code == 302
    assert client.post(f"/foresight/barometer/{round_.pk}/", data).status_code == 403
    assert BarometerAnswer.objects.get().score == -1


def test_diffusion_index_and_change_since_previous_round():
    now = pl.DataFrame(
        {
            "subregion": [1, 1, 1, 1],
            "theme": [1] * 4,
            "horizon": ["12m"] * 4,
            "score": [2, 1, 0, -1],
        }
    )
    before = pl.DataFrame(
        {"subregion": [1, 1], "theme": [1, 1], "horizon": ["12m"] * 2, "score": [-1, -2]}
    )
    summary = analytics.barometer_summary(now)
    assert summary["diffusion"][0] == 25.0
    change = analytics.barometer_change(summary, analytics.barometer_summary(before))
    assert change["change"][0] == 125.0


@pytest.mark.django_db
def test_closed_round_shows_on_subregion_page(round_, owner, member, coordinator, client):
    _answer(owner, round_, code="131", score=2)
    _answer(member, round_, code="131", score=1)
    services.close_round(actor=coordinator, round=round_)
    html = client.get("/foresight/131/").content.decode()
    assert "Kevät 2025" in html and "+100" in html
