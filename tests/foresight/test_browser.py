"""The sub-region dashboard in Chromium: charts render with intervals, and axe finds nothing
serious."""

from pathlib import Path

import pytest

from optiimi.core.writes import System
from optiimi.foresight import services
from optiimi.foresight.models import Indicator

SETUP = System("test setup")


CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium not installed"),
]


@pytest.mark.django_db(transaction=True)
def test_subregion_dashboard_draws_forecast_interval_and_passes_axe(
    page, live_server, demo_statistics, tmp_path
):
    services.forecast_indicator(
        Indicator.objects.get(code="demo.population"), areas=["SK131"], n_jobs=1, actor=SETUP
    )
    page.goto(f"{live_server.url}/foresight/131/")
    page.wait_for_selector(".chart-canvas svg")
    assert page.locator("text=MASE").count() >= 1
    # the interval band is a filled area in the forecast chart
    assert page.locator(".chart-canvas svg path[aria-roledescription='area mark']").count() >= 1
    page.screenshot(path=str(tmp_path / "subregion.png"), full_page=True)
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    serious = [
        v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


@pytest.mark.django_db(transaction=True)
def test_region_dashboard_passes_axe(page, live_server, demo_statistics):
    page.goto(f"{live_server.url}/foresight/")
    page.wait_for_selector(".chart-canvas svg")
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    serious = [
        v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["fi", "en"])
def test_barometer_map_and_theme_forms_pass_axe(
    page, live_server, coordinator, owner, member, language, screenshot, settings
):
    import datetime

    settings.OPTIIMI_BAROMETER_MIN_ANSWERS = 1  # three people cannot fill a cell here

    from optiimi.foresight.models import BarometerTheme
    from optiimi.regions.models import Region
    from tests.browser.conftest import axe_violations

    round_ = services.open_round(
        actor=coordinator, name="Kevät 2025", opens=datetime.date(2025, 3, 1)
    )
    theme = BarometerTheme.objects.get(code="skilled_labour")
    for user, code, score in [(owner, "131", 2), (member, "131", 1), (owner, "135", -1)]:
        services.answer(
            actor=user,
            round=round_,
            subregion=Region.objects.subregions().get(code=code),
            theme=theme,
            horizon="12m",
            score=score,
        )
    services.close_round(actor=coordinator, round=round_)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "coordinator")
    page.fill("#id_password", "pw")
    page.click("button.primary")
    page.wait_for_url(f"{live_server.url}/")
    if language == "en":
        page.locator("button[name=language][value=en]").click()
        page.wait_for_load_state()
    problems = {}
    for name, path in {
        "map": f"/foresight/barometer/{round_.pk}/?horizon=12m&theme={theme.pk}",
        "list": "/foresight/barometer/",
        "open": "/foresight/barometer/new/",
        "theme": "/foresight/barometer/themes/new/",
    }.items():
        page.goto(live_server.url + path)
        if name == "map":
            assert page.locator(".barometer-map svg path").count() > 0
            assert page.locator(".barometer-map text", has_text="+100 (n=2)").count() == 1
        found = axe_violations(page)
        if found:
            problems[name] = found
        screenshot(page, f"barometer-{name}-{language}")
    # an invalid theme shows its errors accessibly too
    page.goto(f"{live_server.url}/foresight/barometer/themes/new/")
    page.fill("#id_code", "business")
    page.fill("#id_name_fi", "Toinen")
    page.locator("button.primary").click()
    page.wait_for_load_state()
    assert page.locator(".errorlist").count() >= 2
    found = axe_violations(page)
    if found:
        problems["theme-errors"] = found
    screenshot(page, f"barometer-theme-errors-{language}")
    assert problems == {}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["fi", "en"])
def test_a_member_answers_the_whole_round_on_one_page_by_keyboard(
    page, live_server, coordinator, member, language, screenshot
):
    import datetime

    from django.utils import timezone

    from optiimi.foresight.models import BarometerAnswer
    from tests.browser.conftest import axe_violations

    today = timezone.localdate()
    round_ = services.open_round(
        actor=coordinator,
        name="Syksy",
        opens=today - datetime.timedelta(days=1),
        closes=today + datetime.timedelta(days=7),
        invitees=[member],
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "member")
    page.fill("#id_password", "pw")
    page.click("button.primary")
    page.wait_for_url(f"{live_server.url}/")
    if language == "en":
        page.locator("button[name=language][value=en]").click()
        page.wait_for_load_state()
    page.goto(f"{live_server.url}/foresight/barometer/{round_.pk}/")
    assert page.locator("input[type=radio]:checked").count() == 0  # nothing chosen for you
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, f"barometer-answer-390-{language}")
    page.set_viewport_size({"width": 1280, "height": 900})
    # Keyboard only from the sub-region list on: choose the second sub-region, then answer
    # each of the nine questions (three themes × three horizons) and send with Enter.
    page.focus("#id_subregion")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    for question in range(9):
        page.keyboard.press("Tab")  # into the next question's worded scale
        page.keyboard.press("Space")  # the first answer, "clearly improves" (++)
        for _step in range(question % 3):
            page.keyboard.press("ArrowDown")  # …or one or two steps down the scale
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".messages, [role=status]").count() >= 1
    assert page.locator("input[type=radio]:checked").count() == 9  # shown again as given
    answers = BarometerAnswer.objects.filter(round=round_, rater=member)
    assert answers.count() == 9
    assert sorted(a.score for a in answers) == [0, 0, 0, 1, 1, 1, 2, 2, 2]
    assert answers.values("subregion").distinct().count() == 1
    screenshot(page, f"barometer-answered-{language}")


def _lines(page, chart: int) -> dict[str, str]:
    """The stroke colour of each line in a chart, by the first words of its description."""
    found = {}
    paths = (
        page.locator(".chart-canvas").nth(chart).locator("path[aria-roledescription='line mark']")
    )
    for i in range(paths.count()):
        path = paths.nth(i)
        found[path.get_attribute("aria-label").split(" 2")[0]] = path.get_attribute("stroke")
    return found


@pytest.mark.django_db(transaction=True)
def test_charts_write_numbers_the_readers_way_and_keep_colours_across_languages(
    page, live_server, demo_statistics
):
    import re

    services.forecast_indicator(
        Indicator.objects.get(code="demo.population"), areas=["SK131"], n_jobs=1, actor=SETUP
    )
    colours = {}
    for language in ("fi", "en"):
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        page.goto(f"{live_server.url}/foresight/131/")
        page.wait_for_selector(".chart-canvas svg path[aria-roledescription='line mark']")
        ticks = (
            page.locator(".chart-canvas")
            .first.locator("svg text")
            .evaluate_all("texts => texts.map(t => t.textContent)")
        )
        big = [t for t in ticks if re.fullmatch(r"\d{1,3}([\u00a0 ,]\d{3})+", t)]
        assert big, ticks  # the population axis has thousands
        if language == "fi":
            assert all(re.fullmatch(r"\d{1,3}(\u00a0\d{3})+", t) for t in big), big
        else:
            assert all(re.fullmatch(r"\d{1,3}(,\d{3})+", t) for t in big), big
        years = [t for t in ticks if re.fullmatch(r"\d{4}", t)]
        assert years and not [t for t in ticks if re.fullmatch(r"\d,\d{3}", t)]
        # the comparison chart: sub-region, region and whole country, in page language
        lines = _lines(page, len(page.locator(".chart-canvas").all()) - 1)
        country = "Koko maa" if language == "fi" else "Whole country"
        colours[language] = {
            "sub-region": lines["Jyväskylä"],
            "country": lines[country],
        }
    assert colours["fi"] == colours["en"]
    assert colours["fi"]["sub-region"] == "#0b3d6b" != colours["fi"]["country"]
