# `make demo` and `make test` work on a fresh machine with Python 3.11 and make: the venv and uv
# inside it are made on first use, then `uv sync` installs the locked dependencies.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
UV := $(VENV)/bin/uv
SYNCED := $(VENV)/.synced

.PHONY: demo test test-e2e test-all test-postgres lint format bench screenshots install clean

$(UV):
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check uv

$(SYNCED): pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --inexact --python $(VENV)/bin/python
	@touch $@

install: $(SYNCED)

demo: $(SYNCED)
	$(VENV)/bin/optiimi demo

# `make test`: every test that runs inside the test processes (the models, services, pages, API,
# permissions, imports, the demo's data), under two minutes on two cores.
# `make test-e2e`: the tests that start another program, minutes of CPU between them: Chromium
# driven by Playwright against a live server (marked `browser`: the page tests, the walk of the
# whole demo site, axe on every page type in three languages and on a phone), `optiimi` on a
# database of its own (`cli`), the job worker, the deploy check and erasure down to the database
# file (`process`).
# `make test-all` runs both in one go; CI runs `make test`, then `make test-e2e`.
# The tests keep the bytecode Python compiles (in `__pycache__`, which git ignores) even where the
# environment sets PYTHONDONTWRITEBYTECODE: otherwise every test process and every `optiimi` the
# tests start compiles Django, the libraries and the tests again, seconds of CPU each.
# The tests of the migrations that move stored data run in the PostgreSQL pass
# (`make test-postgres`, and CI), whose test database the migrations make: tests/migration_steps.py.
PYTEST := PYTHONDONTWRITEBYTECODE= $(VENV)/bin/pytest -n auto
E2E := browser or cli or process

test: $(SYNCED)
	$(PYTEST) -m "not migrations and not ($(E2E))"
	@echo "The tests that start Chromium or optiimi processes: make test-e2e (or both: make test-all)."

test-e2e: $(SYNCED)
	$(PYTEST) -m "not migrations and ($(E2E))"

test-all: $(SYNCED)
	$(PYTEST) -m "not migrations"

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
