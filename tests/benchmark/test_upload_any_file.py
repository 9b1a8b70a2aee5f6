"""Whatever file is uploaded, the benchmark upload page answers with its form and an error."""

import codecs
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from optiimi.benchmark.models import Financials


def _post(client, name, data, kind="financials"):
    return client.post("/benchmark/upload/", {"kind": kind, "file": SimpleUploadedFile(name, data)})


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        *(
            (f"x{ext}", random.Random(n).randbytes(3000), "")
            for n in range(3)
            for ext in (".csv", ".xlsx")
        ),
        ("x.csv", b"PK\x03\x04" + bytes(100), "XLSX workbook or other ZIP file, not CSV"),
        ("x.csv", b'business_id,year,turnover,personnel\n1,2020,"10', "quoted value is not closed"),
    ],
)
def test_any_bytes_get_the_form_and_an_error(company, owner_client, name, data, says):
    response = _post(owner_client, name, data)
    assert response.status_code == 200
    assert "<form" in response.text and says in response.text
    assert not Financials.objects.exists()


def test_excel_unicode_text_export_imports(company, owner_client):
    text = f"business_id\tyear\tturnover\tpersonnel\r\n{company.business_id}\t2020\t1000\t3\r\n"
    response = _post(owner_client, "f.csv", codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    assert response.status_code == 302
    assert Financials.objects.get(company=company).personnel == 3
