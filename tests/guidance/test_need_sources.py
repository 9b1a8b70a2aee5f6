"""Needs from every source (`core.needs`): the barometer's occupation questions, vacancy
statistics in the foresight store, service requests with an education field and the companies'
needs survey each reach the gaps named by their source; collecting again replaces a source's
own rows (a need whose source is gone is removed) and leaves imported needs alone."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from optiimi.core import needs, writes
from optiimi.core.writes import System
from optiimi.foresight import services as foresight
from optiimi.guidance import queries
from optiimi.guidance import services as guidance
from optiimi.guidance.models import Need, SurveyInvitation
from optiimi.guidance.needs import SURVEY_SOURCE
from optiimi.network import services as network
from optiimi.network.models import RoleKind
from optiimi.regions.models import Region
from optiimi.services import services as requests
from optiimi.services.needs import SOURCE as REQUESTS_SOURCE

pytestmark = pytest.mark.django_db

SETUP = System("test setup")
VACANCIES = Path(__file__).parent / "data" / "synthetic-statfin_tyonv_12ti-vacancies.json"


@pytest.fixture(autouse=True)
def fresh_limits():
    """The survey's limit per address is counted in the cache, which outlives a test."""
    cache.clear()


def sub(code: str) -> Region:
    return Region.objects.subregions().get(code=code)


def by_field(code: str, year: int) -> dict[str, queries.Gap]:
    return {g.field: g for g in queries.gaps(sub(code), year)}


@pytest.fixture
def crosswalk(regions):
    guidance.import_crosswalk(
        [
            {"occupation": "7223", "occupation_name": "Koneistajat", "field": "071"},
            {"occupation": "7223", "occupation_name": "Koneistajat", "field": "072"},
            {"occupation": "532", "occupation_name": "Hoitotyöntekijät", "field": "091"},
        ],
        actor=SETUP,
    )
    # a machinist's need is answered half by each field
    from optiimi.guidance.models import OccupationField

    OccupationField.objects.filter(occupation="7223").update(weight="0.5")


@pytest.fixture
def raters(django_user_model, organisation):
    users = []
    for name in ("rater1", "rater2", "rater3"):
        user = django_user_model.objects.create_user(name, f"{name}@example.com", "pw")
        network.set_role(user, RoleKind.MEMBER, organisation, actor=SETUP)
        users.append(user)
    return users


def test_closing_a_round_turns_occupation_shortage_into_needs_through_the_crosswalk(
    crosswalk, raters, coordinator, django_capture_on_commit_callbacks, client
):
    theme = foresight.create_theme(
        actor=coordinator,
        code="koneistajat",
        name_fi="Koneistajat",
        name_en="Machinists",
        occupation="7223",
    )
    assert theme.is_occupation
    assert theme.scale("en")[0] == (2, "clear shortage")
    opens = timezone.localdate() - datetime.timedelta(days=5)
    round_ = foresight.open_round(
        actor=coordinator, name="Syksy", opens=opens, themes=["business", "koneistajat"]
    )
    # clear shortage, shortage, balance: mean weight (2 + 1 + 0) / 3 = 1 → 10 people
    for user, score in zip(raters, (2, 1, 0), strict=True):
        foresight.answer(
            actor=user, round=round_, subregion=sub("134"), theme=theme, horizon="12m", score=score
        )
    # two answers only in Jyväskylä: fewer than the barometer shows, so no need
    for user in raters[:2]:
        foresight.answer(
            actor=user, round=round_, subregion=sub("131"), theme=theme, horizon="12m", score=2
        )
    assert not Need.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        foresight.close_round(actor=coordinator, round=round_)

    source = "Ammattinäkymäbarometri Syksy"
    rows = by_field("134", opens.year)
    assert rows["071"].need == 5.0 and rows["072"].need == 5.0
    assert rows["072"].sources == [source]
    assert rows["072"].by_source[0]["url"] == f"/foresight/barometer/{round_.pk}/"
    assert by_field("131", opens.year) == {}

    api = client.get("/api/v1/guidance/gaps", {"subregion": "134", "year": opens.year}).json()
    line = next(r for r in api if r["field"] == "072")
    assert line["sources"] == [source]
    assert line["by_source"] == [
        {"source": source, "need": 5.0, "url": f"/foresight/barometer/{round_.pk}/"}
    ]
    page = client.get(f"/guidance/134/?year={opens.year}").content.decode()
    assert source in page


def test_vacancy_statistics_become_needs_by_occupation(crosswalk):
    call_command("import_indicators", str(VACANCIES), verbosity=0)
    summary = guidance.collect_needs(actor=SETUP)
    assert summary.new == 6  # in both sub-regions 071, 072 and 091
    jkl = by_field("131", 2025)
    # machinists in Jyväskylä: (10 + 14) / 2 = 12 a month, half to each field
    assert jkl["071"].need == 6.0 and jkl["072"].need == 6.0
    # practical nurses (5321) through the line of their group 532: (6 + 4) / 2
    assert jkl["091"].need == 5.0
    (label,) = jkl["072"].sources
    assert "statfin_tyonv_pxt_12ti" in label
    jamsa = by_field("134", 2025)
    assert jamsa["072"].need == 5.0 and jamsa["091"].need == 2.0
    # the total row (SSS) counts nowhere
    assert sum(g.need for g in jkl.values()) == 17.0
    again = guidance.collect_needs(actor=SETUP)
    assert (again.new, again.changed, again.removed) == (0, 0, 0)


def test_service_requests_with_a_field_count_per_sub_region_and_year(
    organisation, regions, django_capture_on_commit_callbacks
):
    joutsa = Region.objects.get(level="kunta", code="172")
    made = []
    for n in range(3):
        made.append(
            requests.receive_request(
                actor=requests.COMPANY,
                company_name=f"Yritys {n} Oy",
                contact_name="Maija",
                email=f"m{n}@example.com",
                municipality=joutsa,
                need="Tarvitsemme hitsaajia.",
                consent_to_share=True,
            )
        )
    for case in made[:2]:
        requests.set_education_field(case, actor=SETUP, field="071")
    requests.set_education_field(made[2], actor=SETUP, field="")
    guidance.collect_needs(actor=SETUP)
    year = timezone.localdate().year
    rows = by_field(joutsa.parent.code, year)
    assert rows["071"].need == 2.0 and rows["071"].sources == [REQUESTS_SOURCE]
    # a request no longer read as that field leaves the needs on the next collection
    requests.set_education_field(made[0], actor=SETUP, field="")
    summary = guidance.collect_needs(actor=SETUP)
    assert summary.changed == 1
    assert by_field(joutsa.parent.code, year)["071"].need == 1.0


def test_a_field_not_in_the_classification_is_refused_on_a_request(organisation, regions):
    from django.core.exceptions import ValidationError

    case = requests.receive_request(
        actor=requests.COMPANY,
        company_name="Yritys Oy",
        contact_name="Maija",
        email="m@example.com",
        municipality=Region.objects.get(level="kunta", code="172"),
        need="Hitsaajia.",
        consent_to_share=True,
    )
    with pytest.raises(ValidationError) as caught:
        requests.set_education_field(case, actor=SETUP, field="999")
    assert "999" in str(caught.value)


def test_survey_answers_become_needs_and_a_vanished_source_is_removed(
    regions, tmp_path, django_capture_on_commit_callbacks
):
    path = tmp_path / "needs.csv"
    path.write_text("sub_region,field,year,need,source\n131,041,2028,7,Typed\n", encoding="utf-8")
    call_command("import_needs", str(path), stdout=io.StringIO())
    invitation = guidance.invite_to_survey(
        actor=SETUP, company_name="Konepaja Oy", sub_region=sub("131"), business_id="0112038-9"
    )
    at = datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC)
    with django_capture_on_commit_callbacks(execute=True):
        guidance.answer_survey(
            invitation, actor=guidance.COMPANY, answers={"072": 4, "041": 2}, at=at
        )
    rows = by_field("131", 2028)
    assert rows["072"].need == 4.0 and rows["072"].sources == [SURVEY_SOURCE]
    assert rows["041"].need == 9.0 and rows["041"].sources == [SURVEY_SOURCE, "Typed"]

    # the company changes its answer: the dropped field's need goes, the typed need stays
    with django_capture_on_commit_callbacks(execute=True):
        guidance.answer_survey(invitation, actor=guidance.COMPANY, answers={"072": 6}, at=at)
    rows = by_field("131", 2028)
    assert rows["072"].need == 6.0
    assert rows["041"].need == 7.0 and rows["041"].sources == ["Typed"]

    # the whole source disappears
    with writes.acting(SETUP):
        SurveyInvitation.objects.all().delete()
    out = io.StringIO()
    call_command("guidance", "collect-needs", stdout=out)
    assert "1 removed" in out.getvalue()
    assert set(by_field("131", 2028)) == {"041"}
    assert Need.objects.filter(collector="").count() == 1


def test_a_source_that_is_no_longer_registered_loses_its_needs(regions):
    @needs.register("test.source")
    def source() -> list[needs.NeedRow]:
        return [needs.NeedRow(subregion="131", year=2027, amount=3, field="061", source="Testi")]

    try:
        guidance.collect_needs(actor=SETUP)
        assert by_field("131", 2027)["061"].need == 3.0
    finally:
        needs.unregister("test.source")
    guidance.collect_needs(actor=SETUP)
    assert by_field("131", 2027) == {}


def test_rows_naming_unknown_places_fields_or_occupations_are_warned_and_skipped(regions):
    @needs.register("test.bad")
    def bad() -> list[needs.NeedRow]:
        return [
            needs.NeedRow(subregion="999", year=2027, amount=3, field="061", source="Testi"),
            needs.NeedRow(subregion="131", year=2027, amount=3, field="6", source="Testi"),
            needs.NeedRow(subregion="131", year=2027, amount=3, occupation="0110", source="T"),
        ]

    try:
        summary = guidance.collect_needs(actor=SETUP)
    finally:
        needs.unregister("test.bad")
    assert summary.new == 0
    assert summary.warnings == [
        "test.bad: no sub-region with code '999'",
        "test.bad: '6' is not an education field code",
        "test.bad: no crosswalk line for occupation '0110'",
    ]


def test_the_survey_page_saves_an_answer_and_names_a_bad_line(regions, client):
    invitation = guidance.invite_to_survey(
        actor=SETUP, company_name="Konepaja Oy", sub_region=sub("134")
    )
    url = f"/guidance/survey/{invitation.token}/"
    page = client.get(url)
    assert page.status_code == 200 and "Konepaja Oy" in page.content.decode()
    bad = client.post(url, {"field_1": "072", "people_1": "", "field_2": "", "people_2": "3"})
    assert bad.status_code == 422
    assert not invitation.answers.exists()
    good = client.post(url, {"field_1": "072", "people_1": "5", "field_2": "091", "people_2": "1"})
    assert good.status_code == 200
    assert dict(invitation.answers.values_list("field", "people")) == {"072": 5, "091": 1}
    again = client.get(url).content.decode()
    assert 'value="5"' in again  # the earlier answer is shown for changing
    assert client.get("/guidance/survey/not-a-token/").status_code == 404


def test_the_survey_page_is_rate_limited_per_address(regions, client):
    from optiimi.guidance import views

    for _n in range(views.SURVEY_PER_HOUR):
        assert client.get("/guidance/survey/guess/").status_code == 404
    assert client.get("/guidance/survey/guess/").status_code == 429


def test_the_command_makes_a_companys_survey_link_and_names_a_bad_sub_region(regions):
    from django.core.management import CommandError

    out = io.StringIO()
    call_command("guidance", "survey-invite", "Konepaja Oy", "--subregion", "134", stdout=out)
    invitation = SurveyInvitation.objects.get()
    assert out.getvalue().strip().endswith(f"/guidance/survey/{invitation.token}/")
    assert invitation.sub_region.code == "134" and invitation.company_name == "Konepaja Oy"
    with pytest.raises(CommandError, match="no sub-region with code '999'"):
        call_command("guidance", "survey-invite", "X Oy", "--subregion", "999")
    with pytest.raises(CommandError, match="123"):
        call_command(
            "guidance", "survey-invite", "X Oy", "--subregion", "134", "--business-id", "123"
        )
    assert SurveyInvitation.objects.count() == 1
