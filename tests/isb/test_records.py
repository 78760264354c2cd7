"""Typed ISB records and the dataset registry, against the real samples and the §9 bad inputs."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from ocds_regency.errors import InputError
from ocds_regency.i18n import Message
from ocds_regency.isb import DATASETS, ParseOptions, detect_dataset, get_dataset
from ocds_regency.isb.ekontrak import EkontrakKontrak
from ocds_regency.isb.rup import RupPaketPenyedia
from ocds_regency.isb.spse import NonTenderPengumuman, PesertaTender, TenderPengumuman, TenderSelesaiNilai
from tests.conftest import ISB_SAMPLES

SAMPLE_NAMES = sorted(p.stem for p in ISB_SAMPLES.glob("*.json"))

# The only things in the real samples that are not accepted as they are, each checked by hand:
EXPECTED_REJECTIONS = {
    # a PesertaTender row for tender 10088019000 with every participant field null
    "SPSE-PesertaTender": 1,
}
# "1000000001168050" in SPSE-PesertaTender (16 digits starting with 10) is the new form of NPWP that DJP
# issues to organisations: no issue. A zero in a Rupiah field is LKPP's "unknown" (``parse.zero-amount``).
_JAMINAN = [("nilai_jaminan_pelaksanaan", 0)] * 3
_PCT = [("nilai_pdn_pct", 0), ("nilai_umk_pct", 0)]
EXPECTED_ISSUES: dict[str, list[tuple[str, Any]]] = {
    "SPSE-NonTenderEkontrak-1SPPBJ": _JAMINAN,
    "SPSE-TenderEkontrak-1SPPBJ": _JAMINAN,
    "SPSE-PencatatanNonTender": _PCT,
    "SPSE-PencatatanSwakelola": _PCT * 2,
}


def load(name: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads((ISB_SAMPLES / f"{name}.json").read_text("utf-8"))
    return rows


def test_every_sample_is_covered() -> None:
    assert len(SAMPLE_NAMES) == 26
    assert set(SAMPLE_NAMES) <= set(DATASETS)


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_samples_detect_and_parse(name: str) -> None:
    rows = load(name)
    fieldnames = set().union(*(row.keys() for row in rows))
    # Detection uses the fields; the file name only breaks ties between datasets with identical fields.
    dataset = detect_dataset(fieldnames, source=f"{name}.json")
    assert dataset.name == name
    if not dataset.twins:
        assert detect_dataset(fieldnames, source="export.json").name == name
    rejected = 0
    issues = []
    for row in rows:
        parsed = dataset.parse(row)
        if parsed.error:
            rejected += 1
        else:
            assert isinstance(parsed.record, dataset.model)
        issues += [(issue.field, issue.value) for issue in parsed.issues]
    assert rejected == EXPECTED_REJECTIONS.get(name, 0)
    assert issues == EXPECTED_ISSUES.get(name, [])


def test_tender_10011868000_values() -> None:
    nilai = [row for row in load("SPSE-TenderSelesaiNilai") if row["kd_tender"] == 10011868000]
    record = DATASETS["SPSE-TenderSelesaiNilai"].parse(nilai[0]).record
    assert isinstance(record, TenderSelesaiNilai)
    assert record.kd_tender == "10011868000"
    assert record.npwp_16_penyedia == "0017677824429000"
    assert record.npwp_penyedia == "0017677824429000"  # "01.767.782.4-429.000" normalised to 16 digits
    assert record.nilai_kontrak == Decimal(921692940)
    assert record.hps == Decimal("999995334.78")
    assert record.kd_rup == ("55965678",)
    assert record.kd_pkt_dce == "10011637000"  # the ISB's kd_paket
    # kd_satker held the dotted code in this dataset: moved to kd_satker_str
    assert record.kd_satker is None
    assert record.kd_satker_str == "1.03.2.15.1.04.03.0000"
    assert record.tgl_penetapan_pemenang == "2025-04-09"  # a date only, kept as a date


def test_contract_dates_in_local_offset() -> None:
    row = next(r for r in load("SPSE-TenderEkontrak-2Kontrak") if r["kd_tender"] == 10011868000)
    record = DATASETS["SPSE-TenderEkontrak-2Kontrak"].parse(row).record
    assert isinstance(record, EkontrakKontrak)
    assert record.tgl_kontrak == "2025-04-25T00:00:00+07:00"  # "2025-04-25T00:00:00.000000Z", false Z
    assert record.nilai_kontrak == Decimal(921692940)
    assert record.lingkup_pekerjaan is not None
    assert "<" not in record.lingkup_pekerjaan
    assert record.apakah_addendum is False
    wita = DATASETS["SPSE-TenderEkontrak-2Kontrak"].parse(row, ParseOptions.make("WITA")).record
    assert isinstance(wita, EkontrakKontrak)
    assert wita.tgl_kontrak == "2025-04-25T00:00:00+08:00"


def test_three_npwp16_spellings() -> None:
    spellings = {
        "SPSE-NonTenderEkontrak-1SPPBJ": "npwp_penyedia_16",
        "SPSE-NonTenderEkontrak-2Kontrak": "npwp16_penyedia",
        "SPSE-NonTenderEkontrak-3SPMKSPP": "npwp_16_penyedia",
    }
    for name, spelling in spellings.items():
        row = load(name)[0]
        assert spelling in row
        parsed = DATASETS[name].parse(row)
        assert parsed.record is not None
        assert parsed.record.npwp_16_penyedia == row[spelling]  # type: ignore[attr-defined]
        assert "npwp_16_penyedia" in parsed.data  # the raw row under the canonical name


def test_nik_npwp_is_recognised() -> None:
    from ocds_regency.isb.parse import npwp_kind

    row = load("SPSE-NonTenderSelesai")[0]
    record = DATASETS["SPSE-NonTenderSelesai"].parse(row).record
    assert record is not None
    assert npwp_kind(record.npwp_16_penyedia) == "nik"  # type: ignore[attr-defined]
    assert npwp_kind(record.npwp_penyedia) == "npwp"  # type: ignore[attr-defined]


def test_false_z_and_plain_time_agree() -> None:
    ann = load("SPSE-NonTenderPengumuman")
    done = load("SPSE-NonTenderSelesai")
    a = next(r for r in ann if r["kd_nontender"] == 10033436000)
    b = next(r for r in done if r["kd_nontender"] == 10033436000)
    assert a["tgl_pengumuman_nontender"].endswith("Z")
    ra = DATASETS["SPSE-NonTenderPengumuman"].parse(a).record
    rb = DATASETS["SPSE-NonTenderSelesai"].parse(b).record
    assert ra is not None
    assert rb is not None
    assert ra.tgl_pengumuman_nontender == rb.tgl_pengumuman_nontender == "2024-12-30T20:00:00+07:00"  # type: ignore[attr-defined]
    assert isinstance(ra, NonTenderPengumuman)
    assert ra.nip_ppk == "999999999999999999"  # split from nip_nama_ppk
    assert ra.nama_ppk == "ANJAR PRATAMA APRILIYANTO,SE"


def test_pencatatan_lists_and_html() -> None:
    row = next(r for r in load("SPSE-PencatatanNonTender") if r["kd_nontender_pct"] == 7767093)
    record = DATASETS["SPSE-PencatatanNonTender"].parse(row).record
    assert record is not None
    assert record.kd_rup == ("60832782", "45828523")  # type: ignore[attr-defined]
    assert record.uraian_pekerjaan == (  # type: ignore[attr-defined]
        "Belanja Alat Bahan untuk Kegiatan Kantor- Bahan Komputer pada Kegiatan Evaluasi Pelaksanaan Kerja Sama "
        "TA. 2024"
    )
    assert record.tgl_buat_paket == "2024-08-29T10:00:01.679000+07:00"  # type: ignore[attr-defined]


def test_pokja_lists_and_mak() -> None:
    row = load("SPSE-TenderSelesai")[0]
    record = DATASETS["SPSE-TenderSelesai"].parse(row).record
    assert isinstance(record, TenderPengumuman)
    assert record.mak == ("1.03.08.2.01.0021.5.2.03.01.01.0001",)  # trailing "." removed


def test_unknown_fields_are_kept() -> None:
    row = {"kd_tender": 1, "nama_paket": "X", "kolom_baru": "nilai", "Label Paket": "Tender"}
    parsed = DATASETS["SPSE-TenderPengumuman"].parse(row)
    assert parsed.record is not None
    assert parsed.record.model_extra == {"kolom_baru": "nilai", "Label Paket": "Tender"}
    assert parsed.data["kolom_baru"] == "nilai"


# ----------------------------------------------------------------------------- bad fields (domain §9)
def test_bad_optional_field_is_emptied_and_reported() -> None:
    row = {"kd_tender": "10011868000", "nama_paket": "Paket", "hps": "1.234", "tgl_pengumuman_tender": "0000-00-00"}
    parsed = DATASETS["SPSE-TenderPengumuman"].parse(row)
    assert parsed.error is None
    assert parsed.record is not None
    assert parsed.record.hps is None  # type: ignore[attr-defined]
    assert parsed.record.tgl_pengumuman_tender is None  # type: ignore[attr-defined]
    assert {(i.field, i.value, i.kind) for i in parsed.issues} == {
        ("hps", "1.234", "rupiah"),
        ("tgl_pengumuman_tender", "0000-00-00", "date"),
    }
    assert all(i.reason for i in parsed.issues)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"kd_tender": None, "nama_paket": "X"}, "read.key-missing"),
        ({"kd_tender": "None", "nama_paket": "X"}, "read.key-missing"),
        ({"kd_tender": 10011868000.5, "nama_paket": "X"}, "read.key-unreadable"),
    ],
)
def test_bad_key_rejects_the_row(row: dict[str, Any], message: str) -> None:
    parsed = DATASETS["SPSE-TenderPengumuman"].parse(row)
    assert parsed.record is None
    assert parsed.error == Message(message, field="kd_tender")


def test_int_and_string_codes_agree() -> None:
    a = DATASETS["SPSE-TenderPengumuman"].parse({"kd_tender": 10011868000, "nama_paket": "X"}).record
    b = DATASETS["SPSE-TenderPengumuman"].parse({"kd_tender": "10011868000", "nama_paket": "X"}).record
    c = DATASETS["SPSE-TenderPengumuman"].parse({"kd_tender": "10011868000.0", "nama_paket": "X"}).record
    assert a is not None
    assert b is not None
    assert c is not None
    assert a.kd_tender == b.kd_tender == c.kd_tender == "10011868000"  # type: ignore[attr-defined]


def test_none_strings_are_missing_and_satker_spaces() -> None:
    row = {
        "kd_rup": 1,
        "metode_pengadaan": "None",
        "kd_satker_str": "1. 20. 03",
        "pagu": "None",
        "nama_paket": " A  B\t",
    }
    record = DATASETS["RUP-PaketPenyedia-Terumumkan"].parse(row).record
    assert isinstance(record, RupPaketPenyedia)
    assert record.metode_pengadaan is None
    assert record.pagu is None
    assert record.kd_satker_str == "1.20.03"
    assert record.nama_paket == "A B"


def test_conflicting_spellings_are_reported() -> None:
    row = {"kd_nontender": 1, "tgl_selesai_nontender": "2025-01-01", "kd_lpse": 93, "lpse_id": 97}
    parsed = DATASETS["SPSE-NonTenderSelesai"].parse(row)
    assert parsed.record is not None
    assert parsed.record.kd_lpse == "93"  # type: ignore[attr-defined]
    assert [(i.field, i.kind) for i in parsed.issues] == [("kd_lpse", "conflict")]
    same = DATASETS["SPSE-NonTenderSelesai"].parse({**row, "lpse_id": 93})
    assert same.issues == ()


def test_participant_without_any_supplier_field_is_rejected() -> None:
    parsed = DATASETS["SPSE-PesertaTender"].parse({"kd_tender": 1, "pemenang": None, "nama_penyedia": None})
    assert parsed.record is None
    assert parsed.error is not None and parsed.error.code == "read.names-none"
    assert "kd_penyedia" in parsed.error.params["fields"]
    assert str(parsed.error).startswith("none of kd_peserta, kd_penyedia")


def test_strict_model_validate() -> None:
    record = TenderSelesaiNilai.model_validate({"kd_tender": 5, "_event_date": "2025-10-03", "npwp16_penyedia": None})
    assert record.kd_tender == "5"
    assert record.event_date == "2025-10-03"
    with pytest.raises(ValidationError, match="nilai_kontrak"):
        TenderSelesaiNilai.model_validate({"kd_tender": 5, "nilai_kontrak": "Rp 1,2 apel"})
    offset = PesertaTender.model_validate(
        {"kd_tender": 5, "nilai_penawaran": 1}, context={"options": ParseOptions.make("+09:00")}
    )
    assert offset.nilai_penawaran == Decimal(1)


# --------------------------------------------------------------------------------------- detection
def test_detect_human_labels() -> None:
    labels = ["Kode Tender", "Nama Tender", "Tanggal Pembuatan", "K/L/PD", "Satuan Kerja", "Jenis Pengadaan",
              "Metode Pengadaan", "Tahun Anggaran", "Nilai Pagu Paket", "Nilai HPS Paket", "Jenis Kontrak"]  # fmt: skip
    dataset = detect_dataset(labels, source="scraped.csv")
    assert dataset.name == "SPSE-TenderPengumuman"
    row = dict(zip(labels, ["10011868000", "Penyusunan", "15 Januari 2025", "Kab. Bandung", "DINAS PUTR",
                            "Jasa Lainnya", "Tender", "2025", "Rp 1.000.000.000,00", "Rp 999.995.334,78", "Lumsum"],
                   strict=True))  # fmt: skip
    record = dataset.parse(row).record
    assert isinstance(record, TenderPengumuman)
    assert record.kd_tender == "10011868000"
    assert record.pagu == Decimal(1000000000)
    assert record.hps == Decimal("999995334.78")
    assert record.kontrak_pembayaran == "Lumsum"
    assert record.mtd_pemilihan == "Tender"
    assert record.nama_klpd == "Kab. Bandung"
    assert record.tgl_buat_paket == "2025-01-15"


def test_detect_snake_cased_export_and_sirup_labels() -> None:
    assert detect_dataset(["id_paket", "nama_tender", "nilai_hps_paket", "k/l/pd"]).name == "SPSE-TenderPengumuman"
    sirup = ["Kode RUP", "Nama Paket", "Pagu", "Metode Pemilihan Penyedia", "Sumber Dana", "Satuan Kerja"]
    assert detect_dataset(sirup).name == "RUP-PaketPenyedia-Terumumkan"
    assert detect_dataset(["kode_rup", "nama_paket", "total_pagu", "metode_pemilihan"]).name == (
        "RUP-PaketPenyedia-Terumumkan"
    )


def test_detect_twins_need_the_file_name() -> None:
    fields = ["kd_rup", "mak", "asal_dana", "pagu", "sumber_dana"]
    assert detect_dataset(fields, source="data/RUP-PaketAnggaranSwakelola.csv").name == "RUP-PaketAnggaranSwakelola"
    assert detect_dataset(fields, source="rup_paketanggaranpenyedia_2025.xlsx").name == "RUP-PaketAnggaranPenyedia"
    # twins whose rows join different plans: undecided here, told apart row by row by the plan they join
    assert detect_dataset(fields, source="anggaran.csv").name == "RUP-PaketAnggaran"
    # twins that join nothing (two province lists) need the file name
    with pytest.raises(InputError, match="equally") as info:
        detect_dataset(["kd_provinsi", "nama_provinsi"], source="provinsi.csv")
    assert info.value.source == "provinsi.csv"


def test_detect_unknown_names_the_file() -> None:
    with pytest.raises(InputError, match="no known ISB dataset") as info:
        detect_dataset(["foo", "bar"], source="mystery.csv")
    assert info.value.source == "mystery.csv"
    assert str(info.value).startswith("mystery.csv: ")


def test_get_dataset() -> None:
    assert get_dataset("spse tenderpengumuman").name == "SPSE-TenderPengumuman"
    with pytest.raises(InputError, match="unknown ISB dataset"):
        get_dataset("SPSE-Nope")


def test_registry_is_consistent() -> None:
    for dataset in DATASETS.values():
        fields = set(dataset.model.model_fields)
        assert set(dataset.keys) <= fields, dataset.name
        assert dataset.signature <= fields, dataset.name
        assert set(dataset.names_any) <= fields, dataset.name
        # a table with exactly the signature columns is detected as this dataset (or a declared twin)
        source = f"{dataset.name}.csv"
        assert detect_dataset(sorted(dataset.signature), source=source).name == dataset.name


def test_fast_construction_equals_model_construct() -> None:
    from ocds_regency.isb._base import _construct, _parse_values

    row = {**load("SPSE-TenderEkontrak-2Kontrak")[0], "kolom_baru": 1}
    model = DATASETS["SPSE-TenderEkontrak-2Kontrak"].model
    values, extra, _, _ = _parse_values(model, row, ParseOptions())
    fast = _construct(model, values, extra)
    slow = model.model_construct(**extra, **values)
    assert fast == slow
    assert fast.model_dump() == slow.model_dump()
    assert fast.model_fields_set == slow.model_fields_set
    assert fast.model_extra == slow.model_extra == {"kolom_baru": 1}
    assert model.model_validate(fast.model_dump(by_alias=True)) == fast
