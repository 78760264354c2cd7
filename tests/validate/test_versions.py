"""The OCDS version is a setting of the profile: a new version is a directory of schemas, nothing else.

The fake "OCDS 1.2" here is the bundled 1.1 directory copied with its ids changed to ``1__2__0``, one new
release field, and one more required package field: each change must show through the public API.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from ocds_regency import validate
from ocds_regency.errors import SchemaError
from ocds_regency.merge import Merger
from ocds_regency.standard import (
    DEFAULT_VERSION,
    OCDS_PACKAGE_VERSION,
    OCDS_VERSION,
    bundled_versions,
    load_profile,
    standard_version,
)

OLD = "/schema/1__1__5/"
NEW = "/schema/1__2__0/"


@pytest.fixture
def ocds_12(tmp_path: Path) -> Path:
    """A copy of the bundled OCDS 1.1 schema directory posing as OCDS 1.2."""
    source = resources.files("ocds_regency.schemas") / "ocds" / DEFAULT_VERSION
    target = tmp_path / "1.2"
    target.mkdir()
    for entry in source.iterdir():
        if entry.name.endswith(".json"):
            text = entry.read_text(encoding="utf-8")
            assert entry.name == "codelists.json" or OLD in text
            (target / entry.name).write_text(text.replace(OLD, NEW), encoding="utf-8")
    release = json.loads((target / "release-schema.json").read_text())
    release["properties"]["newIn12"] = {"type": ["string", "null"]}
    (target / "release-schema.json").write_text(json.dumps(release))
    package = json.loads((target / "release-package-schema.json").read_text())
    package["required"] = [*package["required"], "license"]
    (target / "release-package-schema.json").write_text(json.dumps(package))
    return target


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
