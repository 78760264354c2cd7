"""``PackageCheck``: a package validated from the JSON texts written into it reports what ``validate`` of the
package reports, with or without known findings, and a known release is not decoded again."""

from __future__ import annotations

import copy
import itertools
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocds_regency import codec
from ocds_regency.merge import Merger
from ocds_regency.validate import PackageCheck, Report, validate
from ocds_regency.validate import _Validation as Validation
from ocds_regency.validate.checks.publication import ReleaseFacts, Supplier, decode_facts, encode_facts
from ocds_regency.validate.schema import SchemaSet
from tests.validate.conftest import package, release
from tests.validate.test_known import Memory
from tests.validate.test_known import _releases as known_releases


def _supplier(release_: dict[str, Any], ident: str, name: str, npwp: str | None) -> None:
    party: dict[str, Any] = {"id": ident, "name": name, "roles": ["supplier"]}
    if npwp is not None:
        party["identifier"] = {"scheme": "ID-DJP", "id": npwp}
    release_["parties"].append(party)
    release_["awards"][0]["suppliers"] = [{"id": ident, "name": name}]


def _releases() -> list[dict[str, Any]]:
    """Releases with findings of every kind, the releases of one ocid side by side (as a publication writes)."""
    found = known_releases()
    same_npwp = release(ocid="ocds-abc123-0010", id="0010-award")
    _supplier(same_npwp, "ID-OTHER-1", "PT Maju Jaya", "0213631617444000")  # PT Maju's NPWP, another id
    same_name = release(ocid="ocds-abc123-0011", id="0011-award")
    _supplier(same_name, "ID-OTHER-2", "CV. Sinar", None)
    same_name_again = release(ocid="ocds-abc123-0012", id="0012-award")
    _supplier(same_name_again, "ID-OTHER-3", "Sinar, CV", None)
    after = release(ocid="ocds-abc123-0013", id="0013-tender", date="2024-06-01T00:00:00+07:00")  # after the package
    found += [same_npwp, same_name, same_name_again, after]
    by_ocid: dict[str, list[dict[str, Any]]] = {}
    for each in found:
        by_ocid.setdefault(str(each["ocid"]), []).append(each)
    return [each for group in by_ocid.values() for each in group]


def _groups(releases: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    return [list(group) for _, group in itertools.groupby(releases, key=lambda r: r["ocid"])]


def _content(report: Report) -> dict[str, Any]:
    checks = {code: tally.to_dict() for code, tally in report.checks.items()}
    return {"findings": [repr(f) for f in report.findings], "counts": dict(report.counts), "checks": checks,
            "releases": report.releases, "summary": report.summary("en", 1000)}  # fmt: skip


def _checked(releases: list[dict[str, Any]], known: Memory | None = None, *, hint: bool = False) -> dict[str, Any]:
    data = package()
    check = PackageCheck("releases", data, prefix="ocds-abc123", known=known)
    for group in _groups(releases):
        compiled = None
        if hint and len(group) > 1:
            decoded = [codec.loads(codec.dumps(each)) for each in group]
            compiled = lambda decoded=decoded: Merger().create_compiled_release(decoded)  # noqa: E731
        check.add_releases([codec.dumps(each) for each in group], compiled)
    return _content(check.finish(data))


def _read(releases: list[dict[str, Any]]) -> dict[str, Any]:
    return _content(validate(codec.dumps(package(*releases)), prefix="ocds-abc123"))


def test_a_package_checked_from_its_texts_reports_what_its_file_reports(monkeypatch: pytest.MonkeyPatch) -> None:
    releases = _releases()
    expected = _read(releases)
    codes = set(expected["counts"])
    assert {"quality.supplier_ids", "quality.date_after_published", "quality.related_process"} <= codes
    assert {"schema.unique_release", "ocds.ocid_prefix_mismatch"} <= codes
    assert _checked(releases) == expected
    assert _checked(releases, hint=True) == expected
    memory = Memory()
    assert _checked(releases, memory) == expected  # checked, and remembered
    assert memory.puts

    moved = [each for group in reversed(_groups(releases)) for each in group]  # every release at another index
    moved_expected = _read(moved)

    # again: nothing decoded, schema-checked or merged; the checks across the package run from the kept facts
    decoded: list[bytes] = []
    loads = codec.loads

    def spy(text: Any, **options: Any) -> Any:
        decoded.append(text)
        return loads(text, **options)

    monkeypatch.setattr(codec, "loads", spy)
    monkeypatch.setattr(SchemaSet, "release_errors", lambda *args: pytest.fail("checked again"))
    monkeypatch.setattr(Validation, "merge", lambda self, releases: pytest.fail("merged again"))
    assert _checked(releases, memory) == expected
    assert len(decoded) == 1  # the package metadata only
    assert _checked(moved, memory) == moved_expected


def test_the_compiled_release_given_is_checked_rather_than_merged(monkeypatch: pytest.MonkeyPatch) -> None:
    releases = _releases()
    expected = _read(releases)
    monkeypatch.setattr(Validation, "merge", lambda self, releases: pytest.fail("merged again"))
    assert _checked(releases, hint=True) == expected


def test_the_releases_of_one_ocid_come_together() -> None:
    data = package()
    check = PackageCheck("releases", data, prefix="ocds-abc123")
    first = release(id="0001-tender")
    check.add_releases([codec.dumps(first)])
    check.add_releases([codec.dumps(release(ocid="ocds-abc123-0002", id="0002-tender"))])
    with pytest.raises(ValueError, match="ocds-abc123-0001"):
        check.add_releases([codec.dumps(release(id="0001-award"))])


def test_the_metadata_written_must_be_the_one_checked_with() -> None:
    data = package()
    check = PackageCheck("releases", data)
    check.add_releases([codec.dumps(release())])
    with pytest.raises(ValueError, match="publishedDate"):
        check.finish({**data, "publishedDate": "2030-01-01T00:00:00Z"})


def test_a_record_package_checked_from_its_texts_reports_what_its_file_reports(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    records = []
    for group in _groups(_releases()):
        compiled = Merger().create_compiled_release(copy.deepcopy(group))
        links = [{"url": f"https://example.org/releases.json#{r['id']}", "date": r["date"], "tag": r["tag"]}
                 for r in group]  # fmt: skip
        records.append({"ocid": group[0]["ocid"], "releases": links, "compiledRelease": compiled})
    records.append(copy.deepcopy(records[0]))  # an ocid twice
    records[1]["releases"].append({"id": "embedded"})  # linked and embedded releases mixed
    data = {key: value for key, value in package().items() if key != "releases"}
    expected = _content(validate(codec.dumps({**data, "records": records}), prefix="ocds-abc123", quality=False))
    assert {"schema.unique_record", "schema.releases_mixed", "ocds.ocid_prefix_mismatch"} <= set(expected["counts"])

    def checked(known: Memory | None) -> dict[str, Any]:
        check = PackageCheck("records", data, prefix="ocds-abc123", quality=False, known=known)
        for record in records:
            check.add_record(codec.dumps(record))
        report = check.finish(data)
        assert report.records == len(records)
        return _content(report)

    memory = Memory()
    assert checked(None) == expected
    assert checked(memory) == expected
    monkeypatch.setattr(Validation, "record", lambda *args: pytest.fail("checked again"))
    assert checked(memory) == expected  # every record known: replayed whole


@pytest.mark.parametrize(
    "facts",
    [
        ReleaseFacts("ocds-abc123-1", "1", "2024-01-01T00:00:00Z", None),
        ReleaseFacts("ocds-abc123-1", 7, None, ()),
        ReleaseFacts(None, None, None, None),
        ReleaseFacts(
            "ocds-abc123-1",
            "x",
            None,
            (
                Supplier(3, (str, "ID-1"), frozenset({("ID-DJP", "0213631617444000"), ("X", "1")}), (("name", "a"),)),
                Supplier(4, (int, 5), frozenset(), ()),
                Supplier(5, (float, 5.0), frozenset(), (("ID-DJP", "1"),)),
            ),
        ),
    ],
)
def test_facts_read_back_as_they_were(facts: ReleaseFacts) -> None:
    encoded = encode_facts(facts)
    assert encoded is not None
    back = decode_facts(codec.loads(codec.dumps(encoded)))
    assert back == facts
    assert [type(s.ident[1]) for s in back.suppliers or ()] == [type(s.ident[1]) for s in facts.suppliers or ()]


def test_facts_that_would_not_read_back_are_not_kept() -> None:
    wide = Supplier(0, (int, 2**70), frozenset(), ())  # JSON of orjson can't hold it
    assert encode_facts(ReleaseFacts("ocds-abc123-1", None, None, (wide,))) is None


_texts = st.text(max_size=12)
_suppliers = st.builds(
    Supplier,
    st.integers(0, 50),
    st.one_of(
        st.tuples(st.just(str), _texts),
        st.tuples(st.just(int), st.integers(-(2**63), 2**63 - 1)),
        st.tuples(st.just(float), st.floats(allow_nan=False, allow_infinity=False)),
    ),
    st.frozensets(st.tuples(_texts, _texts), max_size=3),
    st.lists(st.tuples(_texts, _texts), max_size=3).map(tuple),
)


@given(
    st.builds(
        ReleaseFacts,
        st.none() | _texts,
        st.none() | _texts | st.integers(-(2**63), 2**63 - 1),
        st.none() | _texts,
        st.none() | st.lists(_suppliers, max_size=3).map(tuple),
    )
)
def test_kept_facts_read_back_exactly(facts: ReleaseFacts) -> None:
    encoded = encode_facts(facts)
    assert encoded is not None  # JSON holds all of these
    back = decode_facts(codec.loads(codec.dumps(encoded)))
    assert back == facts
    assert [repr(s.ident) for s in back.suppliers or ()] == [repr(s.ident) for s in facts.suppliers or ()]
