"""The tie ledger follows its records: projects, consultations, events and imported files."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from optiimi.collaboration import queries, services
from optiimi.collaboration.models import Tie
from optiimi.core import ties, writes
from optiimi.core.formats import InvalidRows
from optiimi.core.writes import System
from optiimi.events import services as events
from optiimi.events.models import Registration
from optiimi.network import services as network
from optiimi.projects import services as projects
from tests import factories

SETUP = System("test setup")


def pairs(**filters) -> set[tuple[str, str, int, str]]:
    services.ensure_current()
    return {
        (t.organisation_a.name, t.organisation_b.name, t.year, t.kind)
        for t in Tie.objects.filter(**filters).select_related("organisation_a", "organisation_b")
    }


def named(a, b) -> tuple[str, str]:
    return (a.name, b.name) if a.pk < b.pk else (b.name, a.name)


def test_each_capability_registers_its_sources_in_core():
    codes = {s.code for s in ties.sources()}
    assert {
        "projects.project",
        "projects.consultation",
        "events.hosting",
        "events.attendance",
    } <= codes


def test_a_project_ties_its_lead_and_partners_in_its_start_year(orgs, project):
    assert pairs(kind="project") == {
        (*named(orgs["josk"], orgs["jamk"]), 2005, "project"),
        (*named(orgs["josk"], orgs["saha"]), 2005, "project"),
        (*named(orgs["jamk"], orgs["saha"]), 2005, "project"),
    }
    assert Tie.objects.filter(kind="project").first().record_id == project.pk


def test_editing_a_project_changes_its_ties(orgs, project):
    assert len(pairs(kind="project")) == 3
    projects.update_project(
        project,
        actor=SETUP,
        start=datetime.date(2007, 1, 1),
        partners=[(orgs["jy"], "other", "tutkimus", Decimal(100))],
    )
    assert pairs(kind="project") == {(*named(orgs["josk"], orgs["jy"]), 2007, "project")}


def test_a_consultation_ties_the_experts_organisation_to_the_lead(orgs):
    project = projects.create_project(
        actor=SETUP, name="Suunnitteilla", lead=orgs["josk"], phase="planning"
    )
    expert = network.create_person(
        actor=SETUP, organisation=orgs["jy"], name="Eeva Ekspertti", email="eeva@example.com"
    )
    projects.record_consultation(
        project, actor=SETUP, person=expert, date=datetime.date(2006, 5, 1)
    )
    assert pairs(kind="consultation") == {(*named(orgs["josk"], orgs["jy"]), 2006, "consultation")}


def test_an_erased_persons_consultations_keep_only_organisations(orgs, client):
    project = projects.create_project(
        actor=SETUP, name="Suunnitteilla", lead=orgs["josk"], phase="planning"
    )
    expert = network.create_person(
        actor=SETUP, organisation=orgs["jy"], name="Eeva Ekspertti", email="eeva@example.com"
    )
    projects.record_consultation(
        project, actor=SETUP, person=expert, date=datetime.date(2006, 5, 1)
    )
    network.erase_person(expert, actor=SETUP)
    assert pairs(kind="consultation") == {(*named(orgs["josk"], orgs["jy"]), 2006, "consultation")}
    records = queries.records_behind(orgs["josk"].pk, orgs["jy"].pk)
    assert [r.record.person for r in records] == [None]
    assert records[0].record.organisation == orgs["jy"]
    page = client.get(f"/network/tie/?a={orgs['josk'].pk}&b={orgs['jy'].pk}").content.decode()
    assert "Eeva" not in page and "poistettu" in page


def test_a_consultant_is_named_only_with_consent(orgs, client, member_client):
    project = projects.create_project(
        actor=SETUP, name="Suunnitteilla", lead=orgs["josk"], phase="planning"
    )
    hidden = network.create_person(
        actor=SETUP, organisation=orgs["jy"], name="Salla Salainen", email="s@example.com"
    )
    public = network.create_person(
        actor=SETUP,
        organisation=orgs["jamk"],
        name="Julkinen Jussi",
        email="j@example.com",
        public=True,
    )
    projects.record_consultation(
        project, actor=SETUP, person=hidden, date=datetime.date(2006, 5, 1)
    )
    projects.record_consultation(
        project, actor=SETUP, person=public, date=datetime.date(2006, 5, 2)
    )
    url = "/network/tie/?a={}&b={}"
    anonymous = client.get(url.format(orgs["josk"].pk, orgs["jy"].pk)).content.decode()
    assert "Salla" not in anonymous and "JY" in anonymous
    assert (
        "Julkinen Jussi"
        in client.get(url.format(orgs["josk"].pk, orgs["jamk"].pk)).content.decode()
    )
    assert (
        "Salla Salainen"
        in member_client.get(url.format(orgs["josk"].pk, orgs["jy"].pk)).content.decode()
    )
    # the API's ties never carry a person
    body = client.get("/api/v1/collaboration/ties").json()
    assert body and all("person" not in str(row).lower() for row in body)
    assert "Salla" not in str(body)


def test_co_hosts_and_attendees_are_tied_by_an_event(orgs):
    start = datetime.datetime(2006, 3, 1, 9, tzinfo=datetime.UTC)
    event = factories.event(start=start, hosts=[orgs["josk"], orgs["jamk"]], capacity=5)
    assert pairs(kind="event") == {(*named(orgs["josk"], orgs["jamk"]), 2006, "event")}
    guest = network.create_person(
        actor=SETUP, organisation=orgs["saha"], name="Sami Saha", email="sami@example.com"
    )
    registration = events.register(
        event,
        name="Sami Saha",
        email="sami@example.com",
        actor=SETUP,
        now=start - datetime.timedelta(days=1),
    )
    assert registration.person == guest
    events.check_in(registration, actor=SETUP)
    services.ensure_current()
    attendance = {
        (t.organisation_a_id, t.organisation_b_id, t.weight)
        for t in Tie.objects.filter(source="events.attendance")
    }
    assert attendance == {
        (min(orgs["saha"].pk, h.pk), max(orgs["saha"].pk, h.pk), 0.25)
        for h in (orgs["josk"], orgs["jamk"])
    }


def test_a_new_registration_leaves_the_ledger_fresh_and_a_check_in_makes_it_stale(orgs):
    """Only an attended registration is a tie: registering (before the event, never attended
    yet) costs the registration no write of the ledger; checking in does mark it."""
    start = datetime.datetime(2006, 3, 1, 9, tzinfo=datetime.UTC)
    event = factories.event(start=start, hosts=[orgs["josk"], orgs["jamk"]], capacity=5)
    network.create_person(
        actor=SETUP, organisation=orgs["saha"], name="Sami Saha", email="sami@example.com"
    )
    assert not services.ensure_current().stale
    registration = events.register(
        event,
        name="Sami Saha",
        email="sami@example.com",
        actor=SETUP,
        now=start - datetime.timedelta(days=1),
    )
    assert not services._ledger().stale
    events.check_in(registration, actor=SETUP)
    assert services._ledger().stale
    services.ensure_current()
    # a change of a registration is followed, whatever it is
    with writes.acting(SETUP):
        registration.refresh_from_db()
        registration.save(update_fields=["organisation_name"])
    assert services._ledger().stale
    services.ensure_current()
    # and a new registration that is attended already is a tie from the start
    with writes.acting(SETUP):
        Registration.objects.create(
            event=event,
            name="Ovella",
            email="ovella@example.com",
            status="confirmed",
            attended=True,
        )
    assert services._ledger().stale


def test_follow_new_names_only_followed_models():
    with pytest.raises(ValueError, match=r"follow_new names models not followed: events\.Event"):
        ties.register(
            "test.unfollowed",
            kind="other",
            name_fi="T",
            name_en="T",
            ties=list,
            records=dict,
            follow=("events.Registration",),
            follow_new={"events.Event": bool},
        )
    assert ties.get("test.unfollowed") is None


# Import ----------------------------------------------------------------------------------------


def rows(text: str):
    from optiimi.core.formats.tables import table_rows

    return table_rows(
        text.encode(), "ties.csv", {"organisation_a", "organisation_b", "year", "kind"}
    )


def test_import_names_organisations_by_name_short_name_or_business_id(orgs):
    csv = (
        "organisation_a,organisation_b,year,kind,weight\n"
        "JoSK,Jyväskylän yliopisto,2004,other,2\n"
        "1234567-1,JAMK,2004,referral,\n"
        "joutsan paja oy,kesk,2005,project,0.5\n"
    )
    summary = services.import_ties(rows(csv), actor=SETUP)
    assert (summary.new, summary.changed, summary.unchanged) == (3, 0, 0)
    assert pairs(source="collaboration.import") == {
        (*named(orgs["josk"], orgs["jy"]), 2004, "other"),
        (*named(orgs["saha"], orgs["jamk"]), 2004, "referral"),
        (*named(orgs["paja"], orgs["kesk"]), 2005, "project"),
    }
    again = services.import_ties(rows(csv), actor=SETUP)
    assert (again.new, again.changed, again.unchanged) == (0, 0, 3)
    changed = services.import_ties(rows(csv.replace("other,2", "other,3")), actor=SETUP)
    assert (changed.new, changed.changed, changed.unchanged) == (0, 1, 2)
    services.ensure_current()
    assert Tie.objects.get(source="collaboration.import", kind="other").weight == 3


def test_a_bad_file_is_refused_naming_every_bad_row_and_nothing_is_written(orgs):
    csv = (
        "organisation_a,organisation_b,year,kind,weight\n"
        "JoSK,JY,2004,project,1\n"
        "Nobody Oy,JY,2004,project,1\n"
        "JoSK,JY,20x4,project,1\n"
        "JoSK,JY,2004,friendship,1\n"
        "JoSK,JoSK,2004,project,1\n"
        "JoSK,JY,2005,project,-1\n"
        "JY,JoSK,2004,project,2\n"
    )
    with pytest.raises(InvalidRows) as exc:
        services.import_ties(rows(csv), actor=SETUP)
    text = str(exc.value)
    for line in ("line 3", "line 4", "line 5", "line 6", "line 7", "line 8"):
        assert line in text
    assert "Nobody Oy" in text and "friendship" in text and "line 2" in text
    assert not pairs(source="collaboration.import")


def test_import_command_reads_xlsx_and_reports_a_summary(orgs, tmp_path):
    from django.core.management import call_command
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["organisation_a", "organisation_b", "year", "kind", "weight"])
    sheet.append(["JoSK", "JAMK", 2008, "project", 2])
    sheet.append(["KeSK", "0112038-9", 2008, "other", None])
    path = tmp_path / "ties.xlsx"
    book.save(path)
    from io import StringIO

    out = StringIO()
    call_command("import_ties", str(path), stdout=out)
    assert "2 new, 0 changed, 0 unchanged" in out.getvalue()
    assert pairs(year=2008) == {
        (*named(orgs["josk"], orgs["jamk"]), 2008, "project"),
        (*named(orgs["kesk"], orgs["josk"]), 2008, "other"),
    }


def test_a_rebuild_writes_only_what_changed_and_stores_the_latest_years_measures(orgs, project):
    from optiimi.collaboration.models import Ledger, Measure

    services.ensure_current()
    before = dict(Tie.objects.values_list("pk", "weight"))
    version = Ledger.objects.get().version
    stored = set(
        Measure.objects.filter(version=version, year=2005, kind="").values_list(
            "organisation_id", flat=True
        )
    )
    assert stored == {orgs["josk"].pk, orgs["jamk"].pk, orgs["saha"].pk}
    # nothing changed: no row rewritten, the version and its measures kept
    services.rebuild_ledger(actor=SETUP)
    assert dict(Tie.objects.values_list("pk", "weight")) == before
    assert Ledger.objects.get().version == version
    assert Measure.objects.filter(version=version).count() == 3
    # one imported tie: one row inserted, the project's rows untouched, measures anew
    row = {"organisation_a": "JY", "organisation_b": "JAMK", "year": "2005", "kind": "other"}
    services.import_ties([(2, row)], actor=SETUP)
    services.ensure_current()
    after = dict(Tie.objects.values_list("pk", "weight"))
    assert set(before) < set(after) and len(after) == len(before) + 1
    assert Ledger.objects.get().version == version + 1
    assert not Measure.objects.filter(version=version).exists()
    assert Measure.objects.filter(version=version + 1, year=2005).count() == 4
    # a new weight updates that row in place
    services.import_ties([(2, {**row, "weight": "3"})], actor=SETUP)
    services.ensure_current()
    assert set(Tie.objects.values_list("pk", flat=True)) == set(after)
    assert sorted(Tie.objects.values_list("weight", flat=True)) == [1.0, 1.0, 1.0, 3.0]
    # removing it deletes that row only
    services.remove_imported_ties(actor=SETUP)
    services.ensure_current()
    assert dict(Tie.objects.values_list("pk", "weight")) == before


def test_stored_measures_equal_measures_computed_now(orgs, project):
    services.ensure_current()
    stored = queries.year_measures(2005)
    assert stored == queries.compute_measures(2005)
    # another year and kind is computed on its first read and then stored
    from optiimi.collaboration.models import Measure

    assert not Measure.objects.filter(kind="project").exists()
    assert queries.year_measures(2005, "project") == queries.compute_measures(2005, "project")
    assert Measure.objects.filter(kind="project").count() == 3


def test_a_large_insert_builds_the_ledgers_indexes_again(orgs, project, monkeypatch):
    # (on SQLite; PostgreSQL keeps its indexes through the insert)
    from django.db import connection

    from optiimi.collaboration.models import Tie as LedgerTie

    monkeypatch.setattr(services, "REINDEX_FROM", 1)
    services.remove_imported_ties(actor=SETUP)  # stale: the next read rebuilds
    row = {"organisation_a": "JY", "organisation_b": "JAMK", "year": "2006", "kind": "other"}
    services.import_ties([(2, row)], actor=SETUP)
    assert (*named(orgs["jy"], orgs["jamk"]), 2006, "other") in pairs()
    assert len(pairs()) == 4
    with connection.cursor() as cursor:
        found = {
            index
            for index, info in connection.introspection.get_constraints(
                cursor, LedgerTie._meta.db_table
            ).items()
            if info["index"] and not info["primary_key"] and not info["unique"]
        }
    assert {index.name for index in LedgerTie._meta.indexes} <= found
