"""The mapping reads the typed ISB records; a row given as plain data gets its record the reader's way.

A :class:`~ocds_regency.mapping._rows.Row` built from plain data (a :class:`~ocds_regency.mapping.SourceRow`)
parses it with the same function as :func:`~ocds_regency.read.read_isb` (``parse_record``), so it has the same
record and the same field issues; the issues are reported once, when the row first feeds a release.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocds_regency.isb import DATASETS, ParseOptions
from ocds_regency.mapping._rows import Context, Options, Row
from ocds_regency.mapping.report import ConversionReport
from ocds_regency.read import read_isb

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "kabupaten-contoh-2025"


def _context() -> Context:
    return Context(Options("ocds-x", "+07:00", frozenset()), ConversionReport())


def _same_as_read(dataset: str, data: dict[str, Any], record: Any, issues: tuple[Any, ...]) -> None:
    plain = Row(_context(), dataset, data, "f.json", "item 1", 1)
    assert type(plain.record) is type(record)
    assert plain.record.__dict__ == record.__dict__ and plain.record.model_extra == record.model_extra
    assert plain.issues == issues


def test_example_rows_get_the_readers_record_from_plain_data() -> None:
    rows = [row for row in read_isb(EXAMPLE) if row.record is not None]
    assert len(rows) > 300
    for row in rows:
        assert row.dataset is not None
        _same_as_read(row.dataset, dict(row.data), row.record, row.issues)


_VALUES = st.one_of(
    st.none(),
    st.sampled_from(["", "-", "None", "0", "0,00", "1.500.000", "Rp 2.000,50", "12,5", "True", "Tidak", "2025-03-04"]),
    st.sampled_from(["12,0", "1.000", "12.0", "<p>a &amp; b</p>", True, 12.5, 7.0]),
    st.sampled_from(["2025-03-04 10:00:00", "04/03/2025", "31/02/2025", "1.0011868E10", "  PT  Maju  ", "x\u200by"]),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(sorted(DATASETS)),
    picks=st.lists(st.tuples(st.integers(min_value=0, max_value=200), _VALUES), min_size=1, max_size=6),
)
def test_any_plain_row_gets_the_readers_record(name: str, picks: list[tuple[int, Any]]) -> None:
    spec = DATASETS[name]
    fields = sorted(spec.model.model_fields)
    data: dict[str, Any] = dict.fromkeys(spec.keys, "7001")
    data.update(dict.fromkeys(spec.names_any[:1], "PT Contoh"))
    for position, value in picks:
        field = fields[position % len(fields)]
        data[spec.model.model_fields[field].alias or field] = value
    parsed = spec.parse(data, ParseOptions.make("+07:00"))
    if parsed.record is None:
        return  # a rejected row (a key made unreadable) never reaches the mapping
    _same_as_read(name, dict(parsed.data), parsed.record, parsed.issues)


@pytest.mark.parametrize("value", ["31/02/2025", "abc"])
def test_an_unparseable_field_is_reported_once_when_the_row_is_used(value: str) -> None:
    ctx = _context()
    row = Row(ctx, "SPSE-TenderEkontrak-2Kontrak", {"kd_tender": 1, "tgl_kontrak": value}, "f.json", "item 1", 1)
    assert row.record.tgl_kontrak is None  # type: ignore[attr-defined]
    assert ctx.report.issues == []  # nothing until the row feeds a release
    row.mark_used()
    row.mark_used()
    [issue] = ctx.report.issues
    assert (issue.field, issue.value, issue.reason) == ("tgl_kontrak", value, "unparseable")
    assert ctx.report.totals.used == 1


def test_a_zero_amount_is_reported_under_its_isb_name_and_a_zero_kept_where_it_is_real() -> None:
    ctx = _context()
    data = {"kd_tender": 1, "nilai_kontrak": 0, "_event_date": "bad"}
    row = Row(ctx, "SPSE-TenderEkontrak-2Kontrak", data, "f.json", "item 1", 1)
    row.mark_used()
    found = sorted((i.field, i.message) for i in ctx.report.issues)
    assert found[1] == ("nilai_kontrak", "zero amount taken as unknown")
    assert found[0][0] == "_event_date"  # the ISB name, not the attribute's (event_date)
    order = Row(ctx, "Ecat-PaketEPurchasingV6", {"kd_paket": "A", "ongkir": 0}, "f.json", "item 2", 2)
    assert order.record.ongkir == 0 and order.issues == ()  # type: ignore[attr-defined]


def test_the_rows_are_frozen_for_the_collector_only_while_releases_are_made() -> None:
    from ocds_regency.mapping import convert

    assert gc.get_freeze_count() == 0 and gc.isenabled()
    conversion = convert([EXAMPLE], prefix="ocds-x")
    assert gc.get_freeze_count() == 0 and gc.isenabled()  # nothing frozen until releases are asked for
    releases = iter(conversion)
    first = next(releases)
    assert gc.get_freeze_count() > 0 and gc.isenabled()
    assert [first, *releases] and gc.get_freeze_count() == 0
    stopped = iter(convert([EXAMPLE], prefix="ocds-x"))
    next(stopped)
    stopped.close()  # a conversion abandoned half-way gives the rows back too
    assert gc.get_freeze_count() == 0
    convert([EXAMPLE], prefix="ocds-x")  # one never iterated freezes nothing
    assert gc.get_freeze_count() == 0
