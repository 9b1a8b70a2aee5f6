"""Running the real migrations backwards and forwards inside a test, for the tests of the
migrations that move stored data.

Each such test renders the model states of every migration, tens of seconds of CPU; they are
marked `migrations` and run in the PostgreSQL pass (`make test-postgres`, and CI), whose test
database the migrations themselves make, not in `make test` (on SQLite the test database is made
from the models: tests/settings.py).
"""

from __future__ import annotations

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def record_the_schema_as_migrated() -> None:
    """Where the test database was made from the models, record every migration as applied, as
    `migrate --fake` would, so that the real ones can run backwards."""
    executor = MigrationExecutor(connection)
    executor.recorder.ensure_schema()
    applied = executor.recorder.applied_migrations()
    for key in executor.loader.graph.nodes:
        if key not in applied:
            executor.recorder.record_applied(*key)


def latest() -> list[tuple[str, str]]:
    """The last migration of every app."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def migrate(targets):
    """Migrate to `targets`; the apps registry of the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps
