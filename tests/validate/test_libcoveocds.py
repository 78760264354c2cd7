"""Differential test against libcoveocds (run offline): every path it reports, we report too.

libcoveocds is made to run without the network: the standard is given as a local zip built from
``../shared/standard/ocds-1.1.5`` (its ``standard_zip`` option), the absolute ``$ref`` to the versioned
release schema in record packages is resolved from the same files (a ``jsonref`` loader), and any socket
connection fails the test.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from ocds_regency.validate import validate

libcoveocds_api = pytest.importorskip("libcoveocds.api")
libcoveocds_config = pytest.importorskip("libcoveocds.config")
libcoveocds_schema = pytest.importorskip("libcoveocds.schema")


@pytest.fixture(scope="module")
def standard_zip(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The OCDS 1.1.5 schemas and codelists as the zip layout ProfileBuilder expects."""
    out = tmp_path_factory.mktemp("standard") / "standard-1__1__5.zip"
    source = shared / "standard" / "ocds-1.1.5"
    with zipfile.ZipFile(out, "w") as archive:
        # ProfileBuilder skips the first entry, expecting the top directory (as in a GitHub archive).
        for directory in ("standard-1__1__5/", "standard-1__1__5/schema/", "standard-1__1__5/schema/codelists/"):
            archive.writestr(directory, "")
        for path in sorted(source.rglob("*")):
            if path.is_file():
                archive.write(path, f"standard-1__1__5/schema/{path.relative_to(source)}")
    return out


@pytest.fixture
def offline_libcove(standard_zip: Path, shared: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    jsonref = libcoveocds_schema.jsonref
    original = jsonref.replace_refs
    local = shared / "standard" / "ocds-1.1.5"

    def loader(uri: str, **kwargs: object) -> Any:
        match = re.fullmatch(r"https?://standard\.open-contracting\.org/schema/1__1__5/([\w-]+\.json)", uri)
        if not match:
            raise OSError(f"refusing to fetch {uri}")
        return json.loads((local / match.group(1)).read_text(encoding="utf-8"))

    def replace_refs(obj: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("loader", loader)
        return original(obj, **kwargs)

    monkeypatch.setattr(jsonref, "replace_refs", replace_refs)

    def run(data: dict[str, Any]) -> dict[str, Any]:
        config = libcoveocds_config.LibCoveOCDSConfig()
        config.config["context"] = "api"
        config.config["standard_zip"] = standard_zip.as_uri()
        result: dict[str, Any] = libcoveocds_api.ocds_json_output(json_data=data, lib_cove_ocds_config=config)
        return result

    return run


def _generated(shared: Path, tmp_path: Path, n: int, seed: int) -> tuple[dict[str, Any], dict[str, Any]]:
    releases, records = tmp_path / "r.json", tmp_path / "rec.json"
    subprocess.run(
        [
            sys.executable,
            str(shared / "bench" / "gen_validation_set.py"),
            "-n",
            str(n),
            "-o",
            str(releases),
            "--dirty",
            "0.6",
            "--seed",
            str(seed),
            "--records",
            str(records),
        ],
        check=True,
    )
    return json.loads(releases.read_text()), json.loads(records.read_text())


def _hand_built(make_package: Any, make_release: Any) -> dict[str, Any]:
    a = make_release(date="2024-01-01", tag=[], language=5)
    a["awards"][0].pop("id")
    a["parties"][1]["id"] = a["parties"][0]["id"]
    a["tender"]["items"] = [{"id": "1", "quantity": "3", "unit": {"value": {"amount": "1.000", "currency": "XYZ"}}}]
    a["tender"]["documents"] = [{"id": "d", "url": "bad url", "documentType": "bogus"}]
    b = make_release(ocid="")
    b["tender"]["tenderPeriod"]["durationInDays"] = "ten"
    c = make_release()  # duplicate (ocid, id) of the baseline? no: differs from a by date only
    return make_package(a, b, c, license="not a uri")


def _check(ours: Any, theirs: dict[str, Any]) -> None:
    paths = {f.path for f in ours.findings}
    missing = []
    for error in theirs["validation_errors"]:
        pointer = "/" + error["path"] if error["path"] else ""
        if not any(p == pointer or p.startswith(pointer + "/") for p in paths):
            missing.append(error)
    assert missing == [], missing
    # Closed codelists: libcoveocds gives values without places; every value is found at a path of that field.
    ours_closed = {
        (re.sub(r"/\d+", "", f.path).lstrip("/"), f.value) for f in ours.findings if f.code == "codelist.closed"
    }
    for key, entry in theirs["additional_closed_codelist_values"].items():
        for value in entry["values"]:
            assert (key, value) in ours_closed, (key, value)
    ours_open = {(re.sub(r"/\d+", "", f.path).lstrip("/"), f.value) for f in ours.findings if f.code == "codelist.open"}
    for key, entry in theirs["additional_open_codelist_values"].items():
        for value in entry["values"]:
            assert (key, value) in ours_open, (key, value)
    empty = {f.path for f in ours.findings if f.code == "ocds.empty_value"}
    for item in theirs.get("additional_checks", {}).get("empty_field", []):
        assert "/" + item["json_location"] in empty


def test_generated_release_and_record_packages(offline_libcove: Any, shared: Path, tmp_path: Path) -> None:
    releases, records = _generated(shared, tmp_path, n=40, seed=5)
    for data in (releases, records):
        theirs = offline_libcove(data)
        assert theirs["validation_errors"], "the dirty set must give libcoveocds something to report"
        _check(validate(data), theirs)


def test_hand_built_package(offline_libcove: Any, make_package: Any, make_release: Any) -> None:
    data = _hand_built(make_package, make_release)
    theirs = offline_libcove(data)
    assert len(theirs["validation_errors"]) >= 8
    _check(validate(data), theirs)


def test_clean_packages_agree(offline_libcove: Any, make_package: Any, make_release: Any) -> None:
    data = make_package(make_release(), make_release(ocid="ocds-abc123-0002"))
    assert offline_libcove(data)["validation_errors"] == []
    assert validate(data).ok


def test_record_package_with_linked_releases(offline_libcove: Any) -> None:
    data = {
        "uri": "https://example.org/records.json",
        "version": "1.1",
        "publishedDate": "2024-05-01T00:00:00Z",
        "publisher": {"name": "LPSE"},
        "records": [
            {"ocid": "ocds-abc123-1", "releases": [{"url": "bad url", "date": "2024/01/01", "tag": ["tender"]}]},
            {"ocid": "ocds-abc123-2", "releases": [{"date": "2024-01-01T00:00:00Z"}]},
        ],
    }
    theirs = offline_libcove(data)
    assert theirs["validation_errors"]
    _check(validate(data), theirs)
