"""The mapping reads the reader's typed records: one parse per value, the same values and issues as parsing.

A :class:`~ocds_regency.mapping._rows.Row` built from a record (as :func:`~ocds_regency.mapping.convert` does for
rows read by :func:`~ocds_regency.read.read_isb`) must answer every accessor exactly as the same row given as
plain data (a :class:`~ocds_regency.mapping.SourceRow`), and report the same field issues, once.
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
ACCESSORS = ("text", "key", "amount", "date", "flag", "integer", "html")


def _pair(dataset: str, data: dict[str, Any], record: Any, unparsed: frozenset[str]) -> tuple[Row, Row, Context]:
    ctx = Context(Options("ocds-x", "+07:00", frozenset()), ConversionReport())
    return (
        Row(ctx, dataset, data, "f.json", "item 1", 1, record, unparsed),
        Row(ctx, dataset, data, "f.json", "item 1", 2),
        ctx,
    )


def _answers(row: Row, fields: tuple[str, ...]) -> list[Any]:
    out: list[Any] = []
    for field in fields:
        for name in ACCESSORS:
            out.append((name, field, getattr(row, name)(field)))
        out.append(("date-end", field, row.date(field, end=True)))
    out.append(("first", fields, row.text(*fields), row.key(*fields), row.amount(*fields), row.date(*fields)))
    return out


def _issues(ctx: Context) -> list[tuple[str, str, str]]:
    return sorted((i.field, i.reason, i.message) for i in ctx.report.issues)


def _compare(dataset: str, data: dict[str, Any], record: Any, unparsed: frozenset[str]) -> None:
    typed, plain, _ = _pair(dataset, data, record, unparsed)
    fields = tuple(data)
    typed_ctx = Context(Options("ocds-x", "+07:00", frozenset()), ConversionReport())
    plain_ctx = Context(Options("ocds-x", "+07:00", frozenset()), ConversionReport())
    typed.ctx, plain.ctx = typed_ctx, plain_ctx
    assert _answers(typed, fields) == _answers(plain, fields)
    assert _issues(typed_ctx) == _issues(plain_ctx)


def test_example_rows_read_the_same_from_records_and_from_data() -> None:
    rows = [row for row in read_isb(EXAMPLE) if row.record is not None]
    assert len(rows) > 300
    for row in rows:
        assert row.dataset is not None
        _compare(row.dataset, dict(row.data), row.record, frozenset(i.field for i in row.issues))


_VALUES = st.one_of(
    st.none(),
    st.sampled_from(["", "-", "None", "0", "0,00", "1.500.000", "Rp 2.000,50", "12,5", "True", "Tidak", "2025-03-04"]),
    st.sampled_from(["12,0", "1.000", "12.0", "<p>a &amp; b</p>", True, 12.5, 7.0]),
    st.sampled_from(["2025-03-04 10:00:00", "04/03/2025", "31/02/2025", "1.0011868E10", "  PT  Maju  ", "x\u200by"]),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(sorted(DATASETS)),
    picks=st.lists(st.tuples(st.integers(min_value=0, max_value=200), _VALUES), min_size=1, max_size=6),
)
def test_any_row_reads_the_same_from_its_record_and_from_data(name: str, picks: list[tuple[int, Any]]) -> None:
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
    _compare(name, dict(parsed.data), parsed.record, frozenset(i.field for i in parsed.issues))


@pytest.mark.parametrize("value", ["31/02/2025", "abc"])
def test_an_unparseable_field_is_reported_once_when_read(value: str) -> None:
    spec = DATASETS["SPSE-TenderEkontrak-2Kontrak"]
    parsed = spec.parse({"kd_tender": 1, "no_kontrak": "K1", "tgl_kontrak": value})
    assert parsed.record is not None and [i.field for i in parsed.issues] == ["tgl_kontrak"]
    typed, _, ctx = _pair(spec.name, dict(parsed.data), parsed.record, frozenset({"tgl_kontrak"}))
    assert ctx.report.issues == []  # nothing until the mapping reads the field
    assert typed.date("tgl_kontrak") is None and typed.date("tgl_kontrak") is None
    [issue] = ctx.report.issues
    assert issue.field == "tgl_kontrak" and issue.value == value


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
