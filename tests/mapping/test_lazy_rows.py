"""Lazy records: rows are grouped by a view of a few fields, and get their whole record when it is read.

A conversion that reads files without typed records (``convert(typed=False)``, what a publication with a release
store does) gives the same releases and report as one that types every row at read; the rows of a process that
is never mapped are never parsed whole; a field that can't be read is reported once, when its row first feeds
a release, as with typed rows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocds_regency.isb import DATASETS
from ocds_regency.isb._base import parse_record
from ocds_regency.mapping import SourceRow, convert
from ocds_regency.mapping._rows import Context, Options, Row
from ocds_regency.mapping.report import ConversionReport
from tests.conftest import FIXTURES
from tests.mapping._conversions import INPUTS, converted


@pytest.mark.parametrize("inputs", INPUTS)
def test_a_lazy_conversion_gives_the_typed_ones_releases_and_report(inputs: list[Path]) -> None:
    typed = converted(inputs)
    assert typed[0]
    assert converted(inputs, typed=False) == typed
    # rows written out to the row store keep their view (and their record once made): the same again
    assert converted(inputs, typed=False, rows_in_memory=3) == typed


def _context() -> Context:
    return Context(Options("ocds-x", "+07:00", frozenset()), ConversionReport())


def test_a_process_left_unmapped_leaves_its_rows_unparsed() -> None:
    """What a release store's cache does: a process whose releases are not made is only grouped."""
    conversion = convert([FIXTURES / "isb-real-2025"], prefix="ocds-test00", typed=False)
    mapped = skipped = 0
    for number, (process, made) in enumerate(conversion.by_process()):
        rows = process.all_rows()
        if number % 2:
            assert sum(1 for _ in made)
            assert all(row.complete for row in rows)  # mapping reads the records: every row was completed
            mapped += 1
        else:
            # grouping read the views alone (reference rows are completed when a mapped process cites them)
            assert not any(row.complete for row in rows if DATASETS[row.dataset].grouping is not None)
            skipped += 1
    assert mapped and skipped


def test_a_view_has_only_the_grouping_fields() -> None:
    data = {"kd_tender": 7001, "nama_paket": "Jalan", "pagu": 1500000, "_event_date": "2025-03-04 10:00:00"}
    row = Row(_context(), "SPSE-TenderPengumuman", data, "f.json", "item 1", 1)
    assert not row.complete
    assert row.view.kd_tender == "7001"  # type: ignore[attr-defined]
    assert row.view.event_date == "2025-03-04T10:00:00+07:00"  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        row.view.pagu  # type: ignore[attr-defined]  # noqa: B018 - not a grouping field: never a silent None
    record = row.record
    assert row.complete and record.pagu == 1500000
    expected, _, issues = parse_record(DATASETS["SPSE-TenderPengumuman"].model, data, _context().options.parse_options)
    assert record == expected and row.issues == tuple(issues) == ()


def test_a_row_with_a_bad_field_is_grouped_and_its_issue_reported_once_when_used() -> None:
    """The bad date is not a grouping field: the row is filed under its process like any other, and the issue
    comes from the whole record, once, whichever way the rows were read."""
    announcement = {"kd_tender": 7001, "nama_paket": "Jalan", "kd_satker_str": "1.02.0.00.0.00.01.0000",
                    "tgl_pengumuman_tender": "2025-03-04", "_event_date": "2025-03-05"}  # fmt: skip
    contract = {"kd_tender": 7001, "no_kontrak": "K-1", "nilai_kontrak": 500000, "tgl_kontrak": "31/02/2025",
                "nama_penyedia": "CV Maju", "_event_date": "2025-03-05"}  # fmt: skip
    rows = [
        SourceRow("SPSE-TenderPengumuman", announcement, "a.json", "item 1"),
        SourceRow("SPSE-TenderEkontrak-2Kontrak", contract, "k.json", "item 1"),
    ]
    conversion = convert(rows, prefix="ocds-test00")
    [(process, made)] = list(conversion.by_process())
    [kontrak] = process.get("SPSE-TenderEkontrak-2Kontrak")
    assert not kontrak.complete  # grouped by its view: the date not read yet
    releases = list(made)
    assert kontrak.complete and kontrak.used
    bad = [issue for issue in conversion.report.issues if issue.field == "tgl_kontrak"]
    assert [(issue.source, issue.value) for issue in bad] == [("k.json", "31/02/2025")]
    assert any("contract" in release["tag"] for release in releases)


_VALUES = st.one_of(
    st.none(),
    st.sampled_from(["", "-", "0", "1.500.000", "2025-03-04", "31/02/2025", "x", "PT  Maju", "01.234.567.8-901.000"]),
    st.integers(min_value=-(10**12), max_value=10**12),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(sorted(DATASETS)), picks=st.lists(st.tuples(st.integers(0, 200), _VALUES), max_size=8))
def test_a_lazy_row_gets_the_record_and_issues_of_one_parse(name: str, picks: list[tuple[int, Any]]) -> None:
    spec = DATASETS[name]
    fields = sorted(spec.model.model_fields)
    data: dict[str, Any] = dict.fromkeys(spec.keys, "7001")
    for position, value in picks:
        field = fields[position % len(fields)]
        data[spec.model.model_fields[field].alias or field] = value
    ctx = _context()
    row = Row(ctx, name, data, "f.json", "item 1", 1)
    record, canonical, issues = parse_record(spec.model, data, ctx.options.parse_options)
    assert row.data == canonical
    for field in row.view.__dict__:  # the view's values are the record's
        assert getattr(row.view, field) == getattr(record, field)
    assert row.record.__dict__ == record.__dict__ and row.record.model_fields_set == record.model_fields_set
    assert row.issues == tuple(issues)


def test_a_typed_row_given_without_its_record_keeps_the_readers_record_and_issues() -> None:
    """Dask ships rows without their record: the view of a typed read is the whole record, taken as it is (with
    the reader's issues, conflicting spellings included), not a view to complete."""
    spec = DATASETS["SPSE-TenderPengumuman"]
    raw = {"kd_tender": 7001, "Kode Tender": 7002, "nama_paket": "Jalan", "pagu": "abc"}
    parsed = spec.parse(raw)
    assert parsed.record is not None and parsed.view is parsed.record
    row = Row(_context(), spec.name, parsed.data, "f.json", "item 1", 1, None, parsed.issues, view=parsed.view)
    assert row.complete and row.record is parsed.record
    assert row.issues == parsed.issues and {issue.kind for issue in row.issues} == {"conflict", "rupiah"}


@pytest.mark.parametrize("inputs", INPUTS)
def test_a_conversion_of_known_rows_gives_the_typed_ones_releases_and_report(inputs: list[Path]) -> None:
    from ocds_regency.isb._base import ParseOptions
    from ocds_regency.store.rows import StoredRows

    typed = converted(inputs)
    known = StoredRows(ParseOptions.make("+07:00"))
    assert converted(inputs, typed=False, known=known) == typed  # every row read and learnt
    assert known.hits == 0 < known.learnt
    learnt = known.learnt
    # again: every row learnt is taken from the cache, undecoded; written out to the row store and read back too
    assert converted(inputs, typed=False, known=known) == typed
    assert known.hits == learnt and known.learnt == learnt
    assert converted(inputs, typed=False, known=known, rows_in_memory=3) == typed
    # a typed read never takes a row from the cache
    assert converted(inputs, known=known) == typed
    assert known.hits == 2 * learnt
