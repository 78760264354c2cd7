"""Differential tests: ocds-regency's merge against ocdsmerge 0.8 (given a local schema, never a URL)."""

from __future__ import annotations

import copy
import json
import warnings
from collections.abc import Callable
from typing import Any

import ocdsmerge
import ocdsmerge.exceptions
import ocdsmerge.rules
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocds_regency import merge
from ocds_regency.standard import load_profile
from tests.merge.strategies import releases

PROFILE_SCHEMA = json.loads(json.dumps(load_profile().release_schema))
REFERENCE_RULES = ocdsmerge.rules.get_merge_rules(copy.deepcopy(PROFILE_SCHEMA))
REFERENCE = ocdsmerge.Merger(merge_rules=REFERENCE_RULES)
OURS = merge.Merger()

Outcome = tuple[str, Any, list[str]]


def run(function: Callable[[list[dict[str, Any]]], dict[str, Any]], data: list[dict[str, Any]]) -> Outcome:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = function(data)
        except (ocdsmerge.exceptions.OCDSMergeError, merge.MergeError) as exc:
            return type(exc).__name__, str(exc), [str(w.message) for w in caught]
    return "ok", json.dumps(result), [str(w.message) for w in caught]


def check(ours: Outcome, reference: Outcome) -> None:
    assert ours[0] == reference[0], (ours, reference)
    if reference[0] == "ok":
        assert json.loads(ours[1]) == json.loads(reference[1])
        assert ours[1] == reference[1], "same content, different key order"
        assert ours[2] == reference[2]


SETTINGS = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(releases())
def test_compiled_matches_ocdsmerge(data: list[dict[str, Any]]) -> None:
    before = copy.deepcopy(data)
    check(run(OURS.create_compiled_release, data), run(REFERENCE.create_compiled_release, copy.deepcopy(data)))
    assert data == before, "input was modified"


@SETTINGS
@given(releases())
def test_versioned_matches_ocdsmerge(data: list[dict[str, Any]]) -> None:
    before = copy.deepcopy(data)
    check(run(OURS.create_versioned_release, data), run(REFERENCE.create_versioned_release, copy.deepcopy(data)))
    assert data == before, "input was modified"


@settings(max_examples=100, deadline=None)
@given(releases(max_size=3), st.sampled_from([merge.APPEND, merge.MERGE_BY_POSITION]))
def test_overrides_match_ocdsmerge(data: list[dict[str, Any]], strategy: merge.Strategy) -> None:
    reference_strategy = ocdsmerge.APPEND if strategy is merge.APPEND else ocdsmerge.MERGE_BY_POSITION
    paths = [("tender", "items"), ("parties",), ("custom", "things")]
    ours = merge.Merger(rule_overrides=dict.fromkeys(paths, strategy))
    reference = ocdsmerge.Merger(merge_rules=REFERENCE_RULES, rule_overrides=dict.fromkeys(paths, reference_strategy))
    for name in ("create_compiled_release", "create_versioned_release"):
        mine = run(getattr(ours, name), data)
        theirs = run(getattr(reference, name), copy.deepcopy(data))
        if strategy is merge.APPEND and theirs[0] == "ok":
            # ocdsmerge names appended objects by random UUIDs; only the content is comparable.
            assert mine[0] == "ok"
            assert json.loads(mine[1]) == json.loads(theirs[1])
        else:
            check(mine, theirs)


@pytest.mark.parametrize("strategy", ["compiled", "versioned"])
def test_incremental_equals_one_shot(strategy: str) -> None:
    data = [
        {"ocid": "o", "id": "1", "date": "2020-01-01", "tender": {"items": [{"id": "a", "quantity": 1}]}},
        {"ocid": "o", "id": "2", "date": "2020-01-02", "tender": {"items": [{"id": "b", "quantity": 2}]}},
        {"ocid": "o", "id": "3", "date": "2020-01-03", "tender": {"items": [{"id": "a", "quantity": 3}]}},
    ]
    cls = merge.CompiledRelease if strategy == "compiled" else merge.VersionedRelease
    one_shot = cls()
    one_shot.extend(data)
    first = cls()
    first.extend(data[:2])
    stored = json.loads(json.dumps(first.asdict()))
    continued = cls(stored)
    continued.append(data[2])
    assert continued.asdict() == one_shot.asdict()
    assert continued.asdict()["tender"]["items"][0]["id"] == "a"
    assert len(continued.asdict()["tender"]["items"]) == 2
