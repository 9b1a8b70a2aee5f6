import pytest

from optiimi.core.formats import FormatError
from optiimi.core.formats.px import read_px

SMALL = """CHARSET="ANSI";
CODEPAGE="iso-8859-15";
LANGUAGE="fi";
LANGUAGES="fi","en";
TABLEID="testi";
STUB="Alue";
STUB[en]="Area";
HEADING="Vuosi";
HEADING[en]="Year";
VALUES("Alue")="Jyväskylän seutukunta","Äänekosken seutukunta";
VALUES[en]("Area")="Jyväskylä","Äänekoski";
CODES("Alue")="SK131","SK132";
VALUES("Vuosi")="2022","2023";
VALUES[en]("Year")="2022","2023";
TIMEVAL("Vuosi")=TLIST(A1),"2022","2023";
DATA=
1 ".."
"-" 4;
"""


def test_codepage_and_languages_are_read():
    cube = read_px(SMALL.encode("iso-8859-15"))
    assert cube.dimensions[0].labels["SK132"] == "Äänekosken seutukunta"
    english = read_px(SMALL.encode("iso-8859-15"), "en")
    assert english.dimensions[0].label == "Area"
    assert english.dimensions[0].labels["SK132"] == "Äänekoski"
    assert english.dimensions[0].code == "Alue"


def test_missing_markers_are_not_values_and_dash_is_zero():
    cube = read_px(SMALL.encode("iso-8859-15"))
    assert cube.values == [1.0, None, 0.0, 4.0]
    assert cube.statuses == [None, "..", None, None]
    assert cube.dimensions[1].role == "time"


def test_wrong_number_of_data_values_fails():
    with pytest.raises(FormatError, match="3 values but the variables multiply to 4"):
        read_px(SMALL.replace('"-" 4', '"-"').encode("iso-8859-15"))


def test_unknown_language_fails():
    with pytest.raises(FormatError, match="language 'sv'"):
        read_px(SMALL.encode("iso-8859-15"), "sv")


def test_real_statfin_px_file(shared_data):
    cube = read_px(shared_data / "statfin" / "statfin_vaerak_pxt_11rc.px")
    assert cube.sizes() == [159, 3, 19, 1]
    assert cube.dimensions[2].code == "Ikä"
    assert cube.table_id == "statfin_vaerak_pxt_11rc"
