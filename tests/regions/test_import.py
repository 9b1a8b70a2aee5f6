import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from optiimi.regions.models import Region

FIXTURES = Path(__file__).parent / "fixtures"


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def counts() -> tuple[int, int, int]:
    return (
        Region.objects.municipalities().count(),
        Region.objects.subregions().count(),
        Region.objects.regions().count(),
    )


@pytest.mark.django_db
def test_import_loads_whole_country_and_rerun_changes_nothing(shared_data):
    path = shared_data / "regions" / "kunta_seutukunta_maakunta_2025.csv"
    first = run("import_regions", str(path))
    assert counts() == (308, 69, 19)
    assert "396 new" in first
    second = run("import_regions", str(path))
    assert "0 new, 0 changed, 396 unchanged" in second
    assert counts() == (308, 69, 19)
    joutsa = Region.objects.get(level="kunta", code="172")
    assert joutsa.parent.code == "132" and joutsa.parent.parent.code == "13"
    assert joutsa.statfin_code == "KU172"


@pytest.mark.django_db
def test_reimport_updates_a_renamed_municipality_without_duplicating(tmp_path, shared_data):
    source = (shared_data / "regions" / "kunta_seutukunta_maakunta_2025.csv").read_text()
    run("import_regions", str(shared_data / "regions" / "kunta_seutukunta_maakunta_2025.csv"))
    renamed = tmp_path / "renamed.csv"
    renamed.write_text(source.replace("172,Joutsa,Joutsa", "172,Joutsa (uusi),Joutsa"))
    assert "1 changed" in run("import_regions", str(renamed))
    assert Region.objects.get(level="kunta", code="172").name_fi == "Joutsa (uusi)"
    assert Region.objects.get(level="kunta", code="172").history.count() == 2
    assert counts() == (308, 69, 19)


@pytest.mark.django_db
def test_file_with_one_bad_code_fails_naming_its_line_and_writes_nothing(tmp_path, shared_data):
    lines = (
        (shared_data / "regions" / "kunta_seutukunta_maakunta_2025.csv").read_text().splitlines()
    )
    lines[200] = lines[200].replace(lines[200].split(",")[0], "9X9", 1)
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines) + "\n")
    with pytest.raises(CommandError, match=r"line 201: kunta_code '9X9'.*nothing was written"):
        run("import_regions", str(bad))
    assert counts() == (0, 0, 0)


@pytest.mark.django_db
def test_classification_service_json_imports():
    run(
        "import_regions",
        str(FIXTURES / "kunta_seutukunta_2025.json"),
        str(FIXTURES / "seutukunta_maakunta_2025.json"),
    )
    assert counts() == (3, 2, 1)
    assert Region.objects.get(level="kunta", code="249").name_sv == "Keuru"


@pytest.mark.django_db
def test_geometry_import_reports_features_matching_no_municipality(shared_data):
    run("import_regions", str(shared_data / "regions" / "kunta_seutukunta_maakunta_2025.csv"))
    out = run("import_geometry", str(shared_data / "regions" / "kuntarajat-2023.geojson"))
    assert "unmatched" in out and "no municipality matches feature" in out
    with_borders = Region.objects.municipalities().exclude(geometry=None).count()
    unmatched = out.count("no municipality matches")
    assert with_borders + unmatched == 309
    jyvaskyla = Region.objects.get(level="kunta", code="179")
    assert 25.0 < jyvaskyla.centroid_lon < 26.5 and 61.9 < jyvaskyla.centroid_lat < 62.8
    sub = Region.objects.get(level="seutukunta", code="131")
    assert sub.has_centroid


@pytest.mark.django_db
def test_geometry_without_code_property_names_the_feature(tmp_path, regions):
    path = tmp_path / "b.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"nimi": "X"},
                        "geometry": {"type": "Point", "coordinates": [1, 2]},
                    }
                ],
            }
        )
    )
    with pytest.raises(CommandError, match="feature 1: no municipality code property"):
        run("import_geometry", str(path))


@pytest.mark.django_db
def test_missing_file_is_a_one_line_error():
    with pytest.raises(CommandError, match=r"nope\.csv: no such file"):
        run("import_regions", "nope.csv")
