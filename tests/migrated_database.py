"""An SQLite file that `optiimi migrate` made from nothing, made once per version of the code.

Replaying every migration takes about 20 seconds of CPU (most of it Django rendering model
states), and the tests that start a separate `optiimi` process on a database of its own (the
command line, erasure down to the database file) need one each. The first test process that needs
it runs `optiimi migrate` on an empty file and keeps the result in `.test-cache/`, named by the
same hash of the code as the demo's copy (`tests/demo_database.py`); every later need copies that
file. When the code changes, the next run migrates from nothing again, so a cached file is always
the one the current migrations make.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.demo_database import CACHE, locked, source_hash

OPTIIMI = Path(sys.executable).parent / "optiimi"
NAME = "optiimi.sqlite3"


def migrate_from_nothing(data_dir: Path, database: Path, timeout: int = 600) -> None:
    """`optiimi migrate` in its own process, on an SQLite file of its own."""
    env = {
        **os.environ,
        "OPTIIMI_DATA_DIR": str(data_dir),
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "optiimi.settings",
    }
    env.pop("OPTIIMI_SECRET_KEY", None)
    subprocess.run(
        [str(OPTIIMI), "migrate"], capture_output=True, env=env, check=True, timeout=timeout
    )


def migrated_copy(target: Path) -> Path:
    """Copy the migrated database to `target` (a file path), migrating it first if no run of
    this version of the code has."""
    CACHE.mkdir(exist_ok=True)
    saved = CACHE / f"migrated-{source_hash()}.sqlite3"
    with locked(CACHE / "migrated.lock"):
        if not saved.exists():
            with tempfile.TemporaryDirectory() as work:
                made = Path(work) / NAME
                migrate_from_nothing(Path(work), made)
                partial = saved.with_name(f"{saved.name}.{os.getpid()}")
                # SQLite's backup: one file, with what is still in the write-ahead log
                with (
                    contextlib.closing(sqlite3.connect(made)) as source,
                    contextlib.closing(sqlite3.connect(partial)) as copy,
                ):
                    source.backup(copy)
                os.replace(partial, saved)
            for old in CACHE.glob("migrated-*"):
                if old != saved:
                    old.unlink(missing_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(saved, target)
    return target
