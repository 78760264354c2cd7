"""Reading a valid release (record, package) and writing it back gives exactly the input.

"Exactly" is checked three ways: the decoded JSON is equal (`==`), the key order is the same (compared
through `json.dumps` text), and with `parse_float=Decimal` every number keeps every digit.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocds_regency.models import Record, RecordPackage, Release, ReleasePackage, dumps, loads
from ocds_regency.standard import BUNDLED_EXTENSION_IDS, load_profile
from tests.conftest import MERGE_FIXTURES
from tests.models.strategies import SchemaStrategies

FIXTURES = MERGE_FIXTURES / "1.1"
PROFILE = load_profile(BUNDLED_EXTENSION_IDS)
HYPOTHESIS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _fixture_files() -> list[Path]:
    return sorted(path for path in (FIXTURES).glob("*.json") if not path.stem.endswith("-versioned"))


def assert_round_trip(
    model: type[Release] | type[Record] | type[ReleasePackage] | type[RecordPackage], text: str
) -> None:
    """Check every reading and writing path of `model` against the JSON `text`."""
    as_floats = json.loads(text)
    as_decimals = loads(text)

    # Decoded with floats (json.loads / orjson): model_dump in JSON mode, model_dump_json, to_json.
    from_floats = model.model_validate(as_floats)
    dumped = from_floats.model_dump(mode="json", by_alias=True, exclude_unset=True)
    assert dumped == as_floats
    assert json.dumps(dumped) == json.dumps(as_floats)  # same key order
    assert json.loads(from_floats.model_dump_json(exclude_unset=True)) == as_floats
    assert json.loads(from_floats.to_json()) == as_floats

    # Decoded exactly: to_dict keeps Decimals, to_json writes every digit.
    exact = model.from_json(text)
    assert exact.to_dict() == as_decimals
    assert loads(exact.to_json()) == as_decimals
    assert exact.to_json() == dumps(as_decimals)  # byte for byte, key order included
    assert exact == model.from_dict(as_decimals)


def test_there_are_fixtures() -> None:
    assert len(_fixture_files()) >= 30


def test_every_conformance_release_round_trips() -> None:
    count = 0
    for path in _fixture_files():
        data = json.loads(path.read_text())
        for release in data if isinstance(data, list) else [data]:
            assert_round_trip(Release, json.dumps(release))
            count += 1
    assert count >= 40


def test_every_conformance_case_round_trips_as_a_record() -> None:
    for path in (FIXTURES).glob("*-versioned.json"):
        name = path.name.removesuffix("-versioned.json")
        releases = json.loads((FIXTURES / f"{name}.json").read_text())
        record = {
            "ocid": releases[0]["ocid"],
            "releases": releases,
            "compiledRelease": json.loads((FIXTURES / f"{name}-compiled.json").read_text()),
            "versionedRelease": json.loads(path.read_text()),
        }
        assert_round_trip(Record, json.dumps(record))


_release_validator = jsonschema.Draft4Validator(
    PROFILE.release_schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
)


@HYPOTHESIS
@given(SchemaStrategies(PROFILE.release_schema).root())
def test_generated_releases_round_trip(release: dict[str, Any]) -> None:
    errors = [error.message for error in _release_validator.iter_errors(release)]
    assert not errors, f"the strategy generated an invalid release: {errors[:3]}"
    assert_round_trip(Release, json.dumps(release))


@settings(HYPOTHESIS, max_examples=15)
@given(SchemaStrategies(PROFILE.release_package_schema, PROFILE.release_schema).root())
def test_generated_release_packages_round_trip(package: dict[str, Any]) -> None:
    assert_round_trip(ReleasePackage, json.dumps(package))


@settings(HYPOTHESIS, max_examples=15)
@given(SchemaStrategies(PROFILE.record_package_schema, PROFILE.release_schema).root())
def test_generated_record_packages_round_trip(package: dict[str, Any]) -> None:
    assert_round_trip(RecordPackage, json.dumps(package))


@HYPOTHESIS
@given(st.decimals(allow_nan=False, allow_infinity=False), st.sampled_from(["IDR", "USD", None]))
def test_any_exact_amount_round_trips_through_text(amount: Decimal, currency: str | None) -> None:
    head = '{"ocid":"ocds-x-1","id":"1","date":"2024-01-01T00:00:00Z","tag":["tender"],"initiationType":"tender"'
    text = head + f',"tender":{{"id":"1","value":{{"amount":{amount},"currency":{json.dumps(currency)}}}}}}}'
    release = Release.from_json(text)
    assert release.tender is not None and release.tender.value is not None
    assert release.tender.value.amount == amount
    assert str(release.tender.value.amount) == str(amount)
    assert release.to_json() == text.encode()


def test_equality_ignores_key_order_but_writing_keeps_it() -> None:
    keys = {"ocid": "a", "id": "1", "date": "2024-01-01T00:00:00Z", "tag": ["tender"], "initiationType": "tender"}
    first = Release.from_dict(keys)
    second = Release.from_dict(dict(reversed(keys.items())))
    assert first == second
    assert list(first.to_dict()) == ["ocid", "id", "date", "tag", "initiationType"]
    assert list(second.to_dict()) == ["initiationType", "tag", "date", "id", "ocid"]
    assert list(json.loads(second.model_dump_json()))[:5] == ["initiationType", "tag", "date", "id", "ocid"]
