"""Arbitrary JSON never crashes validation: it gives findings with registered codes, or an InputError."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocds_regency.errors import InputError
from ocds_regency.validate import validate
from ocds_regency.validate.messages import CODES

KEYS = st.sampled_from(
    [
        "ocid",
        "id",
        "date",
        "tag",
        "tender",
        "awards",
        "contracts",
        "parties",
        "value",
        "amount",
        "currency",
        "status",
        "title",
        "title_id",
        "documents",
        "items",
        "startDate",
        "endDate",
        "tenderPeriod",
        "buyer",
        "x",
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**63) + 1, 2**63 - 1),  # yajl (streaming) stops at the signed 64-bit range
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["", " ", "tender", "IDR", "2024-01-01T00:00:00Z", "ocds-abc123-1", "https://example.org"]),
    st.text(max_size=8),
)
JSON = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=5),
    max_leaves=25,
)


def _release_like(value: Any) -> Any:
    base = {
        "ocid": "ocds-abc123-1",
        "id": "1",
        "date": "2024-01-01T00:00:00Z",
        "tag": ["tender"],
        "initiationType": "tender",
    }
    return {**base, **value} if isinstance(value, dict) else value


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(releases=st.lists(JSON.map(_release_like), max_size=3), meta=st.dictionaries(KEYS, JSON, max_size=3))
def test_arbitrary_packages_give_findings_never_crashes(releases: list[Any], meta: dict[str, Any]) -> None:
    package = {**meta, "releases": releases}
    try:
        report = validate(package)
    except InputError:
        return
    for finding in report.findings:
        assert finding.code in CODES
        assert finding.path == "" or finding.path.startswith("/")
        finding.message("en")
        finding.message("id")
    if report.kind == "release package":  # with a top-level ocid and no uri it is read as a record
        assert report.releases == len(releases)
    report.to_dict()
    report.format_text()
    report.to_html()


@settings(max_examples=40, deadline=None)
@given(value=JSON)
def test_arbitrary_documents(value: Any) -> None:
    try:
        report = validate(value if isinstance(value, (dict, list)) else {"value": value})
    except InputError:
        return
    assert all(f.code in CODES for f in report.findings)


RECORD = st.fixed_dictionaries(
    {"ocid": st.sampled_from(["ocds-abc123-1", "ocds-abc123-2", "bad"])},
    optional={
        "releases": st.lists(JSON.map(_release_like), max_size=3),
        "compiledRelease": JSON.map(_release_like),
        "versionedRelease": JSON,
    },
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=st.lists(RECORD | JSON, max_size=3))
def test_arbitrary_record_packages(records: list[Any]) -> None:
    try:
        report = validate({"uri": "https://example.org/r.json", "records": records})
    except InputError:
        return
    assert report.kind == "record package"
    assert report.records == len(records)
    for finding in report.findings:
        assert finding.code in CODES
        assert finding.path == "" or finding.path.startswith("/")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(
    releases=st.lists(JSON.map(_release_like), min_size=1, max_size=3),
    before=st.dictionaries(st.sampled_from(["uri", "version", "x"]), JSON, max_size=2),
    after=st.dictionaries(st.sampled_from(["publisher", "publishedDate", "license", "y"]), JSON, max_size=2),
)
def test_streamed_equals_in_memory(
    tmp_path: Any, releases: list[Any], before: dict[str, Any], after: dict[str, Any]
) -> None:
    import json

    path = tmp_path / "p.json"
    head = json.dumps(before)[:-1]
    text = head + ("," if before else "") + '"releases":' + json.dumps(releases)
    text += ("," + json.dumps(after)[1:]) if after else "}"
    path.write_text(text)
    try:
        loaded = validate(path, stream_threshold=1 << 30)
    except InputError:
        return
    streamed = validate(path, stream_threshold=0)
    assert sorted((f.code, f.path) for f in streamed.findings) == sorted((f.code, f.path) for f in loaded.findings)
    assert streamed.counts == loaded.counts
