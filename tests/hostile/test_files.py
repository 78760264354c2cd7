"""No file dropped silently: Unicode encodings of JSON, every file in the accounting."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ocds_regency.mapping import convert
from ocds_regency.read import read_isb
from tests.hostile.conftest import PREFIX, tender_row

ENCODINGS = ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"]


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("layout", ["array", "lines", "wrapped"])
def test_json_in_any_unicode_encoding_is_read(tmp_path: Path, encoding: str, layout: str) -> None:
    rows = [tender_row(), tender_row(kd_tender=90001035001, nama_paket="Jalan \u00e9\u2013\U0001f600")]
    if layout == "array":
        text, name = json.dumps(rows, ensure_ascii=False), "SPSE-TenderPengumuman.json"
    elif layout == "lines":
        text, name = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "SPSE-TenderPengumuman.jsonl"
    else:
        text, name = json.dumps({"data": rows}, ensure_ascii=False), "SPSE-TenderPengumuman.json"
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    read = list(read_isb(path))
    assert [r.dataset for r in read] == ["SPSE-TenderPengumuman"] * 2
    assert all(r.ok for r in read)
    assert read[1].data["nama_paket"] == "Jalan \u00e9\u2013\U0001f600"


def test_broken_utf16_json_is_refused_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "SPSE-TenderPengumuman.json"
    path.write_bytes(json.dumps([tender_row()]).encode("utf-16") + b"\x00\xd8")  # a lone surrogate at the end
    with pytest.raises(ValueError, match=r"SPSE-TenderPengumuman\.json"):
        list(read_isb(path))


def test_a_file_without_rows_is_in_the_accounting(tmp_path: Path) -> None:
    (tmp_path / "SPSE-TenderPengumuman.json").write_text(json.dumps([tender_row()]))
    (tmp_path / "kosong.json").write_text("[]")
    (tmp_path / "kosong.csv").write_text("")
    conversion = convert([tmp_path], prefix=PREFIX)
    list(conversion)
    sources = {Path(entry["source"]).name for entry in conversion.report.as_dict()["files"]}
    assert sources == {"SPSE-TenderPengumuman.json", "kosong.json", "kosong.csv"}
