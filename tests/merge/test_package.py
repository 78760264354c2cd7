"""Records and package metadata (ocdskit conventions) and the writers."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocds_regency.package import (
    MetadataError,
    PackageMetadata,
    PackageMetadataBuilder,
    Publisher,
    _alternatives,
    make_record,
    record_bytes,
    record_package,
)
from ocds_regency.write import JsonLinesWriter, PackageWriter, dumps, open_output


def test_metadata_conventions() -> None:
    given = PackageMetadata(uri="https://example.com/out.json", published_date="2024-01-01T00:00:00Z")
    builder = PackageMetadataBuilder(given)
    builder.add({"uri": "u1", "publisher": {"name": "A"}, "license": "L1", "extensions": ["e1", "e2"]})
    builder.add({"uri": "u2", "publisher": {"name": "B"}, "extensions": ["e2", "e3"], "publicationPolicy": "P"})
    builder.add({"publisher": {"name": "C"}}, kind="record package")
    assert builder.metadata() == {
        "uri": "https://example.com/out.json",
        "publisher": {"name": "C"},
        "publishedDate": "2024-01-01T00:00:00Z",
        "license": "L1",
        "publicationPolicy": "P",
        "version": "1.1",
        "extensions": ["e1", "e2", "e3"],
        "packages": ["u1", "u2"],
    }
    assert "packages" not in builder.metadata(record_package=False)


def test_metadata_defaults_and_publisher_override() -> None:
    metadata = PackageMetadataBuilder().metadata()
    assert metadata["publisher"] == {"name": ""}
    assert metadata["publishedDate"].endswith("Z")
    assert "extensions" not in metadata
    assert "packages" not in metadata
    builder = PackageMetadataBuilder(PackageMetadata(publisher=Publisher("Mine"), license="L-mine"))
    builder.add({"publisher": {"name": "Theirs"}, "license": "L-theirs", "publicationPolicy": "P-theirs"})
    head = builder.metadata()
    assert (head["publisher"], head["license"], head["publicationPolicy"]) == ({"name": "Mine"}, "L-mine", "P-theirs")


def test_records() -> None:
    releases = [{"ocid": "o", "id": "1", "date": "2020", "tag": ["tender"]}, {"ocid": "o", "id": "2", "date": "2021"}]
    record = make_record("o", releases, {"c": 1}, {"v": 1}, package_uris=["https://p.org/1.json", ""])
    assert record == {
        "ocid": "o",
        "releases": [{"url": "https://p.org/1.json#1", "date": "2020", "tag": ["tender"]}, releases[1]],
        "compiledRelease": {"c": 1},
        "versionedRelease": {"v": 1},
    }
    raw = record_bytes("o", [json.dumps(releases[0]).encode() + b"\n", releases[1]], b'{"c":1}', b'{"v":1}')
    assert json.loads(raw) == make_record("o", releases, {"c": 1}, {"v": 1})
    assert record_package([record], {"uri": "x"}) == {"uri": "x", "records": [record]}


@pytest.mark.parametrize("metadata_first", [True, False])
def test_package_writer(metadata_first: bool) -> None:
    out = io.BytesIO()
    metadata = {"uri": "x", "version": "1.1"}
    with PackageWriter(out, "records", metadata if metadata_first else None) as writer:
        for number in range(3):
            writer.write({"ocid": str(number)})
            if number == 1 and not metadata_first:  # spooled so far; then written directly
                writer.set_metadata(metadata)
                writer.set_metadata({"uri": "ignored: the header is written"})
    assert json.loads(out.getvalue()) == {**metadata, "records": [{"ocid": "0"}, {"ocid": "1"}, {"ocid": "2"}]}
    empty = io.BytesIO()
    with PackageWriter(empty, "releases", {}):
        pass
    assert json.loads(empty.getvalue()) == {"releases": []}


def test_atomic_output(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("old\n")

    def fail() -> None:
        with open_output(target) as out:
            out.write(b"partial")
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        fail()
    assert target.read_text() == "old\n", "a failed run leaves the old file"
    with open_output(target) as out:
        JsonLinesWriter(out).write({"a": 1})
    assert target.read_text() == '{"a":1}\n'
    assert [path.name for path in tmp_path.iterdir()] == ["out.jsonl"]


def test_decimals_are_written_exactly() -> None:
    from decimal import Decimal

    assert dumps({"amount": Decimal("1.10")}) == b'{"amount":1.10}'
    with pytest.raises(TypeError):
        dumps({"amount": Decimal("NaN")})


def test_package_version_is_the_bundled_standards_major_minor() -> None:
    """One fact: the bundled OCDS version; the version written in packages is its major.minor."""
    from ocds_regency.standard import OCDS_PACKAGE_VERSION, OCDS_VERSION

    major, minor, _patch = OCDS_VERSION.split(".")
    assert f"{major}.{minor}" == OCDS_PACKAGE_VERSION
    assert PackageMetadata().fields("u")["version"] == f"{major}.{minor}"
    assert PackageMetadataBuilder().metadata()["version"] == f"{major}.{minor}"


@pytest.mark.parametrize(
    ("uri", "name", "expected"),
    [
        (None, "release-package.json", "urn:ocds-regency:ocds-zz9999/release-package.json"),
        ("https://d.go.id/ocds/", "record-package.json", "https://d.go.id/ocds/record-package.json"),
        ("https://d.go.id/ocds/mine.json", "record-package.json", "https://d.go.id/ocds/mine.json"),
    ],
)
def test_a_package_uri_from_a_base_a_uri_or_the_placeholder(uri: str | None, name: str, expected: str) -> None:
    metadata = PackageMetadata(uri=uri)
    assert metadata.package_uri(name, "ocds-zz9999") == expected


def test_a_run_of_several_files_makes_any_uri_a_base() -> None:
    assert PackageMetadata(uri="https://d.go.id/ocds").base() == "https://d.go.id/ocds/"
    assert PackageMetadata().base("ocds-zz9999") == "urn:ocds-regency:ocds-zz9999/"
    assert PackageMetadata().base() == "urn:ocds-regency:unknown/"


def test_fields_in_ocdskits_order_with_what_is_given() -> None:
    metadata = PackageMetadata(
        publisher=Publisher("Kab", uri="https://kab.go.id", scheme="ID-X", uid="7"),
        published_date="2025-11-04T08:00:00+07:00",
        license="L",
        publication_policy="P",
        extensions=("e1",),
    )
    head = metadata.fields("u", extensions=["e2", "e1"], packages=["p1"])
    assert list(head) == [
        "uri", "publisher", "publishedDate", "license", "publicationPolicy", "version", "extensions", "packages"
    ]  # fmt: skip
    assert head["publisher"] == {"name": "Kab", "uri": "https://kab.go.id", "scheme": "ID-X", "uid": "7"}
    assert list(head["publisher"]) == ["name", "uri", "scheme", "uid"]
    assert head["extensions"] == ["e1", "e2"]
    bare = PackageMetadata(published_date="2025-11-04T08:00:00Z").fields("u")
    assert bare == {"uri": "u", "publisher": {"name": ""}, "publishedDate": "2025-11-04T08:00:00Z", "version": "1.1"}


def test_one_date_for_every_file_of_a_run() -> None:
    metadata = PackageMetadata().dated()
    assert metadata.published_date is not None and metadata.published_date.endswith("Z")
    assert metadata.dated() is metadata
    assert metadata.fields("a")["publishedDate"] == metadata.fields("b")["publishedDate"] == metadata.published_date


@pytest.mark.parametrize("date", ["2025-11-04", "2025-11-04T08:00:00", "4 November 2025", "2025-11-04 08:00:00Z"])
def test_a_published_date_must_be_rfc_3339_with_an_offset(date: str) -> None:
    with pytest.raises(MetadataError, match="RFC 3339"):
        PackageMetadata(published_date=date)


@given(
    st.sets(st.text("abc", min_size=1, max_size=4).map(str.encode), min_size=1),
    st.text("abc", max_size=5).map(str.encode),
)
def test_the_extension_key_pattern_matches_exactly_its_keys(keys: set[bytes], other: bytes) -> None:
    # the keys that only extensions add, as one pattern with their common starts factored out
    pattern = re.compile(b"(?:" + _alternatives(sorted(keys)) + rb")\Z")
    for key in keys:
        assert pattern.match(key)
    assert bool(pattern.match(other)) is (other in keys)
