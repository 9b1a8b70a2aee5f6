# `make demo` and `make test` work on a fresh machine with Python 3.11 and make: the venv and uv
# inside it are made on first use, then `uv sync` installs the locked dependencies.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
UV := $(VENV)/bin/uv
SYNCED := $(VENV)/.synced

.PHONY: demo test test-postgres lint format bench screenshots install clean

$(UV):
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check uv

$(SYNCED): pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --inexact --python $(VENV)/bin/python
	@touch $@

install: $(SYNCED)

demo: $(SYNCED)
	$(VENV)/bin/optiimi demo

# The tests keep the bytecode Python compiles (in `__pycache__`, which git ignores) even where the
# environment sets PYTHONDONTWRITEBYTECODE: otherwise every test process and every `optiimi` the
# tests start compiles Django, the libraries and the tests again, seconds of CPU each.
# The tests of the migrations that move stored data run in the PostgreSQL pass
# (`make test-postgres`, and CI), whose test database the migrations make: tests/migration_steps.py.
test: $(SYNCED)
	PYTHONDONTWRITEBYTECODE= $(VENV)/bin/pytest -n auto -m "not migrations"

test-postgres: $(SYNCED)
	PYTHONDONTWRITEBYTECODE= DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/optiimi} $(VENV)/bin/pytest -n auto

lint: $(SYNCED)
	$(VENV)/bin/ruff format --check src tests benchmarks
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-logo
	OPTIIMI_DATA_DIR=$${OPTIIMI_DATA_DIR:-var} $(VENV)/bin/optiimi makemigrations --check --dry-run

format: $(SYNCED)
	$(VENV)/bin/ruff format src tests benchmarks
	$(VENV)/bin/ruff check --fix src tests benchmarks

# `make bench` runs every benchmark; `make bench BENCH=events` only those named.
bench: $(SYNCED)
	$(VENV)/bin/python -m benchmarks $(BENCH)

# `make screenshots` takes every page type of the demo in fi, sv and en at 1280 px and 390 px into
# var/screenshots/, with contact sheets to look at (tests/browser/screenshots.py).
screenshots: $(SYNCED)
	PYTHONDONTWRITEBYTECODE= $(VENV)/bin/python -m tests.browser.screenshots $(SHOTS)

clean:
	rm -rf $(VENV) var
