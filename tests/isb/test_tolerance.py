"""Property tests: tolerant parsing never raises, and every row ends with a record or an error."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ocds_regency.isb import DATASETS, Dataset

raw_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.sampled_from(["None", "-", "Rp 1.234,00", "2025-01-31 14:00:00.000000Z", "3 Agt 2025", "1.234", "Ya"]),
)


@st.composite
def dataset_rows(draw: st.DrawFn) -> tuple[Dataset, dict[str, Any]]:
    dataset = draw(st.sampled_from(list(DATASETS.values())))
    fields = list(dataset.model.model_fields)
    chosen = draw(st.lists(st.sampled_from(fields), unique=True, max_size=12))
    row = {name: draw(raw_values) for name in chosen}
    row.update(draw(st.dictionaries(st.text(max_size=8), raw_values, max_size=3)))
    return dataset, row


@settings(max_examples=150, deadline=None)
@given(dataset_rows())
def test_parse_never_raises_and_accounts_for_the_row(case: tuple[Dataset, dict[str, Any]]) -> None:
    dataset, row = case
    parsed = dataset.parse(row)
    assert (parsed.record is None) == (parsed.error is not None)
    for issue in parsed.issues:
        assert issue.reason
    if parsed.record is not None:
        for name in dataset.keys:
            assert getattr(parsed.record, name) not in (None, ())
        for name, value in parsed.record:
            kind = dataset.model.field_kinds().get(name)
            if kind == "rupiah" and value is not None:
                assert isinstance(value, Decimal)
                assert value >= 0
