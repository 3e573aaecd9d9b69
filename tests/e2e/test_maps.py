"""The maps in a real browser, without tiles (there is no tile server here, as when offline): the
area outlines and the reports still show, and a public map over 10,000 reports stays usable because
the browser gets clusters, never 10,000 markers."""

import re
import shutil
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from tests.support import hub_env, manage, start_daphne, stop

REPORTS = 10_000
OUTLINE = "#1d4f91"  # the area outlines' colour in static/js/public-map.js and report-map.js

# Collects the main thread's long tasks (over 50 ms), the browser's own measure of a page that
# stops answering, and each time the public map has drawn.
WATCH = """
window.longTasks = [];
new PerformanceObserver(function (list) {
  list.getEntries().forEach(function (entry) { window.longTasks.push(entry.duration); });
}).observe({ entryTypes: ["longtask"] });
window.drawn = [];
document.addEventListener("DOMContentLoaded", function () {
  var map = document.getElementById("public-map");
  if (map) map.addEventListener("samverkan:map-drawn", function (event) { window.drawn.push(event.detail); });
});
"""


@pytest.fixture(scope="module")
def map_server():
    """A hub of its own with the demo and 10,000 public reports, so the other browser tests' hub
    keeps its small demo."""
    workdir = Path(tempfile.mkdtemp(prefix="hub-maps-"))
    env = hub_env(
        DATABASE_URL=f"sqlite:///{workdir / 'hub.sqlite3'}",
        DJANGO_MEDIA_ROOT=str(workdir / "media"),
        HUB_LOGIN_RATE="600/m/ip",
    )
    manage(env, "migrate", "--no-input")
    manage(env, "seed_demo")
    manage(env, "shell", "-c", f"from bench.public import add_public_reports; add_public_reports({REPORTS})")
    server = start_daphne(env)
    yield server
    stop(server.process)
    shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
def map_page(browser, map_server):
    context = browser.new_context(
        base_url=map_server.url, locale="sv-SE", viewport={"width": 1280, "height": 800}
    )
    page = context.new_page()
    page.set_default_timeout(20000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_init_script(WATCH)
    yield page
    context.close()
    assert not errors, f"JavaScript errors in the page: {errors}"


def _drawn(page, count):
    page.wait_for_function("count => window.drawn.length >= count", arg=count)
    return page.evaluate("() => window.drawn[window.drawn.length - 1]")


def _outlines(page, selector):
    return page.locator(f"{selector} .leaflet-overlay-pane path[stroke='{OUTLINE}']")


def test_the_public_map_shows_the_areas_and_every_report_as_clusters_without_tiles(map_page):
    map_page.goto("/felanmalan/karta/")
    first = _drawn(map_page, 1)
    expect(_outlines(map_page, "#public-map")).to_have_count(5)
    assert first["clusters"] > 0
    assert first["clusters"] + first["points"] < 300  # markers on the page, for 10,000 reports
    fitted = _drawn(map_page, 2)  # the view fits the areas' outlines once they have loaded
    assert fitted["reports"] >= REPORTS * 0.9
    expect(map_page.locator("#public-map .map-cluster").first).to_be_visible()


def test_the_10000_report_map_stays_usable_while_zooming_to_the_street_and_panning(map_page):
    map_page.goto("/felanmalan/karta/")
    _drawn(map_page, 2)
    zoom_in = map_page.locator("#public-map .leaflet-control-zoom-in")
    drawn = map_page.evaluate("() => window.drawn.length")
    detail = None
    for _step in range(6):
        zoom_in.click()
        drawn += 1
        detail = _drawn(map_page, drawn)
    assert detail["zoom"] >= 17 and detail["points"] > 0 and detail["clusters"] == 0
    map_page.locator("#public-map").focus()
    for key in ("ArrowLeft", "ArrowLeft", "ArrowUp", "ArrowRight"):
        map_page.keyboard.press(key)
        drawn += 1
        _drawn(map_page, drawn)
    long_tasks = map_page.evaluate("() => window.longTasks")
    # Usable: no redraw holds the page for more than a fifth of a second, and the whole walk from the
    # municipality to the street blocks it for less than a second in all.
    assert max(long_tasks, default=0) < 200, long_tasks
    assert sum(duration - 50 for duration in long_tasks) < 1000, long_tasks


def test_a_cluster_opens_closer_on_click(map_page):
    map_page.goto("/felanmalan/karta/")
    before = _drawn(map_page, 2)
    map_page.locator("#public-map .map-cluster").first.click()
    after = _drawn(map_page, 3)
    assert after["zoom"] == before["zoom"] + 2


def test_the_report_list_map_shows_the_outlines_and_pins_linking_to_reports(map_page):
    log_in(map_page, "samordnare@demo.test")
    map_page.goto("/reports/?category=graffiti")
    map_page.locator(".report-map-toggle summary").click()
    toggle = map_page.locator(".report-map-toggle")
    expect(_outlines(map_page, ".report-map-toggle")).to_have_count(5)
    pins = toggle.locator(".leaflet-overlay-pane path.leaflet-interactive")
    expect(pins.first).to_be_visible()
    expect(toggle.locator(".report-map-status")).not_to_be_empty()
    pins.first.click(force=True)
    link = toggle.locator(".leaflet-popup-content a")
    expect(link).to_have_attribute("href", re.compile(r"^/reports/\d+/$"))
