"""Field groups shared by several ISB datasets (institution, LPSE, PPK, supplier, e-contract status)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from pydantic import Field

from ocds_regency.isb._base import DateTime, Flag, Id, Int, IsbRecord, Npwp, SatkerStr, Text, Url

__all__ = ["ContractStatus", "Instansi", "Lpse", "Penyedia", "Ppk"]


class Instansi(IsbRecord):
    """The budget year, the K/L/PD (``kd_klpd``) and the work unit (satker) that own a row."""

    ALIASES: ClassVar[Mapping[str, str]] = {
        "K/L/PD": "nama_klpd",
        "K/L/D/I": "nama_klpd",
        "KLDI": "nama_klpd",
        "K/L/PD/Instansi Lainnya": "nama_klpd",
        "Instansi": "nama_klpd",
        "Satuan Kerja": "nama_satker",
        "Satker": "nama_satker",
        "Kode Satker": "kd_satker",
        "Kode Satker Str": "kd_satker_str",
    }

    tahun_anggaran: Int = None
    kd_klpd: Id = None
    nama_klpd: Text = None
    jenis_klpd: Text = None
    kd_satker: Id = None
    kd_satker_str: SatkerStr = None
    nama_satker: Text = None
    event_date: DateTime = Field(default=None, alias="_event_date")


class Lpse(IsbRecord):
    """The LPSE (e-procurement service) that ran an SPSE process."""

    ALIASES: ClassVar[Mapping[str, str]] = {"lpse_id": "kd_lpse", "LPSE": "nama_lpse", "Kode LPSE": "kd_lpse"}

    kd_lpse: Id = None
    nama_lpse: Text = None
    url_lpse: Url = None


class Ppk(IsbRecord):
    """The commitment-making official (PPK). Names and NIPs are personal data."""

    ALIASES: ClassVar[Mapping[str, str]] = {"PPK": "nama_ppk", "Nama PPK": "nama_ppk", "NIP PPK": "nip_ppk"}

    nip_ppk: Text = None
    nama_ppk: Text = None
    jabatan_ppk: Text = None


class Penyedia(IsbRecord):
    """A supplier (penyedia). The NPWP-16 is read under its three ISB spellings."""

    ALIASES: ClassVar[Mapping[str, str]] = {
        "npwp16_penyedia": "npwp_16_penyedia",
        "npwp_penyedia_16": "npwp_16_penyedia",
        "NPWP 16": "npwp_16_penyedia",
        "NPWP": "npwp_penyedia",
        "Nama Penyedia": "nama_penyedia",
        "Alamat Penyedia": "alamat_penyedia",
        "Kode Penyedia": "kd_penyedia",
    }

    kd_penyedia: Id = None
    nama_penyedia: Text = None
    npwp_penyedia: Npwp = None
    npwp_16_penyedia: Npwp = None
    alamat_penyedia: Text = None


class ContractStatus(IsbRecord):
    """Status and amendment fields repeated on every e-Kontrak dataset."""

    status_kontrak: Text = None
    tgl_penetapan_status_kontrak: DateTime = None
    alasan_penetapan_status_kontrak: Text = None
    apakah_addendum: Flag = None
    versi_addendum: Int = None
    alasan_addendum: Text = None
