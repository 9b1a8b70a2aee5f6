"""Finnish first, English and Swedish complete: every message catalogue is fully translated,
the Swedish catalogues hold exactly the Finnish ones' messages, and pages show no chrome of
another language."""

import ast
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

SRC = Path(__file__).resolve().parents[1] / "src" / "optiimi"
LANGUAGES = ("fi", "sv")
# Every place with a Finnish catalogue (the project's root and each app that has one) must
# have a Swedish one too.
PLACES = sorted(p.parents[2] for p in SRC.rglob("locale/fi/LC_MESSAGES/django.po"))
CATALOGUES = sorted(
    p for language in LANGUAGES for p in SRC.rglob(f"locale/{language}/LC_MESSAGES/django.po")
)


def _place_id(place: Path) -> str:
    return str(place.relative_to(SRC)) if place != SRC / "locale" else "locale"


def _messages(text: str) -> dict[tuple[str | None, str, str | None], list[str]]:
    """{(msgctxt, msgid, msgid_plural): [msgstr...]} of a .po file, without the header. An entry
    starts at its msgctxt, or at its msgid when no msgctxt came just before: a missing blank line
    between two entries does not hide the second one."""
    out: dict[tuple[str | None, str, str | None], list[str]] = {}
    entries: list[dict[str, str]] = []
    parts: dict[str, str] = {}
    current = None
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        if line.startswith('"'):
            if current is not None:
                parts[current] += ast.literal_eval(line)
            continue
        key, _, rest = line.partition(" ")
        starts = key == "msgctxt" or (key == "msgid" and "msgctxt" not in parts) or key in parts
        if starts and any(k.startswith("msgstr") for k in parts):
            entries.append(parts)
            parts = {}
        current = key
        parts[key] = ast.literal_eval(rest)
    entries.append(parts)
    for parts in entries:
        if parts.get("msgid"):
            key = (parts.get("msgctxt"), parts["msgid"], parts.get("msgid_plural"))
            out[key] = [v for k, v in parts.items() if k.startswith("msgstr")]
    return out


def test_there_are_finnish_and_swedish_catalogues():
    assert PLACES
    assert any("/sv/" in str(p) for p in CATALOGUES)


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(SRC)))
def test_catalogue_has_no_untranslated_or_fuzzy_message(path):
    text = path.read_text()
    untranslated = [key[1] for key, strs in _messages(text).items() if not all(strs)]
    assert not untranslated, f"untranslated in {path}: {untranslated[:10]}"
    assert "#, fuzzy" not in text.split("\n\n", 1)[1]
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in text
    compiled = path.with_suffix(".mo")
    assert compiled.exists() and compiled.stat().st_mtime >= path.stat().st_mtime - 1


@pytest.mark.parametrize("place", PLACES, ids=_place_id)
def test_swedish_catalogue_holds_the_finnish_messages(place):
    fi = place / "fi" / "LC_MESSAGES" / "django.po"
    sv = place / "sv" / "LC_MESSAGES" / "django.po"
    assert sv.exists(), f"no Swedish catalogue beside {fi}"
    assert '"Language: sv\\n"' in sv.read_text()
    fi_keys, sv_keys = set(_messages(fi.read_text())), set(_messages(sv.read_text()))
    assert not fi_keys - sv_keys, f"missing in {sv}: {sorted(fi_keys - sv_keys, key=str)[:10]}"
    assert not sv_keys - fi_keys, f"only in {sv}: {sorted(sv_keys - fi_keys, key=str)[:10]}"


def test_labels_switch_language():
    from optiimi.network.models import OrganisationKind

    with translation.override("fi"):
        assert str(OrganisationKind.UAS.label) == "ammattikorkeakoulu"
    with translation.override("en"):
        assert str(OrganisationKind.UAS.label) == "university of applied sciences"
    with translation.override("sv"):
        assert str(OrganisationKind.UAS.label) == "yrkeshögskola"


@pytest.mark.django_db
def test_numbers_are_written_the_finnish_way(regions):
    from django.template import Context, Template

    for language in ("fi", "sv"):
        with translation.override(language):
            text = Template("{% load optiimi %}{{ v|num:1 }}").render(Context({"v": 1234.5}))
        assert text == "1\xa0234,5", language
    assert Client().get("/").status_code == 200


def test_swedish_dates_are_written_the_finland_swedish_way():
    import datetime

    from django.utils.formats import date_format, time_format

    day = datetime.datetime(2026, 12, 1, 14, 30, tzinfo=datetime.UTC)
    with translation.override("sv"):
        assert date_format(day, "SHORT_DATE_FORMAT") == "1.12.2026"
        assert date_format(day) == "1 december 2026"
        assert time_format(day) == "14.30"
    with translation.override("fi"):
        assert date_format(day, "SHORT_DATE_FORMAT") == "1.12.2026"


def test_english_dates_put_the_day_first_and_use_a_24_hour_clock():
    """Not Django's American `en` (12/01/2026 reads as 12 January to a Finn; 2:30 p.m.)."""
    import datetime

    from django.utils.formats import date_format, time_format

    day = datetime.datetime(2026, 12, 1, 14, 30, tzinfo=datetime.UTC)
    with translation.override("en"):
        assert date_format(day, "SHORT_DATE_FORMAT") == "1 Dec 2026"
        assert date_format(day) == "1 December 2026"
        assert time_format(day) == "14:30"
        assert date_format(day, "SHORT_DATETIME_FORMAT") == "1 Dec 2026, 14:30"


# Chrome of base.html and the navigation, by language: a page in one language must show its
# own and none of the others'.
CHROME = {
    "fi": ["Siirry sisältöön", ">Verkosto<", ">Tapahtumat<", "Kirjaudu sisään"],
    "en": ["Skip to content", ">Network<", ">Events<", "Log in", "Sign in"],
    "sv": ["Hoppa till innehållet", ">Nätverk<", ">Evenemang<", "Logga in"],
}
PAGES = [
    ("/", 200),
    ("/foresight/132/", 200),
    ("/organisations/", 200),
    ("/plan/2007-2009/", 200),
    ("/events/", 200),
    ("/foresight/", 200),
    ("/services/help/", 200),
    ("/guidance/study/?interests=puu&municipality=1", 200),
    ("/accounts/login/", 200),
    ("/no-such-page/", 404),
    ("/projects/", 200),
    ("/benchmark/", 200),
    ("/network/", 200),
]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["sv", "en"])
def test_pages_show_the_chrome_of_their_own_language_only(language, plan, event):
    client = Client()
    client.cookies["django_language"] = language
    for path, status in PAGES:
        response = client.get(path)
        assert response.status_code == status, path
        html = response.content.decode()
        assert f'<html lang="{language}">' in html, path
        assert "Hoppa till innehållet" in html or language != "sv", path
        assert "Skip to content" in html or language != "en", path
        for other, markers in CHROME.items():
            if other == language:
                continue
            shown = [m for m in markers if m in html]
            assert not shown, (path, language, shown)
        # The switch offers every language on every page, each named in its own language.
        for code, name in (("fi", "suomi"), ("en", "English"), ("sv", "svenska")):
            assert f'name="language" value="{code}" lang="{code}"' in html, (path, code)
            assert f'<span class="visually-hidden"> {name}</span>' in html, (path, code)


@pytest.mark.django_db
def test_swedish_pages_use_swedish_names_of_places(regions):
    client = Client()
    client.cookies["django_language"] = "sv"
    html = client.get("/").content.decode()
    assert "Mellersta Finland" in html
    assert "Lärande- och innovationsnätverket" in html
    assert "Keski-Suomi" not in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_one_message_means_one_thing_across_the_apps(language):
    """Django looks a message up in one merged catalogue (the project's own first, then the apps
    in INSTALLED_APPS order), so two apps translating the same message differently show one app's
    word on the other's pages: a message with two meanings needs a context (pgettext)."""
    seen: dict[tuple[str | None, str, str | None], dict[str, list[str]]] = {}
    for path in sorted(SRC.rglob(f"locale/{language}/LC_MESSAGES/django.po")):
        for key, strs in _messages(path.read_text()).items():
            seen.setdefault(key, {})[_place_id(path.parents[2])] = strs
    differing = {
        key[1] if key[0] is None else f"{key[0]}|{key[1]}": by
        for key, by in seen.items()
        if len({tuple(v) for v in by.values()}) > 1
    }
    assert not differing, f"translated differently in {language}: {list(differing.items())[:5]}"
