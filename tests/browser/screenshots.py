"""Screenshots of every page type of the demo, in Finnish, Swedish and English, at 1280 px and
390 px, and contact sheets of them to look at: `make screenshots`.

The demo is loaded into its own data directory (`var/screenshots/site/`, loaded again when the
code or data it is made from changed, not for a template, stylesheet or translation; or with
`--fresh`) and served by `optiimi serve`. The site is walked from the front page as
`tests/browser/walk.py` walks it: the pages a visitor reaches are taken
as a visitor, every other page type as the demo's coordinator. Each page type is taken once, at
the first address the walk found for it, into `var/screenshots/<lang>-<width>/<page-type>.png`
(the `:` of the page type's name written as `.`), and a grid of thumbnails with the page type
under each into `var/screenshots/sheet-<lang>-<width>-<n>.png`.

    .venv/bin/python -m tests.browser.screenshots [--lang fi sv en] [--width 1280 390] [--fresh]
    .venv/bin/python -m tests.browser.screenshots --pages guidance:index   # only these, again
    .venv/bin/python -m tests.browser.screenshots --sheets     # only draw the contact sheets
    .venv/bin/python -m tests.browser.screenshots --readme     # the README's, docs/screenshots/
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "var" / "screenshots"
SITE = OUT / "site"
LANGUAGES = ("fi", "sv", "en")
WIDTHS = (1280, 390)
HEIGHT = {1280: 900, 390: 844}
COORDINATOR = "koordinaattori"
# The contact sheets: thumbnails of the top of each page, this wide and at most this tall.
THUMB = {1280: (256, 400), 390: (156, 420)}
COLUMNS = {1280: 5, 390: 8}
ROWS = {1280: 3, 390: 2}
LABEL_HEIGHT = 30
# Which page types were taken as the coordinator, and at which address (for --sheets).
MANIFEST = OUT / "pages.json"


@dataclass
class Shot:
    name: str
    path: str
    as_coordinator: bool


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env["OPTIIMI_DATA_DIR"] = str(SITE)
    env["DJANGO_SETTINGS_MODULE"] = "optiimi.settings"
    env.pop("DATABASE_URL", None)  # the demo's own SQLite file in the data directory
    return env


# Files the demo's data is not made from: a change to a page or a translation needs no new load.
PRESENTATION = {".html", ".css", ".js", ".svg", ".po", ".mo", ".md"}


def _data_source_hash() -> str:
    """A hash of the Python code and data files the demo's database is made from."""
    digest = hashlib.sha256(sys.version.encode())
    for path in sorted((ROOT / "src" / "optiimi").rglob("*")):
        if (
            path.is_file()
            and "__pycache__" not in path.parts
            and path.suffix not in {".pyc", *PRESENTATION}
        ):
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _load_demo(fresh: bool) -> None:
    """The demo in `var/screenshots/site/`, loaded again when its code or data changed since."""
    stamp = SITE / "demo-source"
    key = _data_source_hash()
    if fresh or not stamp.exists() or stamp.read_text() != key:
        shutil.rmtree(SITE, ignore_errors=True)
        SITE.mkdir(parents=True)
        print(f"Loading the demo into {SITE} (a minute or two)…", flush=True)
        optiimi = str(Path(sys.executable).with_name("optiimi"))
        subprocess.run(
            [optiimi, "demo", "--no-serve"],
            env=_environment(),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        stamp.write_text(key)


@contextlib.contextmanager
def _served() -> Iterator[str]:
    port = _free_port()
    optiimi = str(Path(sys.executable).with_name("optiimi"))
    log = (OUT / "server.log").open("w")
    server = subprocess.Popen(
        [optiimi, "serve", "--port", str(port), "--workers", "2", "--threads", "2"],
        env=_environment(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(base_url + "/", timeout=10):  # noqa: S310
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(
                        f"the server did not start: see {OUT / 'server.log'}"
                    ) from None
                time.sleep(0.5)
        yield base_url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@dataclass
class ReadmeShot:
    """One of the README's screenshots: a page's top `height` px (0: the whole page)."""

    file: str
    path: str
    lang: str = "fi"
    width: int = 1280
    height: int = 900
    as_coordinator: bool = False


README_SHOTS = [
    ReadmeShot("home-fi.png", "/", height=0),
    ReadmeShot("plan-fi.png", "/plan/2007-2009/"),
    ReadmeShot("joutsa-pilot-fi.png", "/projects/1/", height=960),
    ReadmeShot("subregion-forecast-fi.png", "/foresight/132/", height=1240),
    ReadmeShot("barometer-map-fi.png", "/foresight/barometer/2/", height=1300),
    ReadmeShot("collaboration-map-fi.png", "/network/?year=2009&a=2&b=7", height=1570),
    ReadmeShot(
        "collaboration-bridging-en.png",
        "/network/bridging/?from=2007&to=2009",
        lang="en",
        height=1200,
    ),
    ReadmeShot("front-door-390-sv.png", "/services/help/", lang="sv", width=390, height=1100),
]
README_FOLDER = ROOT / "docs" / "screenshots"


def readme_shots(browser, base_url: str) -> None:
    """Take the README's screenshots into docs/screenshots/, in at most 256 colours."""
    from PIL import Image

    for shot in README_SHOTS:
        context, page = _context(browser, base_url, shot.lang, shot.width, shot.as_coordinator)
        try:
            response = page.goto(base_url + shot.path)
            if response is None or response.status != 200:
                raise SystemExit(f"{shot.path} answered {response.status if response else 0}")
            target = README_FOLDER / shot.file
            page.wait_for_load_state("load")
            page.screenshot(path=str(target), full_page=True, animations="disabled")
        finally:
            context.close()
        with Image.open(target) as image:
            image.load()
        if shot.height and image.height > shot.height:
            image = image.crop((0, 0, image.width, shot.height))
        image.convert("RGB").quantize(colors=256).save(target, optimize=True)
        print(f"{target.relative_to(ROOT)}: {target.stat().st_size // 1024} KB", flush=True)


def _file_name(name: str) -> str:
    return name.replace(":", ".") + ".png"


def _context(browser, base_url: str, lang: str, width: int, as_coordinator: bool):
    context = browser.new_context(
        viewport={"width": width, "height": HEIGHT[width]}, locale="fi-FI", reduced_motion="reduce"
    )
    context.add_cookies([{"name": "django_language", "value": lang, "url": base_url}])
    page = context.new_page()
    if as_coordinator:
        from optiimi.demo import loader

        page.goto(f"{base_url}/accounts/login/")
        page.fill("#id_username", COORDINATOR)
        page.fill("#id_password", loader.DEMO_PASSWORD)
        with page.expect_navigation():
            page.click("button.primary")
    return context, page


def _take(page, folder: Path, name: str) -> None:
    page.wait_for_load_state("load")
    page.screenshot(path=str(folder / _file_name(name)), full_page=True, animations="disabled")


def _walk(browser, base_url: str, lang: str, width: int) -> tuple[list[Shot], dict[str, int]]:
    """Walk as a visitor, then as the coordinator, taking each page type the first time."""
    from tests.browser import walk
    from tests.browser.test_site_walk import MORE

    folder = OUT / f"{lang}-{width}"
    shots: dict[str, Shot] = {}
    failed: dict[str, int] = {}
    for as_coordinator in (False, True):
        context, page = _context(browser, base_url, lang, width, as_coordinator)

        def take(page, path: str, name: str, as_coordinator: bool = as_coordinator) -> None:
            if name not in shots:
                shots[name] = Shot(name, path, as_coordinator)
                _take(page, folder, name)

        try:
            found = walk.walk_site(page, base_url, more=MORE, on_page=take)
        finally:
            context.close()
        failed.update(found.failed)
    return sorted(shots.values(), key=lambda shot: shot.name), failed


def _revisit(browser, base_url: str, lang: str, width: int, shots: list[Shot]) -> dict[str, int]:
    folder = OUT / f"{lang}-{width}"
    failed: dict[str, int] = {}
    for as_coordinator in (False, True):
        context, page = _context(browser, base_url, lang, width, as_coordinator)
        try:
            for shot in shots:
                if shot.as_coordinator != as_coordinator:
                    continue
                response = page.goto(base_url + shot.path)
                if response is None or response.status != 200:
                    failed[shot.path] = response.status if response else 0
                    continue
                _take(page, folder, shot.name)
        finally:
            context.close()
    return failed


def contact_sheets(lang: str, width: int, shots: list[Shot]) -> list[Path]:
    """Thumbnails of the top of each page, the page type (and its full height) under each."""
    from PIL import Image, ImageDraw, ImageFont

    folder = OUT / f"{lang}-{width}"
    thumb_width, thumb_height = THUMB[width]
    columns, rows = COLUMNS[width], ROWS[width]
    cell_width, cell_height = thumb_width + 12, thumb_height + LABEL_HEIGHT + 12
    try:
        font = ImageFont.truetype("DejaVuSans.ttf", 11)
    except OSError:
        font = ImageFont.load_default()
    for old in OUT.glob(f"sheet-{lang}-{width}-*.png"):
        old.unlink()
    sheets = []
    per_sheet = columns * rows
    for number, start in enumerate(range(0, len(shots), per_sheet), start=1):
        chunk = shots[start : start + per_sheet]
        used_rows = (len(chunk) + columns - 1) // columns
        sheet = Image.new("RGB", (columns * cell_width, used_rows * cell_height), "#d8d8d8")
        draw = ImageDraw.Draw(sheet)
        for index, shot in enumerate(chunk):
            x = (index % columns) * cell_width + 6
            y = (index // columns) * cell_height + 6
            source = folder / _file_name(shot.name)
            if not source.exists():
                draw.text((x, y), "missing", fill="#b00000", font=font)
            else:
                with Image.open(source) as image:
                    full_height = image.height
                    scale = thumb_width / image.width
                    top = image.crop(
                        (0, 0, image.width, min(image.height, int(thumb_height / scale)))
                    )
                    top = top.convert("RGB").resize(
                        (thumb_width, max(1, round(top.height * scale))), Image.Resampling.LANCZOS
                    )
                sheet.paste(top, (x, y))
                draw.rectangle((x - 1, y - 1, x + top.width, y + top.height), outline="#888888")
                label = f"{full_height} px" + (" (coordinator)" if shot.as_coordinator else "")
                draw.text((x, y + thumb_height + 3), label, fill="#444444", font=font)
            draw.text((x, y + thumb_height + 15), shot.name, fill="#000000", font=font)
        path = OUT / f"sheet-{lang}-{width}-{number}.png"
        sheet.save(path, optimize=True)
        sheets.append(path)
    return sheets


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", nargs="+", choices=LANGUAGES, default=list(LANGUAGES))
    parser.add_argument("--width", nargs="+", type=int, default=list(WIDTHS))
    parser.add_argument("--fresh", action="store_true", help="load the demo again")
    parser.add_argument(
        "--sheets", action="store_true", help="only draw the contact sheets of the shots there are"
    )
    parser.add_argument(
        "--readme",
        action="store_true",
        help="only take the README's screenshots (docs/screenshots/)",
    )
    parser.add_argument(
        "--pages",
        nargs="+",
        metavar="PAGE_TYPE",
        help="only take these page types again (at the addresses the last walk found)",
    )
    options = parser.parse_args(argv)

    OUT.mkdir(parents=True, exist_ok=True)
    # stopped from outside: stop the server and the browser on the way out
    signal.signal(signal.SIGTERM, lambda _signal, _frame: sys.exit(143))
    if options.sheets:
        shots = [Shot(**shot) for shot in json.loads(MANIFEST.read_text())]
        for lang in options.lang:
            for width in options.width:
                if (OUT / f"{lang}-{width}").is_dir():
                    contact_sheets(lang, width, shots)
        return 0
    os.environ.update(_environment())
    import django

    django.setup()
    _load_demo(options.fresh)

    from playwright.sync_api import sync_playwright

    from tests.conftest import ARGS, CHROMIUM

    failed: dict[str, int] = {}
    with _served() as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        if options.readme:
            readme_shots(browser, base_url)
            return 0
        shots: list[Shot] = []
        retake: list[Shot] = []
        if options.pages:
            shots = [Shot(**shot) for shot in json.loads(MANIFEST.read_text())]
            retake = [shot for shot in shots if shot.name in options.pages]
            unknown = set(options.pages) - {shot.name for shot in retake}
            if unknown:
                raise SystemExit(f"not found by the last walk: {', '.join(sorted(unknown))}")
        for lang in options.lang:
            for width in options.width:
                (OUT / f"{lang}-{width}").mkdir(exist_ok=True)
                started = time.monotonic()
                if retake:
                    failed.update(_revisit(browser, base_url, lang, width, retake))
                    contact_sheets(lang, width, shots)
                    print(f"{lang}-{width}: {len(retake)} page types taken again", flush=True)
                    continue
                for old in (OUT / f"{lang}-{width}").glob("*.png"):
                    old.unlink()
                if not shots:
                    shots, walk_failed = _walk(browser, base_url, lang, width)
                    failed.update(walk_failed)
                    MANIFEST.write_text(
                        json.dumps([dataclasses.asdict(shot) for shot in shots], indent=1)
                    )
                else:
                    failed.update(_revisit(browser, base_url, lang, width, shots))
                sheets = contact_sheets(lang, width, shots)
                print(
                    f"{lang}-{width}: {len(shots)} page types in "
                    f"{time.monotonic() - started:.0f} s; sheets: "
                    + " ".join(str(sheet.relative_to(ROOT)) for sheet in sheets),
                    flush=True,
                )
        browser.close()
    for path, status in sorted(failed.items()):
        print(f"failed: {path} answered {status}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
