"""The shared generator's dirty set: every injected defect is reported at its path; a clean set has no errors."""

from __future__ import annotations

from typing import Any

import pytest

from ocds_regency.validate import validate

# defect kind -> (finding code, path relative to the release)
EXPECTED = {
    "bad_date": ("schema.date_time", "/date"),
    "bad_currency": ("codelist.closed", "/tender/value/currency"),
    "string_amount": ("schema.number", "/tender/value/amount"),
    "missing_award_id": ("schema.required", "/awards/0/id"),
    "dup_party_id": ("schema.unique_ids", "/parties/1/id"),
    "empty_title": ("ocds.empty_value", "/tender/title"),
    "extra_field": ("ocds.additional_field", "/tender/tenderNoticeNumber"),
    "bad_uri": ("schema.uri", "/tender/documents/0/url"),
    "bad_tag": ("codelist.closed", "/tag/1"),
    "open_codelist": ("codelist.open", "/tender/documents/0/documentType"),
    "end_before_start": ("quality.period_order", "/tender/tenderPeriod"),
}


def _found(report: Any) -> set[tuple[str, str]]:
    return {(f.code, f.path) for f in report.findings}


def test_manifest_lists_every_kind(generated: dict[str, Any]) -> None:
    kinds = {kind for kinds in generated["manifest"].values() for kind in kinds}
    assert kinds == set(EXPECTED), "the fixture must exercise all 11 defect kinds"


@pytest.mark.parametrize("stream", [False, True], ids=["in-memory", "streamed"])
def test_every_injected_defect_is_reported_at_its_path(generated: dict[str, Any], stream: bool) -> None:
    report = validate(generated["dirty"], stream_threshold=0 if stream else 1 << 40)
    found = _found(report)
    missing = [
        (index, kind)
        for index, kinds in generated["manifest"].items()
        for kind in kinds
        if (EXPECTED[kind][0], f"/releases/{index}{EXPECTED[kind][1]}") not in found
    ]
    assert missing == []
    assert not report.ok


def test_no_schema_or_codelist_finding_outside_the_manifest(generated: dict[str, Any]) -> None:
    report = validate(generated["dirty"])
    expected = {
        (EXPECTED[kind][0], f"/releases/{index}{EXPECTED[kind][1]}")
        for index, kinds in generated["manifest"].items()
        for kind in kinds
    }
    errors = {(f.code, f.path) for f in report.findings if f.severity == "error"}
    assert errors <= expected
    assert report.counts["codelist.open"] == sum("open_codelist" in k for k in generated["manifest"].values())


def test_every_defect_is_reported_in_the_record_package(generated: dict[str, Any]) -> None:
    report = validate(generated["records"])
    found = _found(report)
    for index, kinds in generated["manifest"].items():
        for kind in kinds:
            code, path = EXPECTED[kind]
            if code.startswith("quality."):
                # Data quality is checked on the compiled release of each record.
                assert (code, f"/records/{index}/compiledRelease{path}") in found
            else:
                assert (code, f"/records/{index}/releases/0{path}") in found, (index, kind)
    assert report.records == 300
    assert report.releases == 300


def test_clean_set_has_no_errors(generated: dict[str, Any]) -> None:
    report = validate(generated["clean"])
    assert report.ok
    assert report.severity_counts["error"] == 0
    assert not any(code.startswith(("schema.", "codelist.")) for code in report.counts)
    for code in ("quality.period_order", "quality.party_reference", "quality.contract_award", "quality.duration"):
        assert report.counts[code] == 0
        assert report.checks[code].passed > 0


def test_clean_record_package_has_no_errors(generated: dict[str, Any], tmp_path: Any, shared: Any) -> None:
    import json
    import subprocess
    import sys

    script = shared / "bench" / "gen_validation_set.py"
    subprocess.run(
        [
            sys.executable,
            str(script),
            "-n",
            "40",
            "-o",
            str(tmp_path / "r.json"),
            "--records",
            str(tmp_path / "rec.json"),
        ],
        check=True,
    )
    report = validate(tmp_path / "rec.json")
    assert report.severity_counts["error"] == 0, report.format_text()
    assert report.kind == "record package"
    assert json.loads((tmp_path / "rec.json").read_text())["records"]


def _resolve(document: Any, pointer: str) -> Any:
    node = document
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


@pytest.mark.parametrize("key", ["dirty", "records"])
def test_every_path_points_into_the_document(generated: dict[str, Any], key: str) -> None:
    """Each finding's JSON Pointer resolves in the document (absent-field codes: its parent does)."""
    import json
    from pathlib import Path

    document = json.loads(Path(generated[key]).read_text())
    report = validate(generated[key])
    assert report.findings
    for finding in report.findings:
        if finding.code in ("schema.required", "ocds.missing_id"):
            parent, _, name = finding.path.rpartition("/")
            assert name not in _resolve(document, parent)
        else:
            target = _resolve(document, finding.path)
            if finding.code in ("schema.date_time", "schema.uri", "codelist.closed", "codelist.open", "schema.number"):
                assert target == finding.value
