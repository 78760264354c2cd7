"""The releases of each kind of process: SPSE tenders and non-tenders, pencatatan, swakelola, e-Katalog.

RUP plans are in :mod:`ocds_regency.mapping.planning`; each function here assembles the stage releases of
one process from the stage mappers (:mod:`~ocds_regency.mapping.tender`, :mod:`~ocds_regency.mapping.award`,
:mod:`~ocds_regency.mapping.contract`, :mod:`~ocds_regency.mapping.implementation`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ocds_regency.i18n import Message
from ocds_regency.isb._base import IsbRecord
from ocds_regency.isb.datasets import ProcessKind
from ocds_regency.isb.ecat import EcatPaketEPurchasingV6
from ocds_regency.isb.ekontrak import EkontrakBapBast, EkontrakKontrak, EkontrakSpmkSpp, EkontrakSppbj
from ocds_regency.isb.spse import (
    NonTenderPengumuman,
    NonTenderSelesai,
    PencatatanNonTender,
    PencatatanNonTenderRealisasi,
    PencatatanSwakelola,
    PencatatanSwakelolaRealisasi,
    PesertaTender,
    TenderPengumuman,
    TenderSelesai,
    TenderSelesaiNilai,
)
from ocds_regency.mapping._draft import Draft, Process, money, period, related_rups, unknown_label
from ocds_regency.mapping._rows import Row
from ocds_regency.mapping.award import award_status, awards, bids, extension_values, package_status, settled_status
from ocds_regency.mapping.catalogue import (
    bela_releases,
    catalogue_contracts,
    catalogue_items,
    catalogue_supplier_name,
)
from ocds_regency.mapping.codes import contract_status
from ocds_regency.mapping.contract import contracts
from ocds_regency.mapping.dates import past_dates, unmet_future_milestones
from ocds_regency.mapping.facts import opened
from ocds_regency.mapping.ids import row_digest
from ocds_regency.mapping.implementation import ekontrak_implementation, realisation_transactions
from ocds_regency.mapping.parties import SCHEME_SIKAP_PENYEDIA, reference, registered_party, supplier_fields
from ocds_regency.mapping.planning import budget, rup_releases
from ocds_regency.mapping.report import Reason
from ocds_regency.mapping.tender import package_title, schedule, tender_section

__all__ = ["releases"]


def releases(process: Process) -> Iterator[dict[str, Any]]:
    """The releases of one process, in stage order."""
    kind = process.kind
    if kind is ProcessKind.RUP:
        yield from rup_releases(process)
    elif kind.spse:
        yield from _spse_releases(process)
    elif kind in {ProcessKind.PENCATATAN, ProcessKind.SWAKELOLA}:
        yield from _pencatatan_releases(process)
    elif kind is ProcessKind.BELA:
        yield from bela_releases(process)
    else:
        yield from _ekatalog_releases(process)


def _spse_releases(process: Process) -> Iterator[dict[str, Any]]:
    s = process.kind.spse
    announcement, result = process.first(f"SPSE-{s}Pengumuman"), process.first(f"SPSE-{s}Selesai")
    root = announcement or result or _partial_root(process, f"SPSE-{s}Pengumuman")
    if root is None:  # pragma: no cover - a process always has a root row
        return
    values = process.get("SPSE-TenderSelesaiNilai")
    participants = process.get("SPSE-PesertaTender")
    sppbj = process.get(f"SPSE-{s}Ekontrak-1SPPBJ")
    kontrak = process.get(f"SPSE-{s}Ekontrak-2Kontrak")
    spmk = process.get(f"SPSE-{s}Ekontrak-3SPMKSPP")
    bast = process.get(f"SPSE-{s}Ekontrak-4BAPBAST")
    values = [r for r in values if supplier_fields(r) is not None]
    winners = [*values, *(r for r in participants if r.typed(PesertaTender).pemenang is True)]
    if result is not None and isinstance(result.record, NonTenderSelesai) and result.record.nama_penyedia:
        winners.insert(0, result)
    has_award = bool(winners or sppbj)

    draft = Draft(process, "tender", ["tender"])
    draft.use(root)
    buyer = draft.buyer(root)
    planning_budget = budget(draft, root)
    if planning_budget:
        draft.body["planning"] = {"budget": planning_budget}
    tender = tender_section(root, kind=process.kind, key=process.key)
    schedule(tender, process.get(f"SPSE-JadwalTahapan{s}"), draft)
    if not has_award:
        _add_bids(draft, tender, participants)
    draft.body["tender"] = tender
    related_rups(draft, [root, *(r for r in (result,) if r), *values])
    if versions := _versions(process, root):
        draft.body.setdefault("relatedProcesses", []).extend(versions)
    when = process.ctx.when
    announced = when(opened(root.record))
    if not process.partial or announced is not None:
        release = draft.finish(announced)
        if release:
            yield release

    if has_award or result is not None:
        draft = Draft(process, "award", ["award", "tenderUpdate"] if result is not None else ["award"])
        basis = result or root
        draft.use(result)
        draft.buyer(basis, officials=sppbj)
        tender = (
            {k: v for k, v in tender.items() if k != "milestones"} if not process.released else {"id": tender["id"]}
        )
        if result is not None:
            updated = tender_section(result, kind=process.kind, key=process.key)
            tender.update({k: updated[k] for k in ("status", "statusDetails", "value") if k in updated})
            if (mak_budget := budget(draft, result)) is not None:
                draft.body["planning"] = {"budget": mak_budget}
        _add_bids(draft, tender, participants)
        state = tender.get("status") or package_status(process)
        if (settled := settled_status(state, bool(sppbj or kontrak))) != state and settled is not None:
            tender["status"] = settled
        draft.body["tender"] = tender
        decided = None  # the winner determination; tgl_selesai_nontender (the close) only dates the release
        letters = [(row, row.typed(EkontrakSppbj).tgl_sppbj) for row in sppbj]
        determinations = [(row, _determination(row.record)) for row in [*(r for r in (result,) if r), *values]]
        for _, day in determinations:
            decided = decided or when(day)
        ctx = process.ctx
        for row, day in letters:
            row.future("tgl_sppbj", day)
        for row, day in determinations:
            row.future("tgl_penetapan_pemenang", day)
        # The award date is the letter of award's (SPPBJ); without one, the winner determination's.
        awarded = min(past_dates(ctx, (when(day) for _, day in letters)), default=None) or decided
        closing = _closing(process, result, tender)
        found = awards(draft, winners, sppbj, awarded)
        if found:
            draft.body["awards"] = found
            process.awards.update(award["id"] for award in found)
        if result is not None and tender.get("status") == "complete" and not any("value" in a for a in found):
            result.issue(
                "nilai_kontrak",
                None,
                Reason.INCONSISTENT,
                Message("conversion.issue.no-award-value"),
            )
        # The award is made by the letter of award (SPPBJ): its date (else the winner determination's) dates
        # the award release; the close of a finished non-tender only when neither is known.
        date = awarded or closing
        release = draft.finish(date)
        if release:
            yield release

    if kontrak:
        draft = Draft(process, "contract", ["contract"])
        draft.buyer(kontrak[0], officials=kontrak)
        found_contracts = contracts(draft, kontrak)
        _imply_awards(draft, found_contracts)
        draft.body["contracts"] = found_contracts
        signatures = [(row, row.typed(EkontrakKontrak).tgl_kontrak) for row in kontrak]
        for row, day in signatures:
            row.future("tgl_kontrak", day)
        signed = min((d for _, day in signatures if (d := when(day))), default=None)
        release = draft.finish(signed)
        if release:
            yield release

    if spmk or bast:
        draft = Draft(process, "implementation", ["implementation"])
        buyer = draft.buyer((spmk or bast)[0], officials=[*spmk, *bast])
        found_contracts = ekontrak_implementation(draft, spmk, bast, buyer)
        if any("period" in c for c in found_contracts):
            draft.tags.append("contractUpdate")
        _imply_awards(draft, found_contracts)
        notices = [(row, row.typed(EkontrakSpmkSpp)) for row in spmk]
        reports = [(row, row.typed(EkontrakBapBast)) for row in bast]
        for row, notice in notices:
            row.future("tgl_spmk_spp", notice.tgl_spmk_spp)
        for row, report in reports:
            row.future("tgl_bast", report.tgl_bast)
        for row, report in reports:
            row.future("tgl_bap", report.tgl_bap)
        unmet_future_milestones(process.ctx, found_contracts)
        draft.body["contracts"] = found_contracts
        dates = [when(n.tgl_spmk_spp) for _, n in notices] + [when(r.tgl_bap or r.tgl_bast) for _, r in reports]
        release = draft.finish(max(past_dates(process.ctx, dates), default=None))
        if release:
            yield release


_PARTIAL_ORDER = ("SelesaiNilai", "1SPPBJ", "2Kontrak", "3SPMKSPP", "4BAPBAST", "Realisasi")


def _versions(process: Process, root: Row) -> list[dict[str, Any]]:
    """Link a re-tender and the failed package it replaces (same DCE package code, another version).

    SPSE repeats a failed selection as a new package (new ``kd_tender``, ``versi_tender`` + 1) that keeps the
    ``kd_pkt_dce`` of the first: an earlier version is the ``unsuccessfulProcess`` this one replaces, a later
    one its ``replacementProcess``; both are linked by ocid when they are in the input. A re-tender whose earlier
    version is not in the input still says that it replaces one (no ocid: its package code is unknown).
    """
    announcement = root.record
    if root.dataset != f"SPSE-{process.kind.spse}Pengumuman" or not isinstance(
        announcement, TenderPengumuman | NonTenderPengumuman
    ):
        return []
    if (dce := announcement.kd_pkt_dce) is None:
        return []
    siblings = sorted(process.ctx.versions.get((process.kind, dce), ()))
    mine = next((entry for entry in siblings if entry[2] == process.key), None)
    if mine is None:  # pragma: no cover - every announced package is registered
        return []
    links = []
    if mine[0] > 1 and not any(entry < mine for entry in siblings):
        # A re-tender whose failed package is not in the input: the version says one existed.
        links.append({
            "id": f"{process.kind}-dce-{dce}-versi-{mine[0] - 1}",
            "relationship": ["unsuccessfulProcess"],
            "title": f"Paket gagal sebelumnya (versi {mine[0] - 1}, kode paket DCE {dce}; tidak ada dalam data ini)",
        })  # fmt: skip
    for entry in siblings:
        version, _, key, ocid = entry
        if key == process.key:
            continue
        earlier = entry < mine
        links.append({
            "id": f"{process.kind}-{key}",
            "relationship": ["unsuccessfulProcess" if earlier else "replacementProcess"],
            "title": f"{'Paket gagal' if earlier else 'Pengulangan'} {key} (versi {version})",
            "scheme": "ocid",
            "identifier": ocid,
        })  # fmt: skip
    return links


def _partial_rank(dataset: str) -> int:
    return next((i for i, suffix in enumerate(_PARTIAL_ORDER) if dataset.endswith(suffix)), len(_PARTIAL_ORDER))


def _partial_root(process: Process, announcement: str) -> Row | None:
    """The first row of a process whose announcement is missing (a partial process), flagged as such."""
    rows = process.all_rows()
    if not rows:  # pragma: no cover - a process always has a row
        return None
    # The richest result first (the values of a tender name its dates and HPS), then the e-Kontrak chain.
    first = min(rows, key=lambda r: (_partial_rank(r.dataset), r.index))
    field = next(iter(first.data), "")
    for name in ("kd_tender", "kd_nontender", "kd_nontender_pct", "kd_swakelola_pct"):
        if name in first.data:
            field = name
            break
    first.issue(
        field,
        process.key,
        Reason.PARTIAL,
        Message("conversion.issue.partial", announcement=announcement),
    )
    return first


def _closing(process: Process, result: Row | None, tender: dict[str, Any]) -> str | None:
    """The close of a non-tender selection (``tgl_selesai_nontender``) when it may date the award release.

    The close of a selection still running (or dated after the extraction) is only scheduled: it becomes the
    ``tenderPeriod`` (from the announcement) unless the schedule gave one, and dates nothing.
    """
    if result is None or not isinstance(record := result.record, NonTenderSelesai):
        return None
    when = process.ctx.when
    if (closing := when(record.tgl_selesai_nontender)) is None:
        return None
    extracted = process.ctx.extracted
    if tender.get("status") != "active" and (extracted is None or closing <= extracted):
        return closing
    if process.kind is ProcessKind.NONTENDER and not process.get("SPSE-JadwalTahapanNonTender"):
        selection = {"endDate": closing}
        if start := when(record.tgl_pengumuman_nontender):
            selection = {"startDate": start, "endDate": closing}
        tender["tenderPeriod"] = selection
    return None


def _imply_awards(draft: Draft, found: list[dict[str, Any]]) -> None:
    """State the award of contracts whose award no earlier release published (no result, winner or SPPBJ).

    The contract's supplier was awarded it, so ``awardID`` must point at an award in the process.
    """
    process = draft.process
    suppliers = {f"{process.key}-{party['id']}": party for party in draft.parties.as_list()}
    implied = []
    for contract in found:
        award_id = contract["awardID"]
        if award_id in process.awards:
            continue
        award: dict[str, Any] = {"id": award_id, "status": award_status(package_status(process))}
        if (party := suppliers.get(award_id)) is not None:
            award["suppliers"] = [reference(party)]
        implied.append(award)
        process.awards.add(award_id)
    if implied:
        draft.body["awards"] = implied
        draft.tags.insert(0, "award")


def _add_bids(draft: Draft, tender: dict[str, Any], participants: list[Row]) -> None:
    section, tenderers = bids(draft, participants)
    if section is not None:
        draft.body["bids"] = section
    if tenderers:
        tender["tenderers"] = tenderers
        tender["numberOfTenderers"] = len(tenderers)


def _pencatatan_releases(process: Process) -> Iterator[dict[str, Any]]:
    swakelola = process.kind is ProcessKind.SWAKELOLA
    root_name = "SPSE-PencatatanSwakelola" if swakelola else "SPSE-PencatatanNonTender"
    root = process.first(root_name) or _partial_root(process, root_name)
    if root is None:  # pragma: no cover - a process always has a root row
        return
    realisation = _per_rup_copies(process.get(f"{root_name}Realisasi"))
    record = root.record
    package = record if isinstance(record, PencatatanNonTender | PencatatanSwakelola) else None
    total = None if package is None else package.total_realisasi
    when = process.ctx.when
    draft = Draft(process, "tender", ["tender"])
    draft.use(root)
    buyer = draft.buyer(root)
    if planning_budget := budget(draft, root):
        draft.body["planning"] = {"budget": planning_budget}
    tender = tender_section(root, kind=process.kind, key=process.key)
    state = tender.get("status")
    # A recorded purchase with payments is no longer being selected: its tender is complete, the package's
    # own status ("Sedang Berjalan") stays the contract's.
    recorded = bool(realisation) or total is not None
    if (settled := settled_status(state, recorded)) is not None:
        tender["status"] = settled
    draft.body["tender"] = tender
    related_rups(draft, [root, *realisation])
    made = when(opened(record))
    if not process.partial or made is not None:  # a partial process has no announcement to date
        release = draft.finish(made)
        if release:
            yield release

    if not realisation and total is None:
        return
    draft = Draft(process, "implementation", ["award", "contract", "implementation"])
    draft.use(root)
    buyer = draft.buyer(root)
    if process.partial:
        related_rups(draft, [root, *realisation])
    personal = isinstance(package, PencatatanSwakelola) and package.tipe_swakelola == 1
    transactions, documents, suppliers = realisation_transactions(draft, realisation, buyer, personal_payees=personal)
    award: dict[str, Any] = {"id": process.key, "status": award_status(tender.get("status"))}
    if title := package_title(record):
        award["title"] = title
    if total is not None:
        award["value"] = money(total)
    if suppliers:
        award["suppliers"] = suppliers
    draft.body["awards"] = [award]
    contract: dict[str, Any] = {"id": process.key, "awardID": process.key}
    if title:
        contract["title"] = title
    status = {"complete": "terminated", "active": "active", "cancelled": "cancelled"}.get(state or "")
    if status:
        contract["status"] = status
    if package is not None and (
        work := period(root, package.tgl_mulai_paket, package.tgl_selesai_paket, "tgl_selesai_paket")
    ):
        contract["period"] = work
    if total is not None:
        contract["value"] = money(total)
    extension_values(root.record, contract)
    implementation: dict[str, Any] = {}
    if transactions:
        implementation["transactions"] = transactions
    if documents:
        implementation["documents"] = documents
    if implementation:
        contract["implementation"] = implementation
    draft.body["contracts"] = [contract]
    # A realisation dated after the extraction is flagged; neither it nor the planned end dates the release.
    payments = [(row, row.record) for row in realisation]
    paid_on = [(row, r.tgl_realisasi) for row, r in payments if isinstance(r, Realisation)]
    for row, day in paid_on:
        row.future("tgl_realisasi", day)
    ctx = process.ctx
    paid = max(past_dates(ctx, (when(day) for _, day in paid_on)), default=None)
    ends = (None, None) if package is None else (package.tgl_selesai_paket, package.tgl_mulai_paket)
    planned = past_dates(ctx, (when(ends[0]), when(ends[1])))
    release = draft.finish(paid or (planned[0] if planned else None))
    if release:
        yield release


Realisation = PencatatanNonTenderRealisasi | PencatatanSwakelolaRealisasi


def _realisation(row: Row) -> Realisation:
    record = row.record
    if not isinstance(record, Realisation):
        raise TypeError(f"{row.dataset} row is not a realisation")  # pragma: no cover - the registry's
    return record


def _determination(record: IsbRecord) -> str | None:
    """When the winner was determined (``tgl_penetapan_pemenang`` of a tender's result or values)."""
    return record.tgl_penetapan_pemenang if isinstance(record, TenderSelesai | TenderSelesaiNilai) else None


def _per_rup_copies(rows: list[Row]) -> list[Row]:
    """Drop the copies of a realisation row that SPSE repeats for each RUP of a multi-RUP package."""
    kept: dict[bytes, Row] = {}
    for row in rows:
        digest = row_digest({k: v for k, v in row.data.items() if k not in {"kd_rup", "kd_rup_paket"}})
        first = kept.get(digest)
        if first is None:
            kept[digest] = row
        else:
            row.drop(
                Reason.DUPLICATE,
                Message(
                    "conversion.reject.repeated-realisation",
                    position=first.position,
                    rup=";".join(_realisation(row).kd_rup) or None,
                ),
            )
    return list(kept.values())


def _ekatalog_releases(process: Process) -> Iterator[dict[str, Any]]:
    row = process.first("Ecat-PaketEPurchasingV6")
    if row is None:  # pragma: no cover - a process always has a root row
        return
    order = row.typed(EcatPaketEPurchasingV6)
    draft = Draft(process, "purchase", ["tender", "award", "contract"])
    draft.use(row)
    draft.buyer(row)
    if planning_budget := budget(draft, row):
        draft.body["planning"] = {"budget": planning_budget}
    ordered = process.ctx.when(order.tgl_order)
    tender: dict[str, Any] = {"id": process.key}
    if title := order.rup_nama_pkt:
        tender["title"] = title
    tender["status"] = "complete"
    tender["procurementMethod"] = "direct"
    tender["procurementMethodDetails"] = "E-Purchasing"
    if items := catalogue_items(draft, order):
        tender["items"] = items
    draft.body["tender"] = tender
    award: dict[str, Any] = {"id": process.key, "status": "active"}
    if title:
        award["title"] = title
    if ordered:
        award["date"] = ordered
    total = order.total_harga
    if total is not None:
        award["value"] = money(total)
    sikap, v6 = order.kd_penyedia_sikap, order.kd_penyedia_v6
    if sikap or v6:
        name = catalogue_supplier_name(draft, sikap)  # None without a SIKaP code
        party: dict[str, Any] = (
            registered_party(f"{SCHEME_SIKAP_PENYEDIA}-{sikap}", name, SCHEME_SIKAP_PENYEDIA, sikap)
            if sikap
            else {"id": f"EKATALOG-{v6}"}
        )
        if v6:
            party["additionalIdentifiers"] = [{"scheme": "ID-LKPP-EKATALOG-PENYEDIA", "id": v6}]
        award["suppliers"] = [draft.parties.add(party, "supplier")]
    draft.body["awards"] = [award]
    contract: dict[str, Any] = {"id": process.key, "awardID": process.key}
    if title:
        contract["title"] = title
    if label := order.status_pkt:
        if status := contract_status(label):
            contract["status"] = status
        else:
            unknown_label(row, "status_pkt", label, "conversion.issue.unknown-package-status")
        delivery = order.status_pengiriman
        contract["statusDetails"] = f"{label}; pengiriman {delivery}" if delivery else label
    if total is not None:
        contract["value"] = money(total)
    if ordered:
        contract["dateSigned"] = ordered
    draft.body["contracts"] = [contract]
    related_rups(draft, [row])
    if frameworks := catalogue_contracts(draft, order):
        draft.body.setdefault("relatedProcesses", []).extend(frameworks)
    row.future("tgl_order", order.tgl_order)
    release = draft.finish(ordered)
    if release:
        yield release
