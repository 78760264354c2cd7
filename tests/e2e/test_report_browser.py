"""End to end: publish the bundled sample, then open report.html in a real headless Chromium.

Needs the Debian packages ``chromium`` and ``chromium-driver``. Without them the test is skipped, unless
``OCDS_REGENCY_REQUIRE_BROWSER=1`` (set by CI), in which case it fails.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ocds_regency.pipeline import PublishResult, publish
from ocds_regency.reporting.texts import format_count

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "kabupaten-contoh-2025"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,2000",
)

pytestmark = pytest.mark.browser


def _executables() -> tuple[str, str] | None:
    browser = next((shutil.which(n) for n in ("chromium", "chromium-browser") if shutil.which(n)), None)
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    found = _executables()
    if found is None:
        message = "chromium and chromedriver not found (apt-get install chromium chromium-driver)"
        if os.environ.get("OCDS_REGENCY_REQUIRE_BROWSER") == "1":
            pytest.fail(message + "; OCDS_REGENCY_REQUIRE_BROWSER=1 requires them")
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.binary_location = found[0]
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(found[1]), options=options)
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> PublishResult:
    out = tmp_path_factory.mktemp("e2e") / "out"
    return publish([SAMPLE], prefix="ocds-zz9999", out_dir=out, publisher_name="Pemerintah Kabupaten Contoh")


def _open(driver: Any, path: Path) -> list[dict[str, Any]]:
    driver.get_log("browser")  # drop anything logged before
    driver.get(path.resolve().as_uri())
    return list(driver.get_log("browser"))


def test_published_sample_is_complete(result: PublishResult) -> None:
    assert result.published
    report = json.loads((result.out_dir / "report.json").read_bytes())
    rows = sum(len(json.loads(p.read_bytes())) for p in SAMPLE.glob("*.json"))
    assert report["conversion"]["totals"]["read"] == rows
    records = json.loads((result.out_dir / "record-package.json").read_bytes())["records"]
    assert len(records) == report["figures"]["processes"] > 0


@pytest.mark.parametrize("lang", ["id", "en"])
def test_report_opens_without_console_errors_and_shows_the_summary(
    driver: Any, result: PublishResult, lang: str, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    from ocds_regency.reporting import render_html

    page = result.out_dir / "report.html"
    if lang != "id":
        page = tmp_path / "report.html"
        page.write_text(render_html(result.report, "en"), encoding="utf-8")
    log = _open(driver, page)
    assert [entry for entry in log if entry.get("level") in ("SEVERE", "WARNING")] == []
    assert driver.execute_script("return document.documentElement.lang") == lang
    assert driver.execute_script("return document.readyState") == "complete"
    figures = result.report.figures
    totals = result.report.totals
    expected = {
        "fig-processes": format_count(figures.processes, lang),  # type: ignore[arg-type]
        "fig-releases": format_count(figures.releases, lang),  # type: ignore[arg-type]
        "fig-rows_read": format_count(totals["read"], lang),  # type: ignore[arg-type]
        "fig-rows_rejected": format_count(totals["rejected"], lang),  # type: ignore[arg-type]
        "fig-errors": "0",
    }
    for element_id, text in expected.items():
        element = driver.find_element(By.ID, element_id)
        assert element.is_displayed(), element_id
        assert element.text == text, element_id
    heading = driver.find_element(By.CSS_SELECTOR, "#summary h2").text
    assert heading == ("Ringkasan" if lang == "id" else "Summary")
    # the charts are rendered: every SVG has a real size and the stage chart one bar per stage
    sizes = driver.execute_script(
        "return [...document.querySelectorAll('svg.chart')].map(s => s.getBoundingClientRect().height)"
    )
    assert len(sizes) >= 5 and min(sizes) > 20
    bars = driver.find_elements(By.CSS_SELECTOR, "#chart-by_stage svg rect")
    assert len(bars) == 5
    # nothing was fetched from the network: only the page itself and inline data
    urls = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert [u for u in urls if not u.startswith(("data:", "file:"))] == []


def test_console_errors_are_seen(driver: Any, tmp_path: Path) -> None:
    """The log check above can fail: a page with a script error and a missing image shows up in the log."""
    page = tmp_path / "broken.html"
    page.write_text(
        '<!DOCTYPE html><html><body><img src="missing.png"><script>console.error("boom")</script></body></html>',
        encoding="utf-8",
    )
    log = _open(driver, page)
    assert any(entry.get("level") == "SEVERE" and "boom" in entry.get("message", "") for entry in log), log
