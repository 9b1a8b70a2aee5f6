"""Shared helpers: a throwaway database per benchmark, timing, and writing results."""

from __future__ import annotations

import json
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).parent / "results"


def fresh_postgres(url: str) -> None:
    """Drop and create the PostgreSQL database a benchmark owns (never the project's own)."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(database_url: str | None = None) -> Path:
    """Point Optiimi at a fresh data dir (SQLite unless a URL is given) and migrate."""
    data_dir = Path(tempfile.mkdtemp(prefix="optiimi-bench-"))
    os.environ["OPTIIMI_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "optiimi.settings")
    os.environ["OPTIIMI_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # as `optiimi serve` does
    return data_dir


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    q = statistics.quantiles(ordered, n=100, method="inclusive")
    return {
        "p50_ms": round(q[49] * 1000, 2),
        "p95_ms": round(q[94] * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2),
        "n": len(ordered),
    }


def write(name: str, results: dict[str, Any], markdown: str) -> None:
    RESULTS.mkdir(exist_ok=True)
    meta = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "python": platform.python_version(),
        "measured": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    (RESULTS / f"{name}.json").write_text(json.dumps({**meta, **results}, indent=2) + "\n")
    (RESULTS / f"{name}.md").write_text(
        f"# Benchmark: {name}\n\nMeasured {meta['measured']} on {meta['machine']}, Python "
        f"{meta['python']}.\n\n{markdown.strip()}\n"
    )
    print((RESULTS / f"{name}.md").read_text())
