"""The import-linter contracts in pyproject.toml (run by `make lint`) refuse a forbidden import.

Each test runs `lint-imports` on a copy of the source, so the check itself is what is tested:
the unchanged copy keeps every contract; one forbidden import added to it breaks one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """A copy of the Python source and the contracts."""
    shutil.copytree(
        ROOT / "src" / "optiimi",
        tmp_path / "src" / "optiimi",
        ignore=shutil.ignore_patterns("static", "templates", "locale", "data", "__pycache__"),
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def lint_imports(copy: Path) -> subprocess.CompletedProcess[str]:
    # The copy comes first on the path, before the installed (editable) package.
    env = {**os.environ, "PYTHONPATH": str(copy / "src")}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _add(copy: Path, module: str, line: str) -> None:
    path = copy / "src" / Path(*module.split(".")).with_suffix(".py")
    path.write_text(path.read_text() + f"\n{line}\n")


def test_the_source_keeps_every_contract(source):
    result = lint_imports(source)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "refusal"),
    [
        # one capability reading another's models
        (
            "optiimi.strategy.views",
            "from optiimi.projects.models import Project  # noqa",
            "optiimi.strategy is not allowed to import optiimi.projects",
        ),
        # production code reading demo code
        (
            "optiimi.benchmark.views",
            "from optiimi.demo import facts  # noqa",
            "optiimi.benchmark is not allowed to import optiimi.demo",
        ),
        # the shared domain reaching up into a capability
        (
            "optiimi.network.queries",
            "import optiimi.events.models  # noqa",
            "optiimi.network is not allowed to import optiimi.events",
        ),
        # core reaching up into the wiring
        (
            "optiimi.core.links",
            "import optiimi.urls  # noqa",
            "optiimi.core is not allowed to import optiimi.urls",
        ),
    ],
)
def test_a_forbidden_import_breaks_a_contract(source, module, line, refusal):
    _add(source, module, line)
    result = lint_imports(source)
    assert result.returncode == 1, result.stdout + result.stderr
    assert refusal in result.stdout
