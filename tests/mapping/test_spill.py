"""Rows beyond ``rows_in_memory`` wait in a temporary SQLite file: the output is the same for any bound."""

from __future__ import annotations

from pathlib import Path

import pytest

from ocds_regency.mapping import convert
from ocds_regency.mapping._rows import Context, Options, Row
from ocds_regency.mapping.report import ConversionReport
from ocds_regency.read import read_isb
from ocds_regency.write import dumps
from tests.conftest import FIXTURES
from tests.mapping._conversions import INPUTS, converted


@pytest.mark.parametrize("inputs", INPUTS)
def test_the_output_is_the_same_whatever_the_rows_kept_in_memory(inputs: list[Path]) -> None:
    releases, report = converted(inputs)
    assert releases
    for bound in (0, 1, 17, 200):
        assert converted(inputs, rows_in_memory=bound) == (releases, report), bound


def _rows(limit: int) -> tuple[Context, list[Row]]:
    ctx = Context(Options("ocds-test00", "+07:00", frozenset()), ConversionReport(), limit)
    rows = [
        Row(ctx, item.dataset or "", item.data, item.source, item.position, number, item.record, ())
        for number, item in enumerate(read_isb(FIXTURES / "isb-real-2025-facts"), start=1)
        if item.error is None
    ]
    return ctx, rows


def _in_memory(row: Row) -> bool:
    try:
        object.__getattribute__(row, "data")  # (not row.data: that would bring the contents back)
    except AttributeError:
        return False
    return True


def test_contents_beyond_the_bound_leave_memory_and_come_back_when_read() -> None:
    ctx, rows = _rows(10)
    expected = [(dict(row.data), row.record) for row in rows]
    for row in rows:
        ctx.rows.keep(row)
    ctx.rows.settle()
    assert len(ctx.rows) <= 10
    out = [row for row in rows if not _in_memory(row)]
    assert len(out) >= len(rows) - 10
    assert all(row.spilled for row in out)
    for row, (data, record) in zip(rows, expected, strict=True):
        assert row.data == data  # read back from the file
        assert row.record == record
        assert _in_memory(row)
    ctx.rows.settle()
    assert len(ctx.rows) <= 10


def test_rows_of_a_mapped_process_go_first_and_can_still_be_read() -> None:
    ctx, rows = _rows(4)
    expected = [dict(row.data) for row in rows[:6]]
    for row in rows[:4]:
        ctx.rows.keep(row)
    ctx.rows.retire(rows[:2])  # mapped: in memory still (no copy on file yet), but the first to go
    for row in rows[4:6]:
        ctx.rows.keep(row)
    ctx.rows.settle()
    assert [_in_memory(row) for row in rows[:6]] == [False, False, True, True, True, True]  # 0 and 1 went first
    ctx.rows.retire(rows[:6])  # those with a copy on file leave memory at once
    assert [row.data for row in rows[:6]] == expected


def test_a_bound_below_zero_is_refused() -> None:
    with pytest.raises(ValueError, match="rows_in_memory"):
        convert([], prefix="ocds-test00", rows_in_memory=-1)


def test_reading_every_row_between_settle_points_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pass that reads every row (say, a fingerprint of each process) without settling: the least recently
    used contents go out as it goes, never the row being read."""
    monkeypatch.setattr("ocds_regency.mapping._spill._SLACK", 3)
    ctx, rows = _rows(0)
    for row in rows:
        ctx.rows.keep(row)
    ctx.rows.settle()
    assert len(ctx.rows) == 0
    for row in rows:
        assert row.data is not None
        assert _in_memory(row)
        assert len(ctx.rows) <= 4


def test_a_process_whose_releases_are_left_unmade_reads_none_of_its_rows_back() -> None:
    """A release store's cache skips unchanged processes: their rows' contents stay on file (the file is read
    only for the processes whose releases are iterated, and those get the releases of a run in memory)."""
    conversion = convert([FIXTURES / "isb-real-2025-facts"], prefix="ocds-test00", rows_in_memory=0)
    expected = [dumps(release) for release in convert([FIXTURES / "isb-real-2025-facts"], prefix="ocds-test00")]
    made: list[bytes] = []
    skipped = 0
    for number, (process, releases) in enumerate(conversion.by_process()):
        rows = process.all_rows()
        if number % 2:
            skipped += 1
            assert not any(_in_memory(row) for row in rows if row.spilled)
            continue
        made.extend(dumps(release) for release in releases)
    assert skipped and made
    assert set(made) < set(expected)
