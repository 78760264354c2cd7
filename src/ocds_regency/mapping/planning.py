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
from ocds_regency.isb.rup import (
    RupMasterKabKota,
    RupMasterProvinsi,
    RupMasterSatker,
    RupPaketAnggaran,
    RupPaketLokasi,
    RupPaketPenyedia,
    RupPaketSwakelola,
)
from ocds_regency.mapping import codes
from ocds_regency.mapping._draft import Draft, Process, period
from ocds_regency.mapping._draft import money as _money
from ocds_regency.mapping._rows import Row
from ocds_regency.mapping.facts import Funding, funding
from ocds_regency.mapping.lookups import Classification
from ocds_regency.mapping.parties import klpd, satker_code
from ocds_regency.mapping.report import Reason
from ocds_regency.mapping.tender import procurement_method

__all__ = [
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


def check_budget_year(row: Row, money: Funding) -> None:
    """Report a ``tahun_anggaran`` that the package's opening dates contradict (the row is still used).

    A package of budget year N is announced, created and selected in year N, or in year N-1 (RUPs are
    announced and tenders may start before the budget is passed: *tender dini*); its contracts may run
    into later years. Each opening date (:attr:`Funding.opening`) present on the row must fall in year N-1
    or N (local time); the first that doesn't is reported as an ``inconsistent`` issue on
    ``tahun_anggaran``. A year that is not a whole number is the reader's ``unparseable`` issue.
    """
    year = money.year
    if year is None:
        return
    for field, date in money.opening:
        if date is None or year - 1 <= int(date[:4]) <= year:
            continue
        row.problem(
            "tahun_anggaran",
            Reason.INCONSISTENT,
            Message("conversion.issue.budget-year", year=year, field=field, date=date[:10], previous=year - 1),
        )
        return


def budget(draft: Draft, row: Row, lines: list[Row] | None = None) -> dict[str, Any] | None:
    """The ``planning.budget`` of a package: pagu, source of funds and MAK, plus breakdown lines.

    The package's ``tahun_anggaran`` is checked against its dates (:func:`check_budget_year`).
    """
    money = funding(row.record)
    check_budget_year(row, money)
    result: dict[str, Any] = {}
    funds: list[str] = []
    if money.funds:
        funds.append(money.funds)
    maks = list(money.maks)
    if len(maks) == 1:
        result["id"] = maks[0]
    elif maks:
        result["id"] = ";".join(maks)
    breakdown: list[dict[str, Any]] = []
    total = Decimal(0)
    seen_ids: set[str] = set()
    for number, line_row in enumerate(lines or (), start=1):
        draft.use(line_row)
        line = line_row.typed(RupPaketAnggaran)
        item: dict[str, Any] = {}
        base = line.mak[0] if len(line.mak) == 1 else f"{draft.process.key}-{number}"
        item["id"] = base if base not in seen_ids else f"{base}-{number}"
        seen_ids.add(item["id"])
        fund = line.sumber_dana
        if fund and fund not in funds:
            funds.append(fund)
        year = line.tahun_anggaran_dana if line.tahun_anggaran_dana is not None else line.tahun_anggaran
        if fund:
            item["description"] = f"{fund} {year}" if year is not None else fund
        if line.pagu is not None:
            item["amount"] = _money(line.pagu)
            total += line.pagu
        if source := line.asal_dana:
            item["sourceParty"] = draft.parties.add(klpd(source, line.asal_dana_klpd), "funder")
        breakdown.append(item)
    classes = _classify(draft, row, maks, money.satker)
    if funds or classes:
        result["description"] = "; ".join([*funds, *(f"{c.level} {c.code} {c.name}" for c in classes)])
    subs = {(c.code, c.name) for c in classes if c.level == "Sub Kegiatan"}
    if len(subs) == 1:
        ((result["projectID"], result["project"]),) = subs
    pagu = money.pagu
    if pagu is not None:
        result["amount"] = _money(pagu)
        if breakdown and total != pagu:
            row.issue(
                "pagu",
                pagu,
                Reason.INCONSISTENT,
                Message("conversion.issue.pagu-differs", pagu=pagu, total=total),
            )
    elif breakdown:
        result["amount"] = _money(total)
    if breakdown:
        result["budgetBreakdown"] = breakdown
    return result or None


def _region(draft: Draft, location: RupPaketLokasi, master: type[RupMasterKabKota | RupMasterProvinsi]) -> str | None:
    """The name of a location's regency/city or province from the RUP region masters (by SiRUP code)."""
    lookups = draft.process.ctx.lookups
    if master is RupMasterKabKota:
        found = lookups.find("RUP-MasterKabKota", location.kd_kab_kota)
        if found is None:
            return None
        draft.use(found)
        return found.typed(RupMasterKabKota).nama_kabkota
    found = lookups.find("RUP-MasterProvinsi", location.kd_provinsi)
    if found is None:
        return None
    draft.use(found)
    return found.typed(RupMasterProvinsi).nama_provinsi


def _classify(draft: Draft, row: Row, maks: list[str], satker: str | None) -> list[Classification]:
    """The programme, activity and sub-activity each MAK cites, named by the RUP budget masters (once each)."""
    if not maks:
        return []
    process = draft.process
    if satker is None and (code := satker_code(row)) is not None and (master := process.master.get(code)):
        satker = master.typed(RupMasterSatker).kd_satker  # the masters number work units as SiRUP does
    found: list[Classification] = []
    for mak in maks:
        for classification, master_row in process.ctx.lookups.classify(mak, satker=satker):
            draft.use(master_row)
            if classification not in found:
                found.append(classification)
    return found


def _items(
    row: Row, plan: RupPaketPenyedia | RupPaketSwakelola, locations: list[Row], draft: Draft
) -> list[dict[str, Any]]:
    specification = plan.spesifikasi_pekerjaan if isinstance(plan, RupPaketPenyedia) else None
    description = specification or plan.uraian_pekerjaan or plan.nama_paket
    base: dict[str, Any] = {}
    if description:
        base["description"] = description
    volume = plan.volume_pekerjaan
    quantity = parse_volume(volume) if volume else None
    if volume and quantity is None:
        row.issue(
            "volume_pekerjaan",
            volume,
            Reason.UNPARSEABLE,
            Message("conversion.issue.no-quantity", volume=repr(volume)),
        )
    items: list[dict[str, Any]] = []
    for number, location_row in enumerate(locations or [None], start=1):
        item: dict[str, Any] = {"id": str(number), **base}
        if len(locations) <= 1:
            if quantity is not None:
                item["quantity"] = quantity[0]
                if quantity[1]:
                    item["unit"] = {"name": quantity[1]}
            elif volume:
                item["unit"] = {"name": volume}
        if location_row is not None:
            draft.use(location_row)
            location = location_row.typed(RupPaketLokasi)
            if detail := location.detail_lokasi:
                item["deliveryLocation"] = {"description": detail}
            address = {
                k: v
                for k, v in (
                    ("locality", location.kab_kota or _region(draft, location, RupMasterKabKota)),
                    ("region", location.provinsi or _region(draft, location, RupMasterProvinsi)),
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
    plan = row.record
    if not isinstance(plan, RupPaketPenyedia | RupPaketSwakelola):
        raise TypeError(f"{row.dataset} row is not a RUP")  # pragma: no cover - the registry files RUP roots here
    draft = Draft(process, "planning", ["planning"])
    draft.use(row)
    draft.buyer(row)
    planning: dict[str, Any] = {}
    if plan_budget := budget(draft, row, process.get(*RUP_BUDGET)):
        planning["budget"] = plan_budget
    if rationale := plan.uraian_pekerjaan:
        planning["rationale"] = rationale
    if planning:
        draft.body["planning"] = planning
    tender: dict[str, Any] = {"id": process.key}
    if title := plan.nama_paket:
        tender["title"] = title
    deleted = plan.status_delete_rup or plan.status_aktif_rup is False
    tender["status"] = "withdrawn" if deleted else "planned"
    if isinstance(plan, RupPaketSwakelola):
        kind = plan.tipe_swakelola
        tender["procurementMethodDetails"] = f"Swakelola Tipe {kind}" if kind is not None else "Swakelola"
    else:
        _method_and_category(row, plan, tender)
    tender["items"] = _items(row, plan, process.get(*RUP_LOCATION), draft)
    when = process.ctx.when
    if isinstance(plan, RupPaketPenyedia):
        selection = period(row, plan.tgl_awal_pemilihan, plan.tgl_akhir_pemilihan, "tgl_akhir_pemilihan")
        work = period(row, plan.tgl_awal_kontrak, plan.tgl_akhir_kontrak, "tgl_akhir_kontrak")
    else:
        selection = None
        work = period(
            row, plan.tgl_awal_pelaksanaan_kontrak, plan.tgl_akhir_pelaksanaan_kontrak, "tgl_akhir_pelaksanaan_kontrak"
        )
    if selection:
        tender["tenderPeriod"] = selection
    if work:
        tender["contractPeriod"] = work
    draft.body["tender"] = tender
    release = draft.finish(when(plan.tgl_pengumuman_paket or plan.tgl_buat_paket))
    return [release] if release else []


def _method_and_category(row: Row, plan: RupPaketPenyedia, tender: dict[str, Any]) -> None:
    """The procurement method and categories of a plan bought from suppliers."""
    if label := plan.metode_pengadaan:
        procurement_method(row, "metode_pengadaan", label, tender)
    if category := plan.jenis_pengadaan or plan.kd_jenis_pengadaan:
        main, additional = codes.procurement_categories(category)
        if main:
            tender["mainProcurementCategory"] = main
        if additional:
            tender["additionalProcurementCategories"] = additional
        tender["mainProcurementCategoryDetails"] = plan.jenis_pengadaan or category
