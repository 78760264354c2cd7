"""Merge behaviour beyond the fixtures: errors with their places, incremental merging, strict mode."""

from __future__ import annotations

import copy
import json
import warnings
from typing import Any

import ocdsmerge
import ocdsmerge.exceptions
import pytest

from ocds_regency.errors import MergeError
from ocds_regency.merge import (
    CompiledRelease,
    InconsistentTypeError,
    InvalidIdError,
    Merger,
    MissingDateKeyError,
    NonObjectReleaseError,
    NonStringDateValueError,
    NullDateValueError,
    VersionedRelease,
    sorted_releases,
)
from tests.merge.conformance import SCHEMAS

REFERENCE = ocdsmerge.Merger(merge_rules=ocdsmerge.rules.get_merge_rules(str(SCHEMAS["1.1"])))
OURS = Merger(schema=SCHEMAS["1.1"])


def release(date: Any, **fields: Any) -> dict[str, Any]:
    return {"ocid": "ocds-1", "id": f"r-{date}", "date": date, **fields}


@pytest.mark.parametrize(
    ("second", "error", "builtin"),
    [
        ({"ocid": "ocds-1"}, MissingDateKeyError, KeyError),
        (release(None), NullDateValueError, TypeError),
        (release(5), NonStringDateValueError, TypeError),
        ("not a release", NonObjectReleaseError, TypeError),
        ([1, 2], NonObjectReleaseError, TypeError),
    ],
)
def test_sorting_errors_match_ocdsmerge(second: Any, error: type[MergeError], builtin: type[Exception]) -> None:
    releases = [release("2010-01-01"), second]
    with pytest.raises(error) as caught:
        OURS.create_compiled_release(releases)
    assert isinstance(caught.value, builtin)
    assert isinstance(caught.value, MergeError)
    assert caught.value.index == 1
    with pytest.raises(getattr(ocdsmerge.exceptions, error.__name__)) as reference:
        REFERENCE.create_compiled_release(copy.deepcopy(releases))
    assert str(caught.value) == str(reference.value)


def test_single_release_is_not_sorted() -> None:
    assert OURS.create_compiled_release([{"ocid": "o", "date": 5}])["id"] == "o-5"
    assert sorted_releases([{"date": 2}, {"date": 1}]) == [{"date": 1}, {"date": 2}]


def test_same_dates_keep_input_order() -> None:
    releases = [release("2020", tender={"title": "first"}), release("2020", tender={"title": "second"})]
    assert OURS.create_compiled_release(releases)["tender"]["title"] == "second"


@pytest.mark.parametrize(
    "releases",
    [
        [release("2020-01-01", tender={"value": 1}), release("2020-01-02", tender={"value": {"amount": 2}})],
        [release("2020-01-01", custom={"a": 1}), release("2020-01-02", custom=[{"id": "1"}])],
        [release("2020-01-01", custom=[{"id": "1"}]), release("2020-01-02", custom={"b": 2})],
        [
            release("2020-01-01", tender={"items": [{"id": "i", "unit": 5}]}),
            release("2020-01-02", tender={"items": [{"id": "i", "unit": {"name": "kg"}}]}),
        ],
    ],
)
@pytest.mark.parametrize("method", ["create_compiled_release", "create_versioned_release"])
def test_inconsistent_types_match_ocdsmerge(releases: list[dict[str, Any]], method: str) -> None:
    with pytest.raises(InconsistentTypeError) as caught:
        getattr(OURS, method)(releases)
    assert isinstance(caught.value, TypeError)
    assert caught.value.ocid == "ocds-1"
    assert caught.value.index == 1
    with pytest.raises(ocdsmerge.exceptions.InconsistentTypeError) as reference:
        getattr(REFERENCE, method)(copy.deepcopy(releases))
    assert str(caught.value) == str(reference.value)


def test_value_then_array() -> None:
    releases = [release("2020-01-01", custom="text"), release("2020-01-02", custom=[{"id": "1"}])]
    with pytest.raises(InconsistentTypeError, match="had the object 'text' for /custom"):
        OURS.create_compiled_release(releases)
    # In a versioned release the earlier value is a list of versioned values, which the reference extends with
    # the array's objects; we do the same.
    versioned = OURS.create_versioned_release(releases)
    assert versioned == REFERENCE.create_versioned_release(copy.deepcopy(releases))
    assert versioned["custom"][-1] == {"id": "1"}


def test_inconsistent_type_path() -> None:
    releases = [
        release("2020-01-01", tender={"items": [{"id": "i", "unit": 5}]}),
        release("2020-01-02", tender={"items": [{"id": "i", "unit": {"name": "kg"}}]}),
    ]
    with pytest.raises(InconsistentTypeError) as caught:
        OURS.create_compiled_release(releases)
    assert caught.value.path == ("tender", "items", "i", "unit")


def test_object_then_literal_keeps_the_object() -> None:
    releases = [release("2020-01-01", tender={"value": {"amount": 1}}), release("2020-01-02", tender={"value": 3})]
    assert OURS.create_compiled_release(releases)["tender"]["value"] == {"amount": 1}
    assert REFERENCE.create_compiled_release(copy.deepcopy(releases))["tender"]["value"] == {"amount": 1}


def test_object_or_array_id_is_refused() -> None:
    with pytest.raises(InvalidIdError) as caught:
        OURS.create_compiled_release([release("2020", parties=[{"id": {"x": 1}, "name": "A"}])])
    assert caught.value.path == ("parties",)
    assert isinstance(caught.value, TypeError)


def test_null_on_object_is_kept_by_default_and_removes_in_strict_mode() -> None:
    releases = [release("2020-01-01", tender={"value": {"amount": 1}}), release("2020-01-02", tender={"value": None})]
    assert OURS.create_compiled_release(releases)["tender"] == {"value": {"amount": 1}}
    assert Merger(schema=SCHEMAS["1.1"], strict=True).create_compiled_release(releases)["tender"] == {}


def test_strict_orders_dates_as_instants() -> None:
    later = release("2020-01-01T09:00:00+07:00", tender={"title": "Jakarta 09:00 = 02:00 UTC"})
    earlier_text_later_time = release("2020-01-01T03:00:00Z", tender={"title": "03:00 UTC"})
    releases = [earlier_text_later_time, later]
    # As text, "2020-01-01T03..." sorts before "2020-01-01T09...": the reference ends with the +07:00 release.
    assert OURS.create_compiled_release(releases)["tender"]["title"].startswith("Jakarta")
    strict = Merger(schema=SCHEMAS["1.1"], strict=True)
    assert strict.create_compiled_release(releases)["tender"]["title"] == "03:00 UTC"
    with pytest.raises(NonStringDateValueError, match="RFC 3339"):
        strict.create_compiled_release([release("2020-01-01"), release("yesterday")])


def test_missing_ocid_and_date() -> None:
    compiled = OURS.create_compiled_release([{"id": "1", "tender": {"id": "t"}}])
    reference = REFERENCE.create_compiled_release([{"id": "1", "tender": {"id": "t"}}])
    assert compiled == reference == {"tag": ["compiled"], "id": "None-None", "tender": {"id": "t"}}
    assert OURS.create_compiled_release([]) == {"tag": ["compiled"]}
    assert OURS.create_versioned_release([]) == {}


def test_no_rules_keeps_release_id_and_date() -> None:
    from ocds_regency.merge import MergeRules

    releases = [release("2020", tag=["tender"])]
    ours = Merger(MergeRules()).create_compiled_release(releases)
    assert ours == ocdsmerge.Merger(merge_rules={}).create_compiled_release(copy.deepcopy(releases))
    assert ours["id"] == "r-2020"


@pytest.mark.parametrize("cls", [CompiledRelease, VersionedRelease])
def test_incremental_from_stored_json(cls: type[CompiledRelease] | type[VersionedRelease]) -> None:
    base = json.loads((SCHEMAS["1.1"].parent / "1.1" / "lists.json").read_bytes())
    extra = release(
        "2099-01-01", parties=[{"id": "1", "name": "New name", "roles": ["buyer"]}, {"id": "9", "name": "Other"}]
    )
    one_shot = cls(rules=OURS.rules)
    one_shot.extend([*base, extra])
    stored = cls(rules=OURS.rules)
    stored.extend(base)
    text = json.dumps(stored.asdict())
    continued = cls(json.loads(text), rules=OURS.rules)
    continued.append(extra)
    assert continued.asdict() == one_shot.asdict()
    assert json.loads(text) == stored.asdict(), "asdict() doesn't change the merged release"


def test_extend_twice_equals_one_shot() -> None:
    data = [
        release(f"2020-01-0{day}", tender={"items": [{"id": str(day % 2), "quantity": day}]}) for day in range(1, 6)
    ]
    compiled = CompiledRelease(rules=OURS.rules)
    compiled.extend(data[:3])
    compiled.extend(data[3:])
    assert compiled.asdict() == OURS.create_compiled_release(data)


def test_reference_deviation_ids_of_different_types() -> None:
    # ids are matched as strings (as ocdsmerge's flat keys do): 1 and "1" are the same object
    releases = [
        release("2020-01-01", parties=[{"id": 1, "name": "A"}]),
        release("2020-01-02", parties=[{"id": "1", "name": "B"}]),
    ]
    compiled = OURS.create_compiled_release(releases)
    assert compiled["parties"] == [{"id": 1, "name": "B"}]
    assert compiled == REFERENCE.create_compiled_release(copy.deepcopy(releases))


def test_warnings_can_be_errors() -> None:
    releases = [release("2020", parties=[{"id": "1"}, {"id": "1"}])]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(Warning, match="Multiple objects have the `id` value '1' in the `parties` array"):
            OURS.create_compiled_release(releases)


@pytest.mark.parametrize(
    "sections",
    [
        [{"value": {"amount": 1}}, {"value": {"amount": 1.0}}, {"value": {"amount": True}}],
        [{"value": {"amount": 0.0}}, {"value": {"amount": -0.0}}, {"value": {"amount": 0}}],
        [{"value": {"amount": 1, "currency": "IDR"}}, {"value": {"currency": "IDR", "amount": 1}}],
        [{"items": [{"description": "no id"}]}, {"items": [{"description": "no id"}]}],
        [{"items": [{"id": "1"}, {"id": "1"}]}, {"items": [{"id": "1"}, {"id": "1"}]}],
        [{"items": [{"id": "1", "quantity": 1}]}, {"items": [{"id": "1", "quantity": 1}]}, {"status": "x"}],
        [
            {"items": [{"id": "1", "quantity": 1}], "status": "a"},
            {"items": [{"id": "1", "quantity": 1.0}], "status": "b"},
            {"items": [{"id": "1", "quantity": True}], "status": "c"},
        ],
        [
            {"items": [{"id": "1", "unit": {"name": "kg"}}, {"id": "2"}], "status": "a"},
            {"items": [{"id": "1", "unit": {"name": "g"}}, {"id": "2"}], "status": "b"},
            {"items": [{"id": "1", "unit": {"name": "kg"}}, {"id": "2"}], "status": "c"},
            {"items": [{"id": "1", "unit": {"name": "kg"}}], "status": "d"},
        ],
        [
            {"items": [{"id": "1", "quantity": None}], "status": "a"},
            {"items": [{"id": "1", "quantity": None}], "status": "b"},
        ],
        # sections and arrays whose size changes are told apart by their size, without their texts
        [{"value": {"amount": 1}}, {"value": {"amount": 1, "currency": "IDR"}}, {"value": {"amount": 1}}],
        [
            {"items": [{"id": "1"}], "status": "a"},
            {"items": [{"id": "1"}, {"id": "2", "quantity": 2}], "status": "b"},
            {"items": [{"id": "1"}], "status": "c"},
            {"items": [{"id": "1", "quantity": 1}, {"id": "2", "quantity": 2}], "status": "d"},
        ],
    ],
)
@pytest.mark.parametrize("method", ["create_compiled_release", "create_versioned_release", "create_both"])
def test_repeated_sections_match_ocdsmerge(sections: list[dict[str, Any]], method: str) -> None:
    # A section equal to the previous release's is skipped (a no-op) unless that would show; create_both's
    # two merges share one cache of the releases' JSON text.
    releases = [release(f"2020-01-0{day}", tender=section) for day, section in enumerate(sections, 1)]
    with warnings.catch_warnings(record=True) as ours:
        warnings.simplefilter("always")
        result = getattr(OURS, method)(releases)
    with warnings.catch_warnings(record=True) as theirs:
        warnings.simplefilter("always")
        if method == "create_both":
            expected: Any = (
                REFERENCE.create_compiled_release(copy.deepcopy(releases)),
                REFERENCE.create_versioned_release(copy.deepcopy(releases)),
            )
        else:
            expected = getattr(REFERENCE, method)(copy.deepcopy(releases))
    assert json.dumps(result) == json.dumps(expected)
    if method != "create_both":  # the reference's two calls warn twice
        assert [str(w.message) for w in ours] == [str(w.message) for w in theirs]


def test_append_after_changing_a_release() -> None:
    compiled = CompiledRelease(rules=OURS.rules)
    data = release("2020-01-01", tender={"status": "planned"})
    compiled.append(data)
    data["tender"]["status"] = "active"  # the same object, changed: not taken for an unchanged section
    compiled.append(data)
    assert compiled.asdict()["tender"]["status"] == "active"
