"""publish writes the red flags: flags.json, flags.csv, their coverage in report.json and a report section."""

from __future__ import annotations

import csv
import io
import json

from ocds_regency.flags import compute_flags, indonesia_profile
from ocds_regency.pipeline import PublishResult
from ocds_regency.reporting import render_html


def test_flags_files_match_the_compiled_releases(published: PublishResult) -> None:
    out = published.out_dir
    flags = json.loads((out / "flags.json").read_bytes())
    records = json.loads((out / "record-package.json").read_bytes())["records"]
    expected = compute_flags([record["compiledRelease"] for record in records], indonesia_profile()).to_dict()
    assert flags == json.loads(json.dumps(expected))
    assert flags["processes"] == len(records) == published.report.figures.processes
    rows = list(csv.DictReader(io.StringIO((out / "flags.csv").read_text(encoding="utf-8"))))
    assert [(r["code"], r["id"]) for r in rows] == [(f["code"], f["id"]) for f in flags["flags"]]
    report = json.loads((out / "report.json").read_bytes())
    assert report["flags"]["coverage"] == flags["coverage"]
    assert {o["name"] for o in report["outputs"]} >= {"flags.json", "flags.csv"}


def test_report_has_the_flags_section_in_both_languages(published: PublishResult) -> None:
    page_id = (published.out_dir / "report.html").read_text(encoding="utf-8")
    assert "<section id='flags'><h2>Perlu dicermati</h2>" in page_id
    page_en = render_html(published.report, "en")
    assert "<section id='flags'><h2>Worth a second look</h2>" in page_en
    assert published.report.flags is not None
    for code in published.report.flags.coverage:
        assert f'data-indicator="{code}"' in page_en
