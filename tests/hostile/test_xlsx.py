"""Workbooks are checked before they are opened, and a malformed cell is one line, not a crash."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from ocds_regency.errors import InputError
from ocds_regency.read import read_isb
from tests.hostile.conftest import PREFIX, run_cli, tender_row


def _workbook(path: Path, rows: list[dict[str, object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    header = list(rows[0])
    sheet.append(header)
    for row in rows:
        sheet.append(
            [row.get(key) if not isinstance(row.get(key), list | dict) else json.dumps(row[key]) for key in header]
        )
    book.save(path)
    return path


def _rewrite(path: Path, member: str, change: object) -> None:
    with zipfile.ZipFile(path) as archive:
        items = {info.filename: archive.read(info) for info in archive.infolist()}
    items[member] = change(items[member]) if callable(change) else change  # type: ignore[assignment]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for filename, data in items.items():
            archive.writestr(filename, data)


def test_a_zip_bomb_is_refused_before_it_is_opened(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "SPSE-TenderPengumuman.xlsx", [tender_row()])
    # 300 MB of the same byte compress to about 300 KB: a thousand times, no real sheet does that.
    _rewrite(path, "xl/worksheets/sheet1.xml", lambda data: data + b" " * (300 << 20))
    assert path.stat().st_size < 2 << 20
    with pytest.raises(InputError, match="zip bomb"):
        list(read_isb(path))


def test_a_malformed_number_cell_is_one_line_naming_the_sheet(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "SPSE-TenderPengumuman.xlsx", [tender_row()])
    _rewrite(path, "xl/worksheets/sheet1.xml", lambda data: data.replace(b"<v>2025</v>", b"<v>dua ribu</v>", 1))
    result = run_cli("convert", str(path), "--prefix", PREFIX)
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert "SPSE-TenderPengumuman.xlsx" in err and "malformed worksheet" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_a_broken_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "SPSE-TenderPengumuman.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(InputError, match="not a readable XLSX"):
        list(read_isb(path))


def test_a_cell_over_the_cell_limit_refuses_its_row_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ocds_regency.read import tabular

    monkeypatch.setattr(tabular, "MAX_CELL_CHARS", 1000)
    rows = [tender_row(), tender_row(kd_tender=90001035001, nama_paket="x" * 1001)]
    path = _workbook(tmp_path / "SPSE-TenderPengumuman.xlsx", rows)
    read = list(read_isb(path))
    assert [row.ok for row in read] == [True, False]
    assert read[1].error is not None and "field nama_paket is 1,001 characters long" in str(read[1].error)
    assert "row 3" in read[1].position


def test_oversized_shared_strings_are_refused_before_opening(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ocds_regency.read import tabular

    monkeypatch.setattr(tabular, "MAX_XLSX_SHARED_STRINGS_BYTES", 100)
    path = _workbook(tmp_path / "SPSE-TenderPengumuman.xlsx", [tender_row()])
    with zipfile.ZipFile(path, "a") as archive:  # Excel keeps text there; openpyxl writes it inline
        archive.writestr("xl/sharedStrings.xml", b"<sst>" + b"<si><t>Jalan</t></si>" * 10 + b"</sst>")
    with pytest.raises(InputError, match=r"sharedStrings.xml would be [\d,]+ bytes uncompressed \(limit 100\)"):
        list(read_isb(path))


def test_a_big_member_is_refused_before_opening(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ocds_regency.read import tabular

    monkeypatch.setattr(tabular, "MAX_XLSX_MEMBER_BYTES", 20_000)
    rows = [tender_row(kd_tender=90001035000 + n) for n in range(30)]  # a sheet of about 40 KB
    path = _workbook(tmp_path / "SPSE-TenderPengumuman.xlsx", rows)
    with pytest.raises(InputError, match=r"sheet1.xml would be [\d,]+ bytes uncompressed \(limit 20,000\)"):
        list(read_isb(path))


def test_rows_beyond_excels_limit_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ocds_regency.read import tabular

    monkeypatch.setattr(tabular, "MAX_SHEET_ROWS", 3)
    rows = [tender_row(kd_tender=90001035000 + n) for n in range(4)]
    path = _workbook(tmp_path / "SPSE-TenderPengumuman.xlsx", rows)
    with pytest.raises(InputError, match="more than 3 rows"):
        list(read_isb(path))
