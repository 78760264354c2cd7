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
