"""The index file in the data directory and the change log that keeps every process current."""

import pytest

from optiimi.core.models import SearchChange
from optiimi.core.search import store as index
from optiimi.network.models import Person
from tests.projects.test_finder import names


@pytest.fixture
def index_file(settings, tmp_path):
    settings.SEARCH_INDEX_FILE = str(tmp_path / "search" / "index")
    index.reset()
    return tmp_path / "search" / "index"


def _no_rebuild(monkeypatch):
    def fail():
        raise AssertionError("the index was rebuilt from the database")

    monkeypatch.setattr(index, "documents", fail)


def test_first_build_saves_the_index_and_a_new_process_loads_it(
    network_people, index_file, monkeypatch
):
    before = names("matkailualan yritysten markkinointi")
    assert index_file.with_suffix(".npz").exists() and index_file.with_suffix(".json").exists()
    index.reset()  # as a freshly started worker
    _no_rebuild(monkeypatch)
    assert names("matkailualan yritysten markkinointi") == before


def test_an_index_file_from_another_database_is_not_used(network_people, index_file):
    names("matkailu")
    SearchChange.objects.filter(kind=index.SAVED).delete()  # the marker is not in this database
    index.reset()
    built = []
    documents = index.documents
    index.documents = lambda: built.append(1) or documents()
    try:
        assert names("matkailu")
    finally:
        index.documents = documents
    assert built == [1]


def test_a_broken_index_file_is_rebuilt_not_trusted(network_people, index_file):
    names("matkailu")
    index_file.with_suffix(".json").write_text("{not json")
    index.reset()
    assert "Matti Matkanen" in names("matkailu")


@pytest.mark.django_db(transaction=True)
def test_writes_logged_by_another_process_are_applied_before_the_next_query(network_people):
    assert names("kalastus") == []
    person = network_people["people"]["Olli Ohjaaja"]
    # Another worker's write: the row changes and its signal logs the change; this process
    # runs no commit hook for it.
    Person.objects.filter(pk=person.pk).update(expertise_fi="Kalastusmatkailu ja kalastus.")
    index.log_change("person", person.pk)
    assert names("kalastuksen") == ["Olli Ohjaaja"]


@pytest.mark.django_db(transaction=True)
def test_bulk_writes_marked_stale_make_every_process_rebuild(network_people):
    assert names("kalastus") == []
    person = network_people["people"]["Olli Ohjaaja"]
    Person.objects.filter(pk=person.pk).update(expertise_fi="Kalastus.")  # no signal, no log
    assert names("kalastus") == []
    index.mark_stale()
    builds = SearchChange.objects.filter(kind=index.SAVED).count()
    assert names("kalastus") == ["Olli Ohjaaja"]
    assert names("kalastus") == ["Olli Ohjaaja"]
    assert SearchChange.objects.filter(kind=index.SAVED).count() == builds + 1  # once only


@pytest.mark.django_db(transaction=True)
def test_reindex_rewrites_the_file_and_trims_the_log(network_people, settings, tmp_path):
    from django.core.management import call_command

    settings.SEARCH_INDEX_FILE = str(tmp_path / "index")
    index.reset()
    names("matkailu")
    logged = SearchChange.objects.count()
    SearchChange.objects.update(created="2000-01-01T00:00:00Z")
    call_command("reindex")
    assert SearchChange.objects.count() < logged
    assert SearchChange.objects.filter(kind=index.SAVED).count() == 1
    loaded, stamp = index.Index.load(tmp_path / "index")
    assert stamp.startswith(f"{SearchChange.objects.get(kind=index.SAVED).pk}:")
    assert len(loaded) == len(index.get())


@pytest.mark.django_db(transaction=True)
def test_a_running_process_reloads_a_rewritten_file_once(network_people, index_file, monkeypatch):
    first = index.get()
    index._build()  # another process runs `optiimi reindex`: a new file and marker
    second = index.get()
    assert second is not first and len(second) == len(first)
    loads = []
    load = index.Index.load
    monkeypatch.setattr(index.Index, "load", lambda path: loads.append(path) or load(path))
    index_file.with_suffix(".json").write_text("{broken")  # a file that cannot be used
    assert index.get() is second  # the index in memory is kept
    assert index.get() is second
    assert len(loads) == 1  # and the broken file is not read again on every query
