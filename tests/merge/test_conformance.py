"""Every ocds-merge fixture gives the expected output (``==``) through the library."""

from __future__ import annotations

import copy
import json
import warnings

import pytest

from ocds_regency.merge import DuplicateIdValueWarning, Merger
from tests.merge.conformance import WARNINGS, Case, cases

CASES = cases()


def test_all_fixtures_are_found() -> None:
    kinds = {case.kind for case in CASES}
    assert kinds == {"compiled", "versioned", "append", "by-position"}
    assert len(CASES) >= 50


@pytest.mark.parametrize("case", CASES, ids=str)
def test_fixture(case: Case) -> None:
    releases = json.loads(case.input.read_bytes())
    before = copy.deepcopy(releases)
    expected = json.loads(case.expected.read_bytes())
    if case.strategy is not None:
        # As ocds-merge's test_collisions: the release list twice, the array under the override.
        merger = Merger(schema=case.schema, rule_overrides={("nested", "array"): case.strategy})
        releases = releases * 2
    else:
        merger = Merger(schema=case.schema)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if case.kind == "versioned":
            result = merger.create_versioned_release(releases)
        else:
            result = merger.create_compiled_release(releases)
    assert result == expected
    assert json.dumps(result) == json.dumps(expected), "key order differs from the reference"
    messages = [str(warning.message) for warning in caught]
    if case.strategy is None:
        assert messages == WARNINGS.get(case.name, [])
        assert all(issubclass(warning.category, DuplicateIdValueWarning) for warning in caught)
    else:
        assert all(issubclass(warning.category, DuplicateIdValueWarning) for warning in caught)
    assert releases[: len(before)] == before, "the input was modified"


def test_duplicate_id_warnings_carry_their_place() -> None:
    case = next(case for case in CASES if case.name == "identifier-merge-duplicate-id")
    releases = json.loads(case.input.read_bytes())
    with pytest.warns(DuplicateIdValueWarning) as record:
        Merger(schema=case.schema).create_compiled_release(releases)
    warning = record[0].message
    assert isinstance(warning, DuplicateIdValueWarning)
    assert warning.ocid == "ocds-213czf-1"
    assert warning.path == ("nested", "identifierMerge")
    assert warning.index == 0
