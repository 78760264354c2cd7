"""TEMPORARY stand-in for the ISB readers (``ocds_regency.read``): JSON arrays and dataset detection.

Reading files with provenance and detecting the dataset from the fields belong to
:mod:`ocds_regency.read`, which is being written at the same time; until it lands, this private module
reads ISB JSON arrays and names their dataset. It will be deleted once the real readers exist.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from ocds_regency.errors import InputError

__all__ = ["detect_dataset", "read_json_rows"]

# Dataset signatures: the first entry whose fields are all present wins (more specific first).
_SIGNATURES: tuple[tuple[str, frozenset[str]], ...] = tuple(
    (name, frozenset(fields.split()))
    for name, fields in (
        ("Ecat-PaketEPurchasingV6", "kd_paket total_harga tgl_order"),
        ("SPSE-TenderEkontrak-4BAPBAST", "kd_tender no_bast besar_pembayaran"),
        ("SPSE-NonTenderEkontrak-4BAPBAST", "kd_nontender no_bast besar_pembayaran"),
        ("SPSE-TenderEkontrak-3SPMKSPP", "kd_tender no_spmk_spp"),
        ("SPSE-NonTenderEkontrak-3SPMKSPP", "kd_nontender no_spmk_spp"),
        ("SPSE-TenderEkontrak-2Kontrak", "kd_tender no_kontrak jenis_kontrak"),
        ("SPSE-NonTenderEkontrak-2Kontrak", "kd_nontender no_kontrak jenis_kontrak"),
        ("SPSE-TenderEkontrak-1SPPBJ", "kd_tender no_sppbj harga_final"),
        ("SPSE-NonTenderEkontrak-1SPPBJ", "kd_nontender no_sppbj harga_final"),
        ("SPSE-JadwalTahapanTender", "kd_tender kd_tahapan"),
        ("SPSE-JadwalTahapanNonTender", "kd_nontender kd_tahapan"),
        ("SPSE-PesertaTender", "kd_tender kd_peserta"),
        ("SPSE-TenderSelesaiNilai", "kd_tender nilai_kontrak kd_penyedia"),
        ("SPSE-TenderSelesai", "kd_tender tgl_penetapan_pemenang mtd_pemilihan"),
        ("SPSE-TenderPengumuman", "kd_tender mtd_pemilihan"),
        ("SPSE-NonTenderSelesai", "kd_nontender tgl_selesai_nontender"),
        ("SPSE-NonTenderPengumuman", "kd_nontender mtd_pemilihan"),
        ("SPSE-PencatatanNonTenderRealisasi", "kd_nontender_pct jenis_realisasi"),
        ("SPSE-PencatatanNonTender", "kd_nontender_pct mtd_pemilihan"),
        ("SPSE-PencatatanSwakelolaRealisasi", "kd_swakelola_pct jenis_realisasi"),
        ("SPSE-PencatatanSwakelola", "kd_swakelola_pct tipe_swakelola"),
        ("RUP-PaketPenyediaLokasi", "kd_rup detail_lokasi"),
        ("RUP-PaketAnggaranPenyedia", "kd_rup mak asal_dana"),
        ("RUP-PaketPenyedia-Terumumkan", "kd_rup nama_paket metode_pengadaan"),
        ("RUP-PaketSwakelola-Terumumkan", "kd_rup nama_paket tipe_swakelola"),
        ("RUP-MasterSatker", "kd_satker_str nama_satker jenis_satker"),
    )
)


def detect_dataset(fields: set[str] | frozenset[str]) -> str | None:
    """Name the ISB dataset a row with these fields belongs to, or ``None``."""
    for name, required in _SIGNATURES:
        if required <= fields:
            return name
    return None


def read_json_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(row number from 1, row)`` from an ISB JSON array file."""
    try:
        data = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc}", source=str(path)) from None
    except OSError as exc:
        raise InputError(f"can't read: {exc.strerror}", source=str(path)) from None
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise InputError("an ISB dataset is a JSON array of objects", source=str(path))
    for number, row in enumerate(data, start=1):
        if not isinstance(row, dict):
            raise InputError("an ISB dataset is a JSON array of objects", source=str(path), position=f"row {number}")
        yield number, row
