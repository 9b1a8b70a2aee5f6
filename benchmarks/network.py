"""The network at national scale: generating 6,000 organisations and 20,000 people, and how fast
the lists, the home page and the API answer with them loaded (SQLite)."""

from __future__ import annotations

from benchmarks.common import percentiles, setup_django, timed, write

REQUESTS = 60


def main() -> None:
    setup_django()
    from django.test import Client

    from optiimi.demo import loader, synthetic
    from optiimi.network import services
    from optiimi.network.models import Organisation, Person

    loader.load_regions()
    from optiimi.demo import facts

    services.define_competences(facts.COMPETENCES, actor=loader.DEMO)
    generate_s, (orgs, people) = timed(lambda: synthetic.generate("national", seed=1))
    client = Client()
    pages = {
        "home": "/",
        "organisations, page 1": "/organisations/",
        "organisations, search": "/organisations/?q=koski",
        "people, page 1": "/people/",
        "people, search": "/people/?q=matkailu",
        "API organisations": "/api/v1/organisations",
        "API people, search": "/api/v1/people?q=matkailu",
    }
    latency = {}
    for label, path in pages.items():
        client.get(path)  # warm
        samples = []
        for _ in range(REQUESTS):
            elapsed, response = timed(lambda p=path: client.get(p))
            assert response.status_code == 200, (path, response.status_code)
            samples.append(elapsed)
        latency[label] = percentiles(samples)
    results = {
        "generate_national_s": round(generate_s, 2),
        "organisations": Organisation.objects.count(),
        "people": Person.objects.count(),
        "new": {"organisations": orgs, "people": people},
        "latency": latency,
    }
    rows = "\n".join(f"| {k} | {v['p50_ms']} | {v['p95_ms']} |" for k, v in latency.items())
    write(
        "network",
        results,
        f"""
`optiimi generate --scale national` (6,000 organisations, 20,000 people with affiliations,
competences and history): **{generate_s:.1f} s** on SQLite.

Pages and API with that data loaded, {REQUESTS} requests each through Django's test client
(anonymous visitor; in-process, so without network and server overhead):

| page | p50 ms | p95 ms |
|---|---|---|
{rows}
""",
    )


if __name__ == "__main__":
    main()
