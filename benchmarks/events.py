"""Load: 500 concurrent registrations over HTTP for 100 seats, against `optiimi serve` on
PostgreSQL and on SQLite. Expect exactly 100 confirmed, 400 waiting and no errors on each;
report the throughput, the latency and the CPU time per registration of the client, the server
and the database.

Loopback only, bounded: 500 requests, 60 s timeout each, the server stopped at the end. Each
database is measured in a process of its own. `BENCH_EVENTS_SIZE=requests,seats,concurrency`
(e.g. `50,10,10`) checks the benchmark at a small size; results are written only at full size.
Each database is measured `BENCH_EVENTS_RUNS` times (default 3) and the median run reported.
`BENCH_EVENTS_SERVER=workers,threads` sets gunicorn's (default 4,8; empty: `optiimi serve`'s).
"""

from __future__ import annotations

import datetime
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchmarks.common import fresh_postgres, setup_django, write

DATABASE = os.environ.get(
    "BENCH_EVENTS_DATABASE", "postgres://postgres@127.0.0.1:5432/optiimi_bench_events"
)
FULL_SIZE = (500, 100, 100)
SIZE = os.environ.get("BENCH_EVENTS_SIZE", "")
REQUESTS, SEATS, CONCURRENCY = (int(n) for n in SIZE.split(",")) if SIZE else FULL_SIZE
BACKENDS = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
RUNS = int(os.environ.get("BENCH_EVENTS_RUNS", "3"))
# gunicorn's workers and threads: `BENCH_EVENTS_SERVER=2,8`; empty for `optiimi serve`'s defaults
SERVER = os.environ.get("BENCH_EVENTS_SERVER", "4,8")
TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_seconds(pid: int) -> float:
    """The CPU time (user and system) a process has used so far, 0 if it is gone (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (Linux)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def measure(backend: str) -> dict:
    if backend == "postgresql":
        fresh_postgres(DATABASE)
        data_dir = setup_django(DATABASE)
        database = DATABASE
    else:
        os.environ.pop("DATABASE_URL", None)
        data_dir = setup_django()
        database = f"sqlite:///{data_dir / 'optiimi.sqlite3'}"
    from django.utils import timezone

    from optiimi.core.writes import System
    from optiimi.demo.loader import load_regions
    from optiimi.events import services
    from optiimi.events.models import Registration

    load_regions()
    start = timezone.now() + datetime.timedelta(days=30)
    event = services.create_event(
        actor=System("benchmark"),
        title="Kuormitustesti",
        start=start,
        end=start + datetime.timedelta(hours=3),
        capacity=SEATS,
    )
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "OPTIIMI_DATA_DIR": str(data_dir),
        "OPTIIMI_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "DJANGO_SETTINGS_MODULE": "optiimi.settings",
    }
    tuning = []
    if SERVER:
        workers, threads = SERVER.split(",")
        tuning = ["--workers", workers, "--threads", threads]
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "optiimi"), "serve", "--port", str(port), *tuning],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        ready_by = time.monotonic() + 180  # a busy machine starts the workers slowly
        while True:
            try:
                urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/api/v1/events/{event.pk}", timeout=10
                )
                break
            except OSError:
                if time.monotonic() > ready_by or server.poll() is not None:
                    raise RuntimeError("the server did not start") from None
                time.sleep(0.5)

        # One keep-alive connection per client thread, as a browser or a load balancer keeps
        # them: every registration is still a request of its own, its latency measured alone.
        local = threading.local()
        connections: list[http.client.HTTPConnection] = []
        path = f"/api/v1/events/{event.pk}/registrations"
        headers = {"Content-Type": "application/json"}

        def register(n: int) -> tuple[str, float]:
            body = json.dumps({"name": f"Osallistuja {n}", "email": f"p{n}@example.com"})
            began = time.perf_counter()
            for attempt in (1, 2):  # once more on a new connection if the server closed it
                if getattr(local, "conn", None) is None:
                    local.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                    connections.append(local.conn)
                try:
                    local.conn.request("POST", path, body, headers)
                    response = local.conn.getresponse()
                    status = json.loads(response.read())["status"]
                    break
                except (
                    http.client.RemoteDisconnected,
                    BrokenPipeError,
                    ConnectionResetError,
                ) as exc:
                    local.conn.close()
                    local.conn = None
                    status = f"error: {exc}"
                    if attempt == 2:
                        break
                except (OSError, http.client.HTTPException, KeyError, ValueError) as exc:
                    local.conn.close()
                    local.conn = None
                    status = f"error: {exc}"
                    break
            return status, time.perf_counter() - began

        server_processes = [server.pid, *_children(server.pid)]
        server_cpu = sum(_cpu_seconds(p) for p in server_processes)
        client_cpu = time.process_time()
        began = time.perf_counter()
        with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
            results = list(pool.map(register, range(REQUESTS)))
        elapsed = time.perf_counter() - began
        client_cpu = time.process_time() - client_cpu
        for conn in connections:
            conn.close()
        server_cpu = sum(_cpu_seconds(p) for p in server_processes) - server_cpu
        database_cpu = _database_cpu(backend)
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    statuses = [s for s, _t in results]
    latencies = sorted(t for _s, t in results)
    confirmed = Registration.objects.filter(event=event, status="confirmed").count()
    waiting = Registration.objects.filter(event=event, status="waiting").count()
    errors = [s for s in statuses if s.startswith("error")]
    return {
        "requests": REQUESTS,
        "seats": SEATS,
        "concurrency": CONCURRENCY,
        "answered_confirmed": statuses.count("confirmed"),
        "answered_waiting": statuses.count("waiting"),
        "errors": len(errors),
        "first_error": errors[0] if errors else None,
        "stored_confirmed": confirmed,
        "stored_waiting": waiting,
        "seconds": round(elapsed, 2),
        "registrations_per_second": round(REQUESTS / elapsed, 1),
        "latency_p50_ms": round(latencies[len(latencies) // 2] * 1000, 1),
        "latency_p95_ms": round(latencies[int(len(latencies) * 0.95)] * 1000, 1),
        "server": f"optiimi serve ({_serving(SERVER)}), {BACKENDS[backend]}",
        "cpu_ms_per_registration": {
            "client": round(client_cpu / REQUESTS * 1000, 2),
            "server": round(server_cpu / REQUESTS * 1000, 2),
            "database": None if database_cpu is None else round(database_cpu / REQUESTS * 1000, 2),
        },
        "ok": confirmed == SEATS and waiting == REQUESTS - SEATS and not errors,
    }


def _database_cpu(backend: str) -> float | None:
    """The CPU time of this database's PostgreSQL server processes, which the server's
    connections (kept open between requests) opened for the run; None on SQLite, whose work is
    the server's own."""
    if backend != "postgresql":
        return None
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
        return sum(_cpu_seconds(pid) for (pid,) in cursor.fetchall())


def _serving(server: str) -> str:
    if not server:
        return "gunicorn, its default workers and threads"
    workers, threads = server.split(",")
    return f"gunicorn, {workers} workers × {threads} threads"


def _run(backend: str) -> dict:
    """One measurement in a process of its own, with the load average before and after."""
    before = os.getloadavg()[0]
    child = subprocess.run(
        [sys.executable, "-m", "benchmarks.events", "--measure", backend],
        capture_output=True,
        text=True,
        check=False,
    )
    if child.returncode:
        sys.exit(f"{backend}: {child.stderr.strip()}")
    result = json.loads(child.stdout.strip().splitlines()[-1])
    result["load_average"] = [round(before, 2), round(os.getloadavg()[0], 2)]
    return result


def _median(runs: list[dict]) -> dict:
    return sorted(runs, key=lambda r: r["registrations_per_second"])[len(runs) // 2]


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--measure":
        print(json.dumps(measure(sys.argv[2])))
        return
    load = os.getloadavg()[0]
    runs: dict[str, list[dict]] = {backend: [] for backend in BACKENDS}
    for _ in range(RUNS):
        for backend in BACKENDS:  # alternately, so that a spell of load falls on both
            runs[backend].append(_run(backend))
    results = {backend: _median(measured) for backend, measured in runs.items()}
    rows = [
        ("confirmed (stored / answered)", "stored_confirmed", "answered_confirmed"),
        ("waiting (stored / answered)", "stored_waiting", "answered_waiting"),
    ]
    table = [f"| | {' | '.join(BACKENDS[b] for b in results)} |", "|---|---|---|"]
    for label, stored, answered in rows:
        table.append(
            f"| {label} | "
            + " | ".join(f"{r[stored]} / {r[answered]}" for r in results.values())
            + " |"
        )
    for label, fmt in [
        ("errors", lambda r: str(r["errors"])),
        ("wall time", lambda r: f"{r['seconds']:.2f} s"),
        ("throughput", lambda r: f"{r['registrations_per_second']:.0f} registrations/s"),
        ("latency p50 / p95", lambda r: f"{r['latency_p50_ms']} / {r['latency_p95_ms']} ms"),
        (
            "CPU per registration: client / server / database",
            lambda r: " / ".join(
                "–" if ms is None else f"{ms} ms" for ms in r["cpu_ms_per_registration"].values()
            ),
        ),
        ("load average before / after", lambda r: " / ".join(map(str, r["load_average"]))),
    ]:
        table.append(f"| {label} | " + " | ".join(fmt(r) for r in results.values()) + " |")
    every = [
        f"- {BACKENDS[backend]}: "
        + "; ".join(
            f"{r['registrations_per_second']:.0f}/s, p95 {r['latency_p95_ms']:.0f} ms, "
            f"{r['stored_confirmed']} confirmed, {r['errors']} errors "
            f"(load {r['load_average'][0]})"
            for r in measured
        )
        for backend, measured in runs.items()
    ]
    markdown = "\n".join(table)
    postgres = results["postgresql"]
    summary = {
        **{k: postgres[k] for k in ("requests", "seats", "concurrency")},
        "runs": RUNS,
        "load_average_at_start": load,
        "postgresql": postgres,
        "sqlite": results["sqlite"],
        "every_run": runs,
        "ok": all(r["ok"] for measured in runs.values() for r in measured),
    }
    if (REQUESTS, SEATS, CONCURRENCY) != FULL_SIZE:
        print(json.dumps(summary, indent=2))
        print(markdown)
    else:
        write(
            "events",
            summary,
            f"""
{REQUESTS} registrations sent at once ({CONCURRENCY} in flight) over HTTP to
`POST /api/v1/events/{{id}}/registrations` for an event with {SEATS} seats, against
`optiimi serve` ({_serving(SERVER)}), all on this machine: on PostgreSQL and on
SQLite (WAL, IMMEDIATE transactions). {RUNS} runs on each, alternately; the table shows the
median run by throughput (the load average is the machine's, before and after the run: the
client, the server and the database share its {os.cpu_count()} cores with whatever else runs).
Each of the {CONCURRENCY} client threads keeps one HTTP connection open; each registration is
a request of its own, timed alone. The CPU time per registration is that of the client, of the
server's processes and of the database server's processes for its connections, over the run.

{markdown}

Every run:

{chr(10).join(every)}

Run it alone with `python -m benchmarks events` (`BENCH_EVENTS_RUNS=1` for one run each).

An event has one seat row per place. A registration, on PostgreSQL, holds the event row in KEY
SHARE mode (shared with other registrations; a cancellation or a capacity change waits for it)
while reading what is known of the address, and claims one free seat with
`SELECT … FOR UPDATE SKIP LOCKED`, so concurrent registrations lock different rows and commit
in parallel, and PostgreSQL flushes their commits together. On SQLite the write lock of an
IMMEDIATE transaction queues them one at a time. The seats are never overbooked however many
arrive at once.
""",
        )
    if not summary["ok"]:
        sys.exit(f"capacity not respected or errors: {summary}")


if __name__ == "__main__":
    main()
