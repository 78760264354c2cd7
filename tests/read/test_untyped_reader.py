"""Reading without typed records (``typed=False``) accepts and rejects exactly the rows a typed read does.

A re-publication with a release store reads this way (most processes are not mapped again); the mapping
then parses the fields it needs from each row's data, which gives the same values and issues
(``tests/mapping/test_typed_rows.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocds_regency.isb import DATASETS
from ocds_regency.read import read_isb

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = [ROOT / "examples" / "kabupaten-contoh-2025", ROOT / "tests" / "fixtures" / "isb-real-2025"]


def _outcome(path: Path, *, typed: bool) -> list[tuple[Any, ...]]:
    return [
        (row.dataset, row.source, row.position, dict(row.data), None if row.error is None else row.error.code)
        for row in read_isb(path, unknown="report", typed=typed)
    ]


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda folder: folder.name)
def test_untyped_rows_are_the_typed_rows_without_records(folder: Path) -> None:
    typed = _outcome(folder, typed=True)
    assert typed
    assert _outcome(folder, typed=False) == typed
    # only datasets whose accepting fields a repair may change are parsed whole (e.g. RUP-MasterSatker's kd_satker)
    for row in read_isb(folder, unknown="report", typed=False):
        assert row.record is None or (row.dataset is not None and DATASETS[row.dataset].deciding is None)


_CELLS = st.one_of(
    st.none(),
    st.sampled_from(["", " ", "-", "N/A", "abc", "1.2.3", "2025-13-01", "0", "12345", "1,5", "true"]),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
)


@settings(max_examples=300, deadline=None)
@given(dataset=st.sampled_from(sorted(DATASETS)), cells=st.data())
def test_a_row_is_accepted_or_refused_alike(dataset: str, cells: st.DataObject) -> None:
    spec = DATASETS[dataset]
    fields = sorted(spec.model.model_fields)
    raw = {name: cells.draw(_CELLS, label=name) for name in fields if cells.draw(st.booleans(), label=f"has {name}")}
    typed, untyped = spec.parse(raw), spec.parse(raw, typed=False)
    assert untyped.data == typed.data
    assert untyped.error == typed.error
    assert (typed.record is None) == (typed.error is not None)
    assert untyped.record is None if spec.deciding is not None else untyped.record == typed.record
