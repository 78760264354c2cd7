"""Planning: SiRUP plans (RUP) become planning releases; packages get a budget section.

A RUP (``RUP-PaketPenyedia-Terumumkan`` or ``RUP-PaketSwakelola-Terumumkan``) is its own planning
process. Its funding lines (``RUP-PaketAnggaran*``, N per ``kd_rup``) become
``planning.budget.budgetBreakdown`` (budget breakdown extension) and its locations
(``RUP-Paket*Lokasi``) become items with ``deliveryLocation`` (location extension) and
``deliveryAddress``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from ocds_regency.i18n import Message
from ocds_regency.mapping import codes
from ocds_regency.mapping._draft import Draft, Process, clean_mak, money, period
from ocds_regency.mapping._rows import Row
from ocds_regency.mapping.lookups import Classification
from ocds_regency.mapping.parties import satker_code
from ocds_regency.mapping.report import Reason

__all__ = [
    "BUDGET_YEAR_DATES",
    "RUP_BUDGET",
    "RUP_LOCATION",
    "RUP_ROOTS",
    "budget",
    "check_budget_year",
    "parse_volume",
    "rup_releases",
]

RUP_ROOTS = ("RUP-PaketPenyedia-Terumumkan", "RUP-PaketSwakelola-Terumumkan")
RUP_BUDGET = ("RUP-PaketAnggaranPenyedia", "RUP-PaketAnggaranSwakelola")
RUP_LOCATION = ("RUP-PaketPenyediaLokasi", "RUP-PaketSwakelolaLokasi")

_VOLUME = re.compile(r"(\d+(?:,\d+)?)\s*(.*)")


def parse_volume(text: str) -> tuple[Decimal, str | None] | None:
    """Split a SiRUP ``volume_pekerjaan`` ("12 Bulan", "7145M3", "1,5 Ton") into quantity and unit.

    Returns ``None`` for text that doesn't start with a plain number (a dotted "1.000" is ambiguous).
    """
    match = _VOLUME.fullmatch(text.strip())
    if match is None:
        return None
    number, unit = match.groups()
    unit = " ".join(unit.split())
    if unit.startswith("."):
        return None
    return Decimal(number.replace(",", ".")), (unit or None)


#: The dates that open a package (announcement or creation, start of the selection, order, start of a
#: recorded purchase), checked against its ``tahun_anggaran``; end dates are not (multi-year contracts,
#: carried-over work).
BUDGET_YEAR_DATES = (
    "tgl_pengumuman_paket",
    "tgl_pengumuman_tender",
    "tgl_pengumuman_nontender",
    "tgl_buat_paket",
    "tgl_awal_pemilihan",
    "tgl_order",
    "tgl_mulai_paket",
)


def check_budget_year(row: Row) -> None:
    """Report a ``tahun_anggaran`` that the package's opening dates contradict (the row is still used).

    A package of budget year N is announced, created and selected in year N, or in year N-1 (RUPs are
    announced and tenders may start before the budget is passed: *tender dini*); its contracts may run
    into later years. Each date of :data:`BUDGET_YEAR_DATES` present on the row must fall in year N-1
    or N (local time); the first that doesn't is reported as an ``inconsistent`` issue on
    ``tahun_anggaran``. A year that is not a whole number is reported as ``unparseable``.
    """
    if row.raw("tahun_anggaran")[1] is None:
        return
    year = row.integer("tahun_anggaran")
    if year is None:
        return
    for field in BUDGET_YEAR_DATES:
        date = row.date(field) if field in row.data else None
        if date is None or year - 1 <= int(date[:4]) <= year:
            continue
        row.issue(
            "tahun_anggaran",
            row.data.get("tahun_anggaran"),
            Reason.INCONSISTENT,
            Message("conversion.issue.budget-year", year=year, field=field, date=date[:10], previous=year - 1),
        )
        return


def budget(draft: Draft, row: Row, lines: list[Row] | None = None) -> dict[str, Any] | None:
    """The ``planning.budget`` of a package: pagu, source of funds and MAK, plus breakdown lines.

    The package's ``tahun_anggaran`` is checked against its dates (:func:`check_budget_year`).
    """
    check_budget_year(row)
    result: dict[str, Any] = {}
    funds: list[str] = []
    if text := row.text("sumber_dana"):
        funds.append(text)
    if mak := row.text("mak"):
        maks = clean_mak(mak)
        if len(maks) == 1:
            result["id"] = maks[0]
        elif maks:
            result["id"] = ";".join(maks)
    breakdown: list[dict[str, Any]] = []
    total = Decimal(0)
    seen_ids: set[str] = set()
    for number, line in enumerate(lines or (), start=1):
        draft.use(line)
        item: dict[str, Any] = {}
        line_maks = clean_mak(line.text("mak") or "")
        base = line_maks[0] if len(line_maks) == 1 else f"{draft.process.key}-{number}"
        item["id"] = base if base not in seen_ids else f"{base}-{number}"
        seen_ids.add(item["id"])
        fund = line.text("sumber_dana")
        if fund and fund not in funds:
            funds.append(fund)
        year = line.text("tahun_anggaran_dana", "tahun_anggaran")
        if fund:
            item["description"] = f"{fund} {year}" if year else fund
        amount = line.amount("pagu")
        if amount is not None:
            item["amount"] = money(amount)
            total += amount
        if source := line.text("asal_dana"):
            identifier: dict[str, Any] = {"scheme": "ID-LKPP-KLPD", "id": source}
            party: dict[str, Any] = {"id": f"KLPD-{source}"}
            if name := line.text("asal_dana_klpd"):
                party["name"] = name
                identifier["legalName"] = name
            party["identifier"] = identifier
            item["sourceParty"] = draft.parties.add(party, "funder")
        breakdown.append(item)
    classes = _classify(draft, row, clean_mak(mak) if mak else [])
    if funds or classes:
        result["description"] = "; ".join([*funds, *(f"{c.level} {c.code} {c.name}" for c in classes)])
    subs = {(c.code, c.name) for c in classes if c.level == "Sub Kegiatan"}
    if len(subs) == 1:
        ((result["projectID"], result["project"]),) = subs
    pagu = row.amount("pagu")
    if pagu is not None:
        result["amount"] = money(pagu)
        if breakdown and total != pagu:
            row.issue(
                "pagu",
                pagu,
                Reason.INCONSISTENT,
                Message("conversion.issue.pagu-differs", pagu=pagu, total=total),
            )
    elif breakdown:
        result["amount"] = money(total)
    if breakdown:
        result["budgetBreakdown"] = breakdown
    return result or None


def _region(draft: Draft, location: Row, master: str) -> str | None:
    """The name of a location's regency/city or province from the RUP region masters (by SiRUP code)."""
    field, name = ("kd_kab_kota", "nama_kabkota") if master == "RUP-MasterKabKota" else ("kd_provinsi", "nama_provinsi")
    found = draft.process.ctx.lookups.find(master, location.key(field))
    if found is None:
        return None
    draft.use(found)
    return found.text(name)


def _classify(draft: Draft, row: Row, maks: list[str]) -> list[Classification]:
    """The programme, activity and sub-activity each MAK cites, named by the RUP budget masters (once each)."""
    if not maks:
        return []
    process = draft.process
    satker = row.key("kd_satker") if row.dataset.startswith("RUP-") else None
    if satker is None and (code := satker_code(row)) is not None and (master := process.master.get(code)):
        satker = master.key("kd_satker")  # the masters number work units as SiRUP does
    found: list[Classification] = []
    for mak in maks:
        for classification, master_row in process.ctx.lookups.classify(mak, satker=satker):
            draft.use(master_row)
            if classification not in found:
                found.append(classification)
    return found


def _items(row: Row, locations: list[Row], draft: Draft) -> list[dict[str, Any]]:
    description = row.text("spesifikasi_pekerjaan", "urarian_pekerjaan", "uraian_pekerjaan", "nama_paket")
    base: dict[str, Any] = {}
    if description:
        base["description"] = description
    volume = row.text("volume_pekerjaan")
    quantity = parse_volume(volume) if volume else None
    if volume and quantity is None:
        row.issue(
            "volume_pekerjaan",
            volume,
            Reason.UNPARSEABLE,
            Message("conversion.issue.no-quantity", volume=repr(volume)),
        )
    items: list[dict[str, Any]] = []
    for number, location in enumerate(locations or [None], start=1):
        item: dict[str, Any] = {"id": str(number), **base}
        if len(locations) <= 1:
            if quantity is not None:
                item["quantity"] = quantity[0]
                if quantity[1]:
                    item["unit"] = {"name": quantity[1]}
            elif volume:
                item["unit"] = {"name": volume}
        if location is not None:
            draft.use(location)
            if detail := location.text("detail_lokasi"):
                item["deliveryLocation"] = {"description": detail}
            address = {
                k: v
                for k, v in (
                    ("locality", location.text("kab_kota") or _region(draft, location, "RUP-MasterKabKota")),
                    ("region", location.text("provinsi") or _region(draft, location, "RUP-MasterProvinsi")),
                )
                if v
            }
            if address:
                address["countryName"] = "Indonesia"
                item["deliveryAddress"] = address
        items.append(item)
    return items


def rup_releases(process: Process) -> list[dict[str, Any]]:
    """The planning release of a RUP."""
    row = process.first(*RUP_ROOTS)
    if row is None:
        return []
    draft = Draft(process, "planning", ["planning"])
    draft.use(row)
    draft.buyer(row)
    planning: dict[str, Any] = {}
    if plan_budget := budget(draft, row, process.get(*RUP_BUDGET)):
        planning["budget"] = plan_budget
    if rationale := row.text("urarian_pekerjaan", "uraian_pekerjaan"):
        planning["rationale"] = rationale
    if planning:
        draft.body["planning"] = planning
    tender: dict[str, Any] = {"id": process.key}
    if title := row.text("nama_paket"):
        tender["title"] = title
    deleted = row.flag("status_delete_rup") or row.flag("status_aktif_rup") is False
    tender["status"] = "withdrawn" if deleted else "planned"
    if row.dataset == "RUP-PaketSwakelola-Terumumkan":
        kind = row.text("tipe_swakelola")
        tender["procurementMethodDetails"] = f"Swakelola Tipe {kind}" if kind else "Swakelola"
    elif label := row.text("metode_pengadaan"):
        method, known = codes.procurement_method(label)
        if method:
            tender["procurementMethod"] = method
        elif not known:
            row.issue(
                "metode_pengadaan",
                label,
                Reason.UNPARSEABLE,
                Message("conversion.issue.unknown-method", label=repr(label)),
            )
        tender["procurementMethodDetails"] = label
    if category := row.text("jenis_pengadaan", "kd_jenis_pengadaan"):
        main, additional = codes.procurement_categories(category)
        if main:
            tender["mainProcurementCategory"] = main
        if additional:
            tender["additionalProcurementCategories"] = additional
        tender["mainProcurementCategoryDetails"] = row.text("jenis_pengadaan") or category
    tender["items"] = _items(row, process.get(*RUP_LOCATION), draft)
    if selection := period(row, "tgl_awal_pemilihan", "tgl_akhir_pemilihan"):
        tender["tenderPeriod"] = selection
    if contract := period(
        row,
        ("tgl_awal_kontrak", "tgl_awal_pelaksanaan_kontrak"),
        ("tgl_akhir_kontrak", "tgl_akhir_pelaksanaan_kontrak"),
    ):
        tender["contractPeriod"] = contract
    draft.body["tender"] = tender
    release = draft.finish(row.date("tgl_pengumuman_paket", "tgl_buat_paket"))
    return [release] if release else []
