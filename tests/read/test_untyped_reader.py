"""Reading without typed records (``typed=False``) accepts and rejects exactly the rows a typed read does.

The conversion reads this way: each row's view (the fields it is grouped by) has the values of the typed
record, and the record completed from the view and the row's data (``complete_record``) is the typed record,
with the same issues in the same order (see also ``tests/mapping/test_lazy_rows.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocds_regency.isb import DATASETS
from ocds_regency.isb._base import IsbRecord, complete_record
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
        assert row.record is None or (row.dataset is not None and DATASETS[row.dataset].grouping is None)
    lazy_rows = read_isb(folder, unknown="report", typed=False)
    for lazy, whole in zip(lazy_rows, read_isb(folder, unknown="report"), strict=True):
        if whole.record is None:
            continue
        assert lazy.view is not None
        _same_record(lazy.view, dict(lazy.data), lazy.issues, whole.record, whole.issues)


def _same_record(view: IsbRecord, data: dict[str, Any], issues: Any, record: IsbRecord, expected: Any) -> None:
    """The view has the record's values of its fields, and completes into the record with its issues."""
    assert type(view) is type(record)
    assert {name: getattr(record, name) for name in view.__dict__} == view.__dict__
    completed, found = complete_record(view, data, issues)
    assert completed.__dict__ == record.__dict__ and completed.model_extra == record.model_extra
    assert completed.model_fields_set == record.model_fields_set
    assert tuple(found) == tuple(expected)


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
    # other spellings of some fields (human labels, aliases), which may conflict with the field's own spelling
    spellings = sorted(spec.model._collect_aliases())
    if spellings:
        for spelling in cells.draw(st.lists(st.sampled_from(spellings), max_size=4, unique=True), label="spellings"):
            raw[spelling] = cells.draw(_CELLS, label=spelling)
    typed, untyped = spec.parse(raw), spec.parse(raw, typed=False)
    assert untyped.data == typed.data
    assert untyped.error == typed.error
    assert (typed.record is None) == (typed.error is not None)
    assert untyped.record is None if spec.grouping is not None else untyped.record == typed.record
    if typed.record is not None and spec.grouping is not None:
        assert untyped.view is not None
        _same_record(untyped.view, untyped.data, untyped.issues, typed.record, typed.issues)
        for name in set(spec.model.model_fields) - spec.grouping:
            with pytest.raises(AttributeError):
                getattr(untyped.view, name)  # a field the view has not read is never a silent None
