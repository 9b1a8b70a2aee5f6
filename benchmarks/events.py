"""Load: 500 concurrent registrations over HTTP for 100 seats, against `optiimi serve` on
PostgreSQL. Expect exactly 100 confirmed, 400 waiting and no errors; report the throughput.

Loopback only, bounded: 500 requests, 60 s timeout each, the server stopped at the end.
"""

from __future__ import annotations

import datetime
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchmarks.common import fresh_postgres, setup_django, write

DATABASE = os.environ.get(
    "BENCH_EVENTS_DATABASE", "postgres://postgres@127.0.0.1:5432/optiimi_bench_events"
)
REQUESTS, SEATS, CONCURRENCY = 500, 100, 100


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    fresh_postgres(DATABASE)
    data_dir = setup_django(DATABASE)
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
        "DATABASE_URL": DATABASE,
        "OPTIIMI_DATA_DIR": str(data_dir),
        "OPTIIMI_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "DJANGO_SETTINGS_MODULE": "optiimi.settings",
    }
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "optiimi"),
            "serve",
            "--port",
            str(port),
            "--workers",
            "4",
            "--threads",
            "8",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/api/v1/events/{event.pk}/registrations"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/api/v1/events/{event.pk}",
                    timeout=2,
                )
                break
            except OSError:
                time.sleep(0.2)

        def register(n: int) -> tuple[str, float]:
            body = json.dumps({"name": f"Osallistuja {n}", "email": f"p{n}@example.com"})
            request = urllib.request.Request(
                url, data=body.encode(), method="POST", headers={"Content-Type": "application/json"}
            )
            began = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                    status = json.loads(response.read())["status"]
            except (urllib.error.URLError, OSError, KeyError, ValueError) as exc:
                status = f"error: {exc}"
            return status, time.perf_counter() - began

        began = time.perf_counter()
        with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
            results = list(pool.map(register, range(REQUESTS)))
        elapsed = time.perf_counter() - began
    finally:
        server.terminate()
        server.wait(timeout=20)
    statuses = [s for s, _t in results]
    latencies = sorted(t for _s, t in results)
    confirmed = Registration.objects.filter(event=event, status="confirmed").count()
    waiting = Registration.objects.filter(event=event, status="waiting").count()
    errors = [s for s in statuses if s.startswith("error")]
    summary = {
        "requests": REQUESTS,
        "seats": SEATS,
        "concurrency": CONCURRENCY,
        "answered_confirmed": statuses.count("confirmed"),
        "answered_waiting": statuses.count("waiting"),
        "errors": len(errors),
        "stored_confirmed": confirmed,
        "stored_waiting": waiting,
        "seconds": round(elapsed, 2),
        "registrations_per_second": round(REQUESTS / elapsed, 1),
        "latency_p50_ms": round(latencies[len(latencies) // 2] * 1000, 1),
        "latency_p95_ms": round(latencies[int(len(latencies) * 0.95)] * 1000, 1),
        "server": "optiimi serve (gunicorn, 4 workers × 8 threads), PostgreSQL",
        "ok": confirmed == SEATS and waiting == REQUESTS - SEATS and not errors,
    }
    write(
        "events",
        summary,
        f"""
{REQUESTS} registrations sent at once ({CONCURRENCY} in flight) over HTTP to
`POST /api/v1/events/{{id}}/registrations` for an event with {SEATS} seats, against
`optiimi serve` (gunicorn, 4 workers × 8 threads) on PostgreSQL, all on this machine.

| | |
|---|---|
| confirmed (stored / answered) | {confirmed} / {statuses.count("confirmed")} |
| waiting (stored / answered) | {waiting} / {statuses.count("waiting")} |
| errors | {len(errors)} |
| wall time | {elapsed:.2f} s |
| throughput | {REQUESTS / elapsed:.0f} registrations/s |
| latency p50 / p95 | {summary["latency_p50_ms"]} / {summary["latency_p95_ms"]} ms |

The event row is locked (`SELECT … FOR UPDATE`) while a registration is counted, so the seats
are never overbooked however many arrive at once.
""",
    )
    if not summary["ok"]:
        sys.exit(f"capacity not respected or errors: {summary}")


if __name__ == "__main__":
    main()
