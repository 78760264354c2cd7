"""Properties over arbitrary selections of the real sample rows."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocds_regency.isb import detect_dataset
from ocds_regency.mapping import SourceRow
from tests.conftest import ISB_SAMPLES

from .conftest import run

SAMPLES = ISB_SAMPLES


def _all_rows() -> list[SourceRow]:
    found = []
    for path in sorted(SAMPLES.glob("*.json")):
        data = json.loads(path.read_bytes())
        fields = set().union(*data)
        dataset = detect_dataset(fields, source=path.name).name
        found.extend(SourceRow(dataset, row, path.name, f"row {n}") for n, row in enumerate(data, start=1))
    return found


ROWS = _all_rows()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(picks=st.lists(st.sampled_from(range(len(ROWS))), max_size=120))
def test_any_selection_is_accounted_for_valid_and_deterministic(picks: list[int], validator: Any) -> None:
    selection = [ROWS[i] for i in picks]
    first = run(selection)
    report = first.report
    assert report.balanced
    assert report.totals.read == len(selection)
    # repeated picks are exact duplicates of the same row
    assert report.totals.duplicate >= len(picks) - len(set(picks))
    ids = [r["id"] for r in first.releases]
    assert len(ids) == len(set(ids))
    for release in first.releases:
        assert not list(validator.iter_errors(release))
    assert run(selection).raw == first.raw
