"""Catalogue purchases: e-Katalog orders enriched by the catalogue's details, and Bela Toko Daring orders.

e-Katalog (``Ecat-PaketEPurchasingV6``, the order itself, is mapped in
:mod:`~ocds_regency.mapping.packages`):

- each product of ``product_ids`` is an item; the product (``Ecat-ProdukDetail``, by ``kd_produk``) names
  it (``nama_produk``, the manufacturer) and gives its unit (``unit_pengukuran``). An order of one product
  gives the item's quantity (``jml_produk``) and unit price (``total_harga`` less shipping, divided by the
  quantity) when the division is exact to the sen; several products share the order's total, so their
  quantities and prices are not known and are left out. Shipping (``ongkir``) is an item of its own;
- the catalogue contract of a product (``no_kontrak``: the framework agreement between LKPP and the
  supplier) is a ``relatedProcesses`` entry with the relationship ``framework``;
- the supplier is named by ``Ecat-PenyediaDetail`` (by ``kode_penyedia_sikap``) when the order gives only
  codes.

Bela Toko Daring (``Bela-TokoDaringRealisasi``): each order (``order_id``) is a process of its own, one
``purchase`` release (tender, award, contract) dated by ``tanggal_transaksi``, valued by ``valuasi``. The
buyer's work unit is found by its number in ``Ecat-InstansiSatker``. An order the marketplace reports as
failed (``status_konfirmasi_ppmse`` "gagal", e.g. "Payment Kadaluarsa", "RFQ Dibatalkan Pembeli") was
never paid: it is an ``unsuccessful`` tender with the order's value and no award or contract, so its money is
in no award or contract total. ``nama_pemesan`` (the official who ordered) is
personal data (``official_names``).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from ocds_regency.isb.bela import BelaTokoDaringRealisasi
from ocds_regency.isb.ecat import EcatPaketEPurchasingV6, EcatPenyediaDetail, EcatProdukDetail
from ocds_regency.mapping._draft import Draft, Process, money
from ocds_regency.mapping._rows import Row
from ocds_regency.mapping.codes import normalise_label
from ocds_regency.mapping.parties import identify_supplier

__all__ = ["bela_releases", "catalogue_contracts", "catalogue_items", "catalogue_supplier_name"]

_SEN = Decimal("0.01")


def _products(draft: Draft, order: EcatPaketEPurchasingV6) -> list[tuple[str, Row | None]]:
    """The products of an order, with their catalogue details when the input has them."""
    lookups = draft.process.ctx.lookups
    found: list[tuple[str, Row | None]] = []
    for pid in order.product_ids:
        product = lookups.find("Ecat-ProdukDetail", pid)
        found.append((pid, product))
    return found


def catalogue_items(draft: Draft, order: EcatPaketEPurchasingV6) -> list[dict[str, Any]]:
    """The items of an e-Katalog order: its products (named by Ecat-ProdukDetail) and its shipping.

    ``ongkir`` is shipping: zero is "no shipping charged" (its field kind keeps zeros), not an unknown amount.
    """
    products = _products(draft, order)
    items: list[dict[str, Any]] = []
    shipping = order.ongkir
    for pid, product_row in products:
        item: dict[str, Any] = {"id": pid}
        if product_row is not None:
            draft.use(product_row)
            product = product_row.typed(EcatProdukDetail)
            name, maker = product.nama_produk, product.nama_manufaktur
            if name:
                item["description"] = f"{name} ({maker})" if maker else name
            if unit := product.unit_pengukuran:
                item["unit"] = {"name": unit}
        items.append(item)
    if len(items) == 1:
        quantity, total = order.jml_produk, order.total_harga
        if quantity is not None and quantity > 0:
            items[0]["quantity"] = quantity
            goods = None if total is None else total - (shipping or 0)
            if goods is not None and goods > 0:
                price = (goods / quantity).quantize(_SEN)
                if price * quantity == goods:
                    items[0].setdefault("unit", {})["value"] = money(price)
    if shipping:
        items.append({"id": "ongkir", "description": "Ongkos kirim", "quantity": 1,
                      "unit": {"name": "pengiriman", "value": money(shipping)}})  # fmt: skip
    return items


def catalogue_contracts(draft: Draft, order: EcatPaketEPurchasingV6) -> list[dict[str, Any]]:
    """The catalogue contracts (framework agreements) of an order's products, as ``relatedProcesses``."""
    found: dict[str, dict[str, Any]] = {}
    for _, product_row in _products(draft, order):
        product = None if product_row is None else product_row.typed(EcatProdukDetail)
        if product is None or (number := product.no_kontrak) is None or number in found:
            continue
        title = f"Kontrak katalog {number}"
        if commodity := product.nama_komoditas:
            title += f" ({commodity})"
        found[number] = {"id": f"katalog-{number}", "relationship": ["framework"], "title": title}
    return list(found.values())


def catalogue_supplier_name(draft: Draft, sikap: str | None) -> str | None:
    """The name of a catalogue supplier from Ecat-PenyediaDetail (by its SIKaP code), if the input has it."""
    supplier = draft.process.ctx.lookups.find("Ecat-PenyediaDetail", sikap)
    if supplier is None:
        return None
    draft.use(supplier)
    return supplier.typed(EcatPenyediaDetail).nama_penyedia


def bela_releases(process: Process) -> Iterator[dict[str, Any]]:
    """The one release of a Bela Toko Daring order."""
    row = process.first("Bela-TokoDaringRealisasi")
    if row is None:  # pragma: no cover - a process always has a root row
        return
    order = row.typed(BelaTokoDaringRealisasi)
    failed = normalise_label(order.status_konfirmasi_ppmse or "") == "gagal"
    draft = Draft(process, "purchase", ["tender"] if failed else ["tender", "award", "contract"])
    draft.use(row)
    unit = process.ctx.lookups.find("Ecat-InstansiSatker", order.kd_satker)
    if unit is not None:
        draft.use(unit)
        draft.buyer(unit)
    row.withhold("official_names", "nama_pemesan")
    details = "; ".join(t for t in (order.status_konfirmasi_ppmse, order.keterangan_ppmse) if t)
    key = process.key
    title = order.order_desc or f"Pesanan Toko Daring {key}"
    tender: dict[str, Any] = {"id": key, "title": title, "status": "unsuccessful" if failed else "complete"}
    if details:
        tender["statusDetails"] = details
    tender["procurementMethod"] = "direct"
    market = order.marketplace
    tender["procurementMethodDetails"] = f"Toko Daring ({market})" if market else "Toko Daring"
    item: dict[str, Any] = {"id": "1", "description": order.kategori or title}
    address = {k: v for k, v in (("locality", order.kota_kab), ("region", order.provinsi)) if v}
    if address:
        item["deliveryAddress"] = {**address, "countryName": "Indonesia"}
    tender["items"] = [item]
    draft.body["tender"] = tender
    ordered = process.ctx.when(order.tanggal_transaksi)
    value = money(order.valuasi)
    row.future("tanggal_transaksi", order.tanggal_transaksi)
    if failed:
        if value:
            tender["value"] = value
        release = draft.finish(ordered)
        if release:
            yield release
        return
    award: dict[str, Any] = {"id": key, "title": title, "status": "active"}
    if ordered:
        award["date"] = ordered
    if value:
        award["value"] = value
    merchant = identify_supplier(row)
    if merchant is not None:
        award["suppliers"] = [draft.supplier(row, merchant, "supplier")]
    draft.body["awards"] = [award]
    contract: dict[str, Any] = {"id": key, "awardID": key, "title": title}
    if details:
        contract["statusDetails"] = details
    if value:
        contract["value"] = value
    if ordered:
        contract["dateSigned"] = ordered
    draft.body["contracts"] = [contract]
    release = draft.finish(ordered)
    if release:
        yield release
