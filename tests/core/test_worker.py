"""The job worker as it runs: a separate process, killed in the middle of a forecast job and
started again; the job is run again and completes once."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import translation

from optiimi.core import jobs
from optiimi.core.writes import System
from optiimi.foresight import jobs as foresight_jobs
from optiimi.foresight import services
from optiimi.foresight.sources import IndicatorMeta, Row

OPTIIMI = Path(sys.executable).parent / "optiimi"
pytestmark = pytest.mark.process

SERIES = 600  # two chunks of 500: long enough to be killed half-way


def _env(data_dir: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "OPTIIMI_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "optiimi.settings",
        "OPTIIMI_JOBS_BROKER": str(data_dir / "jobs.sqlite3"),
    }
    if connection.vendor == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{data_dir / 'worker.sqlite3'}"
    else:  # the worker works on the test database itself
        db = connection.settings_dict
        login = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        env["DATABASE_URL"] = f"postgres://{login}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    for name in ("OPTIIMI_SECRET_KEY", "OPTIIMI_JOBS_EAGER"):
        env.pop(name, None)
    return env


def _worker(data_dir: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [str(OPTIIMI), "worker", "--threads", "1"],
        env=_env(data_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _query(data_dir: Path, sql: str) -> tuple:
    if connection.vendor == "sqlite":
        with sqlite3.connect(data_dir / "worker.sqlite3", timeout=30) as db:
            return db.execute(sql).fetchone()
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()


def _job(data_dir: Path) -> tuple:
    return _query(data_dir, "SELECT state, attempts, done, worker FROM core_job")


def _wait(data_dir: Path, until, seconds: float = 180) -> tuple[str, int, int, str]:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        row = _job(data_dir)
        if until(row):
            return row
        time.sleep(0.1)
    raise AssertionError(f"the job did not get there: {_job(data_dir)}")


@pytest.fixture
def store_with_series(tmp_path, transactional_db, settings) -> Path:
    """A database with one indicator of SERIES annual series and a forecast job queued in a
    SQLite queue (an SQLite test database is copied to a file the worker opens)."""
    services.import_observations(
        [IndicatorMeta("x", "x")],
        [
            Row(
                "x",
                "SSS",
                "",
                str(2000 + y),
                str(s),
                100 + s + y * (1 + s % 7) + (y * s) % 5,
                "ok",
                "",
            )
            for s in range(SERIES)
            for y in range(12)
        ],
        source="x.csv",
        format="csv",
        actor=System("test"),
    )
    with translation.override("en"):  # the job speaks the language it was started in
        job = jobs.start(
            foresight_jobs.FORECAST, actor=System("test"), params={"codes": ["x"]}, queue=False
        )
    settings.JOBS_EAGER = False
    settings.JOBS_BROKER = str(tmp_path / "jobs.sqlite3")
    jobs.reset()
    try:
        jobs.enqueue(job)
    finally:
        jobs.reset()
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(tmp_path / "worker.sqlite3") as copy:
            connection.connection.backup(copy)
    return tmp_path


def test_a_forecast_job_whose_worker_is_killed_is_run_again_and_completes_once(
    store_with_series,
):
    data_dir = store_with_series
    assert _job(data_dir)[:2] == ("queued", 0)
    worker = _worker(data_dir)
    try:
        # killed once it has forecast some series but not all
        state, attempts, done, name = _wait(
            data_dir, lambda r: r[0] == "running" and 0 < r[2] < SERIES
        )
        assert attempts == 1 and name.endswith(f":{worker.pid}")
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
    assert _job(data_dir)[0] == "running"  # its worker is gone; the row still says running
    assert _query(data_dir, "SELECT count(*) FROM foresight_forecast") == (0,)
    again = _worker(data_dir)
    try:
        state, attempts, done, _name = _wait(data_dir, lambda r: r[0] in ("done", "failed"))
    finally:
        os.killpg(again.pid, signal.SIGTERM)
        again.wait(timeout=30)
    assert (state, attempts, done) == ("done", 2, SERIES)
    (message,) = _query(data_dir, "SELECT message FROM core_job")
    forecasts, distinct = _query(
        data_dir,
        "SELECT count(*), count(DISTINCT area || '|' || industry || '|' || key)"
        " FROM foresight_forecast",
    )
    assert message == f"{SERIES} series forecast"
    assert forecasts == distinct == SERIES
