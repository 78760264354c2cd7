"""Merge rules derived from schemas equal ocdsmerge's (computed from the same local files)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import ocdsmerge.rules
import pytest

from ocds_regency.errors import SchemaError
from ocds_regency.merge import MergeRules, Strategy, rules_for_profile, rules_from_schema
from ocds_regency.merge.rules import OMIT, WHOLE
from ocds_regency.standard import BUNDLED_EXTENSION_IDS, load_profile
from tests.merge.conformance import SCHEMAS


@pytest.mark.parametrize(("name", "count"), [("1.1", 24), ("1.0", 15), ("schema", 10)])
def test_rules_equal_ocdsmerge(name: str, count: int) -> None:
    path = SCHEMAS[name]
    ours = rules_from_schema(path).rules
    assert ours == ocdsmerge.rules.get_merge_rules(str(path))
    assert len(ours) == count


def test_bundled_rules_and_extensions() -> None:
    core = rules_for_profile()
    assert len(core.rules) == 24
    assert core.rules[("tag",)] == "omitWhenMerged"
    assert core.rules[("parties", "roles")] == "wholeListMerge"
    profile = load_profile(list(BUNDLED_EXTENSION_IDS))
    extended = rules_for_profile(profile)
    assert len(extended.rules) == 32
    reference = ocdsmerge.rules.get_merge_rules(copy.deepcopy(json.loads(json.dumps(profile.release_schema))))
    assert extended.rules == reference
    assert extended.rules[("bids", "details", "tenderers", "additionalIdentifiers")] == "wholeListMerge"
    assert rules_for_profile(profile) is extended, "rules are cached per profile"


def test_rule_tree() -> None:
    rules = rules_from_schema(SCHEMAS["1.1"], {("awards",): Strategy.APPEND})
    root = rules.root()
    assert root.children["tag"].rule == OMIT
    assert root.children["parties"].children["roles"].rule == WHOLE
    assert root.children["awards"].strategy == 1
    unknown = root.child("notInSchema").child("deeper")
    assert unknown.path == ("notInSchema", "deeper")
    assert unknown.rule == 0
    assert rules.root() is root


@pytest.mark.parametrize("name", ["1.1", "1.0", "schema"])
def test_each_node_tables_the_rules_of_its_fields(name: str) -> None:
    # The merge loops look a field's rule up in its parent's table, not in its node: the two must agree.
    rules = rules_from_schema(SCHEMAS[name])
    root = rules.root()
    stack = [root]
    tabled = 0
    while stack:
        node = stack.pop()
        assert node.ruled == {key: child.rule for key, child in node.children.items() if child.rule}
        tabled += len(node.ruled)
        stack.extend(node.children.values())
    assert tabled == len(rules.rules)
    assert not root.child("notInSchema").ruled


def test_rules_compare_and_pickle() -> None:
    import pickle

    rules = rules_from_schema(SCHEMAS["schema"], {("nested", "array"): Strategy.MERGE_BY_POSITION})
    again = pickle.loads(pickle.dumps(rules))
    assert again == rules
    assert hash(again) == hash(rules)
    assert rules != rules_from_schema(SCHEMAS["schema"])


def test_bad_rule_name() -> None:
    with pytest.raises(ValueError, match="unknown merge rule"):
        MergeRules({("a",): "mergeSometimes"})


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("https://standard.open-contracting.org/schema/1__1__5/release-schema.json", "never fetched"),
        ("/nonexistent/release-schema.json", "can't read"),
    ],
)
def test_schema_errors(source: str, message: str) -> None:
    with pytest.raises(SchemaError, match=message):
        rules_from_schema(source)


def test_schema_not_json(tmp_path: Path) -> None:
    path = tmp_path / "schema.json"
    path.write_text("{not json")
    with pytest.raises(SchemaError, match="not valid JSON"):
        rules_from_schema(path)
    with pytest.raises(SchemaError, match="properties"):
        rules_from_schema({"type": "object"})


def test_external_ref_is_refused() -> None:
    schema = {"properties": {"a": {"$ref": "https://example.com/other.json#/definitions/A"}}}
    with pytest.raises(SchemaError, match="offline"):
        rules_from_schema(schema)


def test_recursive_ref_terminates() -> None:
    schema = {
        "properties": {"node": {"$ref": "#/definitions/Node"}},
        "definitions": {
            "Node": {
                "type": "object",
                "properties": {
                    "children": {"type": "array", "items": {"$ref": "#/definitions/Node"}},
                    "codes": {"type": "array", "items": {"type": "string"}},
                },
            }
        },
    }
    rules = rules_from_schema(schema).rules
    assert rules[("node", "codes")] == "wholeListMerge"
