"""The service promise at 100,000 requests: the advisors' queue and the monthly figures page.

Run: .venv/bin/python -m benchmarks.services
A fresh SQLite database (or `BENCH_SERVICES_DATABASE=postgres://…` for PostgreSQL) is filled
with the Central Finland organisations and 100,000 synthetic requests over three years (about
one in seven still open, 15,000 referrals), written in bulk through `services.bulk_cases`
(history rows included). Then the pages are requested through Django's test client as the
Joutsa development company's advisor and as the coordinator. The figures page is measured
right after a change (an advisor's step before each request), with its cache emptied, and
warm. `BENCH_SERVICES_SIZE` (e.g. 2000) checks the benchmark at a small size; results are
written only at full size.

Target: each page answers in ≤ 300 ms.
"""

from __future__ import annotations

import datetime
import os
import random
import time
import zoneinfo

from benchmarks.common import fresh_postgres, percentiles, setup_django, write

FULL = 100_000
SIZE = int(os.environ.get("BENCH_SERVICES_SIZE", FULL))
DATABASE = os.environ.get("BENCH_SERVICES_DATABASE", "")
ROUNDS = 20
TARGET_MS = 300
HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")


def fill(n: int) -> None:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from optiimi.core.writes import System
    from optiimi.demo.loader import load_organisations, load_regions
    from optiimi.demo.services import load_catalogue
    from optiimi.network import services as network
    from optiimi.network.models import CapabilityRole, Organisation, RoleKind
    from optiimi.regions.models import Level, Region
    from optiimi.services import services

    actor = System("benchmark")
    load_regions()
    load_organisations()
    load_catalogue()
    organisations = list(Organisation.objects.filter(services__isnull=False).distinct())
    municipalities = list(Region.objects.filter(level=Level.MUNICIPALITY, parent__isnull=False))
    rng = random.Random(15)
    now = timezone.now()
    rows = []
    for i in range(n):
        created = now - datetime.timedelta(minutes=rng.randint(0, 3 * 365 * 24 * 60))
        holder = rng.choice(organisations)
        rows.append(
            {
                "company_name": f"Yritys {i} Oy",
                "email": f"y{i}@example.invalid",
                "municipality": rng.choice(municipalities),
                "need": "Rahoitus ja kasvu",
                "holder": holder,
                "created": created,
                "referred_to": rng.choice(organisations) if rng.random() < 0.15 else None,
                "accepted": rng.random() < 0.85,
                "open": rng.random() < 0.14 or created > now - datetime.timedelta(days=10),
                "contact_after": datetime.timedelta(hours=rng.randint(1, 96)),
                "close_after": datetime.timedelta(days=rng.randint(2, 30)),
            }
        )
    services.bulk_cases(rows, actor=actor, now=now)
    User = get_user_model()
    advisor = User.objects.create_user("bench-advisor", "bench@example.invalid")
    network.set_role(
        advisor,
        RoleKind.MEMBER,
        Organisation.objects.get(short_name="JoSK"),
        actor=actor,
        capabilities=[CapabilityRole.SERVICE_ADVISOR],
    )
    coordinator = User.objects.create_user("bench-coordinator", "coord@example.invalid")
    network.set_role(coordinator, RoleKind.COORDINATOR, None, actor=actor)


def measure() -> dict:
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.test import Client

    from optiimi.services.models import Case, Referral

    User = get_user_model()
    results: dict = {
        "cases": Case.objects.count(),
        "open": Case.objects.exclude(status="closed").count(),
        "referrals": Referral.objects.count(),
    }
    pages = {}
    for who in ("bench-advisor", "bench-coordinator"):
        client = Client()
        client.force_login(User.objects.get(username=who))
        for which in ("new", "mine", "referred", "waiting", "overdue", "all"):
            url = f"/services/queue/?q={which}"
            client.get(url)  # warm-up
            samples = []
            for _round in range(ROUNDS):
                start = time.perf_counter()
                response = client.get(url)
                samples.append(time.perf_counter() - start)
                assert response.status_code == 200
            pages[f"queue {which} ({who.split('-')[1]})"] = percentiles(samples)
    from optiimi.core.writes import System
    from optiimi.services import services

    anonymous = Client()
    # The first reading after the bulk import computes every month's summaries.
    start = time.perf_counter()
    assert anonymous.get("/services/promise/").status_code == 200
    results["figures_first_reading_s"] = round(time.perf_counter() - start, 2)
    rng = random.Random(16)
    open_cases = list(Case.objects.exclude(status="closed").values_list("pk", flat=True))

    def change() -> None:
        """One advisor's step on a random open case: its month's figures change."""
        case = Case.objects.get(pk=rng.choice(open_cases))
        services.respond(case, actor=System("benchmark"), note="Soitettu.")

    for label, path, before in (
        ("figures page, right after a change", "/services/promise/", "change"),
        ("figures page, cache emptied", "/services/promise/", "clear"),
        ("figures page, warm", "/services/promise/", None),
        (
            "figures page, one sub-region, right after a change",
            "/services/promise/?sub_region=132",
            "change",
        ),
        ("figures API, right after a change", "/api/v1/service-promise/metrics", "change"),
        ("figures API, warm", "/api/v1/service-promise/metrics", None),
    ):
        anonymous.get(path)
        samples = []
        for _round in range(ROUNDS):
            if before == "change":
                change()
            elif before == "clear":
                cache.clear()
            start = time.perf_counter()
            response = anonymous.get(path)
            samples.append(time.perf_counter() - start)
            assert response.status_code == 200
        pages[label] = percentiles(samples)
    results["pages"] = pages
    return results


def main() -> None:
    if DATABASE:
        fresh_postgres(DATABASE)
        setup_django(DATABASE)
    else:
        os.environ.pop("DATABASE_URL", None)
        setup_django()
    start = time.perf_counter()
    fill(SIZE)
    filled = time.perf_counter() - start
    results = measure()
    results["fill_s"] = round(filled, 1)
    backend = "PostgreSQL" if DATABASE else "SQLite"
    lines = [
        f"{results['cases']:,} requests ({results['open']:,} open, {results['referrals']:,} "
        f"referrals) on {backend}, written in bulk in {results['fill_s']} s. Each page requested "
        f"{ROUNDS} times through Django's test client after one warm-up request; \"right after "
        "a change\": an advisor's step on a random open request (through the service) before "
        "each request, so the cached figures are stale and the changed month is recomputed. "
        "The first reading after the bulk import, which computes every month's summaries, took "
        f"{results['figures_first_reading_s']} s.",
        "",
        "| page | p50 (ms) | p95 (ms) | max (ms) |",
        "|---|---:|---:|---:|",
    ]
    worst = 0.0
    for label, figures in results["pages"].items():
        lines.append(
            f"| {label} | {figures['p50_ms']} | {figures['p95_ms']} | {figures['max_ms']} |"
        )
        worst = max(worst, figures["p95_ms"])
    lines += [
        "",
        f"Target: every page ≤ {TARGET_MS} ms (p95). Within target: {worst <= TARGET_MS}.",
    ]
    results["within_target"] = worst <= TARGET_MS
    if SIZE == FULL:
        write("services", results, "\n".join(lines))
    else:
        print("\n".join(lines))


if __name__ == "__main__":
    main()
