"""The report's medians stay exact when the amounts are spilled to disk (reporting.spill.SortedSpill)."""

from __future__ import annotations

import json
import statistics
from decimal import Decimal
from itertools import groupby
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocds_regency.mapping import EXTENSIONS, convert
from ocds_regency.merge import Merger
from ocds_regency.reporting.model import VALUE_BANDS, FiguresBuilder, _ordered_stats
from ocds_regency.reporting.spill import SortedSpill
from ocds_regency.standard import load_profile
from ocds_regency.write import dumps

amounts = st.decimals(min_value=-(10**15), max_value=10**15, allow_nan=False, allow_infinity=False, places=2)


@settings(max_examples=100, deadline=None)
@given(st.lists(amounts, max_size=60), st.integers(1, 8))
def test_the_spill_yields_every_value_in_order(values: list[Decimal], limit: int) -> None:
    spill = SortedSpill(limit)
    for value in values:
        spill.append(value)
    got = list(spill.ordered())
    assert [str(v) for v in got] == [str(v) for v in sorted(values)]  # same values, same exponents
    assert len(spill) == len(values)
    assert list(spill.ordered()) == got  # read again: the same
    spill.close()


@settings(max_examples=100, deadline=None)
@given(st.lists(amounts, max_size=30))
def test_stats_read_in_one_pass(values: list[Decimal]) -> None:
    """Count, total, extremes, median and bands, checked against the statistics module and plain loops."""
    ordered = sorted(values)
    stats = _ordered_stats(iter(ordered), len(ordered))
    assert stats.count == len(values)
    assert stats.total == sum(ordered, Decimal(0))
    if values:
        assert (stats.minimum, stats.maximum) == (min(values), max(values))
        assert stats.median == statistics.median(ordered)
    else:
        assert stats.median is None
    bounds = [*VALUE_BANDS, None]
    assert stats.bands == [
        sum(1 for v in values if (b is None or v < b) and (i == 0 or v >= VALUE_BANDS[i - 1]))
        for i, b in enumerate(bounds)
    ]


money = st.fixed_dictionaries({"amount": amounts, "currency": st.sampled_from(["IDR", "IDR", "USD"])})
releases = st.lists(
    st.fixed_dictionaries(
        {"ocid": st.sampled_from(["a", "b", "c"])},
        optional={
            "tender": st.fixed_dictionaries(
                {}, optional={"status": st.sampled_from(["active", "cancelled", "unsuccessful"]), "value": money}
            ),
            "planning": st.fixed_dictionaries({"budget": st.fixed_dictionaries({"amount": money})}),
            "contracts": st.lists(
                st.fixed_dictionaries({"value": money}, optional={"status": st.just("cancelled")}), max_size=3
            ),
        },
    ),
    max_size=40,
)


@settings(max_examples=100, deadline=None)
@given(releases, st.integers(1, 5))
def test_spilled_figures_are_the_figures_in_memory(data: list[dict[str, Any]], limit: int) -> None:
    expected = FiguresBuilder().add_all(data).build(releases=len(data))
    got = FiguresBuilder(in_memory=limit).add_all(data).build(releases=len(data))
    assert dumps(got.to_dict()) == dumps(expected.to_dict())


def test_the_real_half_year_figures_are_byte_identical_when_spilled(shared: Path) -> None:
    conversion = convert([shared / "domain" / "isb-real-2025"], prefix="ocds-xxxxxx")
    merger = Merger(profile=load_profile(EXTENSIONS))
    compiled = [
        merger.create_compiled_release(list(group)) for _, group in groupby(conversion, key=lambda r: r["ocid"])
    ]
    expected = FiguresBuilder().add_all(compiled).build()
    got = FiguresBuilder(in_memory=97).add_all(compiled).build()  # a run every 97 amounts
    assert expected.values["contract"].count > 97 * 3  # (several runs to merge)
    assert json.dumps(got.to_dict()) == json.dumps(expected.to_dict())


def test_a_limit_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        SortedSpill(0)
