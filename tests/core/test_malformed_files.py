"""The malformed-file corpus, built here, run through every `optiimi import KIND` command: each
file is refused with one clear message that names the file, never a traceback, and nothing is
written."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

COMMANDS = [
    "import_regions",
    "import_geometry",
    "import_organisations",
    "import_people",
    "import_companies",
    "import_financials",
    "import_tol",
    "import_indicators",
    "import_indicator_values",
]


def _xlsx() -> bytes:
    book = Workbook()
    book.active.append(["name", "short_name"])
    book.active.append(["Jyväskylän yliopisto", "JY"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _corpus() -> dict[str, tuple[str, bytes]]:
    """name → (file name, bytes): files as users really send them by mistake."""
    noise = random.Random(2006).randbytes(4096)
    return {
        "random bytes": ("data.csv", noise),
        "a workbook named .csv": ("data.csv", _xlsx()),
        "a workbook cut short": ("data.xlsx", _xlsx()[:700]),
        "NUL bytes": ("data.csv", b"name;code\x00\nJoutsa;172\x00\n"),
        "an unclosed quote": ("data.csv", b'name;code\n"Joutsa;172\nLuhanka;'),
        "an empty file": ("data.csv", b""),
        "JSON cut short": ("data.json", b'{"version": "2.0", "class": "dataset", "id": ["a'),
        "a field over the csv limit": ("data.csv", b"name;code\n" + b"x" * 200_000 + b";1\n"),
    }


def _counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


@pytest.mark.django_db
@pytest.mark.parametrize("command", COMMANDS)
def test_every_importer_refuses_every_malformed_file_clearly_and_writes_nothing(
    command, tmp_path: Path
):
    before = _counts()
    for case, (name, data) in _corpus().items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(CommandError) as refused:
            call_command(command, str(path))
        message = str(refused.value)
        assert message.strip(), f"{command}, {case}: an empty message"
        assert "Traceback" not in message, f"{command}, {case}"
        assert len(message) < 2000, f"{command}, {case}: {message[:300]}…"
        assert _counts() == before, f"{command}, {case}: something was written"


@pytest.mark.django_db
def test_the_cohort_and_indicator_value_uploads_answer_every_malformed_file_with_their_form(
    owner_client, organisation, plan
):
    """The other upload forms (the benchmark and foresight uploads have their own tests): the
    form comes back with an error, never a server error, and nothing is written."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = _counts()
    for case, (name, data) in _corpus().items():
        cohort = owner_client.post(
            "/benchmark/cohorts/new/",
            {
                "name": "Kokeilu",
                "organisation": organisation.pk,
                "start_year": 2012,
                "file": SimpleUploadedFile(name, data),
            },
        )
        assert cohort.status_code == 422, f"cohort upload, {case}: {cohort.status_code}"
        assert "<form" in cohort.text
        values = owner_client.post(
            "/plan/indicators/import/", {"file": SimpleUploadedFile(name, data)}
        )
        assert values.status_code == 422, f"indicator values, {case}: {values.status_code}"
        assert "<form" in values.text
        assert _counts() == before, f"{case}: something was written"
