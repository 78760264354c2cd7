"""Typed record of the e-Katalog e-purchasing dataset (Ecat-PaketEPurchasingV6).

``kd_paket`` is a ULID (``01K32QD12XPKKTQMJ6E33ADS47``); ``product_ids`` is a list (``,``-joined in the
source); ``kd_penyedia_sikap`` ``0`` means "not registered in SIKaP" and is kept as the code ``"0"``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from ocds_regency.isb._base import Amount, Codes, DateTime, Id, Int, IsbRecord, Mak, Number, SatkerStr, Text

__all__ = ["EcatPaketEPurchasingV6"]


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
    sumber_dana: Codes = ()
    mak: Mak = ()
    kd_penyedia_v6: Id = None
    kd_penyedia_sikap: Id = None
    jml_jenis_produk: Int = None
    jml_produk: Number = None
    ongkir: Amount = None
    total_harga: Amount = None
    tgl_order: DateTime = None
    status_pkt: Text = None
    status_pengiriman: Text = None
    jenis_katalog: Text = None
