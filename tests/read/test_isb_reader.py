"""read_isb over files and directories: every format reads like the ISB JSON, bad input is accounted for."""

from __future__ import annotations

import csv
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import orjson
import pytest

from ocds_regency.errors import InputError
from ocds_regency.i18n import Message
from ocds_regency.isb import DATASETS
from ocds_regency.read import IsbRow, read_isb, read_tables
from tests.conftest import ISB_SAMPLES, ROOT


def records(rows: list[IsbRow]) -> list[tuple[str | None, dict[str, Any] | None, str | None]]:
    return [(r.dataset, r.record.model_dump() if r.record is not None else None, _text(r.error)) for r in rows]


def _text(error: Message | None) -> str | None:
    return None if error is None else str(error)


def sample_rows(name: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads((ISB_SAMPLES / f"{name}.json").read_text("utf-8"))
    return rows


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def write_csv(path: Path, rows: list[dict[str, Any]], *, delimiter: str = ",", encoding: str = "utf-8") -> None:
    fieldnames = list(dict.fromkeys(key for row in rows for key in row))
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(fieldnames)
        for row in rows:
            writer.writerow([cell(row.get(key)) for key in fieldnames])


def write_xlsx(path: Path, sheets: dict[str, list[dict[str, Any]]]) -> None:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        fieldnames = list(dict.fromkeys(key for row in rows for key in row))
        sheet.append(fieldnames)
        for row in rows:
            sheet.append([row.get(key) for key in fieldnames])
    book.save(path)


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    path.write_bytes(b"".join(orjson.dumps(row) + b"\n" for row in rows))


# ------------------------------------------------------------------------------------ the real samples
def test_whole_sample_directory() -> None:
    rows = list(read_isb(ISB_SAMPLES))
    assert len(rows) == 391
    by_file: dict[str, set[str | None]] = {}
    for row in rows:
        by_file.setdefault(Path(row.source).stem, set()).add(row.dataset)
    assert all(datasets == {stem} for stem, datasets in by_file.items())
    assert len(by_file) == 26
    rejected = [(Path(r.source).name, r.position) for r in rows if r.error]
    assert rejected == [("SPSE-PesertaTender.json", "item 172")]
    issues = [(r.dataset, i.field) for r in rows for i in r.issues if i.value != 0]  # 0: LKPP's unknown amount
    assert issues == []  # "1000000001168050" (16 digits starting with 10) is an NPWP form DJP issues
    first = rows[0]
    assert first.raw is not None
    assert first.where == f"{ISB_SAMPLES / 'Ecat-PaketEPurchasingV6.json'}, item 1"


def test_synthetic_example_year() -> None:
    folder = ROOT / "examples" / "kabupaten-contoh-2025"
    rows = list(read_isb(folder))
    assert all(Path(r.source).stem == r.dataset for r in rows)
    assert not [r for r in rows if r.error]
    issues = [(r.dataset, i.field, i.value) for r in rows for i in r.issues]
    assert [i for i in issues if i[2] != 0] == [("SPSE-PencatatanNonTenderRealisasi", "nilai_realisasi", "3.8OO.OOO")]
    zeros = {(dataset, field) for dataset, field, value in issues if value == 0}  # LKPP's "unknown" amounts
    assert zeros == {
        ("SPSE-NonTenderEkontrak-1SPPBJ", "nilai_jaminan_pelaksanaan"),
        *((f"SPSE-Pencatatan{kind}", field) for kind in ("NonTender", "Swakelola")
          for field in ("total_realisasi", "nilai_pdn_pct", "nilai_umk_pct")),
    }  # fmt: skip


# ------------------------------------------------------------------- other formats read like the JSON
FORMAT_SAMPLES = sorted(path.stem for path in ISB_SAMPLES.glob("*.json"))


@pytest.mark.parametrize("name", FORMAT_SAMPLES)
@pytest.mark.parametrize("variant", ["csv", "csv-bom-semicolon", "xlsx", "jsonl"])
def test_formats_read_the_same(tmp_path: Path, name: str, variant: str) -> None:
    rows = sample_rows(name)
    expected = records(list(read_isb(ISB_SAMPLES / f"{name}.json")))
    # Detection uses the columns; only twin datasets (identical columns) need the file name.
    stem = name if DATASETS[name].twins else "export"
    target = tmp_path / f"{stem}.{variant.split('-')[0]}"
    if variant == "csv":
        write_csv(target, rows)
    elif variant == "csv-bom-semicolon":
        write_csv(target, rows, delimiter=";", encoding="utf-8-sig")
    elif variant == "xlsx":
        write_xlsx(target, {"Data": rows})
    else:
        write_jsonl(target, rows)
    got = list(read_isb(target))
    assert records(got) == expected
    assert {r.dataset for r in got} == {name}
    if variant.startswith("csv"):
        assert got[0].position == "row 2"  # the header is row 1, as in a spreadsheet
    elif variant == "xlsx":
        assert got[0].position == "sheet 'Data', row 2"
        assert got[0].source == f"{target} [Data]"
    else:
        assert got[0].position == "line 1"


def test_cp1252_csv_with_human_labels(tmp_path: Path) -> None:
    path = tmp_path / "lelang.csv"
    text = (
        "Kode Tender;Nama Tender;Nilai Pagu Paket;Nilai HPS Paket;Tanggal Pembuatan\r\n"
        "10011868000;Penyusunan Materi Teknik – Café;Rp 1.000.000.000,00;Rp 999.995.334,78;11 Februari 2025\r\n"
    )
    path.write_bytes(text.encode("cp1252"))
    (row,) = read_isb(path)
    assert row.dataset == "SPSE-TenderPengumuman"
    assert row.record is not None
    assert row.record.nama_paket == "Penyusunan Materi Teknik – Café"  # type: ignore[attr-defined]
    assert row.record.hps == Decimal("999995334.78")  # type: ignore[attr-defined]
    assert row.record.tgl_buat_paket == "2025-02-11"  # type: ignore[attr-defined]
    assert row.data["kd_tender"] == "10011868000"
    assert row.raw == {"Kode Tender": "10011868000", **{k: v for k, v in row.raw.items() if k != "Kode Tender"}}


def test_utf16_tab_separated(tmp_path: Path) -> None:
    path = tmp_path / "peserta.txt"
    path.write_text(
        "kd_tender\tnama_penyedia\tpemenang\tnilai_penawaran\n1\tCV  Contoh\t1\t1250000\n", encoding="utf-16"
    )
    (row,) = read_isb(path)
    assert row.dataset == "SPSE-PesertaTender"
    assert row.record is not None
    assert row.record.nama_penyedia == "CV Contoh"  # type: ignore[attr-defined]
    assert row.record.pemenang is True  # type: ignore[attr-defined]


def test_xlsx_cells_keep_types_and_sheets_are_tables(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    write_xlsx(
        path,
        {
            "Jadwal": [
                {
                    "kd_tender": 10011868000,
                    "nama_tahapan": "Pengumuman",
                    "tgl_awal": dt.datetime(2025, 2, 11, 10),
                    "tgl_akhir": dt.datetime(2025, 2, 17, 23, 59),
                },
            ],
            "Kosong": [],
            "Peserta": [
                {"kd_tender": 10011868000.0, "kd_penyedia": 23954014, "pemenang": 1, "nilai_penawaran": 921803940}
            ],
        },
    )
    rows = list(read_isb(path))
    assert [(r.dataset, r.source.rsplit(" ", 1)[-1]) for r in rows] == [
        ("SPSE-JadwalTahapanTender", "[Jadwal]"),
        ("SPSE-PesertaTender", "[Peserta]"),
    ]
    jadwal, peserta = (r.record for r in rows)
    assert jadwal is not None
    assert peserta is not None
    assert jadwal.tgl_awal == "2025-02-11T10:00:00+07:00"  # type: ignore[attr-defined]
    assert peserta.kd_tender == "10011868000"  # type: ignore[attr-defined]


def test_wrapped_json_array(tmp_path: Path) -> None:
    rows = sample_rows("SPSE-TenderSelesai")
    path = tmp_path / "wrapped.json"
    path.write_text(json.dumps({"status": "ok", "data": rows}, indent=2), "utf-8")
    assert records(list(read_isb(path))) == records(list(read_isb(ISB_SAMPLES / "SPSE-TenderSelesai.json")))


def test_offset_option(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    write_jsonl(path, [{"kd_tender": 1, "nama_paket": "X", "tgl_pengumuman_tender": "2025-02-11 10:00:00.000000Z"}])
    (wib,) = read_isb(path)
    (wit,) = read_isb(path, offset="WIT")
    (utc,) = read_isb(path, z_is_utc=True)
    assert wib.record.tgl_pengumuman_tender == "2025-02-11T10:00:00+07:00"  # type: ignore[union-attr]
    assert wit.record.tgl_pengumuman_tender == "2025-02-11T10:00:00+09:00"  # type: ignore[union-attr]
    assert utc.record.tgl_pengumuman_tender == "2025-02-11T17:00:00+07:00"  # type: ignore[union-attr]


# --------------------------------------------------------------------------------- bad input accounted
def test_unknown_dataset(tmp_path: Path) -> None:
    path = tmp_path / "unknown.csv"
    path.write_text("foo,bar\n1,2\n3,4\n", "utf-8")
    with pytest.raises(InputError, match="no known ISB dataset") as info:
        list(read_isb(path))
    assert info.value.source == str(path)
    reported = list(read_isb(path, unknown="report"))
    assert [(r.dataset, r.position, r.record) for r in reported] == [(None, "row 2", None), (None, "row 3", None)]
    assert [r.error for r in reported] == [Message("read.unknown-dataset", columns="bar, foo")] * 2
    assert all("no known ISB dataset" in str(r.error) for r in reported)
    forced = list(read_isb(path, dataset="SPSE-TenderPengumuman"))
    assert [r.error for r in forced] == [Message("read.key-missing", field="kd_tender")] * 2
    assert [str(r.error) for r in forced] == ["key field kd_tender is missing"] * 2
    assert forced[0].error is not None and forced[0].error.text("id") == "field kunci kd_tender tidak ada"


def test_truncated_json_yields_what_precedes_then_fails(tmp_path: Path) -> None:
    text = (ISB_SAMPLES / "SPSE-JadwalTahapanTender.json").read_text("utf-8")
    path = tmp_path / "cut.json"
    path.write_text(text[: len(text) // 2], "utf-8")
    reader = read_isb(path)
    seen: list[IsbRow] = []

    def drain() -> None:
        seen.extend(reader)

    with pytest.raises(InputError, match="truncated") as info:
        drain()
    assert len(seen) > 10
    assert info.value.position == f"after item {len(seen)}"
    assert info.value.source == str(path)


def test_bad_jsonl_lines_are_rows_with_errors(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_text(
        '{"kd_tender": 1, "nama_paket": "A"}\n\n{"kd_tender": 2, "nama_pa\n[1, 2]\n'
        '{"kd_tender": 3, "nama_paket": "C"}\n'
    )
    rows = list(read_isb(path))
    assert [(r.position, r.ok) for r in rows] == [
        ("line 1", True),
        ("line 3", False),
        ("line 4", False),
        ("line 5", True),
    ]
    assert rows[1].error is not None and rows[1].error.code == "read.invalid-json-line"
    assert str(rows[1].error).startswith("not valid JSON")
    assert rows[2].error == Message("read.not-an-object", type="list")
    assert str(rows[2].error) == "not a JSON object but list"


def test_non_object_items_in_json_array(tmp_path: Path) -> None:
    path = tmp_path / "mixed.json"
    path.write_text('[{"kd_tender": 1, "nama_paket": "A"}, "oops", {"kd_tender": 2, "nama_paket": "B"}]')
    rows = list(read_isb(path))
    assert [(r.position, _text(r.error)) for r in rows] == [
        ("item 1", None),
        ("item 2", "not a JSON object but str"),
        ("item 3", None),
    ]


def test_shifted_csv_row_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "shifted.csv"
    path.write_text('kd_tender,nama_paket,hps\n1,A,100\n2,B,1.000,50,extra\n\n3,"C, D",300\n', "utf-8")
    rows = list(read_isb(path))
    assert [(r.position, r.ok) for r in rows] == [("row 2", True), ("row 3", False), ("row 5", True)]
    assert rows[1].error == Message("read.shifted-row", cells=5, columns=3)
    assert str(rows[1].error) == "5 cells but the header has 3 columns (shifted row?)"
    assert rows[2].record.nama_paket == "C, D"  # type: ignore[union-attr]


def test_directory_walk_skips_hidden_and_foreign_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    for folder in (tmp_path / "sub", tmp_path / ".hidden"):
        (folder / "SPSE-TenderSelesai.json").write_bytes((ISB_SAMPLES / "SPSE-TenderSelesai.json").read_bytes())
    (tmp_path / "notes.md").write_text("# not data")
    (tmp_path / "empty.csv").write_text("")
    (tmp_path / "empty.json").write_text("[]")
    rows = list(read_isb([tmp_path]))
    assert len(rows) == 3
    assert {Path(r.source).parent.name for r in rows} == {"sub"}


def test_missing_path() -> None:
    with pytest.raises(InputError, match="no such file") as info:
        list(read_isb("does/not/exist.json"))
    assert info.value.source == "does/not/exist.json"


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match="XLSX") as info:
        list(read_isb(path))
    assert info.value.source == str(path)


def test_tables_report_their_header_before_rows(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("a;b\n1;2\n", "utf-8")
    (table,) = read_tables(path)
    assert table.fieldnames == ["a", "b"]
    assert table.format == "csv"
    assert "';'" in table.detail
    assert [row.data for row in table.rows] == [{"a": "1", "b": "2"}]
    table.close()


def test_json_array_without_objects_is_accounted_for(tmp_path: Path) -> None:
    path = tmp_path / "strings.json"
    path.write_text('["a", "b", 3]')
    rows = list(read_isb(path))
    assert [(r.dataset, r.position, _text(r.error)) for r in rows] == [
        (None, "item 1", "not a JSON object but str"),
        (None, "item 2", "not a JSON object but str"),
        (None, "item 3", "not a JSON object but int"),
    ]


def test_cp1252_decided_per_file(tmp_path: Path) -> None:
    # The second value is valid UTF-8 by accident (C9 91); the first line proves the file is cp1252.
    path = tmp_path / "legacy.csv"
    path.write_bytes("kd_tender;nama_paket\n1;Café\n2;É‘\n".encode("cp1252"))
    (table,) = read_tables(path)
    assert table.detail.startswith("cp1252")
    assert [row.data["nama_paket"] for row in table.rows if row.data] == ["Café", "É‘"]
    table.close()


def test_mostly_utf8_file_with_a_legacy_line(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes("kd_tender,nama_paket\n1,Pembangunan Jalan – Desa\n".encode() + "2,Café\n".encode("cp1252"))
    names = [row.record.nama_paket for row in read_isb(path, dataset="SPSE-TenderPengumuman")]  # type: ignore[union-attr]
    assert names == ["Pembangunan Jalan – Desa", "Café"]


def test_nul_bytes_are_refused_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes("kd_tender,nama_paket\r\n1,x\r\n".encode("utf-16-le"))  # UTF-16 without its BOM
    with pytest.raises(InputError, match="NUL bytes") as info:
        list(read_isb(path, unknown="report"))
    assert info.value.source == str(path)


def test_malformed_csv_header_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_bytes(b"kd_tender\rnama_paket,hps\n1,x\n")  # a lone CR inside the header line
    with pytest.raises(InputError, match="malformed CSV header") as info:
        list(read_isb(path, unknown="report"))
    assert info.value.source == str(path)


def test_json_in_another_encoding_says_so(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_bytes('[{"kd_tender": 1, "nama_paket": "Caf\u00e9"}]'.encode("latin-1"))
    with pytest.raises(InputError, match="not valid UTF-8 JSON") as info:
        list(read_isb(path))
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("head", "message"),
    [(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), r"\.xls"), (b"\x1f\x8b\x08\x00" + bytes(32), "gzip")],
)
def test_legacy_workbooks_and_compressed_files_are_named(tmp_path: Path, head: bytes, message: str) -> None:
    path = tmp_path / "SPSE-TenderPengumuman.json"  # the name says JSON; the content decides
    path.write_bytes(head)
    with pytest.raises(InputError, match=message) as info:
        list(read_isb(path, unknown="report"))
    assert info.value.source == str(path)
