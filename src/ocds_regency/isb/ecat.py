"""Typed records of the e-Katalog datasets: orders (Ecat-PaketEPurchasingV6) and the catalogue's details.

``kd_paket`` is a ULID (``01K32QD12XPKKTQMJ6E33ADS47``); ``product_ids`` is a list (``,``-joined in the
source); ``kd_penyedia_sikap`` ``0`` means "not registered in SIKaP" and is kept as the code ``"0"``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from ocds_regency.isb._base import (
    Amount,
    AmountOrZero,
    Codes,
    DateTime,
    Id,
    Int,
    IsbRecord,
    Mak,
    Number,
    SatkerStr,
    Text,
)

__all__ = [
    "EcatInstansiSatker",
    "EcatKomoditasDetail",
    "EcatMasterKabKota",
    "EcatPaketEPurchasingV6",
    "EcatPenyediaDetail",
    "EcatPenyediaDistributorDetail",
    "EcatProdukDetail",
    "EcatUserPegawai",
]


class EcatPaketEPurchasingV6(IsbRecord):
    """An e-Katalog order (version 6 of the catalogue), keyed by ``kd_paket``."""

    ALIASES: ClassVar[Mapping[str, str]] = {"nama_paket": "rup_nama_pkt", "ongkos_kirim": "ongkir"}

    tahun_anggaran: Int = None
    jenis_instansi: Text = None
    nama_instansi: Text = None
    kd_klpd: Id = None
    kd_satker: Id = None
    kd_satker_str: SatkerStr = None
    nama_satker: Text = None
    kd_paket: Id = None
    kd_rup: Codes = ()
    rup_nama_pkt: Text = None
    product_ids: Codes = ()
    sumber_dana: Text = None
    mak: Mak = ()
    kd_penyedia_v6: Id = None
    kd_penyedia_sikap: Id = None
    jml_jenis_produk: Int = None
    jml_produk: Number = None
    ongkir: AmountOrZero = None
    total_harga: Amount = None
    tgl_order: DateTime = None
    status_pkt: Text = None
    status_pengiriman: Text = None
    jenis_katalog: Text = None


class EcatMasterKabKota(IsbRecord):
    """A regency or city in e-Katalog's numbering (Ecat-MasterKabKota)."""

    kd_kabupaten: Id = None
    kd_provinsi: Id = None
    nama_kabupaten: Text = None


class EcatInstansiSatker(IsbRecord):
    """A work unit in e-Katalog's numbering (Ecat-InstansiSatker): ``kd_satker`` → ``kd_satker_str`` and name."""

    kd_klpd: Id = None
    nama_klpd: Text = None
    jenis_klpd: Text = None
    kd_satker: Id = None
    kd_satker_str: SatkerStr = None
    nama_satker: Text = None


class EcatKomoditasDetail(IsbRecord):
    """A catalogue commodity (Ecat-KomoditasDetail) and the institution that runs its catalogue."""

    kd_komoditas: Id = None
    nama_komoditas: Text = None
    jenis_katalog: Text = None
    nama_instansi_katalog: Text = None
    kd_instansi_katalog: Text = None


class EcatProdukDetail(IsbRecord):
    """A catalogue product (Ecat-ProdukDetail): name, unit, prices by region, and its catalogue contract.

    ``harga`` is a JSON list of prices by province and regency (``harga``, ``ongkos_kirim``, ``provinsiId``,
    ``kabupatenId``); it is kept as text and read where an order needs it.
    """

    kd_produk: Id = None
    no_kontrak: Text = None
    nama_penyedia: Text = None
    no_produk: Text = None
    no_produk_penyedia: Text = None
    nama_manufaktur: Text = None
    nama_produk: Text = None
    nama_kategori_terkecil: Text = None
    harga: Text = None
    nama_komoditas: Text = None
    unit_pengukuran: Text = None
    jenis_produk: Text = None
    kbki_id: Text = None
    tkdn_produk: Number = None
    masa_berlaku_kontrak: Text = None
    tglkontrak_mulai: DateTime = None
    tglkontrak_selesai: DateTime = None


class EcatPenyediaDetail(IsbRecord):
    """A catalogue supplier (Ecat-PenyediaDetail). E-mail and telephone are not published."""

    kd_penyedia: Id = None
    nama_penyedia: Text = None
    kode_penyedia_sikap: Id = None
    penyedia_ukm: Text = None
    alamat_penyedia: Text = None
    email_penyedia: Text = None
    no_telp_penyedia: Text = None
    npwp_penyedia: Text = None
    npwp_16: Text = None


class EcatPenyediaDistributorDetail(IsbRecord):
    """A catalogue distributor (Ecat-PenyediaDistributorDetail)."""

    kd_penyedia_distributor: Id = None
    nama_distributor: Text = None
    alamat_distributor: Text = None
    email_distributor: Text = None
    no_telp_distributor: Text = None
    npwp_distributor: Text = None


class EcatUserPegawai(IsbRecord):
    """A civil servant's e-Katalog account (Ecat-UserPegawai): name, NIP and post. Personal data: never
    published."""

    kd_user_pegawai: Id = None
    kd_klpd: Id = None
    kd_satker: Id = None
    nama_lengkap: Text = None
    nip_pegawai: Text = None
    jabatan_pegawai: Text = None
