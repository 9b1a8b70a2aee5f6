"""Two people open the same record's edit form; the first saves, the second's save is refused
with 409 and a 'changed meanwhile' message, and the first's change is kept."""

from __future__ import annotations

import pytest
from django.test import Client

from optiimi.benchmark import services as benchmark
from optiimi.benchmark.models import Cohort
from optiimi.core.forms import VERSION_FIELD
from optiimi.core.writes import System
from optiimi.events import services as events
from optiimi.events.models import Event, EventSeries
from optiimi.network import services as network
from optiimi.network.models import Competence, Organisation, Person
from optiimi.projects import services as projects
from optiimi.projects.models import Project
from optiimi.strategy.models import Measure
from tests.lost_updates import opened

SETUP = System("test setup")


def _second_is_refused(
    first: Client, second: Client, url: str, field: str, a: str, b: str, post: str = ""
):
    mine = opened(first, url)
    theirs = opened(second, url)
    mine[field] = a
    saved = first.post(post or url, mine)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    theirs[field] = b
    refused = second.post(post or url, theirs)
    html = refused.content.decode()
    assert refused.status_code == 409
    assert "muutoksiasi ei tallennettu. Tarkista nykyiset arvot" in html
    # The form now shows the current values and carries the new version: saving again works.
    again = opened(second, url)
    assert again[field] in ([a], a)
    assert f'value="{again[VERSION_FIELD][0]}"' in html
    return html


@pytest.mark.django_db
def test_organisation_edit_refuses_a_lost_update(owner_client, coordinator_client, organisation):
    url = f"/organisations/{organisation.pk}/edit/"
    html = _second_is_refused(
        owner_client, coordinator_client, url, "website", "https://a.example", "https://b.example"
    )
    assert "Tätä tietoa muutti owner " in html
    organisation.refresh_from_db()
    assert organisation.website == "https://a.example"


@pytest.mark.django_db
def test_organisation_single_edit_saves(owner_client, organisation):
    url = f"/organisations/{organisation.pk}/edit/"
    data = opened(owner_client, url)
    data["website"] = "https://a.example"
    assert owner_client.post(url, data).status_code == 302
    data = opened(owner_client, url)
    data["website"] = "https://b.example"
    assert owner_client.post(url, data).status_code == 302
    assert Organisation.objects.get(pk=organisation.pk).website == "https://b.example"


@pytest.fixture
def second_coordinator(coordinator) -> Client:
    """The coordinator again, in another browser window."""
    client = Client()
    client.force_login(coordinator)
    return client


@pytest.mark.django_db
def test_person_edit_refuses_a_lost_update(owner_client, coordinator_client, organisation):
    person = network.create_person(
        actor=SETUP, organisation=organisation, name="Oma Henkilö", email="oma@example.com"
    )
    url = f"/people/{person.pk}/edit/"
    _second_is_refused(owner_client, coordinator_client, url, "name", "Anna A", "Bertta B")
    assert Person.objects.get(pk=person.pk).name == "Anna A"


@pytest.mark.django_db
def test_project_edit_refuses_a_lost_update(owner_client, coordinator_client, organisation):
    project = projects.create_project(
        actor=SETUP, name="Oma hanke", lead=organisation, phase="planning"
    )
    url = f"/projects/{project.pk}/edit/"
    _second_is_refused(owner_client, coordinator_client, url, "name", "Hanke A", "Hanke B")
    assert Project.objects.get(pk=project.pk).name == "Hanke A"


@pytest.mark.django_db
def test_event_edit_refuses_a_lost_update(owner_client, coordinator_client, event):
    url = f"/events/{event.pk}/edit/"
    _second_is_refused(owner_client, coordinator_client, url, "title", "Päivä A", "Päivä B")
    assert Event.objects.get(pk=event.pk).title == "Päivä A"


@pytest.mark.django_db
def test_series_edit_refuses_a_lost_update(coordinator, coordinator_client, second_coordinator):
    series = events.save_series(None, actor=coordinator, name_fi="Sarja", category="project_day")
    url = f"/events/series/{series.pk}/edit/"
    _second_is_refused(coordinator_client, second_coordinator, url, "name_fi", "Sarja A", "Sarja B")
    assert EventSeries.objects.get(pk=series.pk).name_fi == "Sarja A"


@pytest.mark.django_db
def test_competence_edit_refuses_a_lost_update(competences, coordinator_client, second_coordinator):
    competence = Competence.objects.order_by("pk").first()
    url = f"/competences/{competence.pk}/edit/"
    _second_is_refused(
        coordinator_client, second_coordinator, url, "label_fi", "Osaaminen A", "Osaaminen B"
    )
    assert Competence.objects.get(pk=competence.pk).label_fi == "Osaaminen A"


@pytest.mark.django_db
def test_cohort_edit_refuses_a_lost_update(owner_client, coordinator_client, organisation):
    cohort = benchmark.create_cohort(
        actor=SETUP, companies=[], name="Kohortti", start_year=2005, organisation=organisation
    )
    url = f"/benchmark/cohorts/{cohort.pk}/edit/"
    _second_is_refused(owner_client, coordinator_client, url, "name", "Kohortti A", "Kohortti B")
    assert Cohort.objects.get(pk=cohort.pk).name == "Kohortti A"


@pytest.mark.django_db
def test_measure_update_refuses_a_lost_update(owner_client, coordinator_client, plan):
    measure = plan["measure"]
    url = measure.get_absolute_url()
    post = f"{url}update/"
    _second_is_refused(owner_client, coordinator_client, url, "status", "done", "dropped", post)
    assert Measure.objects.get(pk=measure.pk).status == "done"
    assert not measure.notes.exists()


@pytest.mark.django_db
def test_measure_single_update_saves(owner_client, plan):
    measure = plan["measure"]
    url = measure.get_absolute_url()
    data = opened(owner_client, url)
    data["note"] = "Edistyi."
    assert owner_client.post(f"{url}update/", data).status_code == 302
    assert measure.notes.get().text == "Edistyi."


@pytest.mark.django_db
def test_the_message_names_who_changed_the_record_in_english(
    owner_client, coordinator_client, organisation
):
    coordinator_client.cookies["django_language"] = "en"
    url = f"/organisations/{organisation.pk}/edit/"
    mine, theirs = opened(owner_client, url), opened(coordinator_client, url)
    mine["website"] = "https://a.example"
    assert owner_client.post(url, mine).status_code == 302
    refused = coordinator_client.post(url, theirs)
    assert refused.status_code == 409
    html = refused.content.decode()
    assert "This record was changed by owner at " in html
    assert "your changes were not saved. Review the current values and save again." in html


@pytest.mark.django_db
def test_unchanged_since_compares_the_newest_history_row(organisation):
    from optiimi.core import writes

    opened_at = writes.version(organisation)
    with writes.unchanged_since(organisation, opened_at, actor=SETUP):
        network.update_organisation(organisation, actor=SETUP, website="https://a.example")
    stale = writes.unchanged_since(organisation, opened_at, actor=System("import x"))
    with pytest.raises(writes.Conflict) as caught, stale:
        network.update_organisation(organisation, actor=SETUP, website="https://b.example")
    assert caught.value.who == "test setup"
    assert organisation.website == "https://a.example"  # reloaded with the current values
    with writes.unchanged_since(organisation, None, actor=SETUP):  # no version, no check
        network.update_organisation(organisation, actor=SETUP, website="https://c.example")
    with pytest.raises(writes.UntrackedWrite):
        writes.check_unchanged(organisation, opened_at)
    assert Organisation.objects.get(pk=organisation.pk).website == "https://c.example"


@pytest.fixture
def second_coordinator_client(django_user_model):
    user = django_user_model.objects.create_user("koordinaattori2", "k2@example.com", "pw")
    network.set_role(user, "coordinator", None, actor=SETUP)
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "field"),
    [
        ("period", "name_fi"),
        ("priority", "title_fi"),
        ("goal", "title_fi"),
        ("measure", "title_fi"),
        ("indicator", "name_fi"),
    ],
)
def test_plan_structure_edits_refuse_a_lost_update(
    coordinator_client, second_coordinator_client, plan, kind, field
):
    measure = plan["measure"]
    record = {
        "period": plan["period"],
        "priority": measure.goal.priority,
        "goal": measure.goal,
        "measure": measure,
        "indicator": plan["indicator"],
    }[kind]
    key = record.code if kind in ("period", "indicator") else record.pk
    plural = "priorities" if kind == "priority" else f"{kind}s"
    url = f"/plan/edit/{plural}/{key}/"
    _second_is_refused(coordinator_client, second_coordinator_client, url, field, "Uusi A", "B")
    record.refresh_from_db()
    assert getattr(record, field) == "Uusi A"
