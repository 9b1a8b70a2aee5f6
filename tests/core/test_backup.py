"""`optiimi backup` and `optiimi restore`: every table comes back row for row, history untouched."""

from __future__ import annotations

import datetime
import hashlib
import sqlite3
import tarfile
import uuid
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection, connections

from optiimi.benchmark import jobs as benchmark_jobs
from optiimi.benchmark import services as benchmark
from optiimi.benchmark.models import Company
from optiimi.collaboration import services as collaboration
from optiimi.core import jobs, writes
from optiimi.core.backup import BackupError, backup, restore
from optiimi.core.writes import System
from optiimi.demo import foresight as demo_foresight
from optiimi.demo.benchmark import synthetic_business_ids
from optiimi.foresight import services as foresight
from optiimi.foresight.models import Forecast
from optiimi.foresight.models import Indicator as ForesightIndicator
from optiimi.guidance import services as guidance
from optiimi.network import services as network
from optiimi.network.models import Organisation
from optiimi.projects import services as projects
from optiimi.projects.models import Phase
from optiimi.regions.models import Region
from optiimi.services import services as promise
from optiimi.strategy import services as strategy
from optiimi.strategy.models import ResultKind
from tests import factories
from tests.privacy.people import person_everywhere

SETUP = System("test setup")


def table_digests(cursor, tables: list[str], vendor: str = "sqlite") -> dict[str, tuple[int, str]]:
    """Each table's row count and a checksum of its rows (order-independent)."""
    digests = {}
    for table in tables:
        # On PostgreSQL each row as PostgreSQL's own text, alike through any client library.
        rows_as = 't::text FROM "{}" AS t' if vendor == "postgresql" else '* FROM "{}"'
        cursor.execute("SELECT " + rows_as.format(table))
        rows = sorted(repr(tuple(row)) for row in cursor.fetchall())
        digests[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return digests


HISTORY_TABLES = {
    model._meta.db_table
    for model in apps.get_models()
    if any(field.name == "history_date" for field in model._meta.fields)
}


def newest_history(cursor, tables: list[str]) -> datetime.datetime | None:
    newest = None
    for table in tables:
        if table in HISTORY_TABLES:
            cursor.execute(f'SELECT max(history_date) FROM "{table}"')  # noqa: S608
            value = cursor.fetchone()[0]
            if isinstance(value, str):
                value = datetime.datetime.fromisoformat(value)
            if value and value.tzinfo is None:
                value = value.replace(tzinfo=datetime.UTC)
            if value and (newest is None or value > newest):
                newest = value
    return newest


# The tables the demo leaves empty too: nothing in the product fills them in normal use, or
# they belong to the login throttle, sessions and the admin log.
EMPTY = {
    "accounts_apitoken",
    "auth_group",
    "auth_group_permissions",
    "auth_user_groups",
    "auth_user_user_permissions",
    "axes_accessattempt",
    "axes_accessattemptexpiration",
    "axes_accessfailurelog",
    "axes_accesslog",
    "django_admin_log",
    "django_session",
    "foresight_observationchange",
    "strategy_historicalmeasure_sub_regions",
    "strategy_historicalprogressnote",
    "strategy_measure_sub_regions",
    "strategy_progressnote",
    "strategy_result_measures",
}


def service_promise_and_ties(organisation) -> None:
    """A service, a company's request referred to and accepted by another organisation (steps,
    holders, referral), and an imported tie with the ledger rebuilt."""
    other = network.create_organisation(
        actor=SETUP, name="Jyväskylän ammattikorkeakoulu", short_name="JAMK", kind="uas"
    )
    service = promise.save_service(
        None,
        actor=SETUP,
        organisation=organisation,
        name_fi="Yritysneuvonta",
        description_fi="Rahoitus ja kasvu.",
        first_contact_days=2,
        plan_days=10,
        sub_regions=[Region.objects.subregions().get(code="132")],
    )
    case = promise.receive_request(
        actor=promise.COMPANY,
        company_name="Puuseppä Oy",
        email="maija@example.com",
        municipality=Region.objects.get(level="kunta", code="172"),
        need="Rahoitusta kasvuun.",
        consent_to_share=True,
        service=service,
        mail=False,
    )
    referral = promise.refer(case, actor=SETUP, to=other, reason="Osaaminen on siellä.")
    promise.accept(referral, actor=SETUP)
    row = {"organisation_a": organisation.name, "organisation_b": other.name, "year": "2009"}
    collaboration.import_ties([(2, {**row, "kind": "other", "weight": ""})], actor=SETUP)
    collaboration.rebuild_ledger(actor=SETUP)


def needs_and_education(organisation) -> None:
    """A competence need, a programme, a line of the occupation–field crosswalk, a guidance
    client referred to another guidance service and accepted there, and a company's answer to
    the needs survey, collected as a need."""
    sub_region = Region.objects.subregions().get(code="132")
    guidance.import_needs(
        [{"sub_region": sub_region, "field": "072", "year": 2025, "need": 5, "source": "kysely"}],
        actor=SETUP,
    )
    guidance.import_education(
        [
            {
                "provider": "Gradia",
                "name": "Puuteollisuuden perustutkinto",
                "field": "072",
                "level": "ammatillinen",
                "municipality": Region.objects.get(level="kunta", code="172"),
                "places": 10,
                "year": 2025,
                "adult": True,
            }
        ],
        actor=SETUP,
    )
    guidance.import_crosswalk(
        [{"occupation": "7522", "occupation_name": "Puuseppä", "field": "072", "weight": 1}],
        actor=SETUP,
    )
    client = guidance.open_client(
        actor=SETUP,
        organisation=organisation,
        name="Ohjattava",
        municipality=Region.objects.get(level="kunta", code="172"),
        need="Ammatinvalinta",
        consent_to_share=True,
    )
    other = Organisation.objects.exclude(pk=organisation.pk).first()
    referral = guidance.refer_client(client, actor=SETUP, to=other, reason="Ura-ohjaus")
    guidance.accept_client(referral, actor=SETUP)
    invitation = guidance.invite_to_survey(
        actor=SETUP, company_name="Puuseppä Oy", sub_region=sub_region
    )
    guidance.answer_survey(invitation, actor=guidance.COMPANY, answers={"072": 2})
    guidance.collect_needs(actor=SETUP)


def rows_in_every_table() -> None:
    """A little of everything the demo holds, so that every table the demo fills has rows:
    a person reaching every capability (tests/privacy/people.py), a plan with its results,
    targets and sub-region strategy, projects linked to a measure with partners, fundings and
    phase changes, a company cohort with financials, and the foresight statistics with a
    forecast, barometer, rated signals, a round with invitees and a count of dashboard views."""
    made = person_everywhere()
    person = made["person"]
    organisation = made["project"].lead
    sub_region = Region.objects.subregions().get(code="132")
    network.create_organisation(
        actor=SETUP,
        name="Keski-Suomen liitto",
        short_name="KSL",
        kind="regional_council",
        home_municipality=Region.objects.get(level="kunta", code="179"),
        member_since=datetime.date(2004, 1, 1),
        sub_regions=[sub_region],
    )

    service_promise_and_ties(organisation)
    needs_and_education(organisation)

    period = factories.phase()
    results = factories.report(period)
    priority = strategy.define_priority(period, 1, actor=SETUP, title_fi="Seutujen kehittäminen")
    goal = strategy.define_goal(priority, 1, actor=SETUP, title_fi="Yhteistoimintatapa")
    measure = strategy.define_measure(
        goal, "1.1", actor=SETUP, title_fi="Seutustrategiatyö", responsible=[organisation]
    )
    indicator = results["results"][0].indicators.get()
    strategy.define_indicator(indicator.code, actor=SETUP, measures=[measure])
    strategy.set_target(indicator, period, 6, actor=SETUP)
    strategy.define_result(
        period,
        ResultKind.PAIN_POINT,
        1,
        actor=SETUP,
        title_fi="Kipukohta",
        goals=[goal],
        sub_regions=[sub_region],
    )
    strategy.define_strategy(sub_region, actor=SETUP, title="Joutsan seutustrategia", public=True)

    project = projects.create_project(
        actor=SETUP,
        name="Seutuhanke",
        acronym="SEUTU",
        lead=organisation,
        phase=Phase.PLANNING,
        start=datetime.date(2005, 1, 1),
        budget=Decimal(100_000),
        sub_regions=[sub_region],
        team=[person],
        measures=[measure],
        partners=[(organisation, "lead", "", Decimal(100))],
        fundings=[("Keski-Suomen liitto", "erdf", Decimal(100_000))],
    )
    projects.change_phase(project, Phase.RUNNING, actor=SETUP, exception="Kokeilu")
    factories.series("132")

    benchmark.define_industries(actor=SETUP)
    ids = synthetic_business_ids(2)
    benchmark.import_companies(
        [
            (
                n,
                {
                    "business_id": bid,
                    "name": f"Yritys {n} Oy",
                    "tol": "25620",
                    "municipality": "172",
                },
            )
            for n, bid in enumerate(ids, start=2)
        ],
        actor=SETUP,
    )
    benchmark.import_financials(
        [
            (
                n,
                {
                    "business_id": bid,
                    "year": "2005",
                    "turnover": "1000,50",
                    "personnel": "3,5",
                    "operating_profit": "-20",
                },
            )
            for n, bid in enumerate(ids, start=2)
        ],
        actor=SETUP,
    )
    cohort = benchmark.create_cohort(
        actor=SETUP,
        companies=list(Company.objects.all()),
        name="Kohortti",
        start_year=2005,
        organisation=organisation,
        project=project,
    )
    # its estimate as the recomputation job stores it (run at once here)
    benchmark_jobs.recompute([cohort], actor=SETUP)

    foresight.import_observations(
        demo_foresight.INDICATORS,
        demo_foresight.rows(),
        source="demo",
        format="demo",
        actor=SETUP,
    )
    # A stored forecast as the forecasting service writes it (running the models takes long;
    # tests/foresight covers them).
    writes.save(
        Forecast(
            indicator=ForesightIndicator.objects.get(code="demo.population"),
            area="SK132",
            model="AutoETS",
            mase=0.8,
            data_version="v1",
            points=[{"period": "2026", "mean": 21.5, "lo": 20.0, "hi": 23.0}],
        ),
        actor=SETUP,
    )
    # A PxWeb table refreshed monthly (not fetched here).
    foresight.save_pxweb_source(
        actor=SETUP,
        url="https://pxdata.stat.fi/PxWeb/api/v1/fi/StatFin/vaerak/statfin_vaerak_pxt_11rc.px",
        query=[],
        schedule="monthly",
    )
    # A background job as an upload leaves it, waiting for a worker.
    jobs.start(
        "foresight.import",
        actor=made["user"],
        params={"name": "x.csv"},
        payload=b"indicator,area,period,value\n",
        queue=False,
    )
    signal = foresight.note_signal(
        actor=made["user"], title="Etätyö", description="Havainto", subregions=[sub_region]
    )
    foresight.rate_signal(actor=made["user"], signal=signal, impact=4, likelihood=3)
    foresight.count_dashboard_view(sub_region)
    foresight.open_round(
        actor=get_user_model().objects.get(username="koordinaattori"),
        name="Syksy 2026",
        opens=datetime.date(2026, 9, 1),
        invitees=[made["user"]],
    )


@pytest.fixture
def every_table(tmp_path):
    """Rows in every table the demo fills, committed, with a data directory beside it."""
    rows_in_every_table()
    data_dir = tmp_path / "data"
    (data_dir / "search").mkdir(parents=True)
    (data_dir / "search" / "index.json").write_text('{"documents": 3}')
    (data_dir / "secret_key").write_text("the-original-key")
    (data_dir / "static").mkdir()
    (data_dir / "static" / "big.js").write_text("rebuilt by collectstatic")
    tables = sorted(connection.introspection.table_names())
    with connection.cursor() as cursor:
        before = table_digests(cursor, tables, connection.vendor)
    assert {table for table, (count, _) in before.items() if count == 0} == EMPTY
    return data_dir, tables, before


def restored_data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "restored"
    (target / "static").mkdir(parents=True)
    (target / "secret_key").write_text("a-key-made-at-first-start")
    return target


def check_data_dir(target: Path) -> None:
    assert (target / "search" / "index.json").read_text() == '{"documents": 3}'
    assert (target / "secret_key").read_text() == "the-original-key"
    assert not (target / "static" / "big.js").exists()


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the SQLite backup; the PostgreSQL one is tested there"
)
@pytest.mark.django_db(transaction=True)
def test_sqlite_backup_restores_every_row_and_file(every_table, tmp_path):
    data_dir, tables, before = every_table
    archive = tmp_path / "backups" / "optiimi.tar.gz"
    taken = datetime.datetime.now(datetime.UTC)
    manifest = backup(archive, data_dir=data_dir)
    assert manifest["database"] == "sqlite"
    assert sorted(manifest["files"]) == ["search/index.json", "secret_key"]
    assert archive.stat().st_mode & 0o077 == 0

    target = restored_data_dir(tmp_path)
    alias = "restored"
    restored_db = target / "optiimi.sqlite3"
    connections.settings[alias] = {**connection.settings_dict, "NAME": str(restored_db)}
    try:
        restore(archive, alias=alias, data_dir=target)
        check_data_dir(target)
        # Read back with the same column conversions as the test database's connection.
        restored = sqlite3.connect(
            restored_db, detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES
        )
        try:
            assert table_digests(restored.cursor(), tables) == before
            newest = newest_history(restored.cursor(), tables)
        finally:
            restored.close()
        assert newest is not None and newest <= taken
        # A second restore into the now-full place is refused.
        with pytest.raises(BackupError, match="is not empty"):
            restore(archive, alias=alias, data_dir=target)
    finally:
        connections[alias].close()
        del connections.settings[alias]


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_postgres_backup_restores_every_row_and_file(every_table, tmp_path):
    data_dir, tables, before = every_table
    archive = tmp_path / "optiimi.tar.gz"
    taken = datetime.datetime.now(datetime.UTC)
    manifest = backup(archive, data_dir=data_dir)
    assert manifest["database"] == "postgresql"

    name = f"optiimi_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    alias = "restored"
    db = {**connection.settings_dict, "NAME": name}
    connections.settings[alias] = db
    target = restored_data_dir(tmp_path)
    try:
        restore(archive, alias=alias, data_dir=target)
        check_data_dir(target)
        options = {
            k: db[v]
            for k, v in [
                ("host", "HOST"),
                ("port", "PORT"),
                ("user", "USER"),
                ("password", "PASSWORD"),
            ]
            if db.get(v)
        }
        with psycopg.connect(dbname=name, **options) as restored:
            assert table_digests(restored.cursor(), tables, "postgresql") == before
            newest = newest_history(restored.cursor(), tables)
        assert newest is not None and newest <= taken
        with pytest.raises(BackupError, match="is not empty"):
            restore(archive, alias=alias, data_dir=target)
    finally:
        del connections.settings[alias]
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def test_restore_refuses_what_is_not_a_backup(tmp_path):
    bogus = tmp_path / "x.tar.gz"
    bogus.write_bytes(b"not a tar at all")
    with pytest.raises(CommandError, match="cannot read"):
        call_command("restore", str(bogus))
    empty = tmp_path / "empty.tar.gz"
    with tarfile.open(empty, "w:gz"):
        pass
    with pytest.raises(CommandError, match=r"no manifest\.json"):
        call_command("restore", str(empty))
