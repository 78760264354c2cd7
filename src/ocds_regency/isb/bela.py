"""Typed record of Bela Pengadaan (online-shop purchases, Toko Daring): Bela-TokoDaringRealisasi.

One row per order paid through a marketplace (``order_id``), with its value (``valuasi``), date
(``tanggal_transaksi``), marketplace and merchant, and the marketplace's confirmation
(``status_konfirmasi_ppmse``: ``gagal`` with ``keterangan_ppmse`` "Payment Kadaluarsa" is an order that was
never paid). ``nama_pemesan`` is the civil servant who ordered: an official's name.
"""

from __future__ import annotations

from ocds_regency.isb._base import Amount, DateTime, Id, Int, IsbRecord, Text

__all__ = ["BelaTokoDaringRealisasi"]


class BelaTokoDaringRealisasi(IsbRecord):
    """A Toko Daring order (Bela-TokoDaringRealisasi), keyed by ``order_id``."""

    tahun: Int = None
    kd_klpd: Id = None
    nama_klpd: Text = None
    kd_satker: Id = None
    nama_satker: Text = None
    order_id: Id = None
    order_desc: Text = None
    valuasi: Amount = None
    kategori: Text = None
    metode_bayar: Text = None
    tanggal_transaksi: DateTime = None
    marketplace: Text = None
    merchant_name: Text = None
    jenis_transaksi: Text = None
    kota_kab: Text = None
    provinsi: Text = None
    nama_pemesan: Text = None
    status_verif: Text = None
    sumber_data: Text = None
    status_konfirmasi_ppmse: Text = None
    keterangan_ppmse: Text = None
