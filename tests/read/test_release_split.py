"""The release reader's byte-level split of large (and concatenated) JSON: the same releases, positions and
packages as reading the document in one go, whatever the strings hold and however the items start.

The split finds an item's end by the next item's start (``}, {"ocid":``) confirmed by orjson, else by
walking its strings and brackets; these tests put those patterns inside strings and nested objects, so
that a wrong guess would show.
"""

from __future__ import annotations

import io
import json
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ocds_regency.read.releases as releases_module
from ocds_regency import codec
from ocds_regency.errors import InputError
from ocds_regency.read.releases import ReleaseReader

# Text that looks like the structure the split looks for.
TRICKY = ['}, {"ocid": "x"}', '"}, {"ocid":', "]}", "\\", '\\"}', "{[", "a,b", "é ü", ""]


def _read(data: bytes, *, split: bool, unwrap: bool = True) -> tuple[list[tuple[Any, str]], list[dict[str, Any]]]:
    """(release, position) pairs and package metadata; ``split``: force the byte-level split."""
    reader = ReleaseReader(data, unwrap=unwrap)
    with mock.patch.object(releases_module, "WHOLE_PARSE_LIMIT", 0 if split else 1 << 30):
        # a streamed document's positions start with "value 1, " (a stream may hold several)
        items = [(item.release, item.position.removeprefix("value 1, ")) for item in reader]
    return items, [package.metadata for package in reader.packages]


_text = st.sampled_from(TRICKY) | st.text(alphabet=st.sampled_from('ab{}[],:"\\ é'), max_size=8)
_scalar = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | _text
)


def _object(depth: int) -> st.SearchStrategy[dict[str, Any]]:
    """Objects whose first key is often ``ocid`` (like the releases around them), nested."""
    value: st.SearchStrategy[Any] = _scalar
    if depth:
        inner = _object(depth - 1)
        value = _scalar | inner | st.lists(inner, max_size=3) | st.lists(_scalar, max_size=3)
    keys = st.sampled_from(["ocid", "id", "tag", "a", "}, {", 'q"'])
    return st.tuples(st.booleans(), st.dictionaries(keys, value, max_size=4)).map(
        lambda pair: {"ocid": "o", **pair[1]} if pair[0] else pair[1]
    )


_releases = st.lists(_object(2), min_size=1, max_size=5)
_indent = st.sampled_from([None, 0, 1])


def _documents(releases: list[dict[str, Any]], form: str, indent: int | None) -> bytes:
    if form == "package":
        return json.dumps({"uri": "u", "releases": releases, "version": "1.1"}, indent=indent).encode()
    if form == "records":
        records = [{"ocid": "o", "releases": [release, release]} for release in releases]
        return json.dumps({"records": records, "uri": "u"}, indent=indent).encode()
    if form == "array":
        return json.dumps(releases, indent=indent).encode()
    # concatenated JSON (its first line alone is not JSON, or it would be JSON Lines): a package of them all,
    # then each release
    texts = [json.dumps(release, indent=indent) for release in releases]
    return (json.dumps({"releases": releases}, indent=1) + "\n ".join(texts)).encode()


@settings(max_examples=150, deadline=None)
@given(releases=_releases, form=st.sampled_from(["package", "records", "array", "stream"]), indent=_indent)
def test_the_split_reads_what_one_parse_reads(releases: list[dict[str, Any]], form: str, indent: int | None) -> None:
    data = _documents(releases, form, indent)
    split = _read(data, split=True)
    if form == "stream":
        assert [release for release, _ in split[0]] == [*releases, *releases]
        return  # concatenated JSON has no one-parse reading
    assert split == _read(data, split=False)
    expected = [r for r in releases for _ in range(2)] if form == "records" else releases
    assert [release for release, _ in split[0]] == expected


@settings(max_examples=50, deadline=None)
@given(releases=_releases, indent=_indent)
def test_values_mode_reads_what_one_parse_reads(releases: list[dict[str, Any]], indent: int | None) -> None:
    data = json.dumps([{"releases": releases}, *releases], indent=indent).encode()
    assert _read(data, split=True, unwrap=False) == _read(data, split=False, unwrap=False)


def test_a_release_whose_strings_hold_the_next_ones_start_is_read_whole() -> None:
    releases = [{"ocid": "a", "description": '}, {"ocid": "b"} ' * 50, "id": "1"}, {"ocid": "b", "id": "2"}]
    items, _ = _read(json.dumps({"releases": releases}).encode(), split=True)
    assert [release for release, _ in items] == releases


def test_many_false_starts_inside_one_record_are_read_exactly() -> None:
    # each record's own releases start like the next record: the walk takes over after a few tries
    record = {"ocid": "o", "releases": [{"ocid": "o", "id": str(n)} for n in range(50)]}
    items, _ = _read(json.dumps({"records": [record, record]}).encode(), split=True)
    assert [release["id"] for release, _ in items] == [str(n) for n in range(50)] * 2


def test_a_package_larger_than_a_block_streams_in_bounded_pieces() -> None:
    release = {"ocid": "o", "id": "1", "description": "x" * 5000}
    data = json.dumps({"releases": [release] * 600}).encode()  # 3 MB: more than one block
    items, _ = _read(data, split=True)
    assert len(items) == 600 and all(item == release for item, _ in items)
    assert items[-1][1] == "releases[599]"


def test_a_package_over_the_whole_parse_limit_is_never_decoded_whole() -> None:
    # Decoded whole, a package of a few MB is every release's objects alive at once (docs/benchmarks.md, "The
    # release reader splits packages over 1 MB"): over the limit, no decoding call gets more than a small part of
    # it (the first 64 KB, tried as a line of JSON Lines, then one release at a time).
    release = {"ocid": "o", "id": "1", "description": "x" * 5000}
    data = json.dumps({"releases": [release] * 250}).encode()  # 1.25 MB
    assert len(data) > releases_module.WHOLE_PARSE_LIMIT
    sizes: list[int] = []
    loads = codec.loads

    def counted(text: Any, **options: Any) -> Any:
        sizes.append(len(text))
        return loads(text, **options)

    with mock.patch.object(codec, "loads", counted):  # the reader calls codec.loads through the module
        items = [item.release for item in ReleaseReader(data)]
    assert items == [release] * 250
    assert sizes and max(sizes) < len(data) // 10


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"releases": [{"ocid": "a"}, {"ocid": "b"', "end of input: invalid or truncated JSON after 1 release"),
        (b'{"releases": [{"ocid": "a"} {"ocid": "b"}]}', "'{' where `,` or the end of the array or object"),
        (b'{"releases": [{"ocid": "a"}, {"ocid": tru}]}', "releases[1]: invalid JSON after 1 release"),
        (b'{"releases" [1]}', "near byte 12: invalid or truncated JSON after 0 releases: '[' where `:` was expected"),
        (b'[{"ocid": "a"}, ', "end of input"),
        (b'{"releases": [{"ocid": "a", "ocid": "b"}]}', "'ocid' is given twice"),
    ],
)
def test_bad_json_in_the_split_is_one_line_naming_the_place(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as caught, mock.patch.object(releases_module, "WHOLE_PARSE_LIMIT", 0):
        list(ReleaseReader(io.BytesIO(data), name="in.json"))
    assert message in str(caught.value) and str(caught.value).startswith("in.json, ")
    assert "\n" not in str(caught.value)
