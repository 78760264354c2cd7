"""The real half regency-year (``../shared/domain/isb-real-2025``) publishes, and its facts hold as a whole.

The rules themselves are tested on copied rows in ``tests/mapping/test_facts.py``; this runs the whole
half-year, as ``.ci/run`` does, and checks what an auditor would check first.
"""

from __future__ import annotations

import json
from pathlib import Path

from ocds_regency.package import PackageMetadata
from ocds_regency.pipeline import PublishOptions, publish


def test_real_half_year_publishes_without_error_and_nothing_in_the_future(shared: Path, tmp_path: Path) -> None:
    source = shared / "domain" / "isb-real-2025"
    result = publish([source], PackageMetadata(), PublishOptions(prefix="ocds-xxxxxx", out_dir=tmp_path / "out"))
    assert result.exit_code == 0, result.report.blocking
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["validation"]["severities"]["error"] == 0
    conversion = report["conversion"]
    assert conversion["balanced"]
    # every dataset is known: used, reference data, or named as not published
    assert all(entry["dataset"] for entry in conversion["files"])
    assert not [r for r in conversion["rejections"] if r["reason"] == "unknown-dataset"]
    # the extraction time, computed here from the source rows
    stamps = []
    for path in source.glob("*.json"):
        for row in json.loads(path.read_text(encoding="utf-8")):
            stamps += [str(row[f])[:10] for f in ("_event_date", "tgl_penarikan") if row.get(f)]
    extracted = f"{max(stamps)}T23:59:59+07:00"
    urls = 0
    with (tmp_path / "out" / "releases.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            release = json.loads(line)
            assert release["date"] <= extracted, release["id"]
            for contract in release.get("contracts", ()):
                implementation = contract.get("implementation", {})
                for milestone in implementation.get("milestones", ()):
                    assert milestone.get("status") != "met" or milestone.get("dateMet", "") <= extracted
                for document in implementation.get("documents", ()):
                    urls += "url" in document
                    assert " " not in document.get("url", "")
            if "tender" in release and "buyer" in release:
                assert release["tender"]["procuringEntity"] == release["buyer"]
    assert urls == 0  # every dok_realisasi of this half-year is a name, not a link
