"""People search at national scale (20,000 people, 6,000 organisations): the people list and the
API searched through the core search registry, against the former `icontains` over joins
measured in the same run, plus the organisation list, the site search and the expert finder.

`BENCH_SEARCH_SCALE=region` (2,000 people) checks that the benchmark runs; only the national
scale writes `benchmarks/results/search.*`. Target: people search p95 ≤ 50 ms.
"""

from __future__ import annotations

import os
from typing import Any

from benchmarks.common import percentiles, setup_django, timed, write

SCALE = os.environ.get("BENCH_SEARCH_SCALE", "national")
ROUNDS = int(os.environ.get("BENCH_SEARCH_ROUNDS", "6"))
TARGET_P95_MS = 50
PEOPLE_QUERIES = [
    "matkailu",
    "matkailualan markkinointi",
    "puurakentaminen",
    "omistajanvaihdokset",
    "yritysrahoitus",
    "nuorten työllisyys",
    "digitalisaatio ja verkkokauppa",
    "energia",
    "tourism",
    "kehittämispäällikkö",
]


def _former_people_search(user: Any, q: str) -> Any:
    """The people search as it was: `icontains` over the joined tables, then DISTINCT."""
    from django.db.models import Prefetch, Q

    from optiimi.network.models import Affiliation
    from optiimi.network.permissions import visible_people

    return (
        visible_people(user)
        .prefetch_related(
            Prefetch("affiliations", queryset=Affiliation.objects.select_related("organisation")),
            "competences",
        )
        .filter(
            Q(name__icontains=q)
            | Q(expertise_fi__icontains=q)
            | Q(expertise_en__icontains=q)
            | Q(competences__label_fi__icontains=q)
            | Q(competences__label_en__icontains=q)
            | Q(affiliations__title__icontains=q)
        )
        .distinct()
        .order_by("name")
    )


def _sample(fn: Any, queries: list[str]) -> dict[str, float]:
    for q in queries:  # warm: caches of stems and expansions, as in a running worker
        fn(q)
    samples = []
    for _ in range(ROUNDS):
        for q in queries:
            elapsed, _result = timed(lambda q=q: fn(q))
            samples.append(elapsed)
    return percentiles(samples)


def main() -> None:
    setup_django()
    from django.contrib.auth.models import AnonymousUser
    from django.core.paginator import Paginator
    from django.test import Client

    from optiimi.core.search import store
    from optiimi.core.writes import System
    from optiimi.demo import facts, synthetic
    from optiimi.demo.loader import load_regions
    from optiimi.network import queries, services
    from optiimi.network.models import Organisation, Person
    from optiimi.projects import finder

    load_regions()
    services.define_competences(facts.COMPETENCES, actor=System("benchmark"))
    generate_s, _counts = timed(lambda: synthetic.generate(SCALE, seed=1))
    store.mark_stale()  # bulk inserts send no signals
    build_s, built = timed(store.rebuild)
    client = Client()
    anonymous = AnonymousUser()

    def page(path: str) -> Any:
        def get(q: str) -> Any:
            response = client.get(path, {"q": q})
            assert response.status_code == 200, (path, q, response.status_code)
            return response

        return get

    def first_page(found: Any) -> list[Any]:
        return list(Paginator(found, 25).get_page(1).object_list)

    latency = {
        "people list page, search (anonymous)": _sample(page("/people/"), PEOPLE_QUERIES),
        "API people, search (anonymous)": _sample(page("/api/v1/people"), PEOPLE_QUERIES),
        "people search, first page of results (query only)": _sample(
            lambda q: first_page(queries.people(anonymous, q=q)), PEOPLE_QUERIES
        ),
        "former icontains people search, first page (query only)": _sample(
            lambda q: first_page(_former_people_search(anonymous, q)), PEOPLE_QUERIES
        ),
        "organisation list page, search": _sample(
            page("/organisations/"), ["koski", "puu", "Jyväskylä", "matkailu", "kehitys"]
        ),
        "site search page": _sample(page("/projects/search/"), PEOPLE_QUERIES),
        "expert finder": _sample(
            lambda q: finder.find_experts(q, user=None, limit=10), PEOPLE_QUERIES
        ),
    }
    people_p95 = latency["people list page, search (anonymous)"]["p95_ms"]
    api_p95 = latency["API people, search (anonymous)"]["p95_ms"]
    results = {
        "scale": SCALE,
        "people": Person.objects.count(),
        "public_people": Person.objects.filter(public=True).count(),
        "organisations": Organisation.objects.count(),
        "documents": len(built),
        "generate_s": round(generate_s, 2),
        "index_build_s": round(build_s, 2),
        "queries": PEOPLE_QUERIES,
        "rounds": ROUNDS,
        "latency": latency,
        "target_people_search_p95_ms": TARGET_P95_MS,
        "within_target": max(people_p95, api_p95) <= TARGET_P95_MS,
    }
    rows = "\n".join(f"| {k} | {v['p50_ms']} | {v['p95_ms']} |" for k, v in latency.items())
    markdown = f"""
`optiimi generate --scale {SCALE}`: {results["people"]:,} people ({results["public_people"]:,}
with a public profile), {results["organisations"]:,} organisations; the search index over
{results["documents"]:,} documents built in {results["index_build_s"]} s. SQLite; Django's test
client (in-process, no server overhead); {len(PEOPLE_QUERIES)} queries × {ROUNDS} rounds after
one warm-up pass.

| what | p50 ms | p95 ms |
|---|---|---|
{rows}

Target: people search (page and API) p95 ≤ {TARGET_P95_MS} ms. Within target:
{results["within_target"]}.
"""
    if SCALE == "national":
        write("search", results, markdown)
    else:
        print(markdown)


if __name__ == "__main__":
    main()
