"""Reading releases from every packaging, with positions for errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import ocds_regency.read.releases as releases_module
from ocds_regency.errors import InputError
from ocds_regency.read.releases import ReleaseReader

RELEASE = {"ocid": "ocds-1", "id": "1", "date": "2020-01-01T00:00:00Z", "value": 1.5}
PACKAGE = {"uri": "https://example.com/p.json", "version": "1.1", "publisher": {"name": "P"}, "releases": [RELEASE]}
RECORDS = {"uri": "https://example.com/r.json", "records": [{"ocid": "ocds-1", "releases": [RELEASE, RELEASE]}]}


def read(data: bytes) -> tuple[list[tuple[Any, str]], list[dict[str, Any]]]:
    reader = ReleaseReader(data)
    items = [(item.release, item.position) for item in reader]
    return items, [package.metadata for package in reader.packages]


@pytest.fixture(params=["whole", "streamed"])
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "streamed":  # force the ijson path
        monkeypatch.setattr(releases_module, "WHOLE_PARSE_LIMIT", 4)
    return str(request.param)


def test_json_lines() -> None:
    data = b"\n".join(json.dumps(item).encode() for item in (RELEASE, PACKAGE, RELEASE)) + b"\n\n"
    items, packages = read(data)
    assert [position for _, position in items] == ["line 1", "line 2, releases[0]", "line 3"]
    assert all(release == RELEASE for release, _ in items)
    assert packages == [{key: value for key, value in PACKAGE.items() if key != "releases"}]


def test_raw_bytes_kept_for_lines() -> None:
    line = json.dumps(RELEASE).encode()
    (item,) = ReleaseReader(line + b"\n")
    assert item.raw is not None
    assert json.loads(item.raw) == RELEASE


@pytest.mark.usefixtures("mode")
@pytest.mark.parametrize(
    ("document", "positions"),
    [
        (PACKAGE, ["releases[0]"]),
        (RECORDS, ["records[0].releases[0]", "records[0].releases[1]"]),
        ([RELEASE, RELEASE], ["item 1", "item 2"]),
        ([PACKAGE, PACKAGE], ["item 1, releases[0]", "item 2, releases[0]"]),
        (RELEASE, ["value 1"]),
    ],
)
def test_documents(document: Any, positions: list[str]) -> None:
    items, _ = read(json.dumps(document, indent=2).encode())
    assert [release for release, _ in items] == [RELEASE] * len(positions)
    assert [position.split("value 1, ")[-1] for _, position in items] == positions


def test_concatenated_json() -> None:
    data = json.dumps(PACKAGE, indent=1).encode() + json.dumps(RELEASE, indent=1).encode()
    items, packages = read(data)
    assert [position for _, position in items] == ["value 1, releases[0]", "value 2"]
    assert packages[0]["uri"] == PACKAGE["uri"]


def test_streamed_package_metadata_after_releases(mode: str) -> None:
    document = {"releases": [RELEASE], "uri": "late", "version": "1.1"}
    reader = ReleaseReader(json.dumps(document, indent=1).encode())
    items = list(reader)
    assert items[0].package is reader.packages[0]
    assert reader.packages[0].metadata == {"uri": "late", "version": "1.1"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"ocid": "a"}\n{"ocid": ', "line 2: invalid JSON (truncated?)"),
        (b'{"releases": [{"ocid": "a"}, {"ocid"', "invalid or truncated JSON after 1 release:"),
        (b'[{"ocid": "a"}, ', "invalid or truncated JSON"),
    ],
)
def test_bad_json_names_the_place(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match="<bytes>") as caught:
        list(ReleaseReader(data))
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_linked_releases_in_records_are_refused() -> None:
    data = json.dumps({"records": [{"ocid": "o", "releases": [{"url": "x#1", "date": "2020"}]}]}).encode()
    with pytest.raises(InputError, match="linked releases"):
        list(ReleaseReader(data))


def test_files_and_missing_files(tmp_path: Path) -> None:
    path = tmp_path / "in.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(PACKAGE).encode())
    (item,) = ReleaseReader(path)
    assert item.where == f"{path}, line 1, releases[0]"
    with pytest.raises(InputError, match="can't open"):
        list(ReleaseReader(tmp_path / "missing.json"))
    assert list(ReleaseReader(b"  \n")) == []


def test_lazy_lines_keep_text_and_ocid() -> None:
    data = b'{"ocid": "ocds-1", "id": "1"}\n{"id": "2", "ocid": "ocds-2"}\n{"ocid": "o\\u0031", "id": "3"}\n'
    items = list(ReleaseReader(data, lazy=True))
    assert [(item.ocid, item.release is None) for item in items] == [("ocds-1", True), (None, False), (None, False)]
    assert items[0].raw == b'{"ocid": "ocds-1", "id": "1"}\n'
    assert items[2].release["ocid"] == "o1", "escaped ocids are decoded normally"
