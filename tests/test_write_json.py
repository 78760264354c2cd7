"""``ocds_regency.write.dumps`` is the one JSON writer: exact numbers, orjson's layout, big integers too."""

from __future__ import annotations

import json
from decimal import Decimal

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocds_regency.models._json import dumps as models_dumps
from ocds_regency.write import dumps

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.text()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.decimals(allow_nan=False, allow_infinity=False, places=2),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=20,
)


def test_decimal_amounts_are_numbers_digit_for_digit() -> None:
    assert dumps({"amount": Decimal("999995334.78")}) == b'{"amount":999995334.78}'
    assert dumps([Decimal("1.10")]) == b"[1.10]"


def test_integers_beyond_64_bits_are_written_exactly_in_orjson_layout() -> None:
    big = 2**70
    value = {"a": [big, {"b": Decimal("1.5"), "c": "x"}], "d": {}, "e": []}
    for pretty in (False, True):
        text = dumps(value, pretty=pretty)
        assert json.loads(text) == {"a": [big, {"b": 1.5, "c": "x"}], "d": {}, "e": []}
        small = orjson.dumps(
            {"a": [1, {"b": 1.5, "c": "x"}], "d": {}, "e": []}, option=orjson.OPT_INDENT_2 if pretty else 0
        )
        assert text.replace(str(big).encode(), b"1") == small


def test_non_json_values_are_type_errors() -> None:
    with pytest.raises(TypeError):
        dumps({"amount": Decimal("NaN")})
    with pytest.raises(TypeError):
        dumps({"when": object()})
    with pytest.raises(TypeError):
        dumps({"big": 2**70, "when": object()})


@given(json_values)
def test_models_write_through_the_same_writer(value: object) -> None:
    assert models_dumps(value) == dumps(value)
    assert models_dumps(value, indent=True) == dumps(value, pretty=True)
    decoded = json.loads(dumps(value), parse_float=Decimal)
    assert dumps(decoded) == dumps(value)
