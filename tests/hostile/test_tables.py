"""Tables as spreadsheets really write them: sep= lines, CR-only line ends, big fields, repeated columns."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from ocds_regency.read import read_isb
from tests.hostile.conftest import tender_row

COLUMNS = ["kd_tender", "kd_lpse", "nama_paket", "mtd_pemilihan", "hps", "tgl_pengumuman_tender"]


def _row(**changes: object) -> list[str]:
    row = tender_row(**changes)
    return [str(row[c]) for c in COLUMNS]


def _rows(path: Path) -> list:  # type: ignore[type-arg]
    return list(read_isb(path, dataset="SPSE-TenderPengumuman"))


def test_excel_sep_line_names_the_delimiter(tmp_path: Path) -> None:
    path = tmp_path / "tender.csv"
    path.write_text("sep=;\n" + ";".join(COLUMNS) + "\n" + ";".join(_row(nama_paket="Jalan, Jembatan")) + "\n")
    rows = _rows(path)
    assert len(rows) == 1 and rows[0].ok
    assert rows[0].record.nama_paket == "Jalan, Jembatan"  # type: ignore[union-attr]
    assert rows[0].position == "row 3"


@pytest.mark.parametrize("ending", ["\r", "\r\n", "\n"])
def test_any_line_ending_is_read(tmp_path: Path, ending: str) -> None:
    path = tmp_path / "tender.csv"
    lines = [",".join(COLUMNS), ",".join(_row()), ",".join(_row(kd_tender=90001035001))]
    path.write_bytes((ending.join(lines) + ending).encode())
    rows = _rows(path)
    assert [r.ok for r in rows] == [True, True]


def test_a_field_over_128_kib_is_read(tmp_path: Path) -> None:
    path = tmp_path / "tender.csv"
    long = "x" * (300 << 10)
    path.write_text(",".join(COLUMNS) + "\n" + ",".join(_row(nama_paket=long)) + "\n")
    rows = _rows(path)
    assert rows[0].ok and rows[0].record.nama_paket == long  # type: ignore[union-attr]


def test_a_repeated_column_with_another_value_is_a_conflict(tmp_path: Path) -> None:
    path = tmp_path / "tender.csv"
    path.write_text(",".join([*COLUMNS, "hps"]) + "\n" + ",".join([*_row(hps=1000), "2000"]) + "\n")
    rows = _rows(path)
    assert [(i.field, i.kind) for i in rows[0].issues] == [("hps", "conflict")]


def test_a_repeated_json_key_with_another_value_is_a_conflict(tmp_path: Path) -> None:
    path = tmp_path / "SPSE-TenderPengumuman.json"
    body = ", ".join(f'"{c}": "{v}"' for c, v in zip(COLUMNS, _row(hps=1000), strict=True))
    path.write_text("[{" + body + ', "hps": "2000"}]')
    rows = list(read_isb(path))
    assert [(i.field, i.kind) for i in rows[0].issues] == [("hps", "conflict")]


def test_two_snapshots_with_the_same_date_and_other_content_are_a_conflict(tmp_path: Path) -> None:
    from ocds_regency.mapping import convert
    from tests.hostile.conftest import PREFIX

    path = tmp_path / "SPSE-TenderPengumuman.json"
    first = tender_row(_event_date="2025-03-01", hps=1000)
    second = tender_row(_event_date="2025-03-01", hps=2000)
    path.write_text(json.dumps([first, second]))
    conversion = convert([path], prefix=PREFIX)
    list(conversion)
    report = conversion.report
    conflicts = [i for i in report.issues if i.field == "_event_date" and i.reason == "inconsistent"]
    assert len(conflicts) == 1 and "item 1" in conflicts[0].message
    assert report.rejection_counts["superseded"] == 1 and report.balanced


def test_a_field_over_the_cell_limit_refuses_its_row_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ocds_regency.mapping import convert
    from ocds_regency.read import tabular
    from tests.hostile.conftest import PREFIX

    monkeypatch.setattr(tabular, "MAX_CELL_CHARS", 1000)  # the real limit (16 Mi characters) in small
    path = tmp_path / "tender.csv"
    lines = [",".join(COLUMNS), ",".join(_row()), ",".join(_row(kd_tender=90001035001, nama_paket="x" * 1001))]
    path.write_text("\n".join(lines) + "\n")
    rows = _rows(path)
    assert [r.ok for r in rows] == [True, False]
    assert rows[1].position == "row 3"
    assert rows[1].error is not None and "field nama_paket is 1,001 characters long (limit 1,000)" in str(rows[1].error)
    conversion = convert([path], prefix=PREFIX)
    list(conversion)
    report = conversion.report
    assert report.balanced and report.totals.read == 2 and report.totals.rejected == 1


def test_a_line_over_the_line_limit_refuses_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ocds_regency.errors import InputError
    from ocds_regency.read import tabular

    monkeypatch.setattr(tabular, "MAX_LINE_BYTES", 10_000)
    for ending, name in (("\n", "lf.csv"), ("\r", "cr.csv")):
        path = tmp_path / name
        lines = [",".join(COLUMNS), ",".join(_row(nama_paket="x" * 20_000))]
        path.write_bytes((ending.join(lines) + ending).encode())
        with pytest.raises(InputError, match="a line longer than") as caught:
            _rows(path)
        assert caught.value.source == str(path)


def test_a_utf16_line_over_the_line_limit_refuses_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ocds_regency.errors import InputError
    from ocds_regency.read import tabular

    monkeypatch.setattr(tabular, "MAX_LINE_BYTES", 10_000)
    path = tmp_path / "tender.csv"
    path.write_text("\t".join(COLUMNS) + "\n" + "\t".join(_row(nama_paket="x" * 20_000)) + "\n", encoding="utf-16")
    with pytest.raises(InputError, match="a line longer than"):
        _rows(path)


@pytest.mark.parametrize("form", ["csv", "json", "jsonl", "xlsx"])
def test_an_alias_column_with_another_value_is_a_conflict_in_every_form(tmp_path: Path, form: str) -> None:
    # "Nilai HPS" is another spelling of hps (the ISB portal's label): both given, different values.
    row = dict(tender_row(hps=1000), **{"Nilai HPS": 2000})
    path = tmp_path / f"SPSE-TenderPengumuman.{form}"
    if form == "csv":
        with path.open("w", newline="") as out:
            csv.writer(out).writerows([list(row), ["" if v is None else str(v) for v in row.values()]])
    elif form == "json":
        path.write_text(json.dumps([row]))
    elif form == "jsonl":
        path.write_text(json.dumps(row) + "\n")
    else:
        from tests.hostile.test_xlsx import _workbook

        _workbook(path, [row])
    (read,) = read_isb(path)
    assert read.ok
    conflicts = [(issue.field, issue.kind) for issue in read.issues if issue.kind == "conflict"]
    assert conflicts == [("hps", "conflict")]
    assert read.record.hps is not None  # type: ignore[union-attr]
