import pytest

from optiimi.foresight import services
from optiimi.foresight.models import SignalComment, SignalRating, WeakSignal


@pytest.fixture
def signal(owner):
    return services.note_signal(
        actor=owner,
        title="Etätyö siirtää asukkaita maakuntiin",
        description="Kuvaus",
        themes="asuminen",
    )


@pytest.mark.django_db
def test_member_notes_rates_and_comments_a_signal(owner_client, member_client):
    response = owner_client.post(
        "/foresight/signals/",
        {"title": "Vetytalous", "description": "Uusia investointeja", "horizon_years": 10},
    )
    signal = WeakSignal.objects.get()
    assert response.status_code == 302
    member_client.post(f"/foresight/signals/{signal.pk}/", {"impact": "4", "likelihood": "2"})
    member_client.post(f"/foresight/signals/{signal.pk}/", {"impact": "5", "likelihood": "2"})
    owner_client.post(f"/foresight/signals/{signal.pk}/", {"text": "Seurataan"})
    assert SignalRating.objects.get().impact == 5  # one rating per rater, updated
    assert SignalComment.objects.get().text == "Seurataan"
    page = owner_client.get("/foresight/signals/").content.decode()
    assert "Vetytalous" in page and "vega" in page.lower()


@pytest.mark.django_db
def test_anonymous_cannot_see_or_write_signals(client, signal):
    assert client.get("/foresight/signals/").status_code == 302
    assert client.post(f"/foresight/signals/{signal.pk}/", {"text": "x"}).status_code == 302
    assert not SignalComment.objects.exists()


@pytest.mark.django_db
def test_rating_outside_scale_is_refused(owner, signal):
    with pytest.raises(ValueError):
        services.rate_signal(actor=owner, signal=signal, impact=6, likelihood=1)


@pytest.mark.django_db
def test_outsider_member_may_comment_but_needs_a_role(
    outsider_client, signal, django_user_model, client
):
    assert (
        outsider_client.post(f"/foresight/signals/{signal.pk}/", {"text": "ok"}).status_code == 302
    )
    nobody = django_user_model.objects.create_user("nobody", password="x")
    client.force_login(nobody)
    assert client.get("/foresight/signals/").status_code == 403
