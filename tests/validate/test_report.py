"""The Report: counts, grouping, ok/fail_on, rendering, raising helper."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ocds_regency.validate import InvalidDataError, assert_valid, validate
from ocds_regency.validate.findings import Report, make_finding


def test_counts_keep_growing_past_the_kept_findings() -> None:
    report = Report(max_per_code=2)
    for i in range(5):
        report.add(make_finding("schema.required", f"/releases/{i}/id", field="id"))
    assert report.counts["schema.required"] == 5
    assert len(report.findings) == 2
    assert len(report) == 5
    assert not report.ok


def test_fail_on_controls_ok() -> None:
    report = Report()
    report.add(make_finding("ocds.empty_value", "/x", ""))
    assert report.ok
    report.fail_on = "warning"
    assert not report.ok


def test_by_code_orders_errors_first() -> None:
    report = Report()
    report.add(make_finding("codelist.open", "/a", "x", found="x", codelist="documentType"))
    report.add(make_finding("ocds.empty_value", "/b", ""))
    report.add(make_finding("schema.required", "/c", field="c"))
    assert list(report.by_code()) == ["schema.required", "ocds.empty_value", "codelist.open"]


def test_json_text_and_html(make_package: Any, make_release: Any) -> None:
    bad = make_release(date="2024/01/01")
    report = validate(make_package(bad), lang="id")
    data = report.to_dict()
    assert data["ok"] is False
    assert set(data) == {"ok", "summary", "findings"}
    assert data["summary"]["codes"]["schema.date_time"]["count"] == 1
    assert data["findings"][0]["message"].startswith("Bukan date-time")
    json.dumps(data)
    text = report.format_text()
    assert "TIDAK SAH" in text
    assert "/releases/0/date" in text
    page = report.to_html()
    assert page.startswith("<!DOCTYPE html>")
    assert "/releases/0/date" in page
    assert "<script" not in page
    assert "http" not in page.replace("https://example.org", "")  # no external resources


def test_assert_valid_raises_with_summary(make_package: Any, make_release: Any) -> None:
    assert_valid(make_package(make_release()))
    with pytest.raises(InvalidDataError) as info:
        assert_valid(make_package(make_release(initiationType="auction")))
    assert isinstance(info.value, AssertionError)
    assert "codelist.closed" in str(info.value)
    assert info.value.report.counts["codelist.closed"] == 1


def test_the_html_page_escapes_the_data(make_package: Any, make_release: Any) -> None:
    report = validate(make_package(make_release(date="<script>alert(1)</script>")), name="<b>a.json</b>")
    page = report.to_html()
    assert "<script" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;a.json&lt;/b&gt;" in page
