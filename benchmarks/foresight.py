"""Foresight benchmarks: a 1,000,000-cell JSON-stat import (SQLite and PostgreSQL, against
parsing only with pyjstat), forecasting 20,000 annual series (against AutoETS alone), and the
sub-region dashboard's p95 with the national data loaded.

    .venv/bin/python benchmarks/foresight.py                 # everything -> results/foresight.*
    .venv/bin/python benchmarks/foresight.py --series 2000   # a smaller forecast run
    .venv/bin/python benchmarks/foresight.py --forecast-only # forecasts only; keeps the rest
    .venv/bin/python benchmarks/foresight.py --skip-forecast  # imports and dashboards only

The PostgreSQL part uses OPTIIMI_BENCH_PG_URL (a database it may flush).

Each database part runs in its own process (Django settings are per process).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
REGIONS_CSV = ROOT.parent / "shared" / "data" / "regions" / "kunta_seutukunta_maakunta_2025.csv"
PG_URL = os.environ.get(
    "OPTIIMI_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/optiimi_foresight"
)
YEARS = [str(y) for y in range(2000, 2025)]
METRICS = 100


def make_jsonstat(path: Path, areas: list[str]) -> int:
    """Areas × 25 years × 100 metrics, row-major, every 997th cell suppressed."""
    import random

    rng = random.Random(1)
    values: list[float | None] = []
    status = {}
    for a in range(len(areas)):
        for _y in range(len(YEARS)):
            for m in range(METRICS):
                values.append(round(1000 + a * 3 + m * 7 + rng.random() * 50, 1))
    for pos in range(0, len(values), 997):
        values[pos] = None
        status[str(pos)] = ".."
    metrics = [f"m{i:03d}" for i in range(METRICS)]
    doc = {
        "class": "dataset",
        "version": "2.0",
        "label": "Benchmark",
        "source": "synthetic",
        "updated": "2025-01-01T00:00:00Z",
        "id": ["Alue", "Vuosi", "Tiedot"],
        "size": [len(areas), len(YEARS), METRICS],
        "role": {"geo": ["Alue"], "time": ["Vuosi"], "metric": ["Tiedot"]},
        "extension": {"px": {"tableid": "statfin_bench_pxt_1"}},
        "dimension": {
            "Alue": {"category": {"index": areas}},
            "Vuosi": {"category": {"index": YEARS}},
            "Tiedot": {
                "category": {
                    "index": metrics,
                    "label": {m: f"Mittari {m}" for m in metrics},
                    "unit": {m: {"base": "count"} for m in metrics},
                }
            },
        },
        "value": values,
        "status": status,
    }
    path.write_text(json.dumps(doc))
    return len(values)


def django_setup(database_url: str | None, data_dir: str) -> None:
    os.environ["OPTIIMI_DATA_DIR"] = data_dir
    os.environ["OPTIIMI_DEBUG"] = "true"
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "optiimi.settings")
    sys.path.insert(0, str(ROOT / "src"))
    if database_url:
        sys.path.insert(0, str(ROOT))
        from benchmarks.common import fresh_postgres

        fresh_postgres(database_url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from optiimi.demo.loader import load_regions
    from optiimi.regions.models import Region

    if REGIONS_CSV.is_file():
        call_command("import_regions", str(REGIONS_CSV), verbosity=0)
    else:
        load_regions()
    if not Region.objects.filter(geometry__isnull=False).exists():
        load_regions()


def area_codes() -> list[str]:
    from optiimi.regions.models import Region

    return ["SSS", *sorted(r.statfin_code for r in Region.objects.all())]


def run_database(kind: str, file: Path | None) -> dict:
    """In a child process: import the file (twice: new, then unchanged), time the dashboard."""
    data_dir = tempfile.mkdtemp(prefix=f"foresight-bench-{kind}-")
    django_setup(PG_URL if kind == "postgresql" else None, data_dir)
    from django.test import Client

    from optiimi.core.writes import System
    from optiimi.foresight import services
    from optiimi.foresight.sources import read_file

    path = file or Path(data_dir) / "bench.json"
    if file is None:
        make_jsonstat(path, area_codes())
    start = time.perf_counter()
    fmt, metas, rows, total = read_file(path)
    bench = System("benchmark")
    run = services.import_observations(metas, rows, source=path.name, format=fmt, actor=bench)
    seconds = time.perf_counter() - start
    start = time.perf_counter()
    _fmt, metas, rows, _total = read_file(path)
    again = services.import_observations(metas, rows, source=path.name, format=fmt, actor=bench)
    reimport = time.perf_counter() - start
    client = Client(HTTP_HOST="127.0.0.1")
    assert client.get("/foresight/131/").status_code == 200
    times = []
    for _ in range(40):
        t = time.perf_counter()
        client.get("/foresight/131/")
        times.append((time.perf_counter() - t) * 1000)
    return {
        "database": kind,
        "cells": total,
        "created": run.created,
        "import_seconds": round(seconds, 2),
        "reimport_unchanged_seconds": round(reimport, 2),
        "reimport_unchanged": again.unchanged,
        "dashboard_p95_ms": round(statistics.quantiles(times, n=20)[18], 1),
        "dashboard_median_ms": round(statistics.median(times), 1),
        "file": str(path),
    }


def pyjstat_parse(path: Path) -> float:
    from pyjstat import pyjstat

    start = time.perf_counter()
    pyjstat.Dataset.read(path.read_text()).write("dataframe")
    return time.perf_counter() - start


def forecast_bench(n: int) -> dict:
    import numpy as np
    import polars as pl

    sys.path.insert(0, str(ROOT / "src"))
    from statsforecast import StatsForecast
    from statsforecast.models import AutoETS

    from optiimi.foresight.forecasting import forecast

    rng = np.random.default_rng(1)
    years = np.arange(2000, 2025)
    ids = np.repeat([f"s{i}" for i in range(n)], len(years))
    level = rng.uniform(100, 10000, n)[:, None]
    trend = rng.normal(0.01, 0.02, n)[:, None]
    y = level * np.cumprod(1 + trend + rng.normal(0, 0.02, (n, len(years))), axis=1)
    df = pl.DataFrame({"unique_id": ids, "ds": np.tile(years, n), "y": y.ravel()})
    forecast(df.filter(pl.col("unique_id").is_in(["s0", "s1"])), n_jobs=1)  # JIT warm-up
    load = os.getloadavg()[0]
    start, cpu = time.perf_counter(), _cpu_seconds()
    result = forecast(df, h=5, n_jobs=2)
    ours, ours_cpu = time.perf_counter() - start, _cpu_seconds() - cpu
    start, cpu = time.perf_counter(), _cpu_seconds()
    StatsForecast(models=[AutoETS(season_length=1)], freq=1, n_jobs=2).forecast(
        df=df, h=5, level=[80]
    )
    ets, ets_cpu = time.perf_counter() - start, _cpu_seconds() - cpu
    return {
        "series": n,
        "ensemble_seconds": round(ours, 1),
        "ensemble_series_per_second": round(n / ours, 1),
        # CPU time of this process and its workers: on an idle machine the two processes
        # would take about half of it as wall time
        "ensemble_cpu_seconds": round(ours_cpu, 1),
        "autoets_only_seconds": round(ets, 1),
        "autoets_only_series_per_second": round(n / ets, 1),
        "autoets_only_cpu_seconds": round(ets_cpu, 1),
        "load_average_before": round(load, 1),
        "median_mase": round(float(result.accuracy["mase"].median()), 3),
    }


def _cpu_seconds() -> float:
    """User and system time of this process and of its finished child processes."""
    import resource

    own, children = (
        resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _child(kind: str, file: Path | None = None) -> dict:
    cmd = [sys.executable, __file__, "--child", kind] + (["--file", str(file)] if file else [])
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode:
        return {"error": done.stderr[-800:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", choices=["sqlite", "postgresql"])
    parser.add_argument("--file", type=Path)
    parser.add_argument("--series", type=int, default=20_000)
    parser.add_argument("--skip-forecast", action="store_true")
    parser.add_argument(
        "--forecast-only",
        action="store_true",
        help="run only the forecast part and keep the other figures of the last run",
    )
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_database(args.child, args.file)))
        return
    results: dict = {"machine": f"{os.cpu_count()} cores"}
    if args.forecast_only and (RESULTS / "foresight.json").is_file():
        earlier = json.loads((RESULTS / "foresight.json").read_text())
        results.update({k: v for k, v in earlier.items() if k not in results})
    else:
        results["sqlite"] = _child("sqlite")
    if "file" in results["sqlite"] and not args.forecast_only:
        path = Path(results["sqlite"]["file"])
        parse = pyjstat_parse(path)
        results["pyjstat_parse_seconds"] = round(parse, 2)
        results["postgresql"] = _child("postgresql", path)
        for db in ("sqlite", "postgresql"):
            if "import_seconds" in results[db]:
                results[db]["ratio_to_pyjstat_parse"] = round(
                    results[db]["import_seconds"] / parse, 1
                )
    if not args.skip_forecast:
        results["forecast"] = forecast_bench(args.series)
    elif (RESULTS / "foresight.json").is_file():  # keep the last forecast run's figures
        earlier = json.loads((RESULTS / "foresight.json").read_text())
        if "forecast" in earlier:
            results["forecast"] = earlier["forecast"]
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "foresight.json").write_text(json.dumps(results, indent=2))
    lines = ["# Foresight benchmarks", "", f"Machine: {results['machine']}.", ""]
    for db in ("sqlite", "postgresql"):
        r = results.get(db, {})
        if "import_seconds" in r:
            lines.append(
                f"- {db}: import {r['cells']:,} cells in {r['import_seconds']} s "
                f"(target ≤ 10 s; {r['ratio_to_pyjstat_parse']}× pyjstat's parse of "
                f"{results['pyjstat_parse_seconds']} s); unchanged re-import "
                f"{r['reimport_unchanged_seconds']} s; sub-region dashboard p95 "
                f"{r['dashboard_p95_ms']} ms (target ≤ 300 ms)"
            )
        else:
            lines.append(f"- {db}: failed: {r.get('error', 'not run')[-300:]}")
    if "forecast" in results:
        f = results["forecast"]
        lines.append(
            f"- forecast {f['series']:,} annual series (25 years, h=5, 3 backtest "
            f"origins, 2 jobs): {f['ensemble_seconds']} s = "
            f"{f['ensemble_series_per_second']} series/s (target: 20,000 in ≤ 60 s); "
            f"AutoETS alone {f['autoets_only_series_per_second']} series/s; "
            f"median ensemble MASE {f['median_mase']}"
            + (
                f"; CPU time {f['ensemble_cpu_seconds']} s (AutoETS alone "
                f"{f['autoets_only_cpu_seconds']} s), load average before the run "
                f"{f['load_average_before']} on {os.cpu_count()} cores"
                if "ensemble_cpu_seconds" in f
                else ""
            )
        )
    (RESULTS / "foresight.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
