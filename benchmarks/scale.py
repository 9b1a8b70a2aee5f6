"""Scale curves: each heavy step at 1×, 2×, 4× and 8× the national data, its time and peak
memory against size, on this machine. `docs/scale.md` reads the results.

    python -m benchmarks scale                       # every step at 1, 2, 4, 8 ×
    python -m benchmarks.scale --steps peers-streaming --sizes 8
    make bench BENCH=scale BENCH_SCALE_STEPS=peers-streaming BENCH_SCALE_FACTORS=8

A run of some steps or sizes keeps the earlier results of the others in
`benchmarks/results/scale.json` and writes the tables and charts again from all of them.

1× is the national data the other benchmarks use: 1,000,000 statistics cells (every area of
Finland × 25 years × 100 figures), 400,000 companies × 10 years of financials, 20,000 annual
series to forecast, 20,000 people in 6,000 organisations, 6,000 organisations with 200,000
ties. Each step at each size runs in a process of its own, so its peak memory (the largest
resident set of the process and of the workers it started) is its own; the wall time, the CPU
time (user + system, workers included) and the load average before it are recorded, because on
a shared machine the wall time grows with what else runs, and the CPU time too, though less
(forecasting at 1×: 74 CPU seconds beside other work, 47 on a quiet machine).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.common import RESULTS, write

FACTORS = [int(f) for f in os.environ.get("BENCH_SCALE_FACTORS", "1,2,4,8").split(",")]
ALL_STEPS = ["import", "peers", "peers-streaming", "forecast", "search", "network"]
STEPS = [s for s in os.environ.get("BENCH_SCALE_STEPS", ",".join(ALL_STEPS)).split(",") if s]
# A fraction of the national data as 1× (e.g. 0.01) checks that the benchmark runs; only the
# full size writes the results.
FRACTION = float(os.environ.get("BENCH_SCALE_FRACTION", "1"))
MACHINE_MEMORY_GB = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3

# What each step measures, the unit of its size, and the limit that decides where one machine
# stops for it: a page must answer within the site's budget, a batch must finish overnight.
STEP_INFO: dict[str, dict[str, Any]] = {
    "import": {
        "title": "Statistics import (JSON-stat into the indicator store, SQLite)",
        "size": "cells",
        "limit_s": 3600.0,
        "page": "dashboard_p95_ms",
        "beyond": "PostgreSQL (`DATABASE_URL`); after it a read replica for the dashboards "
        "(`DATABASE_REPLICA_URL`), or Citus to shard the observations by area (not built in "
        "yet: docs/scale.md)",
    },
    "peers": {
        "title": "Peer analytics (growth percentiles in 15 peer groupings, polars)",
        "size": "company-years",
        "limit_s": 3600.0,
        "beyond": "the financials as Parquet files (`optiimi benchmark export-parquet DIR`) "
        "and `OPTIIMI_PEERS_PARQUET=DIR`: the same percentiles a year at a time with polars' "
        "streaming engine (the step `peers-streaming`)",
    },
    "peers-streaming": {
        "title": "Peer analytics over Parquet, a year at a time (polars' streaming engine)",
        "size": "company-years",
        "limit_s": 3600.0,
        "beyond": "each year needs only itself and the year before, so the years could be "
        "computed on separate machines over the same files on shared storage, or in DuckDB "
        "(neither built in yet: docs/scale.md)",
    },
    "forecast": {
        "title": "Forecasting with backtests (the ensemble, both cores)",
        "size": "series",
        "limit_s": 3600.0,
        "beyond": "`optiimi forecast --engine dask --scheduler tcp://HOST:8786` (Ray or Spark "
        "where installed): the same step on a cluster",
    },
    "search": {
        "title": "People search (index rebuild; the people page's p95)",
        "size": "people",
        "limit_s": 3600.0,
        "page": "people_page_p95_ms",
        "beyond": "one index file per region (the index is per installation today), or "
        "PostgreSQL full-text search behind the same core search registry",
    },
    "network": {
        "title": "Network measures (tie ledger rebuild and a year's measures)",
        "size": "ties",
        "limit_s": 3600.0,
        "beyond": "measures per region in parallel jobs (`optiimi worker` on several "
        "machines with `OPTIIMI_JOBS_BROKER=redis://…`), the ledger in PostgreSQL",
    },
}


def _usage() -> tuple[float, float]:
    """CPU seconds (this process and its finished workers) and peak resident MB of either."""
    own, kids = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    cpu = own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
    return cpu, max(own.ru_maxrss, kids.ru_maxrss) / 1024  # Linux: kilobytes


def _measure(fn: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    load = os.getloadavg()[0]
    cpu0, _ = _usage()
    start = time.perf_counter()
    extra = fn()
    wall = time.perf_counter() - start
    cpu1, peak = _usage()
    return {
        "seconds": round(wall, 2),
        "cpu_seconds": round(cpu1 - cpu0, 2),
        "peak_mb": round(peak),
        "load_before": round(load, 2),
        **extra,
    }


# The steps, each run in a child process ------------------------------------------------------


def _django(database_url: str | None = None) -> None:
    from benchmarks.common import setup_django

    setup_django(database_url)


def _all_regions() -> None:
    """Every municipality, sub-region and region of Finland (the classification file beside the
    checkout), or the demo's regions where it is absent."""
    from django.core.management import call_command

    from benchmarks import foresight
    from optiimi.demo.loader import load_regions

    if foresight.REGIONS_CSV.is_file():
        call_command("import_regions", str(foresight.REGIONS_CSV), verbosity=0)
    else:
        load_regions()


def step_import(factor: int) -> dict[str, Any]:
    from benchmarks import foresight

    foresight.METRICS = max(1, round(100 * factor * FRACTION))
    _django()
    from django.test import Client

    from optiimi.core.writes import System
    from optiimi.foresight import services
    from optiimi.foresight.sources import read_file

    _all_regions()
    path = Path(os.environ["OPTIIMI_DATA_DIR"]) / "scale.json"
    cells = foresight.make_jsonstat(path, foresight.area_codes())
    size: dict[str, Any] = {"size": cells}

    def run() -> dict[str, Any]:
        fmt, metas, rows, _total = read_file(path)
        services.import_observations(
            metas, rows, source=path.name, format=fmt, actor=System("benchmark")
        )
        return {}

    result = _measure(run)
    client = Client(HTTP_HOST="127.0.0.1")
    assert client.get("/foresight/131/").status_code == 200
    times = []
    for _ in range(30):
        t = time.perf_counter()
        client.get("/foresight/131/")
        times.append((time.perf_counter() - t) * 1000)
    return {**size, **result, "dashboard_p95_ms": round(statistics.quantiles(times, n=20)[18], 1)}


def step_peers(factor: int) -> dict[str, Any]:
    from benchmarks.benchmark import make_panel, run_polars

    panel = make_panel(round(400_000 * factor * FRACTION), 10)
    size = panel.height
    result = _measure(lambda: {"rows_out": run_polars(panel).height})
    return {"size": size, **result}


def step_peers_streaming(factor: int) -> dict[str, Any]:
    """The same panel and percentiles as `step_peers`, from Parquet files of the financials (one
    a year, written here year by year before the timing) with polars' streaming engine, a year
    at a time (`analytics.percentiles_by_year`, as `OPTIIMI_PEERS_PARQUET` does); each year's
    figures are written to Parquet as `optiimi benchmark percentiles` does."""
    import tempfile

    from benchmarks.benchmark import write_panel_parquet
    from optiimi.benchmark import analytics

    with tempfile.TemporaryDirectory(prefix="optiimi-peers-") as tmp:
        source, out = Path(tmp) / "financials", Path(tmp) / "percentiles"
        out.mkdir()
        size = write_panel_parquet(source, round(400_000 * factor * FRACTION), 10)

        def run() -> dict[str, Any]:
            rows = 0
            for frame in analytics.percentiles_by_year(analytics.scan_panel(source)):
                frame.write_parquet(out / f"percentiles-{frame['year'][0]}.parquet")
                rows += frame.height
            return {"rows_out": rows}

        return {"size": size, **_measure(run)}


def step_forecast(factor: int) -> dict[str, Any]:
    import numpy as np
    import polars as pl

    from optiimi.foresight.forecasting import forecast

    n = round(20_000 * factor * FRACTION)
    rng = np.random.default_rng(1)
    years = np.arange(2000, 2025)
    level = rng.uniform(100, 10000, n)[:, None]
    trend = rng.normal(0.01, 0.02, n)[:, None]
    y = level * np.cumprod(1 + trend + rng.normal(0, 0.02, (n, len(years))), axis=1)
    ids = np.repeat([f"s{i}" for i in range(n)], len(years))
    df = pl.DataFrame({"unique_id": ids, "ds": np.tile(years, n), "y": y.ravel()})
    forecast(df.filter(pl.col("unique_id").is_in(["s0", "s1"])), n_jobs=1)  # JIT warm-up
    result = _measure(lambda: {"series_out": forecast(df, h=5, n_jobs=2).forecasts.height})
    return {"size": n, **result}


def step_search(factor: int) -> dict[str, Any]:
    _django()
    from django.test import Client

    from optiimi.core.search import store
    from optiimi.core.writes import System
    from optiimi.demo import facts, synthetic
    from optiimi.network import services

    _all_regions()
    services.define_competences(facts.COMPETENCES, actor=System("benchmark"))
    people = round(20_000 * factor * FRACTION)
    synthetic.SCALES["scale"] = synthetic.Scale(organisations=round(people * 0.3), people=people)
    synthetic.generate("scale", seed=1)
    store.mark_stale()
    result = _measure(lambda: {"rebuilt": bool(store.rebuild())})
    client = Client()
    queries = ["matkailu", "puurakentaminen", "yritysrahoitus", "energia", "kehittämispäällikkö"]
    for q in queries:
        client.get("/people/", {"q": q})
    times = []
    for _ in range(6):
        for q in queries:
            t = time.perf_counter()
            assert client.get("/people/", {"q": q}).status_code == 200
            times.append((time.perf_counter() - t) * 1000)
    return {
        "size": people,
        **result,
        "people_page_p95_ms": round(statistics.quantiles(times, n=20)[18], 1),
    }


def step_network(factor: int) -> dict[str, Any]:
    size = round(6_000 * factor * FRACTION), round(200_000 * factor * FRACTION)
    os.environ["BENCH_COLLABORATION_SIZE"] = f"{size[0]},{size[1]}"
    _django()
    from benchmarks import collaboration
    from optiimi.collaboration import analytics, queries, services
    from optiimi.core.writes import System

    world = collaboration.load_world()
    # Exact betweenness (igraph, O(organisations × ties)) is the part of the step that grows
    # with the square of the size; its CPU time is recorded beside the step's.
    exact, spent = analytics.betweenness, []

    def betweenness(g: Any) -> dict[Any, float]:
        cpu = time.process_time()
        out = exact(g)
        spent.append(time.process_time() - cpu)
        return out

    analytics.betweenness = betweenness

    def run() -> dict[str, Any]:
        # The rebuild computes and stores the latest year's measures; they are read back, not
        # computed a second time.
        services.rebuild_ledger(actor=System("benchmark"))
        return {"organisations_measured": len(queries.year_measures(collaboration.YEARS[-1]))}

    result = _measure(run)
    return {"size": world["ties"], **result, "betweenness_cpu_seconds": round(sum(spent), 2)}


STEP_FUNCTIONS: dict[str, Callable[[int], dict[str, Any]]] = {
    "import": step_import,
    "peers": step_peers,
    "peers-streaming": step_peers_streaming,
    "forecast": step_forecast,
    "search": step_search,
    "network": step_network,
}


# The curves ----------------------------------------------------------------------------------


def fit(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """Least squares of log y = log a + b log x: y ≈ a·x^b (b = 1 grows linearly)."""
    pts = [(math.log(x), math.log(y)) for x, y in points if x > 0 and y > 0]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    if sxx == 0:
        return None
    b = sum((x - mx) * (y - my) for x, y in pts) / sxx
    return math.exp(my - b * mx), b


def where_it_stops(curve: tuple[float, float] | None, limit: float) -> float | None:
    """The size at which the fitted curve reaches `limit` (extrapolated)."""
    if curve is None or curve[1] <= 0:
        return None
    a, b = curve
    return (limit / a) ** (1 / b)


def svg_chart(
    title: str, unit: str, series: dict[str, list[tuple[float, float]]], y_unit: str = "seconds"
) -> str:
    """A small log–log line chart: size against seconds, one line per measure."""
    width, height, left, bottom, top, right = 640, 320, 70, 40, 30, 150
    xs = [x for pts in series.values() for x, _ in pts]
    ys = [y for pts in series.values() for _, y in pts if y > 0]
    if not xs or not ys:
        return ""
    x0, x1 = math.log10(min(xs)), math.log10(max(xs)) or 1
    y0, y1 = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))
    x1 = x1 if x1 > x0 else x0 + 1
    y1 = y1 if y1 > y0 else y0 + 1

    def px(x: float) -> float:
        return left + (math.log10(x) - x0) / (x1 - x0) * (width - left - right)

    def py(y: float) -> float:
        return height - bottom - (math.log10(y) - y0) / (y1 - y0) * (height - top - bottom)

    colours = ["#1f5f8b", "#c2571a", "#3b7d3b", "#7a4b9a"]
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{title}" font-family="sans-serif" font-size="12">',
        f'<text x="{left}" y="18" font-weight="bold">{title}</text>',
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" '
        'stroke="#555"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}" stroke="#555"/>',
    ]
    for e in range(int(y0), int(y1) + 1):
        y = py(10**e)
        label = f"{10**e:g}"
        out.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#ddd"/>'
        )
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{label}</text>')
    for x in sorted(set(xs)):
        out.append(
            f'<text x="{px(x):.1f}" y="{height - bottom + 16}" text-anchor="middle">'
            f"{x:,.0f}</text>".replace(",", " ")
        )
    out.append(
        f'<text x="{(left + width - right) / 2}" y="{height - 4}" '
        f'text-anchor="middle">{unit} (log scale)</text>'
    )
    out.append(
        f'<text x="14" y="{(top + height - bottom) / 2}" text-anchor="middle" '
        f'transform="rotate(-90 14 {(top + height - bottom) / 2})">{y_unit} (log scale)</text>'
    )
    for i, (name, pts) in enumerate(series.items()):
        colour = colours[i % len(colours)]
        good = [(x, y) for x, y in sorted(pts) if y > 0]
        path = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in good)
        out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for x, y in good:
            out.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3" fill="{colour}"/>')
        out.append(
            f'<text x="{width - right + 8}" y="{top + 16 + i * 18}" fill="{colour}">{name}</text>'
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _child(step: str, factor: int) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "benchmarks.scale", "--child", step, str(factor)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode:
        return {"error": done.stderr[-1500:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _memory_needed(runs: dict[str, Any], factor: int) -> float | None:
    """Peak GB a run at `factor` would need, extrapolated from the runs at smaller factors."""
    good = [(int(f), r["peak_mb"]) for f, r in runs.items() if "peak_mb" in r and int(f) < factor]
    curve = fit([(float(f), mb) for f, mb in good])
    if curve is None:
        return None
    return curve[0] * factor ** curve[1] / 1024


def markdown(results: dict[str, Any]) -> str:
    lines = [
        "# Benchmark: scale curves",
        "",
        f"Written {results['measured']} on {results['machine']}, "
        f"{MACHINE_MEMORY_GB:.0f} GB of memory; each table says when its runs were measured. "
        "1× is the national data "
        "(`benchmarks/scale.py` says what that is for each step); each step at each size ran "
        "in a process of its own. Wall time depends on what else ran on the machine (the load "
        "average before each run is beside it); CPU time, workers included, less so.",
        "",
    ]
    for step, info in STEP_INFO.items():
        runs = results["steps"].get(step)
        if not runs:
            continue
        lines += [f"## {info['title']}", "", f"![{info['title']}](scale-{step}.svg)", ""]
        page = info.get("page")
        head = f"| × | {info['size']} | wall s | CPU s | peak MB | load before |"
        rule = "|---|---|---|---|---|---|"
        if page:
            head += " page p95 ms |"
            rule += "---|"
        lines += [head, rule]
        for factor, run in sorted(runs.items(), key=lambda kv: int(kv[0])):
            if "skipped" in run:
                lines.append(
                    f"| {factor} | not run: it would need about {run['skipped']:.0f} GB at its "
                    f"peak (extrapolated), more than this machine's {MACHINE_MEMORY_GB:.0f} GB "
                    "| | | | |"
                )
                continue
            if "error" in run:
                lines.append(f"| {factor} | failed: {run['error'].splitlines()[-1][:120]} |")
                continue
            row = (
                f"| {factor} | {run['size']:,} | {run['seconds']:.1f} | {run['cpu_seconds']:.1f} "
                f"| {run['peak_mb']:,} | {run['load_before']:.1f} |"
            ).replace(",", " ")
            if page:
                row += f" {run.get(page, '')} |"
            lines.append(row)
        fits = results["fits"].get(step, {})
        lines += [""]
        when: dict[str, list[str]] = {}
        for factor, run in sorted(runs.items(), key=lambda kv: int(kv[0])):
            if "measured" in run and "seconds" in run:
                when.setdefault(run["measured"][:10], []).append(f"{factor}×")
        if when:
            dates = "; ".join(f"{', '.join(fs)} on {day}" for day, fs in when.items())
            lines += [f"Measured {dates}.", ""]
        if fits.get("time"):
            _a, b = fits["time"]
            lines.append(
                f"CPU time grows as size^{b:.2f} (fitted on these points); memory as "
                f"size^{fits['memory'][1]:.2f}."
                if fits.get("memory")
                else ""
            )
        stops = fits.get("stops", {})
        said = []
        if stops.get("time"):
            said.append(
                f"an hour of CPU time at about {stops['time']:,.0f} {info['size']} "
                f"({stops['time'] / fits['base']:.0f}× national)".replace(",", " ")
            )
        if stops.get("memory"):
            said.append(
                f"this machine's memory at about {stops['memory']:,.0f} {info['size']} "
                f"({stops['memory'] / fits['base']:.0f}× national)".replace(",", " ")
            )
        if said:
            lines.append(
                "Extrapolated from the curve, not measured: one machine reaches "
                + "; ".join(said)
                + "."
            )
        lines += ["", f"Past that: {info['beyond']}.", ""]
    return "\n".join(lines) + "\n"


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Scale curves of the heavy steps.")
    parser.add_argument(
        "--steps",
        default=",".join(STEPS),
        help=f"comma-separated, of {','.join(ALL_STEPS)} (default: BENCH_SCALE_STEPS or all)",
    )
    parser.add_argument(
        "--sizes",
        default=",".join(str(f) for f in FACTORS),
        help="comma-separated multiples of the national data (default: BENCH_SCALE_FACTORS "
        "or 1,2,4,8)",
    )
    args = parser.parse_args()
    args.steps = [s for s in args.steps.split(",") if s]
    unknown = sorted(set(args.steps) - set(ALL_STEPS))
    if unknown:
        parser.error(f"no step {', '.join(unknown)}; steps: {', '.join(ALL_STEPS)}")
    args.sizes = [int(f) for f in args.sizes.split(",") if f]
    return args


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        step, factor = sys.argv[2], int(sys.argv[3])
        print(json.dumps(STEP_FUNCTIONS[step](factor)))
        return
    args = _arguments()
    earlier = RESULTS / "scale.json"
    steps: dict[str, dict[str, Any]] = {}
    if earlier.is_file() and FRACTION == 1:  # a run of some steps or sizes keeps the others
        saved = json.loads(earlier.read_text())
        steps = saved.get("steps", {})
        for runs in steps.values():
            for run in runs.values():
                run.setdefault("measured", saved.get("measured", ""))
    for step in args.steps:
        steps.setdefault(step, {})
        for factor in args.sizes:
            print(f"scale: {step} at {factor}×", flush=True)
            need = _memory_needed(steps[step], factor)
            if need is not None and need > MACHINE_MEMORY_GB * 0.8:
                # measuring it would swap or wake the out-of-memory killer: the curve says it
                steps[step][str(factor)] = {"skipped": round(need, 1)}
                continue
            steps[step][str(factor)] = {
                **_child(step, factor),
                "measured": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            }
            print(f"  {steps[step][str(factor)]}", flush=True)
    fits: dict[str, Any] = {}
    for step, runs in steps.items():
        good = {int(f): r for f, r in runs.items() if "seconds" in r}
        if not good:
            continue
        info = STEP_INFO[step]
        # the CPU time: what the work costs, whatever else ran on the machine meanwhile
        time_fit = fit([(r["size"], r["cpu_seconds"]) for r in good.values()])
        memory_fit = fit([(r["size"], r["peak_mb"]) for r in good.values()])
        stops = {
            "time": where_it_stops(time_fit, info["limit_s"]),
            "memory": where_it_stops(memory_fit, MACHINE_MEMORY_GB * 1024 * 0.8),
        }
        base = good[min(good)]["size"] / min(good)
        fits[step] = {"time": time_fit, "memory": memory_fit, "stops": stops, "base": base}
        series = {
            "wall s": [(r["size"], r["seconds"]) for r in good.values()],
            "CPU s": [(r["size"], r["cpu_seconds"]) for r in good.values()],
        }
        if FRACTION != 1:
            continue
        (RESULTS / f"scale-{step}.svg").write_text(svg_chart(info["title"], info["size"], series))
        memory = {"peak GB": [(r["size"], r["peak_mb"] / 1024) for r in good.values()]}
        (RESULTS / f"scale-{step}-memory.svg").write_text(
            svg_chart(f"{info['title']}: peak memory", info["size"], memory, "GB")
        )
    if FRACTION != 1:
        print(json.dumps({"steps": steps, "fits": fits}, indent=1, default=str))
        return
    factors = sorted({int(f) for runs in steps.values() for f in runs})
    results = {"factors": factors, "steps": steps, "fits": fits}
    write("scale", results, "")
    saved = json.loads((RESULTS / "scale.json").read_text())
    (RESULTS / "scale.md").write_text(markdown(saved))


if __name__ == "__main__":
    main()
