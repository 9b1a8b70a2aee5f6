"""The PxWeb importer against a fake HTTP layer serving the saved real response."""

import copy
import itertools
import json
from pathlib import Path

import httpx
import pytest
from django.core.management import CommandError, call_command

from optiimi.foresight.management.commands.import_pxweb import Command
from optiimi.foresight.models import Observation
from optiimi.foresight.pxweb import parse_metadata, selections, split

FIXTURES = Path(__file__).parent / "fixtures"
URL = "https://pxdata.stat.fi/PxWeb/api/v1/sv/StatFin/vaerak/statfin_vaerak_pxt_11rc.px"


@pytest.fixture
def saved(shared_data):
    return json.loads(
        (shared_data / "statfin" / "statfin_vaerak_11rc_jsonstat2_response.json").read_text()
    )


def _subset(saved, asked):
    """The saved response cut down to what one POST asked for (any variables)."""
    doc = copy.deepcopy(saved)
    wanted = {q["code"]: q["selection"]["values"] for q in asked["query"]}
    picks = []
    for code in saved["id"]:
        index = saved["dimension"][code]["category"]["index"]
        codes = wanted.get(code, list(index))
        picks.append([index[c] for c in codes])
        doc["dimension"][code]["category"]["index"] = {c: i for i, c in enumerate(codes)}
    doc["size"] = [len(p) for p in picks]
    doc["value"] = [
        saved["value"][_flat(saved["size"], combo)] for combo in itertools.product(*picks)
    ]
    return doc


def _flat(sizes, combo):
    pos = 0
    for size, i in zip(sizes, combo, strict=True):
        pos = pos * size + i
    return pos


def _run(handler, tmp_path, query, *args):
    path = tmp_path / "query.json"
    path.write_text(json.dumps(query))
    Command.transport = httpx.MockTransport(handler)
    try:
        call_command("import_pxweb", URL, "--query", str(path), *args, verbosity=0)
    finally:
        Command.transport = None


@pytest.fixture
def query(shared_data):
    return json.loads((shared_data / "statfin" / "statfin_vaerak_11rc_query.json").read_text())


@pytest.mark.django_db
def test_pxweb_import_splits_queries_under_the_limit_and_retries_429(saved, query, tmp_path):
    metadata = (FIXTURES / "vaerak_11rc_metadata.json").read_text()
    posts, throttled = [], []

    def handler(request):
        if request.method == "GET":
            return httpx.Response(200, text=metadata)
        if not throttled:
            throttled.append(1)
            return httpx.Response(429, headers={"Retry-After": "0"})
        asked = json.loads(request.content)
        sizes = [len(q["selection"]["values"]) for q in asked["query"]]
        posts.append(sizes)
        return httpx.Response(200, json=_subset(saved, asked))

    _run(handler, tmp_path, query, "--limit", "30")
    assert len(posts) >= 3 and all(a * b * c * d <= 30 for a, b, c, d in posts)
    assert throttled
    total = Observation.objects.get(period="2020", key="Sukupuoli=SSS;Ikä=20-24")
    assert total.value == 308410
    assert Observation.objects.count() == 90
    assert total.indicator.source_url == URL


def test_variables_left_out_of_the_query_are_fetched_whole_unless_eliminable():
    variables = parse_metadata(json.loads((FIXTURES / "vaerak_11rc_metadata.json").read_text()))
    chosen = selections(
        variables, [{"code": "Vuosi", "selection": {"filter": "top", "values": ["2"]}}]
    )
    assert chosen == {"Vuosi": ["2021", "2022"], "Tiedot": ["vaesto"]}


def test_split_keeps_every_cell_once():
    chosen = {
        "Alue": [f"KU{i:03d}" for i in range(300)],
        "Vuosi": [str(y) for y in range(2000, 2025)],
        "Tiedot": ["a", "b"],
    }
    parts = split(chosen, limit=1000)
    assert all(len(p["Alue"]) * len(p["Vuosi"]) * len(p["Tiedot"]) <= 1000 for p in parts)
    cells = {(a, y, t) for p in parts for a in p["Alue"] for y in p["Vuosi"] for t in p["Tiedot"]}
    assert len(cells) == 300 * 25 * 2


@pytest.mark.django_db
def test_unknown_variable_in_query_fails_before_fetching_data(tmp_path):
    metadata = (FIXTURES / "vaerak_11rc_metadata.json").read_text()

    def handler(request):
        assert request.method == "GET"
        return httpx.Response(200, text=metadata)

    bad = {"query": [{"code": "Alue", "selection": {"filter": "item", "values": ["SSS"]}}]}
    with pytest.raises(CommandError, match="variable 'Alue' is not in the table"):
        _run(handler, tmp_path, bad)
    assert not Observation.objects.exists()


@pytest.mark.django_db
def test_persistent_429_gives_up_clearly(tmp_path, query):
    def handler(request):
        return httpx.Response(429, headers={"Retry-After": "0"})

    with pytest.raises(CommandError, match="429"):
        _run(handler, tmp_path, query)


@pytest.mark.django_db
def test_unreachable_pxweb_address_fails_clearly(tmp_path, query):
    def handler(request):
        raise httpx.ConnectError("Name or service not known", request=request)

    with pytest.raises(CommandError, match="could not be reached \\(ConnectError\\)"):
        _run(handler, tmp_path, query)
    assert not Observation.objects.exists()


def test_file_address_is_refused_as_not_http(query):
    from optiimi.core.formats import FormatError
    from optiimi.foresight.pxweb import PxWebClient

    with pytest.raises(FormatError, match="file:///etc/passwd is not an http"):
        PxWebClient().metadata("file:///etc/passwd")


@pytest.mark.django_db
def test_a_monthly_source_is_refreshed_by_the_worker_when_due_and_records_its_checks(
    saved, query, monkeypatch
):
    import datetime

    from django.utils import timezone

    from optiimi.core import jobs
    from optiimi.core.models import Job
    from optiimi.core.writes import System
    from optiimi.foresight import jobs as foresight_jobs
    from optiimi.foresight import services
    from optiimi.foresight.models import PxWebSource

    metadata = (FIXTURES / "vaerak_11rc_metadata.json").read_text()
    calls = []

    def handler(request):
        calls.append(request.method)
        if request.method == "GET":
            return httpx.Response(200, text=metadata)
        return httpx.Response(200, json=_subset(saved, json.loads(request.content)))

    monkeypatch.setattr(foresight_jobs, "pxweb_transport", httpx.MockTransport(handler))
    source = services.save_pxweb_source(
        actor=System("test"), url=URL, query=query["query"], schedule="monthly"
    )
    assert services.due_pxweb_sources() == [source]
    jobs.tick()  # what the worker does every minute: the refresh runs (at once, in tests)
    source.refresh_from_db()
    assert Observation.objects.count() == 90 and calls[:2] == ["GET", "POST"]
    assert source.last_checked_at is not None and source.last_changed_at == source.last_checked_at
    first = source.last_checked_at
    assert Job.objects.get(kind="foresight.pxweb").state == Job.State.DONE

    jobs.tick()  # the same month: not due again
    assert Job.objects.filter(kind="foresight.pxweb").count() == 1

    next_month = timezone.localtime(first) + datetime.timedelta(days=32)
    assert [s.pk for s in services.due_pxweb_sources(next_month)] == [source.pk]
    foresight_jobs.start_due_refreshes(next_month)
    source.refresh_from_db()
    assert Job.objects.filter(kind="foresight.pxweb").count() == 2
    # checked again, but nothing changed at the source: the last change stays the first one
    assert source.last_checked_at > first and source.last_changed_at == first
    assert Observation.objects.count() == 90
    assert PxWebSource.objects.get().last_error == ""


@pytest.mark.django_db
def test_import_pxweb_keeps_the_source_with_its_schedule(saved, query, tmp_path):
    from optiimi.foresight.models import PxWebSource

    metadata = (FIXTURES / "vaerak_11rc_metadata.json").read_text()

    def handler(request):
        if request.method == "GET":
            return httpx.Response(200, text=metadata)
        return httpx.Response(200, json=_subset(saved, json.loads(request.content)))

    _run(handler, tmp_path, query, "--schedule", "weekly", "--now")
    source = PxWebSource.objects.get()
    assert source.schedule == "weekly" and source.last_checked_at is not None
    assert Observation.objects.count() == 90
