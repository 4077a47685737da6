"""The pages in a real Chromium (Debian's, driven by its chromedriver through Selenium).

They skip, saying why, where there is no browser; under CI (CI=true) a missing browser
fails instead, as .ci/run installs it. Every host but 127.0.0.1 is unresolvable for the
browser, so report images from the site are never fetched. Screenshots are saved under
NKWATCH_SCREENSHOTS (default build/screenshots), and the folder is printed at the end.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from web_samples import fill_store

pytestmark = pytest.mark.slow  # a real Chromium drives the pages

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
SCREENSHOTS = Path(
    os.environ.get("NKWATCH_SCREENSHOTS") or ROOT / "build" / "screenshots"
)
WAIT_S = 10


def _missing() -> str | None:
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        return "no Chromium (apt-get install chromium chromium-driver)"
    if not (Path(CHROMEDRIVER).exists() or shutil.which("chromedriver")):
        return "no chromedriver (apt-get install chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from nkwatch.web import create_app
    from nkwatch.web.server import BackgroundServer, bind, url_of
    from store import open_store

    db = f"sqlite:///{tmp_path_factory.mktemp('web')}/browser.db"
    fill_store(db)
    store = open_store(db, read_only=True)
    app = create_app(store, db_url=db, site_url="https://www.dailynk.com/english/")
    server = BackgroundServer(app, bind("127.0.0.1", 0))
    server.start()
    try:
        yield url_of(server.sock).rstrip("/")
    finally:
        server.stop()
        store.close()


@pytest.fixture(scope="module")
def browser(request: pytest.FixtureRequest) -> Iterator[Any]:
    missing = _missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests must run in CI: {missing}")
        pytest.skip(missing)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="nkwatch-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = (
        CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    )
    for flag in (
        "--headless=new",
        "--no-sandbox",  # root in CI containers
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-extensions",
        f"--user-data-dir={profile}",
        "--window-size=1280,1000",
        # Only this machine: report images on the real site are never fetched.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    ):
        options.add_argument(flag)
    driver_path = (
        CHROMEDRIVER if Path(CHROMEDRIVER).exists() else shutil.which("chromedriver")
    )
    driver = webdriver.Chrome(
        service=Service(executable_path=driver_path), options=options
    )
    driver.set_page_load_timeout(30)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
        reporter = request.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(f"browser screenshots: {SCREENSHOTS}")


def shot(driver: Any, name: str) -> None:
    driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))


def find(driver: Any, css: str) -> Any:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, css)


def find_all(driver: Any, css: str) -> list[Any]:
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, css)


def listed_titles(driver: Any) -> list[str]:
    return [a.text for a in find_all(driver, "li.report h2 a")]


def test_home_page_lists_reports(browser: Any, base_url: str) -> None:
    browser.get(base_url + "/")
    assert "Law-enforcement reports" in find(browser, "h1").text
    assert 0 < len(listed_titles(browser)) <= 20
    assert "reports" in find(browser, "#counts").text
    shot(browser, "home")


def test_filtering_by_agency_through_the_form(browser: Any, base_url: str) -> None:
    from selenium.webdriver.support.ui import Select

    browser.get(base_url + "/")
    Select(find(browser, "#agency")).select_by_value("border_guards")
    find(browser, "form.filters button[type=submit]").click()
    assert "agency=border_guards" in browser.current_url
    titles = listed_titles(browser)
    assert titles
    assert all("border guards" in t.text for t in find_all(browser, ".tags"))
    shot(browser, "filtered")


def test_searching_highlights_the_matches(browser: Any, base_url: str) -> None:
    browser.get(base_url + "/")
    box = find(browser, "#q")
    box.clear()
    box.send_keys("smuggling")
    box.submit()
    assert "q=smuggling" in browser.current_url
    marks = find_all(browser, ".snippet mark")
    assert marks
    assert all(m.text.lower().startswith("smuggl") for m in marks)
    shot(browser, "search")


def test_opening_a_report(browser: Any, base_url: str) -> None:
    browser.get(base_url + "/")
    first = find(browser, "li.report h2 a")
    title = first.text
    first.click()
    assert "/reports/" in browser.current_url
    assert find(browser, "h1").text.startswith(title)
    assert find_all(browser, ".body p")
    assert "Read the original on Daily NK" in browser.page_source
    # The newest report was edited once: its revision shows the added paragraph.
    assert (
        "The ministry later confirmed the arrests." in find(browser, ".revisions").text
    )
    shot(browser, "report")


def test_the_charts_draw(browser: Any, base_url: str) -> None:
    browser.get(base_url + "/stats")
    charts = find_all(browser, "svg.chart")
    assert len(charts) >= 2
    for chart in charts:
        bars = [
            bar
            for bar in chart.find_elements("css selector", "rect")
            if bar.size["width"] > 0 and bar.size["height"] > 0
        ]
        assert bars, chart.get_attribute("aria-label")
        assert chart.size["width"] > 200
    shot(browser, "stats")


def test_following_the_atom_link(browser: Any, base_url: str) -> None:
    browser.get(base_url + "/?agency=state_security")
    link = find(browser, "a.feed")
    assert link.get_attribute("href").endswith("/feed.atom?agency=state_security")
    link.click()
    source = browser.page_source
    assert "http://www.w3.org/2005/Atom" in source
    assert "state security" in source


def test_readable_on_a_phone(browser: Any, base_url: str) -> None:
    browser.set_window_size(390, 844)
    try:
        for path in ("/", "/stats"):
            browser.get(base_url + path)
            overflow = browser.execute_script(
                "return document.documentElement.scrollWidth - window.innerWidth"
            )
            assert overflow <= 0, path
        browser.get(base_url + "/")
        shot(browser, "phone")
    finally:
        browser.set_window_size(1280, 1000)
