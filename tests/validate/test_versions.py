"""The OCDS version is a setting of the profile: a new version is a directory of schemas, nothing else.

The fake "OCDS 1.2" here (:mod:`tests.fake_versions`) is the bundled 1.1 directory with two new release
fields and one more required package field: each change must show through the public API and through
every command that takes ``--version``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ocds_regency import validate
from ocds_regency.cli import main
from ocds_regency.errors import SchemaError
from ocds_regency.merge import Merger
from ocds_regency.package import PackageMetadata
from ocds_regency.pipeline import PublishOptions, publish
from ocds_regency.standard import (
    DEFAULT_VERSION,
    OCDS_PACKAGE_VERSION,
    OCDS_VERSION,
    bundled_versions,
    find_upgrade,
    load_profile,
    standard_version,
    versions,
)
from tests.conftest import ISB_SAMPLES
from tests.fake_versions import NEW, bundled_directory, make_ocds_12


@pytest.fixture
def ocds_12(tmp_path: Path) -> Path:
    """The fake OCDS 1.2 (see :mod:`tests.fake_versions`), in a directory of its own."""
    return make_ocds_12(tmp_path / "1.2")


def test_the_default_version_is_one_directory_and_its_constants_derive_from_it() -> None:
    assert DEFAULT_VERSION in bundled_versions()
    default = standard_version()
    assert default.version == OCDS_VERSION == "1.1.5"
    assert default.package_version == OCDS_PACKAGE_VERSION == DEFAULT_VERSION == "1.1"
    assert load_profile().standard is default
    assert load_profile(version="1.1.5") is load_profile()


def test_a_version_directory_is_all_a_new_version_needs(ocds_12: Path) -> None:
    profile = load_profile(["bids"], version=ocds_12)
    assert (profile.version, profile.package_version) == ("1.2.0", "1.2")
    assert "newIn12" in profile.release_schema["properties"]
    assert "bids" in profile.release_schema["properties"]
    assert profile.versioned_release_schema["id"].endswith(NEW + "versioned-release-validation-schema.json")
    assert "newIn12" in profile.versioned_release_schema["properties"]
    assert all(NEW in url for url in profile.schemas_by_url())
    assert "license" in profile.release_package_schema["required"]
    assert load_profile(["bids"], version=str(ocds_12)) is profile
    assert load_profile(["bids"]) is not profile


def test_validate_takes_the_version(ocds_12: Path, make_package: Any, make_release: Any) -> None:
    release = make_release(newIn12="x")
    data = make_package(release, version="1.2")
    as_12 = validate(data, version=ocds_12, quality=False)
    assert "/releases/0/newIn12" not in as_12.paths("ocds.additional_field")
    assert as_12.paths("schema.required") == {"/license"}
    # 1.2 is not bundled: without a version, the package is checked against the default (1.1)
    as_default = validate(data, quality=False)
    assert "/releases/0/newIn12" in as_default.paths("ocds.additional_field")
    assert "/license" not in as_default.paths("schema.required")
    assert validate(make_package(make_release(), version="1.1"), quality=False).ok


def test_a_package_declaring_an_older_version_is_upgraded_only_to_the_versions_that_have_an_upgrade(
    ocds_12: Path, make_package: Any, make_release: Any
) -> None:
    old = make_package(make_release(), version="1.0", license="https://example.org/licence")
    assert "ocds.upgraded" in validate(old, quality=False).codes()
    assert "ocds.upgraded" not in validate(old, version=ocds_12, quality=False).codes()


def test_merge_rules_follow_the_version(ocds_12: Path) -> None:
    merger = Merger(profile=load_profile(version=ocds_12))
    releases = [
        {"ocid": "ocds-abc123-1", "id": "1", "date": "2024-01-01T00:00:00Z", "tag": ["planning"], "newIn12": "a"},
        {"ocid": "ocds-abc123-1", "id": "2", "date": "2024-02-01T00:00:00Z", "tag": ["tender"], "newIn12": "b"},
    ]
    assert merger.create_compiled_release(releases)["newIn12"] == "b"
    versioned = merger.create_versioned_release(releases)["newIn12"]
    assert [entry["value"] for entry in versioned] == ["a", "b"]


def test_an_unknown_version_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SchemaError, match=re.escape("OCDS 9.9 is not bundled")):
        load_profile(version="9.9")
    with pytest.raises(SchemaError, match=re.escape("1.1.4 is not bundled")):
        load_profile(version="1.1.4")
    with pytest.raises(SchemaError, match=re.escape("no readable release-schema.json")):
        load_profile(version=tmp_path)
    (tmp_path / "release-schema.json").write_text('{"id": "release-schema.json"}')
    with pytest.raises(SchemaError, match="not a canonical schema URL"):
        load_profile(version=tmp_path)


def test_an_upgrade_goes_to_the_profiles_version_only() -> None:
    upgrade = find_upgrade("1.0.3", "1.1.5")
    assert upgrade is not None and (upgrade.source, upgrade.target) == ("1.0", "1.1")
    assert find_upgrade("1.0", "1.2") is None
    assert find_upgrade("1.1", "1.1") is None


# --- the commands: ``--version`` is the one setting, the packages, the merge rules and the validation follow


@pytest.fixture
def bundled_12(ocds_12: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The fake OCDS 1.2 bundled beside 1.1, as ``schemas/ocds/1.2/`` would be (an added directory)."""
    root = tmp_path / "bundled"
    root.mkdir()
    (root / DEFAULT_VERSION).symlink_to(bundled_directory())
    (root / "1.2").symlink_to(ocds_12)
    monkeypatch.setattr(versions, "_bundled_root", lambda: root)
    versions.bundled_versions.cache_clear()
    yield
    monkeypatch.undo()
    versions.bundled_versions.cache_clear()


def _release(ocid: str, date: str, item: str) -> dict[str, Any]:
    return {"ocid": ocid, "id": date, "date": f"{date}T00:00:00Z", "tag": ["tender"], "listIn12": [{"id": item}]}


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(args)
    return status, capsys.readouterr().err


@pytest.mark.usefixtures("bundled_12")
def test_compile_takes_the_version_for_its_rules_its_package_and_its_upgrades(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "releases.jsonl"
    source.write_text("".join(json.dumps(_release("ocds-a", d, d)) + "\n" for d in ("2024-01-01", "2024-02-01")))
    merged = {}
    for version in ("1.1", "1.2"):
        out = tmp_path / f"{version}.json"
        status, err = _run(["compile", "--package", "--version", version, str(source), "-o", str(out)], capsys)
        assert status == 0, err
        package = json.loads(out.read_text())
        assert package["version"] == version
        merged[version] = package["records"][0]["compiledRelease"]["listIn12"]
    # 1.2's schema merges the list whole; 1.1 does not know it and merges its objects by id
    assert merged == {"1.1": [{"id": "2024-01-01"}, {"id": "2024-02-01"}], "1.2": [{"id": "2024-02-01"}]}
    # a 1.0 package is upgraded to the rules' version when ocdskit can: to 1.1, not to 1.2
    old = tmp_path / "old.json"
    old.write_text(json.dumps({"uri": "u", "version": "1.0", "releases": [_release("ocds-b", "2024-01-01", "x")]}))
    status, err = _run(["compile", "--version", "1.1", str(old), "-o", str(tmp_path / "a.jsonl")], capsys)
    assert (status, err) == (
        0,
        f"ocds-regency: warning: {old}: the package declares OCDS 1.0: upgraded to 1.1 with ocdskit\n",
    )
    status, err = _run(["compile", "--version", "1.2", str(old), "-o", str(tmp_path / "b.jsonl")], capsys)
    assert (status, err) == (0, "")


@pytest.mark.usefixtures("bundled_12")
def test_convert_declares_the_version(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "package.json"
    tender = ISB_SAMPLES / "SPSE-TenderPengumuman.json"
    status, err = _run(
        ["convert", str(tender), "--prefix", "ocds-test01", "--package", "--version", "1.2", "-o", str(out)], capsys
    )
    assert status == 0, err
    assert json.loads(out.read_text())["version"] == "1.2"


@pytest.mark.usefixtures("bundled_12")
def test_publish_declares_validates_and_merges_with_the_version(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tender = ISB_SAMPLES / "SPSE-TenderPengumuman.json"
    common = ["publish", str(tender), "--prefix", "ocds-test01", "--no-spreadsheets", "--version", "1.2", "-q"]
    # the fake 1.2 requires a package licence: its schema is the one publish validates with
    status, err = _run([*common, "-o", str(tmp_path / "without")], capsys)
    assert status == 1, err
    failed = json.loads((tmp_path / "without.failed" / "report.json").read_text())
    assert failed["blocking"] == ["release-package.json: 1 error (1 kesalahan)"]
    [required] = [finding for finding in failed["validation"]["findings"] if finding["severity"] == "error"]
    assert required["code"] == "schema.required" and required["examples"][0]["path"] == "/license"
    status, err = _run([*common, "--license", "https://example.org/licence", "-o", str(tmp_path / "with")], capsys)
    assert status == 0, err
    for name in ("record-package.json", "release-package.json"):
        assert json.loads((tmp_path / "with" / name).read_text())["version"] == "1.2"


def test_an_unbundled_version_is_refused_in_one_line(
    ocds_12: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tender = str(ISB_SAMPLES / "SPSE-TenderPengumuman.json")
    releases = tmp_path / "r.jsonl"
    releases.write_text(json.dumps(_release("ocds-a", "2024-01-01", "x")) + "\n")
    out = str(tmp_path / "out")
    for args in (
        ["compile", str(releases), "-o", out],
        ["convert", tender, "--prefix", "ocds-test01", "-o", out],
        ["publish", tender, "--prefix", "ocds-test01", "-o", out],
    ):
        status, err = _run([*args, "--version", "1.2"], capsys)
        assert status == 2
        assert err == "ocds-regency: error: --version 1.2: no schemas for OCDS 1.2 here (bundled: 1.1)\n"
    # validate also takes the directory of a version's schemas
    status, err = _run(["validate", str(releases), "--version", "9.9"], capsys)
    assert (status, err.count("\n")) == (2, 1)
    assert err.startswith("ocds-regency: error: --version 9.9: OCDS 9.9 is not bundled")
    assert not (tmp_path / "out").exists()


def test_validate_takes_the_version_or_a_directory(
    ocds_12: Path, tmp_path: Path, make_package: Any, make_release: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "package.json"
    path.write_text(json.dumps(make_package(make_release(newIn12="x"), version="1.2")))
    reports = {}
    for version in (None, str(ocds_12)):
        status = main(
            ["validate", str(path), "--format", "json", "--no-quality", *(["--version", version] if version else [])]
        )
        reports[version] = (status, json.loads(capsys.readouterr().out))
    codes = {version: {f["code"] for f in report["findings"]} for version, (_, report) in reports.items()}
    assert "ocds.additional_field" in codes[None] and "schema.required" not in codes[None]
    assert "schema.required" in codes[str(ocds_12)] and "ocds.additional_field" not in codes[str(ocds_12)]
    assert reports[str(ocds_12)][0] == 1


def test_publish_refuses_an_unbundled_version_before_any_work(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(SchemaError, match=re.escape("OCDS 1.2 is not bundled")):
        publish([ISB_SAMPLES], PackageMetadata(version="1.2"), PublishOptions(prefix="ocds-test01", out_dir=out))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.usefixtures("bundled_12")
def test_validate_takes_a_bundled_version_by_name_or_from_the_package(
    tmp_path: Path, make_package: Any, make_release: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "package.json"
    path.write_text(json.dumps(make_package(make_release(newIn12="x"), version="1.2")))
    found: dict[tuple[str, ...], tuple[int, set[str]]] = {}
    for args in ([], ["--version", "1.2"], ["--version", "1.1"]):
        status = main(["validate", str(path), "--format", "json", "--no-quality", *args])
        report = json.loads(capsys.readouterr().out)
        found[tuple(args)] = (
            status,
            {f["code"] for f in report["findings"]} & {"schema.required", "ocds.additional_field"},
        )
    assert found[()] == found[("--version", "1.2")] == (1, {"schema.required"})
    assert found[("--version", "1.1")] == (0, {"ocds.additional_field"})
