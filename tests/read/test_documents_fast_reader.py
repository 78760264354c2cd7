"""The orjson item reader of streamed packages gives what the ijson reader gives, whatever the layout."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocds_regency.errors import InputError
from ocds_regency.read import documents as stream
from ocds_regency.read.documents import Document, _Stream

_text = st.text(alphabet=st.sampled_from(list('ab"\\}{],: \nñ€😀\u2028')), max_size=8)
_scalar = st.one_of(st.none(), st.booleans(), st.integers(-(2**63) + 1, 2**63 - 1), _text)
_value = st.recursive(
    _scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["id", "ocid", "a}", "b"]), inner, max_size=3),
    ),
    max_leaves=12,
)
_item = st.dictionaries(st.sampled_from(["ocid", "id", "date", "x"]), _value, max_size=4)


def _dump(value: Any, style: int) -> str:
    if style == 0:
        return json.dumps(value, ensure_ascii=False)
    if style == 1:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return json.dumps(value, ensure_ascii=True, indent=2)


def _read(path: Path, *, fast: bool) -> tuple[list[Any], dict[str, Any], set[str]]:
    document = Document(str(path), "release package", {}, True, iter)
    reader = _Stream(path, str(path))
    items = reader.items("releases", document) if fast else reader._ijson_items("releases", document, 0)
    return list(items), document.metadata, document.late_keys


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    items=st.lists(_item, max_size=6),
    before=st.dictionaries(st.sampled_from(["uri", "releases_", "a"]), _value, max_size=2),
    after=st.dictionaries(st.sampled_from(["version", "extensions", "b"]), _value, max_size=2),
    style=st.integers(0, 2),
    chunk=st.sampled_from([7, 64, 1 << 20]),
)
def test_fast_reader_equals_ijson(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    items: list[dict[str, Any]],
    before: dict[str, Any],
    after: dict[str, Any],
    style: int,
    chunk: int,
) -> None:
    monkeypatch.setattr(stream, "_CHUNK", chunk)
    monkeypatch.setattr(stream, "_LOOKAHEAD", max(chunk * 4, 4096))
    path = tmp_path / "package.json"
    path.write_text(_dump({**before, "releases": items, **after}, style), encoding="utf-8")
    # Valid JSON never needs the ijson reader.
    monkeypatch.setattr(_Stream, "_ijson_items", lambda *args: pytest.fail("fell back to ijson"))
    got, metadata, late = _read(path, fast=True)
    assert got == items
    assert metadata == after
    assert late == set(after)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"releases": [{"ocid": "a"}, {"ocid": "b", }]}', "in releases item 1"),
        (b'{"releases": [{"ocid": "a"}, {"ocid": "\xff"}]}', "UTF-8"),
        (b'{"releases": [{"ocid": "a"}, {"ocid": "b"},]}', "not valid JSON"),
        (b'{"releases": [{"ocid": "a"}, {"ocid": "b"}] garbage', "not valid JSON"),
        (b'{"releases": [{"ocid": "a"}, {"ocid": "b"', "in releases item 1"),
    ],
)
def test_bad_json_after_good_items_is_reported_by_the_ijson_reader(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    document = Document(str(path), "release package", {}, True, iter)
    seen: list[Any] = []

    def read_all() -> None:
        for item in _Stream(path, str(path)).items("releases", document):
            seen.append(item)

    with pytest.raises(InputError, match=message):
        read_all()
    assert seen[:1] == [{"ocid": "a"}]  # items before the bad one are given once each
    assert len(seen) == len({json.dumps(item) for item in seen})


def test_items_that_are_not_objects_fall_back(tmp_path: Path) -> None:
    path = tmp_path / "mixed.json"
    path.write_text('{"releases": [{"ocid": "a"}, 3, [1], {"ocid": "b"}], "version": "1.1"}')
    got, metadata, _late = _read(path, fast=True)
    assert got == [{"ocid": "a"}, 3, [1], {"ocid": "b"}]
    assert metadata == {"version": "1.1"}


@pytest.mark.parametrize("as_file", [False, True])
def test_open_input_decodes_one_document_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, as_file: bool) -> None:
    # open_input used to decode a document of up to 32 MB twice: a probe (is it one value?), then for real
    from ocds_regency import codec

    release = {"ocid": "ocds-a-1", "id": "1", "date": "2024-01-01T00:00:00+07:00"}
    text = json.dumps({"uri": "u", "version": "1.1", "releases": [release]}).encode()
    whole: list[bool] = []
    fast_loads = codec.fast_loads

    def counted(data: Any) -> Any:
        whole.append(len(data) == len(text))
        return fast_loads(data)

    monkeypatch.setattr(codec, "fast_loads", counted)
    path = tmp_path / "p.json"
    path.write_bytes(text)
    document = stream.open_input(path if as_file else text)
    assert document.kind == "release package" and [item["id"] for item in document.items()] == ["1"]
    assert whole.count(True) == 1


def test_open_input_still_tells_concatenated_documents_from_one() -> None:
    one = b'{"ocid": "ocds-a-1", "id": "1", "date": "2024-01-01T00:00:00Z"}'
    assert stream.open_input(one + b" " + one.replace(b'"1"', b'"2"')).kind == "releases"
    with pytest.raises(InputError, match="not valid JSON"):
        stream.open_input(one + b" {")
    with pytest.raises(InputError, match="twice"):
        stream.open_input(b'{"ocid": "a", "id": 1, "id": 2}')
