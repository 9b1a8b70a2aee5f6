"""The document registry: which writes reach the index, what a document holds, the saved file."""

import pytest
from django.db import models

from optiimi.core import writes
from optiimi.core.models import SearchChange
from optiimi.core.search import registry, store
from optiimi.core.writes import System
from optiimi.network import services as network
from optiimi.network.models import Person
from optiimi.projects import services as projects
from optiimi.regions.models import Region

pytestmark = pytest.mark.django_db
SETUP = System("test setup")


def people(query: str) -> list[int]:
    return store.get().ranked(query, kind="person")


def test_only_registered_models_log_their_writes(organisation):
    before = SearchChange.objects.count()
    region = Region.objects.get(level="kunta", code="172")
    with writes.acting(SETUP):
        region.save()  # not a searchable model: nothing logged
    assert SearchChange.objects.count() == before
    network.update_organisation(organisation, actor=SETUP, description_fi="Matkailun kehitys.")
    logged = SearchChange.objects.filter(pk__gt=before).values_list("kind", "object_id")
    assert ("organisation", organisation.pk) in set(logged)


def test_a_new_title_makes_the_person_findable_by_it(
    organisation, django_capture_on_commit_callbacks
):
    person = network.create_person(
        actor=SETUP, organisation=organisation, name="Aino Aho", email="a@x.example", public=True
    )
    assert people("kalastusneuvoja") == []
    with django_capture_on_commit_callbacks(execute=True):
        network.set_affiliation(person, organisation, title="Kalastusneuvoja", actor=SETUP)
    assert people("kalastusneuvojan") == [person.pk]


def test_leaving_a_project_team_takes_the_project_out_of_the_person_document(
    organisation, django_capture_on_commit_callbacks
):
    person = network.create_person(
        actor=SETUP, organisation=organisation, name="Aino Aho", email="a@x.example"
    )
    project = projects.create_project(
        actor=SETUP,
        name="Kalastusmatkailun kehittäminen",
        summary_fi="Kalastusmatkailu Päijänteellä.",
        lead=organisation,
        team=[person],
    )
    assert people("kalastusmatkailu") == [person.pk]
    with django_capture_on_commit_callbacks(execute=True):
        projects.update_project(project, actor=SETUP, team=[])
    assert people("kalastusmatkailu") == []
    assert store.get().ranked("kalastusmatkailu", kind="project") == [project.pk]


def test_a_kind_belongs_to_one_model():
    with pytest.raises(ValueError, match="already registered"):
        registry.register("person", Region, texts=lambda ids: [])
    assert registry.get("person").model is Person


def test_text_cannot_be_added_to_a_kind_nobody_registered():
    with pytest.raises(LookupError, match="no search kind 'service request'"):
        registry.contribute("service request", lambda ids: [])


def test_every_kind_knows_its_model_and_who_may_find_what():
    kinds = {doc.kind: doc.model for doc in registry.types()}
    assert {"organisation", "person", "project"} <= set(kinds)
    assert all(issubclass(model, models.Model) for model in kinds.values())


def test_an_index_file_of_an_older_version_is_rebuilt_not_used(
    organisation, settings, tmp_path, monkeypatch
):
    settings.SEARCH_INDEX_FILE = str(tmp_path / "index")
    store.reset()
    assert store.get().ranked("joutsan", kind="organisation") == [organisation.pk]
    monkeypatch.setattr(store, "DOCUMENTS", store.DOCUMENTS + 1)
    store.reset()
    builds = SearchChange.objects.filter(kind=store.SAVED).count()
    assert store.get().ranked("joutsan", kind="organisation") == [organisation.pk]
    assert SearchChange.objects.filter(kind=store.SAVED).count() == builds + 1
