"""Typed records of the SPSE e-Kontrak chain: SPPBJ → Kontrak → SPMK/SPP → BAP/BAST.

The same four records serve tenders (``SPSE-TenderEkontrak-*``, keyed by ``kd_tender``) and non-tenders
(``SPSE-NonTenderEkontrak-*``, keyed by ``kd_nontender``): each record has both key fields and the dataset
registry says which one is required. ``lingkup_pekerjaan`` is HTML turned into text; ``mtd_pengadaan`` is
read as ``mtd_pemilihan``. Bank account fields, the PPK's NIP and name and the supplier representative are
kept here as they were published; withholding personal data is the mapping's job.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from pydantic import Field

from ocds_regency.isb._base import Amount, DateTime, Html, Id, Int, Number, Text
from ocds_regency.isb._common import ContractStatus, Instansi, Penyedia, Ppk

__all__ = ["EkontrakBapBast", "EkontrakKontrak", "EkontrakSpmkSpp", "EkontrakSppbj"]


class _Ekontrak(Instansi, Ppk, Penyedia, ContractStatus):
    ALIASES: ClassVar[Mapping[str, str]] = {
        "mtd_pengadaan": "mtd_pemilihan",
        "Kode Tender": "kd_tender",
        "Kode Paket": "kd_nontender",
        "Nama Paket": "nama_paket",
        "Nomor SPPBJ": "no_sppbj",
        "Nomor Kontrak": "no_kontrak",
        "Tanggal Kontrak": "tgl_kontrak",
    }

    alamat_satker: Text = None
    kd_lpse: Id = None
    kd_tender: Id = None
    kd_nontender: Id = None
    nama_paket: Text = None
    mtd_pemilihan: Text = None
    no_sppbj: Text = None
    wakil_sah_penyedia: Text = None
    jabatan_wakil_penyedia: Text = None


class EkontrakSppbj(_Ekontrak):
    """The letter appointing the supplier (SPPBJ), with the final price (``harga_final``)."""

    lampiran_sppbj: Text = None
    tgl_sppbj: DateTime = None
    kota_sppbj: Text = None
    harga_final: Amount = None
    nilai_jaminan_pelaksanaan: Amount = None
    masa_berlaku_jaminan: Int = None


class EkontrakKontrak(_Ekontrak):
    """The signed contract. All 52 tender contracts of the observed year had start date == end date."""

    ALIASES: ClassVar[Mapping[str, str]] = {"Nilai Kontrak": "nilai_kontrak", "Jenis Kontrak": "jenis_kontrak"}

    lingkup_pekerjaan: Html = None
    no_kontrak: Text = None
    tgl_kontrak: DateTime = None
    tgl_kontrak_awal: DateTime = None
    tgl_kontrak_akhir: DateTime = None
    kota_kontrak: Text = None
    no_sk_ppk: Text = None
    bentuk_usaha_penyedia: Text = None
    tipe_penyedia: Text = None
    anggota_kso: Text = None
    nama_rek_bank: Text = None
    no_rek_bank: Text = None
    nama_pemilik_rek_bank: Text = None
    nilai_kontrak: Amount = None
    alasan_ubah_nilai_kontrak: Text = None
    alasan_nilai_kontrak_10_persen: Text = None
    nilai_pdn_kontrak: Amount = None
    nilai_umk_kontrak: Amount = None
    jenis_kontrak: Text = None
    informasi_lainnya: Html = None


class EkontrakSpmkSpp(_Ekontrak):
    """The order to start work (SPMK) or delivery order (SPP). ``waktu_penyelesaian`` is free text."""

    no_kontrak: Text = None
    tgl_kontrak: DateTime = None
    no_spmk_spp: Text = None
    tgl_spmk_spp: DateTime = None
    tgl_mulai_pekerjaan: DateTime = None
    tgl_selesai_pekerjaan: DateTime = None
    waktu_penyelesaian: Text = None
    kota_spmk_spp: Text = None
    alamat_pengiriman: Text = None


class EkontrakBapBast(_Ekontrak):
    """A handover (BAST) and payment report (BAP): one row per payment term.

    Snapshot re-emissions repeat a row with only ``_event_date`` changed; genuine termin payments differ in
    ``no_bast``/``no_bap``/``besar_pembayaran``.
    """

    lingkup_pekerjaan: Html = None
    no_kontrak: Text = None
    tgl_kontrak: DateTime = None
    nilai_kontrak: Amount = None
    no_sk_ppk: Text = None
    jabatan_penandatangan_sk: Text = None
    no_bast: Text = None
    tgl_bast: DateTime = None
    no_bap: Text = None
    tgl_bap: DateTime = None
    besar_pembayaran: Amount = None
    progres_pekerjaan: Number = None
    cara_pembayaran_kontrak: Text = None
    inserted_date: DateTime = Field(default=None, alias="_inserted_date")
