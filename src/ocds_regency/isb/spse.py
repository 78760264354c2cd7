"""Typed records of the SPSE/LPSE datasets: tenders, non-tenders, participants, schedules, pencatatan.

| dataset | record |
| --- | --- |
| SPSE-TenderPengumuman | :class:`TenderPengumuman` |
| SPSE-TenderSelesai | :class:`TenderSelesai` |
| SPSE-TenderSelesaiNilai | :class:`TenderSelesaiNilai` |
| SPSE-PesertaTender | :class:`PesertaTender` |
| SPSE-JadwalTahapanTender / -NonTender | :class:`JadwalTahapanTender` / :class:`JadwalTahapanNonTender` |
| SPSE-NonTenderPengumuman | :class:`NonTenderPengumuman` |
| SPSE-NonTenderSelesai | :class:`NonTenderSelesai` |
| SPSE-PencatatanNonTender (+Realisasi) | :class:`PencatatanNonTender`, :class:`PencatatanNonTenderRealisasi` |
| SPSE-PencatatanSwakelola (+Realisasi) | :class:`PencatatanSwakelola`, :class:`PencatatanSwakelolaRealisasi` |

Canonical names where the ISB spells one thing several ways: ``kd_rup`` (also ``kd_rup_paket``; always a
list, split on ``;``/``,``), ``kd_pkt_dce`` (also ``kd_paket_dce``, and ``kd_paket`` in
TenderSelesaiNilai), ``kd_lpse`` (also ``lpse_id``), ``mtd_pemilihan`` (also ``mtd_pengadaan``),
``npwp_16_penyedia`` (also ``npwp16_penyedia``, ``npwp_penyedia_16``). ``nip_pokja``/``nama_pokja`` are
lists (``;``). Non-tender ``nip_nama_ppk`` (``"NIP - NAMA"``) also fills ``nip_ppk`` and ``nama_ppk``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from ocds_regency.isb import parse as p
from ocds_regency.isb._base import (
    Amount,
    Codes,
    DateTime,
    FieldIssue,
    Flag,
    Html,
    Id,
    Int,
    IsbRecord,
    LongText,
    Mak,
    Names,
    Npwp,
    Text,
)
from ocds_regency.isb._common import Instansi, Lpse, Penyedia, Ppk

__all__ = [
    "JadwalTahapanNonTender",
    "JadwalTahapanTender",
    "NonTenderPengumuman",
    "NonTenderSelesai",
    "PencatatanNonTender",
    "PencatatanNonTenderRealisasi",
    "PencatatanSwakelola",
    "PencatatanSwakelolaRealisasi",
    "PesertaTender",
    "TenderPengumuman",
    "TenderSelesai",
    "TenderSelesaiNilai",
]

#: Labels of SPSE announcement pages and their snake-cased CSV exports (domain notes §2d).
_PAGE_LABELS = {
    "Nama Tender": "nama_paket",
    "Nama Paket": "nama_paket",
    "Kode RUP": "kd_rup",
    "kd_rup_paket": "kd_rup",
    "kd_paket_dce": "kd_pkt_dce",
    "Tanggal Pembuatan": "tgl_buat_paket",
    "Metode Pengadaan": "mtd_pemilihan",
    "Metode Pemilihan": "mtd_pemilihan",
    "mtd_pengadaan": "mtd_pemilihan",
    "Metode Evaluasi": "mtd_evaluasi",
    "Metode Kualifikasi": "mtd_kualifikasi",
    "Nilai Pagu Paket": "pagu",
    "Pagu": "pagu",
    "Nilai HPS Paket": "hps",
    "Nilai HPS": "hps",
    "HPS": "hps",
    "Jenis Pengadaan": "jenis_pengadaan",
    "Jenis Kontrak": "kontrak_pembayaran",
    "Kualifikasi Usaha": "kualifikasi_paket",
    "Lokasi Pekerjaan": "lokasi_pekerjaan",
    "Sumber Dana": "sumber_dana",
    "MAK": "mak",
    "Syarat Kualifikasi": "syarat_kualifikasi",
}


class _Paket(Instansi, Lpse, Ppk):
    """Fields common to tender and non-tender announcements and results."""

    ALIASES: ClassVar[Mapping[str, str]] = _PAGE_LABELS

    kd_pkt_dce: Id = None
    kd_rup: Codes = ()
    nama_paket: Text = None
    pagu: Amount = None
    hps: Amount = None
    sumber_dana: Text = None
    mak: Mak = ()
    kualifikasi_paket: Text = None
    jenis_pengadaan: Text = None
    mtd_pemilihan: Text = None
    kontrak_pembayaran: Text = None
    ket_ditutup: Text = None
    ket_diulang: Text = None
    tgl_buat_paket: DateTime = None
    tgl_kolektif_kolegial: DateTime = None
    lokasi_pekerjaan: Text = None
    syarat_kualifikasi: LongText = None


class TenderPengumuman(_Paket):
    """A tender announcement (SPSE-TenderPengumuman), keyed by ``kd_tender``.

    ``versi_tender`` 2+ is a re-tender under the same ``kd_tender``.
    """

    ALIASES: ClassVar[Mapping[str, str]] = {
        "Kode Tender": "kd_tender",
        "Kode Lelang": "kd_tender",
        "id_paket": "kd_tender",
        "Tahap Tender Saat Ini": "tahap_saat_ini",
        "Peserta Tender": "peserta_tender",
        "Tanggal Pengumuman": "tgl_pengumuman_tender",
    }

    kd_tender: Id = None
    list_tahun_anggaran: Codes = ()
    mtd_evaluasi: Text = None
    mtd_kualifikasi: Text = None
    status_tender: Text = None
    tanggal_status: DateTime = None
    versi_tender: Int = None
    tgl_pengumuman_tender: DateTime = None
    nip_pokja: Names = ()
    nama_pokja: Names = ()
    tahap_saat_ini: Text = None
    peserta_tender: Text = None


class TenderSelesai(TenderPengumuman):
    """A finished tender (SPSE-TenderSelesai): the announcement fields plus ``tgl_penetapan_pemenang``."""

    ALIASES: ClassVar[Mapping[str, str]] = {"Tanggal Penetapan Pemenang": "tgl_penetapan_pemenang"}

    tgl_penetapan_pemenang: DateTime = None


class TenderSelesaiNilai(Instansi, Penyedia):
    """The values of a finished tender and its winner (SPSE-TenderSelesaiNilai).

    The ISB puts the dotted unit code in ``kd_satker`` here; the record moves it to ``kd_satker_str``.
    ``kd_paket`` is the DCE package code (``kd_pkt_dce``), ``kd_rup_paket`` the RUP list (``kd_rup``).
    """

    ALIASES: ClassVar[Mapping[str, str]] = {
        "kd_paket": "kd_pkt_dce",
        "kd_rup_paket": "kd_rup",
        "Kode Tender": "kd_tender",
        "Nilai Pagu Paket": "pagu",
        "Nilai HPS Paket": "hps",
        "Harga Penawaran": "nilai_penawaran",
        "Harga Terkoreksi": "nilai_terkoreksi",
        "Hasil Negosiasi": "nilai_negosiasi",
        "Nama Pemenang": "nama_penyedia",
        "Alamat": "alamat_penyedia",
    }

    kd_lpse: Id = None
    kd_tender: Id = None
    kd_pkt_dce: Id = None
    kd_rup: Codes = ()
    pagu: Amount = None
    hps: Amount = None
    nilai_penawaran: Amount = None
    nilai_terkoreksi: Amount = None
    nilai_negosiasi: Amount = None
    nilai_kontrak: Amount = None
    nilai_pdn_kontrak: Amount = None
    nilai_umk_kontrak: Amount = None
    tgl_pengumuman_tender: DateTime = None
    tgl_penetapan_pemenang: DateTime = None


class PesertaTender(Instansi, Penyedia):
    """A tender participant and its offer (SPSE-PesertaTender).

    ``pemenang`` (winner), ``pemenang_terverifikasi`` (verified winner) and being the contracted supplier
    are three different things (domain notes §4c).
    """

    ALIASES: ClassVar[Mapping[str, str]] = {
        "Kode Tender": "kd_tender",
        "Nama Peserta": "nama_penyedia",
        "Penawaran": "nilai_penawaran",
        "Harga Penawaran": "nilai_penawaran",
        "Penawaran Terkoreksi": "nilai_terkoreksi",
        "Harga Terkoreksi": "nilai_terkoreksi",
        "Hasil Negosiasi": "nilai_negosiasi",
        "reverse_auction": "nilai_negosiasi",
        "Pemenang": "pemenang",
        "Alamat": "alamat_penyedia",
    }

    kd_lpse: Id = None
    kd_tender: Id = None
    kd_pkt_dce: Id = None
    kd_peserta: Id = None
    nilai_penawaran: Amount = None
    nilai_terkoreksi: Amount = None
    nilai_negosiasi: Amount = None
    pemenang: Flag = None
    pemenang_terverifikasi: Flag = None
    alasan: Text = None


class _Jadwal(Instansi):
    ALIASES: ClassVar[Mapping[str, str]] = {
        "Tahap": "nama_tahapan",
        "Mulai": "tgl_awal",
        "Sampai": "tgl_akhir",
        "Perubahan": "perubahan",
    }

    kd_lpse: Id = None
    kd_tahapan: Id = None
    nama_tahapan: Text = None
    kd_akt: Id = None
    nama_akt: Text = None
    tgl_awal: DateTime = None
    tgl_akhir: DateTime = None
    perubahan: Text = None


class JadwalTahapanTender(_Jadwal):
    """One stage of a tender's schedule (SPSE-JadwalTahapanTender). ``nama_tahapan`` may be missing."""

    ALIASES: ClassVar[Mapping[str, str]] = {"Kode Tender": "kd_tender"}

    kd_tender: Id = None


class JadwalTahapanNonTender(_Jadwal):
    """One stage of a non-tender's schedule (SPSE-JadwalTahapanNonTender)."""

    ALIASES: ClassVar[Mapping[str, str]] = {"Kode Paket": "kd_nontender"}

    kd_nontender: Id = None


class NonTenderPengumuman(_Paket):
    """A non-tender (Pengadaan Langsung, Penunjukan Langsung...) announcement, keyed by ``kd_nontender``."""

    ALIASES: ClassVar[Mapping[str, str]] = {
        "Kode Paket": "kd_nontender",
        "Tanggal Pengumuman": "tgl_pengumuman_nontender",
    }
    REPAIRED: ClassVar[frozenset[str]] = IsbRecord.REPAIRED | {"nip_ppk", "nama_ppk"}

    lls_id: Id = None
    kd_nontender: Id = None
    status_nontender: Text = None
    versi_nontender: Int = None
    tgl_pengumuman_nontender: DateTime = None
    nip_nama_ppk: Text = None
    nip_nama_pokja: Text = None
    nip_nama_pp: Text = None
    repeat_order: Flag = None

    @classmethod
    def repair(cls, values: dict[str, Any], issues: list[FieldIssue]) -> None:
        """Also fill ``nip_ppk``/``nama_ppk`` from the ``"NIP - NAMA"`` compound when they are absent."""
        super().repair(values, issues)
        if values.get("nip_nama_ppk") and not (values.get("nip_ppk") or values.get("nama_ppk")):
            values["nip_ppk"], values["nama_ppk"] = p.split_nip_nama(values["nip_nama_ppk"])


class NonTenderSelesai(NonTenderPengumuman, Penyedia):
    """A finished non-tender with its supplier and values (SPSE-NonTenderSelesai)."""

    ALIASES: ClassVar[Mapping[str, str]] = {"Nilai Kontrak": "nilai_kontrak"}

    nilai_penawaran: Amount = None
    nilai_terkoreksi: Amount = None
    nilai_negosiasi: Amount = None
    nilai_kontrak: Amount = None
    nilai_pdn_kontrak: Amount = None
    nilai_umk_kontrak: Amount = None
    tgl_selesai_nontender: DateTime = None
    tgl_penarikan: DateTime = None


class _Pencatatan(Instansi, Ppk):
    ALIASES: ClassVar[Mapping[str, str]] = {
        **_PAGE_LABELS,
        "Nilai Total Realisasi": "total_realisasi",
        "Nilai PDN": "nilai_pdn_pct",
        "Nilai UMK": "nilai_umk_pct",
        "Tanggal Paket Selesai": "tgl_selesai_paket",
    }

    kd_lpse: Id = None
    kd_pkt_dce: Id = None
    kd_rup: Codes = ()
    nama_paket: Text = None
    pagu: Amount = None
    total_realisasi: Amount = None
    nilai_pdn_pct: Amount = None
    nilai_umk_pct: Amount = None
    sumber_dana: Text = None
    uraian_pekerjaan: Html = None
    informasi_lainnya: Html = None
    alasan_pembatalan: Text = None
    tgl_buat_paket: DateTime = None
    tgl_mulai_paket: DateTime = None
    tgl_selesai_paket: DateTime = None


class PencatatanNonTender(_Pencatatan):
    """An off-system purchase recorded afterwards (SPSE-PencatatanNonTender); ``kd_rup`` may list several."""

    ALIASES: ClassVar[Mapping[str, str]] = {"Kode Paket": "kd_nontender_pct"}

    kd_nontender_pct: Id = None
    kategori_pengadaan: Text = None
    mtd_pemilihan: Text = None
    bukti_pembayaran: Text = None
    status_nontender_pct: Text = None
    status_nontender_pct_ket: Text = None


class PencatatanSwakelola(_Pencatatan):
    """A recorded self-managed work (SPSE-PencatatanSwakelola)."""

    ALIASES: ClassVar[Mapping[str, str]] = {
        "Kode Swakelola": "kd_swakelola_pct",
        "Tipe Pelaksana Swakelola": "tipe_swakelola_nama",
    }

    kd_swakelola_pct: Id = None
    tipe_swakelola: Int = None
    tipe_swakelola_nama: Text = None
    status_swakelola_pct: Text = None
    status_swakelola_pct_ket: Text = None


class _Realisasi(Instansi, Ppk):
    ALIASES: ClassVar[Mapping[str, str]] = {
        "Jenis Realisasi": "jenis_realisasi",
        "Nilai Realisasi": "nilai_realisasi",
        "Tanggal Realisasi": "tgl_realisasi",
        "kd_paket_dce": "kd_pkt_dce",
        "kd_rup_paket": "kd_rup",
    }

    kd_lpse: Id = None
    nama_lpse: Text = None
    kd_pkt_dce: Id = None
    kd_rup: Codes = ()
    nama_paket: Text = None
    pagu: Amount = None
    jenis_realisasi: Text = None
    no_realisasi: Text = None
    tgl_realisasi: DateTime = None
    nilai_realisasi: Amount = None
    dok_realisasi: Text = None
    ket_realisasi: Text = None


class PencatatanNonTenderRealisasi(_Realisasi):
    """One realisation (payment proof) of a recorded purchase (SPSE-PencatatanNonTenderRealisasi)."""

    ALIASES: ClassVar[Mapping[str, str]] = {
        "Kode Paket": "kd_nontender_pct",
        "NPWP": "npwp_penyedia",
        "Nama Penyedia": "nama_penyedia",
    }

    kd_nontender_pct: Id = None
    nama_penyedia: Text = None
    npwp_penyedia: Npwp = None


class PencatatanSwakelolaRealisasi(_Realisasi):
    """One realisation of a recorded self-managed work (SPSE-PencatatanSwakelolaRealisasi)."""

    ALIASES: ClassVar[Mapping[str, str]] = {
        "Kode Swakelola": "kd_swakelola_pct",
        "NPWP": "npwp_pelaksana",
        "Nama Pelaksana": "nama_pelaksana",
    }

    kd_swakelola_pct: Id = None
    nama_pelaksana: Text = None
    npwp_pelaksana: Npwp = None
