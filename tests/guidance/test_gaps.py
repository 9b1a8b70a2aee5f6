"""Gaps: a sub-region's largest need with no local programme ranks first there, and is no gap
where places cover it; the page and the API give the same rows."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from optiimi.guidance import queries
from optiimi.regions.models import Region

pytestmark = pytest.mark.django_db

NEEDS = (
    "sub_region;field;year;need;source\n"
    # Jämsä: its largest need (manufacturing) has no programme in Jämsä
    "134;072;2025;30;Ammattibarometri\n"
    "134;091;2025;10;Yrityskysely\n"
    "134;091;2025;5;Ammattibarometri\n"
    "134;041;2025;4;Yrityskysely\n"
    # Jyväskylä needs manufacturing too, and has places for it
    "131;072;2025;20;Ammattibarometri\n"
    "131;061;2025;50;Yrityskysely\n"
)
EDUCATION = (
    "provider;programme;field;level;municipality;places;year;adult\n"
    "Gradia;Sosiaali- ja terveysalan perustutkinto;091;ammatillinen;Jämsä;10;2025;ei\n"
    "Gradia;Liiketoiminnan perustutkinto;041;ammatillinen;Jämsä;20;2025;ei\n"
    "Gradia;Kone- ja tuotantotekniikan perustutkinto;072;ammatillinen;Jyväskylä;25;2025;ei\n"
    "Gradia;Puuteollisuuden perustutkinto;072;ammatillinen;Muurame;10;2025;kyllä\n"
    "JAMK;Tieto- ja viestintätekniikka (AMK);061;AMK;Jyväskylä;40;2025;ei\n"
    "JAMK;Tieto- ja viestintätekniikka (AMK);061;AMK;Jyväskylä;40;2024;ei\n"
)


@pytest.fixture
def imported(regions, tmp_path):
    needs, education = tmp_path / "needs.csv", tmp_path / "education.csv"
    needs.write_text(NEEDS, encoding="utf-8")
    education.write_text(EDUCATION, encoding="utf-8")
    call_command("import_needs", str(needs), stdout=io.StringIO())
    call_command("import_education", str(education), stdout=io.StringIO())


def by_field(rows):
    return {r.field: r for r in rows}


def test_largest_uncovered_need_ranks_first_and_is_no_gap_where_covered(imported):
    jamsa = queries.gaps(Region.objects.get(level="seutukunta", code="134"), 2025)
    assert [(g.rank, g.field, g.status) for g in jamsa] == [
        (1, "072", queries.UNCOVERED),
        (2, "091", queries.GAP),
        (3, "041", queries.SURPLUS),
    ]
    first = jamsa[0]
    assert first.places == 0 and first.score is None and first.need == 30
    assert by_field(jamsa)["091"].need == 15 and by_field(jamsa)["091"].score == 150.0
    assert by_field(jamsa)["091"].sources == ["Ammattibarometri", "Yrityskysely"]
    assert by_field(jamsa)["041"].score == 20.0

    jkl = by_field(queries.gaps(Region.objects.get(level="seutukunta", code="131"), 2025))
    assert jkl["072"].places == 35 and jkl["072"].status == queries.COVERED
    assert jkl["072"].status not in (queries.GAP, queries.UNCOVERED)
    assert jkl["061"].rank == 1 and jkl["061"].status == queries.GAP  # 50 needed, 40 places


def test_a_broad_need_counts_its_narrow_fields_places(imported, tmp_path):
    path = tmp_path / "broad.csv"
    path.write_text("sub_region,field,year,need,source\n131,07,2025,30,Kysely\n", encoding="utf-8")
    call_command("import_needs", str(path), stdout=io.StringIO())
    rows = by_field(queries.gaps(Region.objects.get(level="seutukunta", code="131"), 2025))
    assert rows["07"].places == 35 and rows["07"].status == queries.COVERED


def test_page_and_api_give_the_same_rows(imported, client):
    api = client.get("/api/v1/guidance/gaps", {"subregion": "134", "year": 2025})
    assert api.status_code == 200
    rows = api.json()
    assert [(r["rank"], r["field"], r["need"], r["places"], r["score"]) for r in rows] == [
        (1, "072", 30.0, 0, None),
        (2, "091", 15.0, 10, 150.0),
        (3, "041", 4.0, 20, 20.0),
    ]
    assert rows[0]["field_name"] == "Valmistus ja tuotanto"
    page = client.get("/guidance/134/", {"year": 2025}, HTTP_ACCEPT_LANGUAGE="fi")
    assert page.status_code == 200
    html = page.content.decode()
    table = html[html.index('id="gaps"') :]
    positions = [table.index(f'data-field="{r["field"]}"') for r in rows]
    assert positions == sorted(positions)
    for r in rows:
        row_html = table[table.index(f'data-field="{r["field"]}"') :].split("</tr>")[0]
        assert f">{r['rank']}<" in row_html and r["field_name"] in row_html
        assert f">{r['places']}<" in row_html
    assert "150,0" in table and "Valmistus ja tuotanto" in html


def test_api_names_an_unknown_subregion(imported, client):
    response = client.get("/api/v1/guidance/gaps", {"subregion": "999", "year": 2025})
    assert response.status_code == 422 and "subregion" in response.content.decode()


def test_overview_and_crosswalk_pages(imported, client):
    page = client.get("/guidance/", {"year": 2025})
    assert page.status_code == 200
    assert "Jämsä" in page.content.decode()
    assert client.get("/guidance/crosswalk/").status_code == 200
    assert client.get("/guidance/999/").status_code == 404


def test_indicator_share_of_top_needs_covered(imported):
    from optiimi.core import indicators

    values = {
        (v.region, v.period): v.value
        for v in indicators.get("guidance.top_needs_covered").compute()
    }
    # Jämsä: 072 uncovered, 091 gap, 041 covered -> 1 of 3
    assert values[("134", "2025")] == pytest.approx(33.3)
    # Jyväskylä: 061 gap, 072 covered -> 1 of 2
    assert values[("131", "2025")] == 50.0


def test_study_page_finds_programmes_for_a_persons_words_with_why(imported, client):
    jamsa = Region.objects.get(level="kunta", code="182")
    page = client.get(
        "/guidance/study/",
        {
            "interests": "olen tehnyt töitä sahalla ja pidän puuteollisuudesta",
            "municipality": jamsa.pk,
        },
        HTTP_ACCEPT_LANGUAGE="fi",
    )
    assert page.status_code == 200
    html = page.content.decode()
    found = html[html.index('id="found-h"') :]
    assert "Puuteollisuuden perustutkinto" in found
    # the wood programme is in Muurame (Jyväskylä sub-region); Jämsä needs its field and has none
    assert "Muurame" in found and "Jämsä" in found
    assert "Tieto- ja viestintätekniikka" not in found


def test_study_page_without_words_lists_the_subregions_education_by_need(imported, client):
    jamsa = Region.objects.get(level="kunta", code="182")
    page = client.get("/guidance/study/", {"municipality": jamsa.pk})
    html = page.content.decode()
    found = html[html.index('id="found-h"') :]
    # 091 ranks before 041 in Jämsä
    assert found.index("Sosiaali- ja terveysalan") < found.index("Liiketoiminnan")


def test_a_providers_yearly_list_of_uncovered_needs(imported, client):
    html = client.get(
        "/guidance/provider/", {"provider": "Gradia", "year": 2025}, HTTP_ACCEPT_LANGUAGE="fi"
    ).content.decode()
    jamsa = html[html.index('id="r-134"') :]
    jamsa = jamsa[: jamsa.index("</section>")]
    assert "072 Valmistus ja tuotanto" in jamsa and "091" in jamsa
    assert "041" not in jamsa  # covered
    assert 'id="r-131"' in html  # Gradia teaches in Jyväskylä too
    assert 'id="r-133"' not in html


def test_study_page_names_who_guides_with_why(imported, client, django_user_model):
    from optiimi.core.writes import System
    from optiimi.network import services as network
    from optiimi.network.models import CapabilityRole, RoleKind

    setup = System("test setup")
    jamsa = Region.objects.get(level="kunta", code="182")
    school = network.create_organisation(
        actor=setup, name="Jämsän ammattiopisto", kind="vocational", home_municipality=jamsa
    )
    firm = network.create_organisation(
        actor=setup, name="Jämsän Kone Oy", kind="company", home_municipality=jamsa
    )
    employment = network.create_organisation(
        actor=setup, name="Jämsän työllisyyspalvelut", kind="other", home_municipality=jamsa
    )
    user = django_user_model.objects.create_user("opo", "opo@example.com")
    network.set_role(
        user,
        RoleKind.MEMBER,
        employment,
        actor=setup,
        capabilities=[CapabilityRole.GUIDANCE_COUNSELLOR],
    )
    html = client.get(
        "/guidance/study/", {"municipality": jamsa.pk}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    who = html[html.index('id="who-h"') :]
    assert school.name in who and employment.name in who and firm.name not in who
    # the one with guidance counsellors first
    assert who.index(employment.name) < who.index(school.name)
