"""The migrations that moved projects' measures and cohorts' projects into core.Link keep every
link, both ways."""

from __future__ import annotations

import pytest

from optiimi.benchmark import services as benchmark
from optiimi.core import links
from optiimi.core.models import Link
from optiimi.core.writes import System
from optiimi.projects import services as projects
from tests import migration_steps as steps

ACTOR = System("tests")
BEFORE = [
    ("projects", "0002_budget_measures_consultation_person_erasable"),
    ("benchmark", "0002_cohorts"),
]


@pytest.mark.migrations
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
    steps.record_the_schema_as_migrated()
    latest = steps.latest()
    try:
        old = steps.migrate(BEFORE)
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
        steps.migrate(latest)
    assert list(links.targets("projects.measures", project)) == [measure]
    assert list(links.targets("projects.measures", alone)) == []
    assert links.target("benchmark.project", cohort) == project
    moved = Link.history.filter(history_change_reason__startswith="moved from")  # type: ignore[attr-defined]
    assert moved.count() == 2
