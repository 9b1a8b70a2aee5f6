"""Background jobs (core.jobs): the state of a job, its lease, retries and the job page."""

from __future__ import annotations

import datetime
import socket

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from optiimi.core import jobs
from optiimi.core.models import Job
from optiimi.core.writes import System
from tests.core.test_content_security_policy import INLINE

pytestmark = pytest.mark.django_db


def _user(name: str):
    return get_user_model().objects.create_user(name, password="x")


calls: list[int] = []


def _work(ctx: jobs.Context) -> jobs.Done:
    calls.append(ctx.job.pk)
    ctx.progress(0, 4, "counting")
    for _ in range(4):
        ctx.advance()
    if ctx.job.params.get("bad"):
        raise jobs.Failed("line 2: value 'abc' is not a number", "/again/")
    if ctx.job.params.get("crash_until", 0) >= ctx.attempt:
        raise RuntimeError("worker trouble")
    return jobs.Done(f"counted {ctx.done} for {ctx.actor}", "/result/")


@pytest.fixture(autouse=True)
def kind():
    calls.clear()
    jobs.register("test.count", _work, label="Count", max_attempts=2)
    yield
    jobs._kinds.pop("test.count", None)


def test_a_job_runs_to_its_result_with_progress_and_its_link():
    job = jobs.start("test.count", actor=System("test"))
    assert job.state == Job.State.DONE and job.attempts == 1
    assert (job.done, job.total, job.percent) == (4, 4, 100)
    assert job.message == "counted 4 for job test.count" and job.link == "/result/"
    assert job.payload is None and job.finished_at is not None


def test_a_failed_job_keeps_the_message_and_is_not_retried():
    job = jobs.start("test.count", actor=System("test"), params={"bad": True})
    assert job.state == Job.State.FAILED and job.attempts == 1 and calls == [job.pk]
    assert job.message == "line 2: value 'abc' is not a number" and job.link == "/again/"


def test_an_unexpected_error_is_retried_then_fails_after_the_last_attempt():
    recovered = jobs.start("test.count", actor=System("test"), params={"crash_until": 1})
    assert recovered.state == Job.State.DONE and recovered.attempts == 2
    broken = jobs.start("test.count", actor=System("test"), params={"crash_until": 2})
    assert broken.state == Job.State.FAILED and broken.attempts == 2
    assert "RuntimeError: worker trouble" in broken.message


def test_the_same_key_while_waiting_is_the_same_job():
    first = jobs.start("test.count", actor=System("test"), key="k", queue=False)
    again = jobs.start("test.count", actor=System("test"), key="k", queue=False)
    assert again.pk == first.pk and Job.objects.count() == 1
    jobs.run_inline(first)
    assert jobs.start("test.count", actor=System("test"), key="k", queue=False).pk != first.pk


def test_a_job_is_claimed_once():
    job = jobs.start("test.count", actor=System("test"), queue=False)
    assert jobs.claim(job.pk, "host:1") == 1
    assert jobs.claim(job.pk, "host:2") is None
    assert jobs.execute(job.pk) is None and calls == []


def test_an_expired_lease_puts_the_job_back_and_the_old_attempt_loses_its_result():
    job = jobs.start("test.count", actor=System("test"), queue=False)
    assert jobs.claim(job.pk, "elsewhere:1") == 1
    Job.objects.filter(pk=job.pk).update(lease_until=timezone.now() - datetime.timedelta(1))
    ctx = jobs.Context(Job.objects.get(pk=job.pk), attempt=1)
    with _no_queue():
        assert jobs.sweep() == 1
    assert Job.objects.get(pk=job.pk).state == Job.State.QUEUED
    ended = jobs.run_inline(Job.objects.get(pk=job.pk))
    assert ended.state == Job.State.DONE and ended.attempts == 2
    jobs._finish(ctx, Job.State.FAILED, "late")  # the first attempt comes back: ignored
    assert Job.objects.get(pk=job.pk).message.startswith("counted 4")


def test_a_running_job_of_a_dead_process_here_is_put_back_at_once():
    job = jobs.start("test.count", actor=System("test"), queue=False)
    assert jobs.claim(job.pk, f"{socket.gethostname()}:999999999") == 1
    alive = jobs.start("test.count", actor=System("test"), queue=False)
    assert jobs.claim(alive.pk, jobs.worker_name()) == 1
    with _no_queue():
        assert jobs.sweep() == 1
    assert Job.objects.get(pk=job.pk).state == Job.State.QUEUED
    assert Job.objects.get(pk=alive.pk).state == Job.State.RUNNING


def test_a_job_out_of_attempts_whose_worker_died_fails_with_a_message():
    job = jobs.start("test.count", actor=System("test"), queue=False)
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.RUNNING, attempts=2, worker="elsewhere:1", lease_until=timezone.now()
    )
    jobs.sweep()
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and "stopped 2 times" in job.message


class _no_queue:
    """Let sweep() queue again without running the job in this thread."""

    def __enter__(self) -> None:
        self.saved = jobs.enqueue
        jobs.enqueue = lambda job: None  # type: ignore[assignment]

    def __exit__(self, *exc: object) -> None:
        jobs.enqueue = self.saved  # type: ignore[assignment]


def test_the_job_page_shows_the_job_to_who_started_it_only():
    owner, other = _user("owner"), _user("other")
    job = jobs.start("test.count", actor=owner, params={"bad": True})
    mine = Client()
    mine.force_login(owner)
    page = mine.get(f"/jobs/{job.pk}/")
    assert page.status_code == 200 and "is not a number" in page.text
    assert "hx-trigger" not in page.text  # ended: the page stops polling
    theirs = Client()
    theirs.force_login(other)
    assert theirs.get(f"/jobs/{job.pk}/").status_code == 404
    assert theirs.get(f"/jobs/{job.pk}/status/").status_code == 404
    assert Client().get(f"/jobs/{job.pk}/").status_code == 302


def test_a_waiting_job_page_polls_and_shows_progress():
    owner = _user("owner")
    job = jobs.start("test.count", actor=owner, queue=False)
    Job.objects.filter(pk=job.pk).update(done=1, total=4)
    client = Client()
    client.force_login(owner)
    part = client.get(f"/jobs/{job.pk}/status/").text
    assert 'hx-trigger="every 1s"' in part and 'value="25"' in part
    page = client.get(f"/jobs/{job.pk}/")
    assert "unsafe-inline" not in page["Content-Security-Policy"]
    assert [m.group(0) for p in INLINE for m in p.finditer(page.text)] == []


@pytest.fixture
def sqlite_broker(settings, tmp_path):
    """A real broker: huey's SQLite file, as `optiimi serve` runs it."""
    settings.JOBS_EAGER = False
    settings.JOBS_BROKER = str(tmp_path / "jobs.sqlite3")
    jobs.reset()
    yield tmp_path / "jobs.sqlite3"
    jobs.reset()


def _running(owner=None) -> jobs.Context:
    job = jobs.start("test.count", actor=owner or System("test"), queue=False)
    attempt = jobs.claim(job.pk, "test")
    assert attempt == 1
    return jobs.Context(Job.objects.get(pk=job.pk), attempt)


def _stored(broker, pk: int):
    """The progress as another process reads it: its own connection to the broker's file."""
    from huey import SqliteHuey

    return SqliteHuey("optiimi", filename=str(broker), results=False).get(
        f"optiimi.job.{pk}.progress", peek=True
    )


def test_progress_inside_the_work_transaction_is_readable_by_another_connection_at_once(
    sqlite_broker, monkeypatch
):
    from django.db import transaction

    owner = _user("owner")
    ctx = _running(owner)
    now = [1000.0]
    monkeypatch.setattr(jobs, "_clock", lambda: now[0])
    with transaction.atomic():  # an import writes in one transaction until its end
        ctx.progress(3, 10, "Checking and writing the cells")
        assert _stored(sqlite_broker, ctx.job.pk) == (3, 10, "Checking and writing the cells")
        client = Client()
        client.force_login(owner)
        assert 'value="30"' in client.get(f"/jobs/{ctx.job.pk}/status/").text
        now[0] += 0.5  # within a second of the last: not stored again
        ctx.progress(4)
        assert _stored(sqlite_broker, ctx.job.pk)[0] == 3
        now[0] += 0.6  # a second since: the change is stored
        ctx.progress(5)
        assert _stored(sqlite_broker, ctx.job.pk)[0] == 5


def test_progress_outside_a_transaction_is_written_to_the_row(sqlite_broker, monkeypatch):
    ctx = _running()
    monkeypatch.setattr(jobs.connection, "in_atomic_block", False)  # the test's own is open
    ctx.progress(2, 8, "Forecasting")
    assert Job.objects.values_list("done", "total", "stage").get(pk=ctx.job.pk) == (
        2,
        8,
        "Forecasting",
    )


def test_an_ended_job_leaves_no_progress_in_the_broker(sqlite_broker):
    ctx = _running()
    ctx.progress(1, 4)
    jobs._finish(ctx, Job.State.DONE, "counted")
    assert _stored(sqlite_broker, ctx.job.pk) is None


def test_the_job_page_says_waiting_then_started_then_ended_with_durations():
    owner = _user("owner")
    client = Client()
    client.force_login(owner)
    client.cookies["django_language"] = "en"
    job = jobs.start("test.count", actor=owner, queue=False)
    created = timezone.now() - datetime.timedelta(minutes=2, seconds=5)
    Job.objects.filter(pk=job.pk).update(created_at=created)
    waiting = client.get(f"/jobs/{job.pk}/status/").text
    assert "Waiting since" in waiting and "(2 min 5 s)" in waiting
    assert "Started" not in waiting
    started = created + datetime.timedelta(seconds=30)
    Job.objects.filter(pk=job.pk).update(state="running", started_at=started, attempts=1)
    running = client.get(f"/jobs/{job.pk}/status/").text
    assert "after waiting 30 s" in running and "Running for 1 min" in running
    assert "Waiting since" not in running
    Job.objects.filter(pk=job.pk).update(
        state="done", finished_at=started + datetime.timedelta(hours=1, minutes=4)
    )
    client.cookies["django_language"] = "fi"
    ended = client.get(f"/jobs/{job.pk}/status/").text
    assert "jonossa oltuaan 30 s" in ended and "Kesto 1 h 4 min" in ended
    assert "Päättyi" in ended and "Jonossa" not in ended
