"""Erasure leaves nothing and export holds everything: across every capability, in history
tables too, on SQLite (down to the database file and its WAL) and on PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models

from optiimi.core import text
from optiimi.events.models import Registration
from optiimi.foresight.models import BarometerAnswer
from optiimi.network import services as network
from optiimi.network.models import Person
from optiimi.projects.models import Consultation
from tests.migrated_database import migrated_copy
from tests.privacy.people import EMAIL, NAME, SYSTEM, person_everywhere

ROOT = Path(__file__).resolve().parents[2]
TEXT = (models.CharField, models.TextField, models.EmailField, models.JSONField)


def rows_mentioning(*needles: str) -> dict[str, int]:
    """Every text column of every table, history and many-to-many tables included, searched."""
    found: dict[str, int] = {}
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if not isinstance(field, TEXT):
                continue
            for needle in needles:
                lookup = "icontains" if not isinstance(field, models.JSONField) else "contains"
                if isinstance(field, models.JSONField):
                    continue  # JSON holds figures and codes here; its text is checked below
                n = model._default_manager.filter(**{f"{field.attname}__{lookup}": needle}).count()
                if n:
                    found[f"{model._meta.db_table}.{field.column} ~ {needle}"] = n
    return found


@pytest.mark.django_db
def test_export_holds_everything_from_every_capability():
    made = person_everywhere()
    data = network.export_person(made["person"])
    profile = data["profile"]
    assert profile["name"] == NAME and profile["email"] == EMAIL
    assert profile["competences"] == ["matkailu"]
    assert profile["affiliations"][0]["title"] == "matkailuneuvoja"
    assert profile["user_account"]["username"] == "erkki"
    assert profile["user_account"]["role"]["kind"] == "member"
    assert [h["change"] for h in profile["history"]["profile"]][:2] == ["created", "changed"]
    assert profile["history"]["competences"]
    assert data["projects"]["consultations"][0]["note"] == "Kysely"
    assert data["projects"]["project_teams"] == ["Luontomatkailun kehittäminen"]
    registration = data["events"]["registrations"][0]
    assert registration["event"] == "Seutuhankepäivä" and registration["attended"] is True
    assert registration["feedback"]["rating"] == 5
    assert data["events"]["invitations"][0]["email"] == EMAIL
    assert data["foresight"]["barometer_answers"][0]["score"] == 1
    assert data["foresight"]["signal_comments"][0]["text"].endswith(EMAIL)
    assert data["guidance"]["guidance_clients"][0]["contact"] == EMAIL


@pytest.mark.django_db
def test_export_is_offered_to_the_person_editor_on_the_page_and_the_api(client, django_user_model):
    made = person_everywhere()
    coordinator = django_user_model.objects.create_superuser("coord", "c@example.com", "pw")
    client.force_login(coordinator)
    page = client.get(f"/people/{made['person'].pk}/export/").json()
    assert page["events"]["registrations"] and page["foresight"]["barometer_answers"]
    api = client.get(f"/api/v1/people/{made['person'].pk}/export")
    assert api.status_code == 200 and api.json()["projects"]["consultations"]


@pytest.mark.django_db
def test_erasure_leaves_no_name_or_email_in_any_table_and_keeps_the_rest(client):
    made = person_everywhere()
    # a mistyped password: the login throttle keeps the address the person typed
    client.post("/accounts/login/", {"username": EMAIL, "password": "väärin"})
    before = rows_mentioning(NAME, EMAIL, "Esimerkkinen")
    assert any("historical" in key for key in before)  # the search really looks in history
    assert any(key.startswith("axes_") for key in before)  # and in the login throttle
    network.erase_person(made["person"], actor=SYSTEM)
    assert rows_mentioning(NAME, EMAIL, "Esimerkkinen") == {}
    # what is not theirs stays: the other person, the consultation (without the person), the
    # registration's count of attendance, the project and its other team member
    assert Person.objects.get(pk=made["other"].pk).name == "Säilyvä Henkilö"
    assert Consultation.objects.get().person is None
    assert Registration.objects.filter(attended=True).count() == 1
    assert list(made["project"].team.all()) == [made["other"]]
    assert not BarometerAnswer.objects.exists()


ERASE_IN_A_FILE = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.db import connection
from tests.migrated_database import migrated_copy
from tests.privacy.people import person_everywhere, SYSTEM
from optiimi.network import services
from optiimi.core.search import store
made = person_everywhere()
store.rebuild()  # a saved index file that holds the person's name
services.erase_person(made["person"], actor=SYSTEM)
with connection.cursor() as cursor:
    cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
"""


@pytest.mark.process
@pytest.mark.skipif(
    "DATABASE_URL" in os.environ, reason="the database file is SQLite's; PostgreSQL is above"
)
def test_erasure_leaves_nothing_in_the_sqlite_file_its_wal_or_the_data_directory(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "optiimi.settings",
        "OPTIIMI_DATA_DIR": str(tmp_path),
        "OPTIIMI_SECRET_KEY": "erasure-test",
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'src'}",
    }
    env.pop("DATABASE_URL", None)
    # the database `optiimi migrate` makes (made once per version of the code); the script's own
    # `migrate` then finds nothing to do
    migrated_copy(tmp_path / "optiimi.sqlite3")
    subprocess.run([sys.executable, "-c", ERASE_IN_A_FILE], env=env, check=True, cwd=ROOT)
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.name == "optiimi.sqlite3" for p in files)
    assert any(p.parent.name == "search" for p in files)  # the index file was saved
    # the saved search index holds terms, not text: the name's distinctive stems must be gone
    stems = [t for t in text.terms(NAME) if len(t) > 5]
    assert stems
    for path in files:
        data = path.read_bytes()
        for stem in stems:
            assert f'"{stem}"'.encode() not in data, f"{stem!r} found in {path.name}"
        for needle in (NAME, EMAIL, "Esimerkkinen"):
            for encoded in (needle.encode(), needle.encode("utf-16-le")):
                assert encoded not in data, f"{needle!r} found in {path.name}"


@pytest.mark.django_db
def test_erasure_drops_the_files_and_parameters_of_the_persons_jobs():
    from optiimi.core import jobs
    from optiimi.core.models import Job

    made = person_everywhere()
    user = made["person"].user
    upload = f"koodi;nimi\n1;{NAME}\n".encode()
    waiting = jobs.start(
        "foresight.import",
        actor=user,
        params={"name": "erkki-esimerkkinen.csv", "table": ""},
        payload=upload,
        label="Import erkki-esimerkkinen.csv",
        queue=False,
    )
    ended = jobs.start(
        "foresight.import",
        actor=user,
        params={"name": "erkki-esimerkkinen.csv", "table": ""},
        payload=upload,
        queue=False,
    )
    Job.objects.filter(pk=ended.pk).update(state=Job.State.DONE)
    others = jobs.start(
        "foresight.import", actor=SYSTEM, params={"name": "muu.csv"}, payload=b"x", queue=False
    )
    exported = network.export_person(made["person"])["jobs"]["jobs"]
    assert [j["file"] for j in exported] == ["erkki-esimerkkinen.csv"] * 2

    network.erase_person(made["person"], actor=SYSTEM)

    for job in Job.objects.filter(pk__in=[waiting.pk, ended.pk]):
        assert job.payload is None
        assert "name" not in job.params and "erkki" not in job.label.lower()
    assert Job.objects.get(pk=waiting.pk).state == Job.State.FAILED  # it will not run without
    assert Job.objects.get(pk=ended.pk).state == Job.State.DONE
    kept = Job.objects.get(pk=others.pk)
    assert bytes(kept.payload) == b"x" and kept.params["name"] == "muu.csv"
