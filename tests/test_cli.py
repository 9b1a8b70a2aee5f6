"""The `optiimi` command as a user runs it: a separate process with its own data dir."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.migrated_database import migrated_copy

OPTIIMI = Path(sys.executable).parent / "optiimi"


# Every command here runs on its own SQLite file (`optiimi()` sets DATABASE_URL for it).
pytestmark = pytest.mark.cli


def optiimi(
    *args: str, data_dir: Path, check: bool = False, timeout: int = 120
) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "OPTIIMI_DATA_DIR": str(data_dir),
        "DATABASE_URL": f"sqlite:///{data_dir / 'cli.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "optiimi.settings",
    }
    env.pop("OPTIIMI_SECRET_KEY", None)
    return subprocess.run(
        [str(OPTIIMI), *args], capture_output=True, text=True, env=env, check=check, timeout=timeout
    )


@pytest.fixture(scope="module")
def migrated_database(tmp_path_factory) -> Path:
    """A database file that `optiimi migrate` set up from nothing (once per version of the code:
    tests/migrated_database.py); the tests that need one start from a copy."""
    return migrated_copy(tmp_path_factory.mktemp("migrated") / "cli.sqlite3")


@pytest.fixture
def migrate(migrated_database):
    """`optiimi migrate` into a data dir, as a copy of the module's migrated database."""

    def into(data_dir: Path) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        for part in migrated_database.parent.glob("cli.sqlite3*"):
            shutil.copy(part, data_dir / part.name)

    return into


def test_help_lists_the_optiimi_commands(tmp_path):
    out = optiimi("help", data_dir=tmp_path).stdout
    for command in ["demo", "serve", "generate", "import_regions", "import_people", "apitoken"]:
        assert command in out


@pytest.mark.parametrize("command", ["demo", "serve", "generate", "migrate"])
def test_every_command_has_help(tmp_path, command):
    result = optiimi(command, "--help", data_dir=tmp_path)
    assert result.returncode == 0 and "usage:" in result.stdout


def test_import_without_kind_lists_the_kinds(tmp_path):
    result = optiimi("import", data_dir=tmp_path)
    assert result.returncode == 2
    assert "regions" in result.stdout and "organisations" in result.stdout


def test_import_kind_help_describes_the_columns(tmp_path):
    out = optiimi("import", "organisations", "--help", data_dir=tmp_path).stdout
    assert "home_municipality" in out and "Y-tunnus" in out


def test_unknown_import_kind_fails_with_one_line(tmp_path):
    result = optiimi("import", "avaruus", "x.csv", data_dir=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "no importer for 'avaruus'" in result.stderr


def test_python_dash_m_runs_the_same_command(tmp_path):
    env = {**os.environ, "OPTIIMI_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "optiimi", "import"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert "kinds:" in result.stdout


def test_secret_key_is_generated_once_into_the_data_dir(tmp_path):
    optiimi("check", data_dir=tmp_path, check=True)
    key = (tmp_path / "secret_key").read_text()
    optiimi("check", data_dir=tmp_path, check=True)
    assert len(key) > 40 and (tmp_path / "secret_key").read_text() == key


COUNTS = (
    "from optiimi.network.models import Person, Organisation;"
    "from optiimi.regions.models import Region;"
    "print(Person.objects.count(), Organisation.objects.count(),"
    " Region.objects.filter(code='999').exists())"
)


def counts(data_dir: Path) -> list[str]:
    """People, organisations, and whether the own region 999 exists (the shell's last line)."""
    return optiimi("shell", "-c", COUNTS, data_dir=data_dir).stdout.strip().splitlines()[-1].split()


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory, migrated_database) -> tuple[Path, subprocess.CompletedProcess]:
    """A data dir set up by `optiimi demo --fresh` over a database that held a region of its
    own; the demo is loaded once for the tests of the command and of `serve`."""
    data_dir = tmp_path_factory.mktemp("demo")
    regions = data_dir / "regions.csv"
    regions.write_text(
        "kunta_code,kunta_name_fi,kunta_name_sv,seutukunta_code,seutukunta_name_fi,"
        "maakunta_code,maakunta_name_fi,year\n999,Testilä,Testilä,998,Testiseutu,97,T,2025\n"
    )
    shutil.copy(migrated_database, data_dir / "cli.sqlite3")
    optiimi("import", "regions", str(regions), data_dir=data_dir, check=True)
    assert counts(data_dir) == ["0", "0", "True"]
    # Loading the whole demo takes minutes on a busy two-core machine.
    return data_dir, optiimi("demo", "--no-serve", "--fresh", data_dir=data_dir, timeout=900)


@pytest.mark.xdist_group("cli-demo")
def test_demo_empties_sets_up_prints_logins_and_is_idempotent(demo_dir):
    data_dir, fresh = demo_dir
    assert fresh.returncode == 0, fresh.stderr
    assert "Emptying the database" in fresh.stdout and "Loading" in fresh.stdout
    assert "koordinaattori" in fresh.stdout and "optiimi-demo" in fresh.stdout
    assert "http://127.0.0.1:8000/" in fresh.stdout
    people, organisations, own_region = counts(data_dir)
    assert int(people) > 50 and int(organisations) > 10 and own_region == "False"
    second = optiimi("demo", "--no-serve", data_dir=data_dir)
    assert "keeping it" in second.stdout and "koordinaattori" in second.stdout
    again = counts(data_dir)
    assert again == [people, organisations, own_region]


@pytest.mark.xdist_group("cli-demo")
def test_import_failure_exits_nonzero_with_the_line(tmp_path, migrate):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "kunta_code,kunta_name_fi,kunta_name_sv,seutukunta_code,seutukunta_name_fi,"
        "maakunta_code,maakunta_name_fi,year\n1X2,Joutsa,Joutsa,132,Joutsa,13,K,2025\n"
    )
    migrate(tmp_path)
    result = optiimi("import", "regions", str(bad), data_dir=tmp_path)
    assert result.returncode == 1
    assert "line 2: kunta_code '1X2'" in result.stderr
    assert result.stderr.strip().count("\n") == 0


@pytest.mark.xdist_group("cli-demo")
def test_fresh_installation_imports_people_with_competences_as_proposals(tmp_path, migrate):
    header = "name,email,organisation,title,competences,expertise,public\n"
    first, second = tmp_path / "people1.csv", tmp_path / "people2.csv"
    first.write_text(header + "Aino,aino@example.com,,,Matkailu;Data-analytiikka,,true\n")
    second.write_text(header + "Ville,ville@example.com,,,matkailussa,,false\n")
    migrate(tmp_path)
    result = optiimi("import", "people", str(first), data_dir=tmp_path, check=True)
    assert "competence 'Matkailu' proposed for the vocabulary" in result.stdout + result.stderr
    optiimi("import", "people", str(second), data_dir=tmp_path, check=True)
    with sqlite3.connect(tmp_path / "cli.sqlite3") as db:
        proposed = db.execute(
            "select label_fi, proposed from network_competence order by label_fi"
        ).fetchall()
        links = db.execute(
            "select p.email from network_person_competences pc"
            " join network_person p on p.id = pc.person_id"
            " join network_competence c on c.id = pc.competence_id"
            " where c.label_fi = 'Matkailu' order by p.email"
        ).fetchall()
    assert proposed == [("Data-analytiikka", 1), ("Matkailu", 1)]
    assert links == [("aino@example.com",), ("ville@example.com",)]


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.xdist_group("cli-demo")
def test_serve_runs_gunicorn_with_static_files(demo_dir):
    import re
    import time
    import urllib.request

    tmp_path = demo_dir[0]
    port = _free_port()
    env = {
        **os.environ,
        "OPTIIMI_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "optiimi.settings",
    }
    server = subprocess.Popen(
        [str(OPTIIMI), "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        html = ""
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
                    html = r.read().decode()
                    break
            except OSError:
                time.sleep(0.2)
        assert "Keski-Suomi" in html
        # serve started a job worker beside the web server: it made its queue file
        for _ in range(300):
            if (tmp_path / "jobs.sqlite3").exists():
                break
            time.sleep(0.2)
        assert (tmp_path / "jobs.sqlite3").exists()
        css = re.search(r'href="(/static/optiimi/optiimi\.[0-9a-f]+\.css)"', html).group(1)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{css}", timeout=5) as r:
            assert r.status == 200 and b".card" in r.read()
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert "gunicorn" in output.lower() or "Booting worker" in output


@pytest.mark.xdist_group("cli-demo")
def test_backup_and_restore_from_the_command_line(tmp_path, migrate):
    source, target = tmp_path / "source", tmp_path / "target"
    migrate(source)
    archive = tmp_path / "optiimi.tar.gz"
    done = optiimi("backup", str(archive), data_dir=source, check=True)
    assert "Backed up the sqlite database" in done.stdout
    done = optiimi("restore", str(archive), data_dir=target, check=True)
    assert "Restored the sqlite database" in done.stdout
    assert (target / "secret_key").read_text() == (source / "secret_key").read_text()
    with sqlite3.connect(source / "cli.sqlite3") as a, sqlite3.connect(target / "cli.sqlite3") as b:
        query = "SELECT app, name FROM django_migrations ORDER BY id"
        assert a.execute(query).fetchall() == b.execute(query).fetchall() != []
    again = optiimi("restore", str(archive), data_dir=target)
    assert again.returncode != 0 and "is not empty" in again.stderr
