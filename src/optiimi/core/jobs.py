"""Background jobs: long work off the request path, on huey.

A capability declares a kind of job once, in its `AppConfig.ready`:

    jobs.register("foresight.import", run_import, label=_("Import statistics"))

where `run_import(ctx)` reads `ctx.job.params` (and `ctx.job.payload`, an uploaded file), does
the work through its services with `ctx.actor`, reports `ctx.progress(done, total, stage)` and
returns a `Done(message, link)`; a `Failed("…")` it raises is the reader's clear, final error
(a bad file) and is not retried. `jobs.start(kind, params=…, actor=…)` records a `core.Job`
and queues it; the page answers at once with the job page (`/jobs/<id>/`), which polls the
job's state with htmx. `jobs.run_inline(job, listener)` runs the same job in the calling
process (the CLI's `--now`).

The `Job` row is the truth; huey only carries "run job N" to a worker:

- **claim**: a worker takes a job with one conditional UPDATE (queued, or running with an
  expired lease), adding one to its attempts; two workers never both take it.
- **lease**: while it runs, a heartbeat thread moves `lease_until` forward (and writes the
  progress). A job whose worker died stops being renewed; `sweep` (at every worker start and
  every minute) puts it back in the queue, or fails it after `max_attempts`. A job whose
  worker is a dead process on this machine is put back at once.
- **progress**: `ctx.progress` stores a change at once, at most once a second, in huey's
  key-value store (its SQLite file or Redis), where `live(job)` reads it for the job page even
  while the work's transaction holds the row (on SQLite, the whole database); the row gets it
  at once outside a transaction, else with the heartbeat and at the end.
- **finish**: only the attempt that holds the job may mark it done or failed; a worker whose
  lease was taken over discards its result. The work of every kind is idempotent (imports
  and stored forecasts upsert in one transaction), so a retried attempt writes the same once.

Broker: `OPTIIMI_JOBS_BROKER` empty is huey's SQLite storage in the data directory (no
service; `optiimi serve` and `optiimi demo` start a worker beside the web server);
`redis://HOST:6379/0` is Redis for a deployment with workers on other machines. In tests
(`OPTIIMI_JOBS_EAGER`) a job runs at once, in the caller's thread.
"""

from __future__ import annotations

import datetime
import functools
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import close_old_connections, connection
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.functional import Promise

from optiimi.core.models import Job
from optiimi.core.writes import Actor, System, user_of

if TYPE_CHECKING:
    from huey import Huey

log = logging.getLogger(__name__)
State = Job.State


class Failed(Exception):
    """A job's final error, in words for its reader (the importer's message); not retried.
    `link` is where to go next (the form to try again)."""

    def __init__(self, message: str, link: str = "") -> None:
        super().__init__(message)
        self.link = link


@dataclass
class Done:
    """How a job ended: its message, a link to its result, and a file it made (name, bytes,
    content type), downloaded from the job's page."""

    message: str
    link: str = ""
    file: tuple[str, bytes, str] | None = None


@dataclass
class Kind:
    name: str
    run: Callable[[Context], Done | str]
    label: str | Promise
    max_attempts: int = 3


_kinds: dict[str, Kind] = {}


def register(
    name: str,
    run: Callable[[Context], Done | str],
    *,
    label: str | Promise,
    max_attempts: int = 3,
) -> None:
    """Declare a kind of job: `run(ctx)` does the work and returns a `Done` (or its message)."""
    _kinds[name] = Kind(name, run, label, max_attempts)


def kinds() -> dict[str, Kind]:
    return dict(_kinds)


Listener = Callable[[int, int | None, str], None]


class Context:
    """What a running job's code sees: the job, who asked for it, and a progress report."""

    def __init__(self, job: Job, attempt: int, listener: Listener | None = None) -> None:
        self.job = job
        self.attempt = attempt
        self.listener = listener
        self.done = 0
        self.total: int | None = None
        self.stage = ""
        self._written = -PROGRESS_EVERY
        self._stored: tuple[int, int | None, str] | None = None
        self._lock = threading.Lock()

    @property
    def actor(self) -> Actor:
        user = self.job.created_by
        return user if user is not None else System(f"job {self.job.kind}")

    def progress(self, done: int, total: int | None = None, stage: str | None = None) -> None:
        """Report how far the job has got; a change is stored at once, at most once a second."""
        with self._lock:
            self.done = done
            if total is not None:
                self.total = total
            if stage is not None:
                self.stage = str(stage)[:200]
            shown = (self.done, self.total, self.stage)
        if self.listener:
            self.listener(*shown)
        now = _clock()
        if shown == self._stored or now - self._written < PROGRESS_EVERY:
            return
        self._written, self._stored = now, shown
        # The job page reads the broker's store: the work's transaction may hold the row until
        # its commit (on SQLite, the whole database); the row gets the progress when it is free.
        post_live(self.job.pk, shown)
        if not connection.in_atomic_block:
            self.write()

    def advance(self, n: int = 1, stage: str | None = None) -> None:
        self.progress(self.done + n, None, stage)

    def write(self, *, renew: bool = False) -> None:
        with self._lock:
            values: dict[str, Any] = {"done": self.done, "total": self.total, "stage": self.stage}
        if renew:
            now = timezone.now()
            values.update(heartbeat_at=now, lease_until=now + _lease())
        _holding(self.job.pk, self.attempt).update(**values)


PROGRESS_EVERY = 1.0  # seconds: how often a job's progress is stored at the most
_clock = time.monotonic


def _live_key(pk: int) -> str:
    return f"optiimi.job.{pk}.progress"


def post_live(pk: int, shown: tuple[int, int | None, str]) -> None:
    """Store a running job's progress outside the database (huey's key-value store: its SQLite
    file or Redis), readable by every process while the job's transaction is open."""
    try:
        huey().put(_live_key(pk), shown)
    except Exception:  # the job goes on; its page shows the progress of the next report
        log.warning("job %s: progress not stored", pk, exc_info=True)


def live(job: Job) -> Job:
    """The job with its newest progress: the broker's copy while it runs, else the row's."""
    if job.state == State.RUNNING:
        try:
            shown = huey().get(_live_key(job.pk), peek=True)
        except Exception:
            shown = None
        if shown is not None:
            job.done, job.total, job.stage = shown
    return job


def _forget_live(pk: int) -> None:
    try:
        huey().delete(_live_key(pk))
    except Exception:
        log.warning("job %s: stored progress not removed", pk, exc_info=True)


def _lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.JOBS_LEASE_SECONDS)


def _holding(pk: int, attempt: int) -> Any:
    return Job.objects.filter(pk=pk, attempts=attempt, state=State.RUNNING)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def start(
    kind: str,
    *,
    actor: Actor,
    params: dict[str, Any] | None = None,
    payload: bytes | None = None,
    key: str = "",
    label: str = "",
    queue: bool = True,
) -> Job:
    """Record a job and queue it (`queue=False`: for `run_inline`). With a `key`, a job of the
    same key that is still waiting or running is returned instead of a second one (the same
    work is not queued twice). The job speaks the language active here."""
    if kind not in _kinds:
        raise KeyError(f"no job kind {kind!r}; known: {', '.join(sorted(_kinds))}")
    if key:
        same = Job.objects.filter(key=key, state__in=[State.QUEUED, State.RUNNING]).first()
        if same is not None:
            return same
    job = Job.objects.create(
        kind=kind,
        key=key,
        label=(label or str(_kinds[kind].label))[:300],
        params={**(params or {}), "language": translation.get_language()},
        payload=payload,
        max_attempts=_kinds[kind].max_attempts,
        created_by=user_of(actor),
    )
    if queue:
        enqueue(job)
        job.refresh_from_db()
    return job


def enqueue(job: Job) -> None:
    Job.objects.filter(pk=job.pk).update(enqueued_at=timezone.now())
    _huey()[1](job.pk)


def claim(pk: int, worker: str) -> int | None:
    """Take the job for this worker; the attempt's number, or None if it is not to be run."""
    now = timezone.now()
    free = Q(state=State.QUEUED) | Q(state=State.RUNNING, lease_until__lt=now)
    taken = Job.objects.filter(free, pk=pk, attempts__lt=F("max_attempts")).update(
        state=State.RUNNING,
        attempts=F("attempts") + 1,
        worker=worker[:200],
        lease_until=now + _lease(),
        heartbeat_at=now,
        started_at=now,
    )
    if not taken:
        return None
    return Job.objects.values_list("attempts", flat=True).get(pk=pk)


def execute(pk: int, *, worker: str | None = None, listener: Listener | None = None) -> Job | None:
    """Claim and run job `pk`; the job as it ended, or None when it was not this one's to run."""
    attempt = claim(pk, worker or worker_name())
    if attempt is None:
        return None
    job = Job.objects.select_related("created_by").get(pk=pk)
    ctx = Context(job, attempt, listener)
    beat = None if settings.JOBS_EAGER else _Heartbeat(ctx)
    if beat:
        beat.start()
    try:
        kind = _kinds.get(job.kind)
        if kind is None:
            raise Failed(f"no job kind {job.kind!r} in this version")
        with translation.override(job.params.get("language")):
            outcome = kind.run(ctx)
        if isinstance(outcome, str):
            outcome = Done(outcome)
    except Failed as exc:
        _finish(ctx, State.FAILED, str(exc), exc.link)
    except Exception as exc:
        log.exception("job %s (%s) attempt %s failed", pk, job.kind, attempt)
        if attempt < job.max_attempts:
            requeued = _holding(pk, attempt).update(
                state=State.QUEUED, stage=f"{type(exc).__name__}; trying again", lease_until=None
            )
            if requeued:
                _forget_live(pk)
                enqueue(job)
        else:
            _finish(ctx, State.FAILED, f"{type(exc).__name__}: {exc}"[:2000])
    else:
        ctx.done = ctx.total if ctx.total is not None else ctx.done
        _finish(ctx, State.DONE, outcome.message, outcome.link, outcome.file)
    finally:
        if beat:
            beat.stop()
    job.refresh_from_db()
    return job


def _finish(
    ctx: Context,
    state: str,
    message: str,
    link: str = "",
    file: tuple[str, bytes, str] | None = None,
) -> None:
    name, data, kind = file or ("", None, "")
    ended = _holding(ctx.job.pk, ctx.attempt).update(
        result=data,
        result_name=name[:200],
        result_type=kind[:100],
        state=state,
        message=message,
        link=link,
        done=ctx.done,
        total=ctx.total,
        stage="",
        payload=None,
        lease_until=None,
        finished_at=timezone.now(),
    )
    if not ended:
        log.warning(
            "job %s: attempt %s lost its lease; its result is dropped", ctx.job.pk, ctx.attempt
        )
    else:
        _forget_live(ctx.job.pk)


class _Heartbeat(threading.Thread):
    """Renews a running job's lease and writes its progress, from its own connection."""

    def __init__(self, ctx: Context) -> None:
        super().__init__(daemon=True, name=f"job-{ctx.job.pk}-heartbeat")
        self.ctx = ctx
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(settings.JOBS_HEARTBEAT_SECONDS):
                with self.ctx._lock:
                    shown = (self.ctx.done, self.ctx.total, self.ctx.stage)
                post_live(self.ctx.job.pk, shown)  # readable even while the row is locked
                try:
                    self.ctx.write(renew=True)
                except Exception:  # a locked database: the next beat tries again
                    log.warning("job %s: heartbeat not written", self.ctx.job.pk, exc_info=True)
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()


def run_inline(job: Job, listener: Listener | None = None) -> Job:
    """Run a recorded job in this process (the CLI's `--now`)."""
    ended = execute(job.pk, worker=f"{worker_name()} inline", listener=listener)
    if ended is None:
        raise Failed(f"job {job.pk} is already being run by {job.worker or 'a worker'}")
    if ended.state == State.QUEUED:  # an error that a worker would retry: run it again here
        return run_inline(ended, listener)
    return ended


def _dead_here(worker: str) -> bool:
    """Whether `worker` names a process of this machine that no longer runs."""
    host, _sep, rest = worker.partition(":")
    pid = rest.split(" ", 1)[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def sweep() -> int:
    """Put back in the queue the jobs whose worker died (an expired lease, or a dead process
    of this machine), failing those out of attempts; queue again jobs waiting unqueued for
    longer than a lease. Returns how many jobs were queued again."""
    now = timezone.now()
    requeued = 0
    for job in Job.objects.filter(state=State.RUNNING).only(
        "pk", "worker", "lease_until", "attempts", "max_attempts"
    ):
        expired = job.lease_until is None or job.lease_until < now
        if not (expired or _dead_here(job.worker)):
            continue
        stale = Job.objects.filter(pk=job.pk, state=State.RUNNING, attempts=job.attempts)
        if job.attempts >= job.max_attempts:
            stale.update(
                state=State.FAILED,
                message=f"The job stopped {job.attempts} times without finishing.",
                lease_until=None,
                finished_at=now,
            )
        elif stale.update(state=State.QUEUED, stage="the worker stopped; trying again"):
            enqueue(job)
            requeued += 1
    for job in Job.objects.filter(state=State.QUEUED, enqueued_at__lt=now - _lease()):
        enqueue(job)
        requeued += 1
    return requeued


def export_jobs(subject: Any) -> dict[str, Any] | None:
    """The jobs a person started (`core.personal_data`): what, when, how they ended."""
    if subject.user_id is None:
        return None
    rows = [
        {
            "job": job.label,
            "kind": job.kind,
            "file": job.params.get("name", ""),
            "created": job.created_at.isoformat(),
            "state": job.state,
        }
        for job in Job.objects.filter(created_by_id=subject.user_id).order_by("created_at")
    ]
    return {"jobs": rows} if rows else None


def erase_jobs(subject: Any, actor: Actor) -> None:
    """Drop the uploaded files, parameters and labels (a file's name) of a person's jobs; a job
    still waiting will not run without them, so it ends as failed."""
    if subject.user_id is None:
        return
    theirs = Job.objects.filter(created_by_id=subject.user_id)
    for job in theirs.only("pk", "kind", "params"):
        kind = _kinds.get(job.kind)
        Job.objects.filter(pk=job.pk).update(
            payload=None,
            params={"language": job.params.get("language")},
            label=str(kind.label if kind else job.kind)[:300],
            key="",
        )
    theirs.filter(state=State.QUEUED).update(
        state=State.FAILED,
        message="The person who started the job was erased; it was not run.",
        finished_at=timezone.now(),
    )


REINDEX = "core.reindex"


def _reindex(ctx: Context) -> Done:
    """Rebuild the search index and save it for every web worker to load."""
    import time as clock

    from optiimi.core.search import store

    ctx.progress(0, None, translation.gettext("Indexing the documents"))
    started = clock.perf_counter()
    built = store.rebuild()
    return Done(f"Indexed {len(built)} documents in {clock.perf_counter() - started:.1f} s.")


register(REINDEX, _reindex, label=translation.gettext_lazy("Rebuild the search index"))


# Work a worker does every minute besides running jobs (scheduled refreshes): name → function.
_every_minute: dict[str, Callable[[], object]] = {}


def every_minute(name: str, fn: Callable[[], object]) -> None:
    """Have the worker call `fn` every minute (it starts jobs for what is due)."""
    _every_minute[name] = fn


def tick() -> None:
    sweep()
    for name, fn in _every_minute.items():
        try:
            fn()
        except Exception:
            log.exception("every-minute %s failed", name)


@functools.cache
def _huey() -> tuple[Huey, Any]:
    """The huey instance of this process and its one task, "run job N"."""
    from huey import MemoryHuey, RedisHuey, SqliteHuey, crontab

    broker = settings.JOBS_BROKER
    huey: Huey
    if settings.JOBS_EAGER:
        huey = MemoryHuey("optiimi", immediate=True, results=False)
    elif broker.startswith(("redis://", "rediss://", "unix://")):
        huey = RedisHuey("optiimi", url=broker, results=False)
    elif broker == "memory":
        huey = MemoryHuey("optiimi", results=False)
    else:
        filename = broker.removeprefix("sqlite:///") or str(settings.DATA_DIR / "jobs.sqlite3")
        huey = SqliteHuey("optiimi", filename=filename, results=False)

    @huey.task(name="optiimi.job")
    def run_job(pk: int) -> None:
        try:
            execute(pk)
        finally:
            if not settings.JOBS_EAGER:  # in a worker: as after a request
                close_old_connections()

    @huey.periodic_task(crontab(minute="*"), name="optiimi.tick")
    def every_minute_task() -> None:
        try:
            tick()
        finally:
            close_old_connections()

    @huey.on_startup(name="optiimi.sweep")
    def on_startup() -> None:
        try:
            sweep()
        finally:
            close_old_connections()

    return huey, run_job


def huey() -> Huey:
    return _huey()[0]


def reset() -> None:
    """Forget the huey instance (tests that change the broker)."""
    _huey.cache_clear()
