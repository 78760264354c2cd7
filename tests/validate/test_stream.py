"""Reading input: streaming equals in-memory; unreadable input raises one clear InputError."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ocds_regency.errors import InputError
from ocds_regency.validate import validate
from ocds_regency.validate.findings import truncate


def _summary(report: Any) -> tuple[Any, ...]:
    return (sorted((f.code, f.path) for f in report.findings), dict(report.counts), report.releases, report.records)


def test_streamed_equals_in_memory(generated: dict[str, Any]) -> None:
    for key in ("dirty", "records"):
        path = generated[key]
        streamed = validate(path, stream_threshold=0)
        loaded = validate(path, stream_threshold=1 << 40)
        parsed = validate(json.loads(Path(path).read_text()))
        assert _summary(streamed) == _summary(loaded) == _summary(parsed)
        assert {c: t.to_dict() for c, t in streamed.checks.items()} == {
            c: t.to_dict() for c, t in loaded.checks.items()
        }


def test_metadata_after_the_releases_array_is_read(tmp_path: Path, make_release: Any) -> None:
    release = make_release()
    release["bids"] = {"statistics": [{"id": "1", "measure": "validBids", "value": 2}]}
    text = (
        '{"releases": ' + json.dumps([release]) + ', "uri": "https://example.org/p.json", "version": "1.1", '
        '"publishedDate": "2024-05-01T00:00:00Z", "publisher": {"name": "LPSE"}, '
        '"extensions": ["https://example.org/ocds_bid_extension/extension.json"], "extra": {"a": 1}}'
    )
    path = tmp_path / "late.json"
    path.write_text(text)
    streamed = validate(path, stream_threshold=0)
    assert streamed.extensions == ("bids",)
    assert streamed.paths("ocds.additional_field") == {"/extra"}
    assert streamed.paths("schema.required") == set()
    assert _summary(streamed) == _summary(validate(path))


@pytest.mark.parametrize("stream", [False, True], ids=["in-memory", "streamed"])
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"[1, 2]", "item 1: a JSON int where a release, record or package was expected"),
        (b"[]", "no release, record or package in the input"),
        (b'{"releases": [', "not valid JSON"),
        (b'{"uri": "x", "publisher": {"name": "p"}}', "not an OCDS package"),
        ('{"uri": "café"}'.encode("latin-1"), "not valid UTF-8"),
        ('{"releases": []}'.encode("utf-16"), "UTF-16"),
        (b"   ", "empty"),
        (b'{"releases": [{"a": ' + b"[" * 3000 + b"]" * 3000 + b"}]}", "nested more than 64 levels"),
        (b'"just a string"', "not"),
    ],
)
def test_unreadable_input(tmp_path: Path, content: bytes, message: str, stream: bool) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as info:
        validate(path, stream_threshold=0 if stream else 1 << 30)
    assert str(path) in str(info.value)


def test_bytes_and_data_inputs(make_package: Any, make_release: Any) -> None:
    data = make_package(make_release())
    assert validate(json.dumps(data).encode()).ok
    assert validate(b"\xef\xbb\xbf" + json.dumps(data).encode()).ok
    listed = validate([make_release()])  # a list of releases is validated without package metadata
    assert listed.ok and listed.kind == "releases" and listed.releases == 1


def test_deep_values_never_crash(make_package: Any, make_release: Any) -> None:
    deep: list[Any] = []
    cursor = deep
    for _ in range(5000):
        cursor.append([])
        cursor = cursor[0]
    for field in ("extra", "tender"):
        release = make_release()
        release[field] = deep  # in an additional field or a known one: refused with one clear error
        with pytest.raises(InputError, match="nested too deeply") as info:
            validate(make_package(release))
        assert "/releases/0" in str(info.value)
    shortened = truncate(deep)
    assert isinstance(shortened, str)
    assert shortened.startswith("[[[[")
    assert len(shortened) <= 80
