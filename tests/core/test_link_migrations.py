"""The migrations that moved projects' measures and cohorts' projects into core.Link keep every
link, both ways."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from optiimi.benchmark import services as benchmark
from optiimi.core import links
from optiimi.core.models import Link
from optiimi.core.writes import System
from optiimi.projects import services as projects

ACTOR = System("tests")
BEFORE = [
    ("projects", "0002_budget_measures_consultation_person_erasable"),
    ("benchmark", "0002_cohorts"),
]


def _record_the_schema_as_migrated() -> None:
    """The SQLite test database is made from the models (tests/settings.py): record every
    migration as applied, as `migrate --fake` would, so that the real ones can run backwards."""
    executor = MigrationExecutor(connection)
    executor.recorder.ensure_schema()
    applied = executor.recorder.applied_migrations()
    for key in executor.loader.graph.nodes:
        if key not in applied:
            executor.recorder.record_applied(*key)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_links_move_back_to_the_old_fields_and_forward_again(plan, organisation):
    measure = plan["measure"]
    project = projects.create_project(
        actor=ACTOR, name="Hanke", lead=organisation, measures=[measure]
    )
    alone = projects.create_project(actor=ACTOR, name="Yksin", lead=organisation)
    cohort = benchmark.create_cohort(
        actor=ACTOR,
        companies=[],
        name="Kohortti",
        start_year=2005,
        organisation=organisation,
        project=project,
    )
    _record_the_schema_as_migrated()
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = _migrate(BEFORE)
        assert not Link.objects.exists()
        old_project = old.get_model("projects", "Project")
        assert list(
            old_project.objects.get(pk=project.pk).measures.values_list("pk", flat=True)
        ) == [measure.pk]
        assert not old_project.objects.get(pk=alone.pk).measures.exists()
        assert old.get_model("benchmark", "Cohort").objects.get(pk=cohort.pk).project_id == (
            project.pk
        )
    finally:
        _migrate(latest)
    assert list(links.targets("projects.measures", project)) == [measure]
    assert list(links.targets("projects.measures", alone)) == []
    assert links.target("benchmark.project", cohort) == project
    moved = Link.history.filter(history_change_reason__startswith="moved from")  # type: ignore[attr-defined]
    assert moved.count() == 2
