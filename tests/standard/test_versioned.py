"""The versioned-release validation schema is derived from the profile's (extended) release schema."""

from __future__ import annotations

import copy
import json
import warnings
from typing import Any

import jsonschema_rs
import pytest

from ocds_regency.standard import (
    BUNDLED_EXTENSION_IDS,
    MERGED_OBJECT_DEFINITION,
    core_schema,
    derive_versioned_release_schema,
    load_profile,
)
from tests.conftest import MERGE_FIXTURES


def _without(schema: Any, keywords: frozenset[str]) -> Any:
    if isinstance(schema, dict):
        return {k: _without(v, keywords) for k, v in schema.items() if k not in keywords}
    if isinstance(schema, list):
        return [_without(v, keywords) for v in schema]
    return schema


def test_core_derivation_equals_the_published_versioned_schema() -> None:
    derived = derive_versioned_release_schema(core_schema("release-schema.json"))
    assert derived == core_schema("versioned-release-validation-schema.json")
    assert load_profile().versioned_release_schema == derived


def test_derivation_does_not_change_its_input() -> None:
    schema = core_schema("release-schema.json")
    before = copy.deepcopy(schema)
    derive_versioned_release_schema(schema, merged_objects=True)
    assert schema == before


@pytest.mark.parametrize("extensions", [(name,) for name in BUNDLED_EXTENSION_IDS] + [BUNDLED_EXTENSION_IDS])
def test_extended_derivation_equals_ocdsextensionregistry(extensions: tuple[str, ...]) -> None:
    # ocdsextensionregistry's get_versioned_release_schema (an OCP library) is the oracle.
    from ocdsextensionregistry.versioned_release_schema import get_versioned_release_schema

    # It keeps `versionId` (a keyword without validation meaning, dropped here) and sets a title.
    release_schema = _without(dict(load_profile(extensions).release_schema), frozenset({"versionId"}))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = get_versioned_release_schema(release_schema, "1__1__5")
    expected.pop("title")
    assert load_profile(extensions).versioned_release_schema == expected


def test_conformance_schema_derivation_equals_ocdsextensionregistry() -> None:
    from ocdsextensionregistry.versioned_release_schema import get_versioned_release_schema

    prose = frozenset({"title", "description", "versionId"})
    release_schema = _without(json.loads((MERGE_FIXTURES / "release-schema-1__1__4.json").read_bytes()), prose)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # the derived schema's id names the version of the release schema it comes from (its own id)
        expected = get_versioned_release_schema(release_schema, "1__1__4")
    expected.pop("title")
    assert derive_versioned_release_schema(release_schema) == expected


def test_extension_fields_are_versioned() -> None:
    core = load_profile().versioned_release_schema
    bids = load_profile(["bids"]).versioned_release_schema
    assert "bids" not in core["properties"]
    statistics = bids["definitions"]["Bids"]["properties"]["statistics"]
    assert statistics["items"]["$ref"] == "#/definitions/BidsStatistic"  # merged by id: its fields are versioned
    assert bids["definitions"]["BidsStatistic"]["properties"]["value"]["type"] == "array"


def _versioned_value(value: Any) -> list[dict[str, Any]]:
    return [{"releaseID": "r1", "releaseDate": "2024-01-01T00:00:00Z", "releaseTag": ["tender"], "value": value}]


def _errors(schema: dict[str, Any], instance: Any) -> list[tuple[list[str | int], str]]:
    validator = jsonschema_rs.Draft4Validator(schema, validate_formats=True)
    return [(list(e.instance_path), type(e.kind).__name__) for e in validator.iter_errors(instance)]


def _party(details: Any) -> dict[str, Any]:
    return {
        "ocid": "ocds-abc123-1",
        "initiationType": _versioned_value("tender"),
        "parties": [{"id": "1", "name": _versioned_value("PT Maju"), "details": details}],
    }


def test_whole_versioned_object_accepts_the_merge_form_only_when_asked() -> None:
    release_schema = dict(load_profile(["partyScale"]).release_schema)
    published = derive_versioned_release_schema(release_schema)
    merged = derive_versioned_release_schema(release_schema, merged_objects=True)
    assert MERGED_OBJECT_DEFINITION in merged["definitions"]
    whole = _party(_versioned_value({"scale": "sme"}))
    by_leaf = _party({"scale": _versioned_value("sme"), "other": {"nested": _versioned_value(1)}})
    assert _errors(published, whole) == []
    assert _errors(merged, whole) == []
    assert _errors(published, by_leaf) == [(["parties", 0, "details"], "Type")]
    assert _errors(merged, by_leaf) == []


@pytest.mark.parametrize(
    ("details", "error"),
    [
        ({"scale": "sme"}, (["parties", 0, "details", "scale"], "Type")),  # a leaf that isn't versioned
        ({"scale": _versioned_value("huge")}, (["parties", 0, "details", "scale", 0, "value"], "Enum")),
        ({"other": {"deep": 3}}, (["parties", 0, "details", "other", "deep"], "Type")),
        (_versioned_value("sme"), (["parties", 0, "details", 0, "value"], "Type")),
        ("sme", (["parties", 0, "details"], "Type")),
    ],
)
def test_broken_merge_form_fails(details: Any, error: tuple[list[str | int], str]) -> None:
    merged = derive_versioned_release_schema(dict(load_profile(["partyScale"]).release_schema), merged_objects=True)
    assert _errors(merged, _party(details)) == [error]
