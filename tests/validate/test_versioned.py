"""``versionedRelease`` in records: validated against the schema derived from the profile, merge form accepted."""

from __future__ import annotations

import json
import warnings
from typing import Any

import pytest

from ocds_regency.merge import Merger
from ocds_regency.standard import load_profile
from ocds_regency.validate import validate
from tests.merge.conformance import Case, cases

VERSIONED_CASES = [case for case in cases() if case.directory == "1.1" and case.kind == "versioned"]


def _record_package(records: list[dict[str, Any]], extensions: list[str] | None = None) -> dict[str, Any]:
    package: dict[str, Any] = {
        "uri": "https://example.org/records.json",
        "publishedDate": "2024-05-01T00:00:00Z",
        "publisher": {"name": "Kabupaten Contoh"},
        "version": "1.1",
        "records": records,
    }
    if extensions:
        package["extensions"] = extensions
    return package


def _schema_findings(report: Any) -> list[tuple[str, str]]:
    return sorted((f.code, f.path) for f in report.findings if f.code.startswith("schema."))


@pytest.mark.parametrize("case", VERSIONED_CASES, ids=str)
def test_conformance_versioned_releases_are_valid(case: Case) -> None:
    releases = json.loads(case.input.read_bytes())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        versioned = Merger(schema=case.schema).create_versioned_release(releases)
    ocid = versioned["ocid"]
    record = {
        "ocid": ocid,
        "releases": [{"url": "https://example.org/r.json", "date": "2024-01-01T00:00:00Z", "tag": ["tender"]}],
        "versionedRelease": versioned,
    }
    report = validate(_record_package([record]), quality=False)
    assert not [
        f for f in report.findings if f.path.startswith("/records/0/versionedRelease") and f.severity == "error"
    ], report.format_text()


def _release(ocid: str, ident: str, date: str, scale: str, name: str) -> dict[str, Any]:
    return {
        "ocid": ocid,
        "id": ident,
        "date": date,
        "tag": ["tender"],
        "initiationType": "tender",
        "parties": [{"id": "P1", "name": name, "roles": ["supplier"], "details": {"scale": scale}}],
    }


PARTY_SCALE = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_partyDetails_scale_extension/v1.1.5/extension.json"


def _versioned_record(scale: str = "sme") -> dict[str, Any]:
    ocid = "ocds-abc123-0001"
    releases = [
        _release(ocid, "r1", "2024-01-01T00:00:00Z", "large", "PT Maju"),
        _release(ocid, "r2", "2024-02-01T00:00:00Z", scale, "PT Maju Jaya"),
    ]
    merger = Merger(profile=load_profile(["partyScale"]))
    compiled, versioned = merger.create_both(releases)
    return {"ocid": ocid, "releases": releases, "compiledRelease": compiled, "versionedRelease": versioned}


def test_merge_form_of_details_is_valid_with_the_extension_checked() -> None:
    record = _versioned_record()
    # The reference merge versions details' leaves, not details as a whole.
    assert [v["value"] for v in record["versionedRelease"]["parties"][0]["details"]["scale"]] == ["large", "sme"]
    report = validate(_record_package([record], [PARTY_SCALE]), quality=False)
    assert report.extensions == ("partyScale",)
    assert _schema_findings(report) == []
    assert report.ok, report.format_text()


def test_broken_versioned_release_fails() -> None:
    record = _versioned_record()
    versioned = record["versionedRelease"]
    versioned["parties"][0]["details"]["scale"][1]["value"] = "huge"  # outside the closed codelist
    versioned["parties"][0]["details"]["note"] = "not versioned"
    versioned["parties"][0]["name"] = "PT Maju"  # a plain value where versions are expected
    del versioned["initiationType"]
    report = validate(_record_package([record], [PARTY_SCALE]), quality=False)
    base = "/records/0/versionedRelease"
    assert _schema_findings(report) == [
        ("schema.enum", f"{base}/parties/0/details/scale/1/value"),
        ("schema.required", f"{base}/initiationType"),
        ("schema.type", f"{base}/parties/0/details/note"),
        ("schema.type", f"{base}/parties/0/name"),
    ]
    assert not report.ok


def test_extension_fields_in_versioned_releases_are_checked() -> None:
    record = _versioned_record()
    # Under the core schema "bids" is an unknown field; with the bids extension it must be versioned.
    record["versionedRelease"]["bids"] = {"statistics": [{"id": "1", "measure": "bids", "value": 3}]}
    core = validate(_record_package([record]), quality=False)
    assert not [f for f in core.findings if f.path.startswith("/records/0/versionedRelease/bids")]
    bids = validate(_record_package([record]), quality=False, extensions=["bids"])
    paths = {f.path for f in bids.findings if f.code == "schema.type"}
    assert "/records/0/versionedRelease/bids/statistics/0/value" in paths
    assert "/records/0/versionedRelease/bids/statistics/0/measure" in paths
