"""Typed records of the SiRUP (Rencana Umum Pengadaan) datasets.

| dataset | record |
| --- | --- |
| RUP-PaketPenyedia-Terumumkan | :class:`RupPaketPenyedia` |
| RUP-PaketSwakelola-Terumumkan | :class:`RupPaketSwakelola` |
| RUP-PaketAnggaranPenyedia / -Swakelola | :class:`RupPaketAnggaran` (one row per funding line) |
| RUP-PaketPenyediaLokasi / -SwakelolaLokasi | :class:`RupPaketLokasi` |
| RUP-MasterSatker | :class:`RupMasterSatker` |
| RUP-ProgramMaster, -KegiatanMaster, -SubKegiatanMaster | :class:`RupProgramMaster` and siblings |
| RUP-StrukturAnggaranPD | :class:`RupStrukturAnggaranPD` |
| RUP-MasterProvinsi, Ecat-MasterProvinsi | :class:`RupMasterProvinsi` |
| RUP-MasterKabKota | :class:`RupMasterKabKota` |

``kd_rup`` is a single identifier here (a string). The description field, spelt ``urarian_pekerjaan``
by the ISB API, is ``uraian_pekerjaan`` on the record.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from ocds_regency.isb._base import Amount, AmountOrZero, DateTime, Flag, Id, Int, IsbRecord, Mak, Text
from ocds_regency.isb._common import Instansi, Ppk

__all__ = [
    "RupKegiatanMaster",
    "RupMasterKabKota",
    "RupMasterProvinsi",
    "RupMasterSatker",
    "RupPaketAnggaran",
    "RupPaketLokasi",
    "RupPaketPenyedia",
    "RupPaketSwakelola",
    "RupProgramMaster",
    "RupStrukturAnggaranPD",
    "RupSubKegiatanMaster",
]

_RUP_LABELS = {
    "Kode RUP": "kd_rup",
    "ID RUP": "kd_rup",
    "ID Paket": "kd_rup",
    "kode_rup": "kd_rup",
    "Pagu": "pagu",
    "Total Pagu": "pagu",
    "Volume": "volume_pekerjaan",
    "Tanggal Pengumuman": "tgl_pengumuman_paket",
    "Username PPK": "username_ppk",
}


class RupPaketPenyedia(Instansi, Ppk):
    """A procurement plan to be bought from suppliers (RUP-PaketPenyedia-Terumumkan), keyed by ``kd_rup``."""

    ALIASES: ClassVar[Mapping[str, str]] = {
        **_RUP_LABELS,
        "urarian_pekerjaan": "uraian_pekerjaan",
        "Deskripsi": "uraian_pekerjaan",
        "Uraian Pekerjaan": "uraian_pekerjaan",
        "Metode Pemilihan Penyedia": "metode_pengadaan",
        "Metode Pemilihan": "metode_pengadaan",
        "Metode": "metode_pengadaan",
        "Tanggal Awal Pengadaan": "tgl_awal_pemilihan",
        "Tanggal Akhir Pengadaan": "tgl_akhir_pemilihan",
        "Tanggal Awal Pekerjaan": "tgl_awal_kontrak",
        "Tanggal Akhir Pekerjaan": "tgl_akhir_kontrak",
        "Lokasi": "lokasi",
    }

    kd_rup: Id = None
    nama_paket: Text = None
    pagu: Amount = None
    kd_metode_pengadaan: Id = None
    metode_pengadaan: Text = None
    kd_jenis_pengadaan: Id = None
    jenis_pengadaan: Text = None
    status_pradipa: Text = None
    status_pdn: Text = None
    status_ukm: Text = None
    alasan_non_ukm: Text = None
    status_konsolidasi: Text = None
    tipe_paket: Text = None
    kd_rup_swakelola: Id = None
    kd_rup_lokal: Id = None
    volume_pekerjaan: Text = None
    uraian_pekerjaan: Text = None
    spesifikasi_pekerjaan: Text = None
    sumber_dana: Text = None
    mak: Mak = ()
    lokasi: Text = None
    tgl_awal_pemilihan: DateTime = None
    tgl_akhir_pemilihan: DateTime = None
    tgl_awal_kontrak: DateTime = None
    tgl_akhir_kontrak: DateTime = None
    tgl_awal_pemanfaatan: DateTime = None
    tgl_akhir_pemanfaatan: DateTime = None
    tgl_buat_paket: DateTime = None
    tgl_pengumuman_paket: DateTime = None
    username_ppk: Text = None
    status_aktif_rup: Flag = None
    status_delete_rup: Flag = None
    status_umumkan_rup: Text = None
    status_dikecualikan: Flag = None
    alasan_dikecualikan: Text = None
    tahun_pertama: Int = None
    kode_rup_tahun_pertama: Id = None
    nomor_kontrak: Text = None
    spp_aspek_ekonomi: Flag = None
    spp_aspek_sosial: Flag = None
    spp_aspek_lingkungan: Flag = None


class RupPaketSwakelola(Instansi, Ppk):
    """A self-managed work plan (RUP-PaketSwakelola-Terumumkan); ``tipe_swakelola`` 1–4."""

    ALIASES: ClassVar[Mapping[str, str]] = {
        **_RUP_LABELS,
        "Deskripsi": "uraian_pekerjaan",
        "Tipe Swakelola": "tipe_swakelola",
    }

    kd_rup: Id = None
    nama_paket: Text = None
    pagu: Amount = None
    tipe_swakelola: Int = None
    volume_pekerjaan: Text = None
    uraian_pekerjaan: Text = None
    kd_klpd_penyelenggara: Id = None
    nama_klpd_penyelenggara: Text = None
    nama_satker_penyelenggara: Text = None
    tgl_awal_pelaksanaan_kontrak: DateTime = None
    tgl_akhir_pelaksanaan_kontrak: DateTime = None
    tgl_buat_paket: DateTime = None
    tgl_pengumuman_paket: DateTime = None
    username_ppk: Text = None
    kd_rup_lokal: Id = None
    status_aktif_rup: Flag = None
    status_delete_rup: Flag = None
    status_umumkan_rup: Text = None


class RupPaketAnggaran(Instansi):
    """One funding line of a plan (RUP-PaketAnggaranPenyedia / -Swakelola): N rows per ``kd_rup``.

    ``sumber_dana`` lives here, not on the plan. ``mak`` is a list (trailing dots removed).
    """

    ALIASES: ClassVar[Mapping[str, str]] = {
        "Kode RUP": "kd_rup",
        "MAK": "mak",
        "Sumber Dana": "sumber_dana",
        "Pagu": "pagu",
    }

    kd_rup: Id = None
    kd_rup_lokal: Id = None
    kd_kegiatan: Id = None
    kd_komponen: Id = None
    kd_subkegiatan: Id = None
    pagu: Amount = None
    mak: Mak = ()
    sumber_dana: Text = None
    asal_dana: Id = None
    tahun_anggaran_dana: Int = None
    asal_dana_klpd: Text = None
    asal_dana_satker: Text = None
    status_aktif_rup: Flag = None
    status_delete_rup: Flag = None
    status_umumkan_rup: Text = None


class RupPaketLokasi(Instansi):
    """One location of a plan (RUP-PaketPenyediaLokasi / -SwakelolaLokasi).

    ``kd_kab_kota`` and ``kd_provinsi`` are SiRUP-internal ids, not BPS or Kemendagri codes.
    """

    ALIASES: ClassVar[Mapping[str, str]] = {
        "Kode RUP": "kd_rup",
        "Lokasi": "detail_lokasi",
        "Kabupaten/Kota": "kab_kota",
        "Provinsi": "provinsi",
    }

    kd_rup: Id = None
    detail_lokasi: Text = None
    kd_kab_kota: Id = None
    kab_kota: Text = None
    kd_provinsi: Id = None
    provinsi: Text = None


class RupMasterSatker(Instansi):
    """A work unit of the K/L/PD (RUP-MasterSatker), keyed by SiRUP's ``kd_satker``."""

    alamat: Text = None
    telepon: Text = None
    fax: Text = None
    kodepos: Text = None
    status_satker: Text = None
    ket_satker: Text = None
    jenis_satker: Text = None
    kode_eselon: Text = None


class RupProgramMaster(Instansi):
    """A budget programme of a work unit (RUP-ProgramMaster): ``kd_program_str`` such as ``2.07.02``."""

    kd_program: Id = None
    kd_program_str: Text = None
    nama_program: Text = None
    pagu_program: AmountOrZero = None
    kd_program_lokal: Text = None
    is_deleted: Flag = None


class RupKegiatanMaster(Instansi):
    """A budget activity (kegiatan) of a programme (RUP-KegiatanMaster): ``kd_kegiatan_str`` ``2.07.02.2.01``."""

    kd_program: Id = None
    kd_kegiatan: Id = None
    kd_kegiatan_str: Text = None
    nama_kegiatan: Text = None
    pagu_kegiatan: AmountOrZero = None
    kd_kegiatan_lokal: Text = None
    is_deleted: Flag = None


class RupSubKegiatanMaster(Instansi):
    """A budget sub-activity (RUP-SubKegiatanMaster): ``kd_subkegiatan_str`` ``2.07.02.2.01.0001``, the first six
    parts of a MAK (``2.07.02.2.01.0001.5.1.02...``)."""

    kd_program: Id = None
    kd_kegiatan: Id = None
    kd_subkegiatan: Id = None
    kd_subkegiatan_str: Text = None
    nama_subkegiatan: Text = None
    pagu_subkegiatan: AmountOrZero = None
    kd_subkegiatan_lokal: Text = None
    is_deleted: Flag = None


class RupStrukturAnggaranPD(Instansi):
    """A work unit's spending plan by type (RUP-StrukturAnggaranPD): operating, capital, procurement totals."""

    belanja_operasi: AmountOrZero = None
    belanja_modal: AmountOrZero = None
    belanja_btt: AmountOrZero = None
    belanja_non_pengadaan: AmountOrZero = None
    belanja_pengadaan: AmountOrZero = None
    total_belanja: AmountOrZero = None


class RupMasterProvinsi(IsbRecord):
    """A province in SiRUP's numbering (RUP-MasterProvinsi; also Ecat-MasterProvinsi, same columns)."""

    kd_provinsi: Id = None
    nama_provinsi: Text = None


class RupMasterKabKota(IsbRecord):
    """A regency or city in SiRUP's numbering (RUP-MasterKabKota), with its province."""

    kd_provinsi: Id = None
    kd_kabkota: Id = None
    nama_kabkota: Text = None
