"""Records and record packages: embedded and linked releases, compiledRelease, versionedRelease (offline)."""

from __future__ import annotations

from typing import Any

from ocds_regency.validate import validate


def record_package(*records: dict[str, Any]) -> dict[str, Any]:
    return {
        "uri": "https://example.org/records.json",
        "version": "1.1",
        "publishedDate": "2024-05-01T00:00:00Z",
        "publisher": {"name": "LPSE"},
        "records": list(records),
    }


def test_embedded_releases_and_compiled_release(make_release: Any) -> None:
    release = make_release()
    compiled = {**make_release(), "id": "compiled", "tag": ["compiled"]}
    report = validate(record_package({"ocid": release["ocid"], "releases": [release], "compiledRelease": compiled}))
    assert report.ok, report.format_text()
    assert report.kind == "record package"
    assert (report.records, report.releases) == (1, 1)
    assert report.checks["quality.period_order"].passed == 1


def test_errors_inside_records_have_record_paths(make_release: Any) -> None:
    release = make_release(date="yesterday")
    compiled = {**make_release(), "id": "c", "tag": ["compiled"], "ocid": "ocds-abc123-other"}
    compiled["tender"] = {**compiled["tender"], "value": {"amount": 1, "currency": "Rp"}}
    report = validate(record_package({"ocid": release["ocid"], "releases": [release], "compiledRelease": compiled}))
    paths = {(f.code, f.path) for f in report.findings}
    assert ("schema.date_time", "/records/0/releases/0/date") in paths
    assert ("codelist.closed", "/records/0/compiledRelease/tender/value/currency") in paths
    assert ("ocds.record_release_ocid", "/records/0/compiledRelease/ocid") in paths


def test_linked_releases() -> None:
    linked = {
        "ocid": "ocds-abc123-1",
        "releases": [
            {"url": "https://example.org/r/1.json#1", "date": "2024-01-01T00:00:00Z", "tag": ["tender"]},
            {"url": "not a url", "date": "2024/01/02", "tag": ["Award"]},
            {"tag": ["award"]},
        ],
    }
    report = validate(record_package(linked))
    paths = {(f.code, f.path) for f in report.findings}
    assert {
        ("schema.uri", "/records/0/releases/1/url"),
        ("schema.date_time", "/records/0/releases/1/date"),
        ("schema.enum", "/records/0/releases/1/tag/0"),
        ("schema.required", "/records/0/releases/2/url"),
        ("schema.required", "/records/0/releases/2/date"),
    } <= paths
    assert report.releases == 0


def test_mixed_releases_and_duplicate_records(make_release: Any) -> None:
    mixed = {
        "ocid": "ocds-abc123-0001",
        "releases": [make_release(), {"url": "https://example.org/1", "date": "2024-01-01T00:00:00Z"}],
    }
    report = validate(record_package(mixed, {"ocid": "ocds-abc123-0001", "releases": [make_release()]}))
    paths = {(f.code, f.path) for f in report.findings}
    assert ("schema.releases_mixed", "/records/0/releases") in paths
    assert ("schema.unique_record", "/records/1/ocid") in paths


def test_versioned_release_is_validated_offline(make_release: Any) -> None:
    versioned = {
        "ocid": "ocds-abc123-0001",
        "initiationType": [
            {"releaseDate": "2024-01-01T00:00:00Z", "releaseID": "1", "value": "tender", "releaseTag": ["tender"]}
        ],
        "tender": {
            "title": [{"releaseDate": "yesterday", "releaseID": "1", "value": "Jalan", "releaseTag": ["tender"]}]
        },
    }
    report = validate(
        record_package({"ocid": "ocds-abc123-0001", "releases": [make_release()], "versionedRelease": versioned})
    )
    assert {f.path for f in report.findings if f.code == "schema.date_time"} == {
        "/records/0/versionedRelease/tender/title/0/releaseDate"
    }


def test_record_without_compiled_release_merges_embedded_releases(make_release: Any) -> None:
    first = make_release(id="1", date="2024-01-02T00:00:00Z")
    second = make_release(id="2", date="2024-03-02T00:00:00Z")
    second["tender"] = {"id": "T1", "numberOfTenderers": 3}
    report = validate(record_package({"ocid": first["ocid"], "releases": [first, second]}))
    assert report.checks["quality.number_of_tenderers"].failed == 1


def test_single_release_and_single_record_documents(make_release: Any) -> None:
    report = validate(make_release(date="x"))
    assert report.kind == "release"
    assert report.paths("schema.date_time") == {"/date"}
    record = validate({"ocid": "ocds-abc123-0001", "releases": [make_release()]})
    assert record.kind == "record"
    assert record.ok
