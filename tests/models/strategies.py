"""Hypothesis strategies that generate valid OCDS data straight from the bundled JSON schemas.

hypothesis-jsonschema can't be used with the installed hypothesis (its object strategy calls an API that
no longer exists), and the OCDS schemas are simple enough to walk: `$ref`s, `type` lists, `enum`s,
`properties`/`required`/`minProperties`, arrays with `minItems`/`uniqueItems`, `pattern`, and the
`date-time`/`uri` formats.

Every generated object also gets a few unknown fields (values of any JSON type) and its keys are shuffled,
so that round trips exercise extra fields and key order. Numbers mix integers (some beyond 64 bits),
arbitrary floats and two-decimal money amounts.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

SCHEMA_URL = "https://standard.open-contracting.org/schema/1__1__5/"

#: Unknown field names added to generated objects (local additions, another extension's fields) with any JSON
#: value, and language variants of text fields, with text values (the schema's patternProperties allow them).
EXTRA_KEYS = ("x_kodeRup", "lots")
LANGUAGE_KEYS = ("title_id", "description_en")

_offsets = st.integers(min_value=-(23 * 60 + 59), max_value=23 * 60 + 59).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
_moments = st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 12, 31))

#: RFC 3339 date-times in the spellings publishers use: offsets, `Z`, fractions of a second.
date_times = st.one_of(
    st.builds(lambda moment, tz: moment.replace(tzinfo=tz).isoformat(), _moments, _offsets),
    _moments.map(lambda moment: moment.replace(tzinfo=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")),
    st.tuples(_moments, st.integers(0, 999_999_999)).map(
        lambda pair: pair[0].strftime("%Y-%m-%dT%H:%M:%S") + f".{pair[1]:09d}+07:00"
    ),
)

uris = st.from_regex(r"https://lpse\.example\.go\.id/[a-z0-9]{0,8}(#[0-9]{1,4})?", fullmatch=True)

#: JSON numbers: small and huge integers, any finite float, two-decimal amounts of money.
numbers = st.one_of(
    st.integers(min_value=-1000, max_value=10**12),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.decimals(min_value=-(10**13), max_value=10**13, places=2, allow_nan=False, allow_infinity=False).map(float),
)

#: Text without lone surrogates (they can't be encoded as UTF-8, so they never come from a JSON file).
_characters = st.characters(exclude_categories=("Cs",))
_text = st.text(_characters, max_size=6)

json_values: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | numbers | _text,
    lambda children: st.lists(children, max_size=2) | st.dictionaries(_text, children, max_size=2),
    max_leaves=4,
)


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


class SchemaStrategies:
    """Build strategies from one schema document (plus the release schema for package `$ref`s)."""

    def __init__(self, schema: Mapping[str, Any], release_schema: Mapping[str, Any] | None = None) -> None:
        self.schema = schema
        self.definitions: Mapping[str, Any] = schema.get("definitions", {})
        self.release_schema = release_schema
        self._cache: dict[str, st.SearchStrategy[Any]] = {}

    def root(self) -> st.SearchStrategy[Any]:
        return self.node(self.schema)

    def node(self, node: Mapping[str, Any]) -> st.SearchStrategy[Any]:
        if "$ref" in node:
            return self._ref(node["$ref"])
        if "oneOf" in node:
            return st.one_of([self.node(option) for option in node["oneOf"]])
        if "enum" in node:
            return st.sampled_from(node["enum"])
        kinds = node.get("type")
        if kinds is None:
            return json_values
        if isinstance(kinds, str):
            kinds = [kinds]
        return st.one_of([self._typed(kind, node) for kind in kinds])

    def _ref(self, ref: str) -> st.SearchStrategy[Any]:
        if ref not in self._cache:
            if ref.startswith("#/definitions/"):
                self._cache[ref] = st.deferred(lambda: self.node(self.definitions[ref.rsplit("/", 1)[1]]))
            elif ref == SCHEMA_URL + "release-schema.json" and self.release_schema is not None:
                self._cache[ref] = SchemaStrategies(self.release_schema).root()
            elif ref == SCHEMA_URL + "versioned-release-validation-schema.json":
                self._cache[ref] = st.fixed_dictionaries(
                    {"ocid": st.text(min_size=1, max_size=6)},
                    optional={"tender": st.fixed_dictionaries({"id": json_values})},  # any JSON is kept as given
                )
            else:  # pragma: no cover - the bundled schemas have no other references
                raise AssertionError(f"unexpected $ref {ref}")
        return self._cache[ref]

    def _typed(self, kind: str, node: Mapping[str, Any]) -> st.SearchStrategy[Any]:
        if kind == "null":
            return st.none()
        if kind == "boolean":
            return st.booleans()
        if kind == "integer":
            return st.one_of(st.integers(min_value=0, max_value=100), st.integers())
        if kind == "number":
            return numbers
        if kind == "string":
            if node.get("format") == "date-time":
                return date_times
            if node.get("format") == "uri":
                return uris
            if "pattern" in node:
                return st.from_regex(node["pattern"])
            return st.text(_characters, min_size=node.get("minLength", 0), max_size=8)
        if kind == "array":
            items = node.get("items")
            elements = self.node(items) if items else numbers
            unique = _canonical if node.get("uniqueItems") else None
            return st.lists(elements, min_size=node.get("minItems", 0), max_size=2, unique_by=unique)
        if kind == "object":
            return self._object(node)
        raise AssertionError(f"unexpected type {kind}")  # pragma: no cover

    def _object(self, node: Mapping[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
        properties: Mapping[str, Any] = node.get("properties", {})
        required = set(node.get("required", ()))
        known = st.fixed_dictionaries(
            {name: self.node(sub) for name, sub in properties.items() if name in required},
            optional={name: self.node(sub) for name, sub in properties.items() if name not in required},
        )
        extras = st.fixed_dictionaries(
            {}, optional={**dict.fromkeys(EXTRA_KEYS, json_values), **dict.fromkeys(LANGUAGE_KEYS, _text)}
        )
        shuffled = st.builds(_shuffled, known, extras, st.randoms(use_true_random=False))
        if not node.get("minProperties"):
            return shuffled
        # minProperties (1 in the bundled schemas): fill in the first property when too few were drawn.
        first, sub = next(iter(properties.items()))
        return st.builds(
            _at_least, shuffled, st.fixed_dictionaries({first: self.node(sub)}), st.just(node["minProperties"])
        )


def _shuffled(known: dict[str, Any], extras: dict[str, Any], random: Any) -> dict[str, Any]:
    items = [*known.items(), *extras.items()]
    random.shuffle(items)
    return dict(items)


def _at_least(value: dict[str, Any], filler: dict[str, Any], least: int) -> dict[str, Any]:
    return value if len(value) >= least else {**value, **filler}
