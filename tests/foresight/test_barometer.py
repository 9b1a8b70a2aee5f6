import datetime
import re

import polars as pl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from optiimi.foresight import analytics, services
from optiimi.foresight.models import BarometerAnswer, BarometerRound, BarometerTheme
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
    data = {"subregion": sub.pk, f"q_{theme.pk}_6m": "-1"}
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
def test_closed_round_shows_on_subregion_page(round_, owner, member, coordinator, client, settings):
    settings.OPTIIMI_BAROMETER_MIN_ANSWERS = 1
    _answer(owner, round_, code="131", score=2)
    _answer(member, round_, code="131", score=1)
    services.close_round(actor=coordinator, round=round_)
    html = client.get("/foresight/131/").content.decode()
    assert "Kevät 2025" in html and "+100" in html


def _area(html: str, colour: str) -> bool:
    """Whether a sub-region on the map (not the legend's swatches) is filled with `colour`."""
    return re.search(rf'<path class="area"[^>]*fill="{colour}"', html) is not None


def _closed_round_with_answers(round_, owner, member, coordinator):
    _answer(owner, round_, code="131", theme="unemployment", score=2)
    _answer(member, round_, code="131", theme="unemployment", score=1)
    _answer(owner, round_, code="135", theme="unemployment", score=-2)
    services.close_round(actor=coordinator, round=round_)
    return BarometerTheme.objects.get(code="unemployment")


@pytest.mark.django_db
def test_map_colours_subregions_by_the_chosen_themes_diffusion_in_both_languages(
    round_, owner, member, coordinator, client, settings
):
    settings.OPTIIMI_BAROMETER_MIN_ANSWERS = 1
    theme = _closed_round_with_answers(round_, owner, member, coordinator)
    url = f"/foresight/barometer/{round_.pk}/?horizon=12m&theme={theme.pk}"
    client.cookies["django_language"] = "en"
    html = client.get(url).content.decode()
    assert "Diffusion index by sub-region: Unemployment" in html
    # values as labels (not only colour), the class colours, and the words in the legend
    assert "+100 (n=2)" in html and "-100 (n=1)" in html and "no answers" in html
    assert _area(html, "#4393c3") and _area(html, "#d6604d") and _area(html, "#d9d9d9")
    assert "Clearly positive (+30 to +100)" in html and "Source:" in html
    assert 'class="heat"' in html  # the table stays as the text alternative
    assert "Map of the sub-regions coloured by the diffusion index</title>" in html
    client.cookies["django_language"] = "fi"
    fi = client.get(url).content.decode()
    assert "Saldoluku seutukunnittain: Työttömyys" in fi and "ei vastauksia" in fi
    # another theme has no answers: every sub-region is grey, none coloured
    business = BarometerTheme.objects.get(code="business")
    other = client.get(f"/foresight/barometer/{round_.pk}/?theme={business.pk}").content.decode()
    assert not _area(other, "#4393c3") and _area(other, "#d9d9d9")
    # a horizon nobody answered: no coloured sub-region either
    now = client.get(f"/foresight/barometer/{round_.pk}/?horizon=now&theme={theme.pk}")
    assert not _area(now.content.decode(), "#4393c3")


@pytest.mark.django_db
def test_a_cell_with_fewer_answers_than_the_minimum_shows_no_result(
    round_, owner, member, coordinator, client
):
    """Default minimum 3: one or two answers would give a single person's view away."""
    theme = _closed_round_with_answers(round_, owner, member, coordinator)
    for url in (
        f"/foresight/barometer/{round_.pk}/?horizon=12m&theme={theme.pk}",
        "/foresight/131/",
    ):
        client.cookies["django_language"] = "en"
        html = client.get(url).content.decode()
        for shown in ("+100 <span", "-100 <span", "+100 (n=", "-100 (n="):
            assert shown not in html
        assert not _area(html, "#4393c3") and not _area(html, "#d6604d")
        assert "too few answers to show (n=2)" in html
        assert "at least 3 people answered" in html
    # with a third answer the sub-region reaches the minimum and is shown
    round2 = services.open_round(
        actor=coordinator, name="Syksy 2025", opens=datetime.date(2025, 9, 1)
    )
    for user in (owner, member, coordinator):
        _answer(user, round2, code="131", theme="unemployment", score=1)
    _answer(owner, round2, code="135", theme="unemployment", score=1)
    services.close_round(actor=coordinator, round=round2)
    html = client.get(f"/foresight/barometer/{round2.pk}/?theme={theme.pk}").content.decode()
    assert "+100 (n=3)" in html and "too few answers" in html  # 135 still has one answer
    # no change is computed against the earlier round's hidden result
    assert "▲" not in html and "▼" not in html


@pytest.mark.django_db
def test_open_round_has_no_map(round_, owner, client):
    _answer(owner, round_, code="131", score=2)
    html = client.get(f"/foresight/barometer/{round_.pk}/").content.decode()
    assert "<svg" not in html


@pytest.mark.django_db
def test_coordinator_adds_a_custom_theme_and_opens_a_round_with_it(coordinator_client, coordinator):
    data = {"code": "Housing", "name_fi": "Asuminen", "name_en": "Housing"}
    response = coordinator_client.post("/foresight/barometer/themes/new/", data)
    assert response.status_code == 302
    theme = BarometerTheme.objects.get(code="housing")
    assert theme.history.get().history_user == coordinator
    page = coordinator_client.get("/foresight/barometer/new/").content.decode()
    assert 'value="housing"' in page and "Yritysten liiketoiminta" in page
    response = coordinator_client.post(
        "/foresight/barometer/new/",
        {"name": "Syksy 2025", "opens": "2025-09-01", "themes": ["business", "housing"]},
    )
    assert response.status_code == 302
    round_ = BarometerRound.objects.get(name="Syksy 2025")
    assert sorted(t.code for t in round_.themes.all()) == ["business", "housing"]
    assert round_.history.get().history_user == coordinator
    assert response["Location"] == f"/foresight/barometer/{round_.pk}/"


@pytest.mark.django_db
def test_theme_form_names_the_bad_field_and_writes_nothing(coordinator_client):
    coordinator_client.cookies["django_language"] = "en"
    response = coordinator_client.post(
        "/foresight/barometer/themes/new/",
        {"code": "business", "name_fi": "Toinen", "name_en": ""},
    )
    assert response.status_code == 422
    assert "A theme with the code “business” already exists." in response.content.decode()
    assert response.context["form"].errors.keys() == {"code", "name_en"}
    response = coordinator_client.post(
        "/foresight/barometer/themes/new/",
        {"code": "housing", "name_fi": "Asuminen", "name_en": " "},
    )
    assert response.status_code == 422
    assert response.context["form"].errors.keys() == {"name_en"}
    assert not BarometerTheme.objects.exists()
    response = coordinator_client.post(
        "/foresight/barometer/new/", {"name": "Syksy", "opens": "2025-09-01"}
    )
    assert response.status_code == 422 and "themes" in response.context["form"].errors
    assert not BarometerRound.objects.exists()


@pytest.mark.django_db
def test_services_refuse_duplicate_codes_and_unknown_themes(coordinator):
    services.create_theme(actor=coordinator, code="housing", name_fi="Asuminen", name_en="Housing")
    with pytest.raises(ValidationError) as duplicate:
        services.create_theme(actor=coordinator, code="HOUSING", name_fi="X", name_en="Y")
    assert "housing" in str(duplicate.value.message_dict["code"])
    with pytest.raises(ValidationError) as unknown:
        services.open_round(
            actor=coordinator, name="x", opens=datetime.date(2025, 9, 1), themes=["nope"]
        )
    assert "nope" in str(unknown.value.message_dict["themes"])
    assert not BarometerRound.objects.exists() and BarometerTheme.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/foresight/barometer/themes/new/", "/foresight/barometer/new/"])
def test_theme_and_round_forms_are_for_the_barometer_manager_only(
    path, owner_client, outsider_client, member_client, client
):
    data = {
        "code": "housing",
        "name_fi": "Asuminen",
        "name_en": "Housing",
        "name": "Syksy",
        "opens": "2025-09-01",
        "themes": ["business"],
    }
    # an editor of an organisation and an editor of another one are not barometer managers
    assert owner_client.post(path, data).status_code == 403
    assert outsider_client.post(path, data).status_code == 403
    assert member_client.post(path, data).status_code == 403  # a member of another one
    assert owner_client.get(path).status_code == 403
    anonymous = client.post(path, data)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert not BarometerTheme.objects.filter(code="housing").exists()
    assert not BarometerRound.objects.exists()
