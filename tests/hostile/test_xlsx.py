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
