"""Rejections and field issues are counted in full but sampled: the report's size doesn't grow with them."""

from __future__ import annotations

import json
from pathlib import Path

from ocds_regency.mapping import SourceRow, convert
from ocds_regency.read.limits import MAX_SAMPLES
from tests.hostile.conftest import PREFIX, tender_row

ROWS = 20_000


def test_many_rejected_rows_make_a_small_report(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b\n" + "1,2\n" * ROWS, encoding="utf-8")  # no known dataset: every row rejected
    conversion = convert([path], prefix=PREFIX)
    assert list(conversion) == []
    report = conversion.report
    data = report.as_dict()
    assert data["totals"]["rejected"] == ROWS and data["balanced"]
    assert data["rejection_counts"] == {"unknown-dataset": ROWS}
    assert len(data["rejections"]) == MAX_SAMPLES
    assert len(json.dumps(data)) < 100_000


def test_many_field_issues_are_counted_and_sampled() -> None:
    rows = [
        SourceRow(
            "SPSE-TenderPengumuman", tender_row(kd_tender=90000000000 + n, hps="not money"), "t.json", f"item {n}"
        )
        for n in range(1, 2 * MAX_SAMPLES + 1)
    ]
    conversion = convert(rows, prefix=PREFIX)
    list(conversion)
    report = conversion.report
    hps = [issue for issue in report.issues if issue.field == "hps"]
    assert len(hps) == MAX_SAMPLES
    assert report.issue_counts["unparseable"] >= 2 * MAX_SAMPLES
