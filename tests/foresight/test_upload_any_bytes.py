"""Whatever file is uploaded, the import job ends with an error on its page, never a 500."""

import codecs
import io
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from optiimi.foresight.models import Observation


def _xlsx() -> bytes:
    book = Workbook()
    book.active.append(["indicator", "area", "period", "value"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _random(seed: int, size: int = 2000) -> bytes:
    return random.Random(seed).randbytes(size)


CASES = [
    *((f"x{ext}", _random(n), "") for n in range(4) for ext in (".csv", ".json", ".px")),
    ("x.csv", bytes(range(128, 256)) * 4, "not text: byte 0x81"),
    ("x.csv", _xlsx(), "XLSX workbook"),
    ("x.json", b'{"class": "dataset", "id": ["Vuo', "may be cut short"),
    ("x.csv", b"indicator,area,period,value\nx,MK13,20\x0024,1\n", "line 2: a NUL"),
]


@pytest.mark.django_db
# Named by position: a workbook's bytes hold the time it was saved, and pytest-xdist's workers
# must collect the same test names.
@pytest.mark.parametrize(
    ("name", "data", "says"), CASES, ids=[f"{n}-{case[0]}" for n, case in enumerate(CASES)]
)
def test_any_bytes_end_in_a_failed_job_with_an_error(coordinator_client, regions, name, data, says):
    response = coordinator_client.post(
        "/foresight/import/", {"file": SimpleUploadedFile(name, data)}, follow=True
    )
    assert response.status_code == 200
    assert "job-failed" in response.text and "Mitään ei tuotu" in response.text
    assert says in response.text.replace("&#x27;", "'")
    assert not Observation.objects.exists()


@pytest.mark.django_db
def test_excel_unicode_text_export_imports(coordinator_client, regions):
    text = "indicator\tarea\tperiod\tvalue\r\nx\tMK13\t2024\t1,5\r\nx\tKU179\t2024\t2\r\n"
    data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    response = coordinator_client.post(
        "/foresight/import/", {"file": SimpleUploadedFile("unicode.txt", data)}, follow=True
    )
    assert "job-done" in response.text, response.text
    assert Observation.objects.get(area="MK13").value == 1.5
