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

from ocds_regency.package import PackageMetadata, Publisher
from ocds_regency.pipeline import PublishOptions, PublishResult, publish
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
    return publish(
        [SAMPLE],
        PackageMetadata(publisher=Publisher("Pemerintah Kabupaten Contoh")),
        PublishOptions(prefix="ocds-zz9999", out_dir=out),
    )


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
    # the red flags: a row per indicator, with its flags and coverage, in the page's language
    assert result.report.flags is not None
    _check_flags_section(driver, result.report.flags, lang)
    # nothing was fetched from the network: only the page itself and inline data
    urls = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert [u for u in urls if not u.startswith(("data:", "file:"))] == []


def _check_flags_section(driver: Any, flags: Any, lang: str) -> None:
    from selenium.webdriver.common.by import By

    section = driver.find_element(By.ID, "flags")
    assert section.is_displayed()
    heading = section.find_element(By.TAG_NAME, "h2").text
    assert heading == ("Perlu dicermati" if lang == "id" else "Worth a second look")
    rows = driver.find_elements(By.CSS_SELECTOR, "#flags-indicators tr[data-indicator]")
    assert [row.get_attribute("data-indicator") for row in rows] == list(flags.coverage)
    for row in rows:
        coverage = flags.coverage[row.get_attribute("data-indicator")]
        shown = row.find_element(By.CSS_SELECTOR, "td.flagged").text
        assert shown == format_count(coverage.flagged, lang)  # type: ignore[arg-type]
    flagged_processes = {f.id for f in flags.flags if f.group == "OCID"}
    shown_processes = driver.find_elements(By.CSS_SELECTOR, "#flags-top tr[data-ocid]")
    assert len(shown_processes) == min(20, len(flagged_processes))


def test_console_errors_are_seen(driver: Any, tmp_path: Path) -> None:
    """The log check above can fail: a page with a script error and a missing image shows up in the log."""
    page = tmp_path / "broken.html"
    page.write_text(
        '<!DOCTYPE html><html><body><img src="missing.png"><script>console.error("boom")</script></body></html>',
        encoding="utf-8",
    )
    log = _open(driver, page)
    assert any(entry.get("level") == "SEVERE" and "boom" in entry.get("message", "") for entry in log), log


def test_report_of_the_real_regency_year_has_the_flags(driver: Any, shared: Path, tmp_path: Path) -> None:
    """Publishing half a real regency-year writes flags.json, flags.csv and the report's flags section."""
    from selenium.webdriver.common.by import By

    outcome = publish(
        [shared / "domain" / "isb-real-2025"],
        PackageMetadata(),
        PublishOptions(prefix="ocds-zz9999", out_dir=tmp_path / "out"),
    )
    flags = json.loads((outcome.location / "flags.json").read_bytes())
    assert flags["processes"] == outcome.report.figures.processes
    assert flags["flags"]
    assert (outcome.location / "flags.csv").read_text().count("\n") == len(flags["flags"]) + 1
    _open(driver, outcome.location / "report.html")
    assert outcome.report.flags is not None
    _check_flags_section(driver, outcome.report.flags, "id")
    links = driver.find_elements(By.CSS_SELECTOR, "#flags-top a[href]")
    assert links and all(link.get_attribute("href").startswith("https://") for link in links)
