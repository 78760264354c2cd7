"""English counts get the right plural."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocds_regency._words import count_of, plural_of


@pytest.mark.parametrize(
    ("word", "plural"),
    [("row", "rows"), ("process", "processes"), ("release", "releases"), ("information", "information")],
)
def test_plural_of(word: str, plural: str) -> None:
    assert plural_of(word) == plural


@given(st.integers(min_value=0, max_value=10**9))
def test_count_of(count: int) -> None:
    text = count_of(count, "row")
    assert text.startswith(f"{count:,} ")
    assert text.endswith(" row" if count == 1 else " rows")


@pytest.mark.parametrize(("actual", "expected"), [(1, "spans 1 day"), (3, "spans 3 days")])
def test_messages_count_in_the_right_plural(actual: int, expected: str) -> None:
    from ocds_regency.validate.messages import CODES, message_for

    assert message_for("quality.duration", "en", {"declared": 5, "actual": actual}).endswith(expected)
    assert not any("(s)" in message_for(code, "en", {"limit": 2, "declared": 1, "actual": 2}) for code in CODES)
