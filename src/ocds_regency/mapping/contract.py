"""Contract: the e-Kontrak chain's contract rows (``*Ekontrak-2Kontrak``), with addenda as amendments.

Rows of one letter of award (``no_sppbj``) are versions of one contract (``versi_addendum`` 0, 1, ...),
even when an addendum gives the contract a new number: the first version's number is the contract id,
the highest version gives the current values, and every version above 0 is an ``amendments`` entry with
its date, rationale (``alasan_addendum``) and what changed (value, period, number).
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from ocds_regency.i18n import Message
from ocds_regency.isb.ekontrak import EkontrakKontrak, EkontrakSppbj
from ocds_regency.mapping import codes
from ocds_regency.mapping._draft import Draft, money, unknown_label
from ocds_regency.mapping._rows import Context, Row
from ocds_regency.mapping.award import award_id, extension_values, package_status
from ocds_regency.mapping.facts import funding
from ocds_regency.mapping.parties import supplier_fields
from ocds_regency.mapping.report import Reason

__all__ = ["amendment", "contracts"]


def contract_status(row: Row, record: EkontrakKontrak) -> tuple[str | None, str | None]:
    """``(status code, raw label)`` of a contract row."""
    label = record.status_kontrak
    if label is None:
        return None, None
    status = codes.contract_status(label)
    if status is None:
        unknown_label(row, "status_kontrak", label, "conversion.issue.unknown-contract-status")
    return status, label


def contracts(draft: Draft, rows: list[Row]) -> list[dict[str, Any]]:
    """Contracts from e-Kontrak contract rows; fills ``process.award_ids`` and ``process.contract_ids``.

    The rows of one letter of award (``no_sppbj``) are one contract, however many contract numbers its
    addenda gave it: the first version's number is the contract's id, the newest version gives the current
    values, and each version above 0 is an amendment (:func:`amendment`). In a failed or cancelled package
    the contract is ``cancelled``.
    """
    process = draft.process
    when = process.ctx.when
    chains: dict[str, list[tuple[Row, EkontrakKontrak]]] = {}
    for row in rows:
        record = row.typed(EkontrakKontrak)
        letter = record.no_sppbj or record.no_kontrak or process.key
        chains.setdefault(letter, []).append((row, record))
    state = package_status(process)
    result: list[dict[str, Any]] = []
    pagu_hps = None
    for chain in chains.values():
        versions = sorted(chain, key=lambda pair: (pair[1].versi_addendum or 0, pair[0].index))
        draft.use(*(row for row, _ in versions))
        (_, first), (current_row, current) = versions[0], versions[-1]
        number = first.no_kontrak or process.key
        contract: dict[str, Any] = {"id": number}
        supplier = next((s for v, _ in reversed(versions) if (s := supplier_fields(v)) is not None), None)
        award = _award_of(draft, current)
        if supplier is not None:
            ref = draft.supplier(current_row, supplier, "supplier")
            contract["awardID"] = award_id(process.key, ref["id"])
        else:
            contract["awardID"] = award or process.key
        for _, version in versions:
            process.contract_ids[version.no_kontrak or number] = number
            process.award_ids[version.no_kontrak or number] = contract["awardID"]
        if title := current.nama_paket:
            contract["title"] = title
        if description := current.lingkup_pekerjaan:
            contract["description"] = description
        status, label = contract_status(current_row, current)
        if state in {"cancelled", "unsuccessful", "withdrawn"}:
            status = "cancelled"
            label = f"Paket {'dibatalkan' if state != 'unsuccessful' else 'gagal'}" + (f"; {label}" if label else "")
        if status:
            contract["status"] = status
        if label:
            reason = current.alasan_penetapan_status_kontrak
            contract["statusDetails"] = f"{label}; {reason}" if reason else label
        if work := _period(current_row, current):
            contract["period"] = work
        value = current.nilai_kontrak
        if value is not None:
            contract["value"] = money(value)
            pagu_hps = pagu_hps or _ceiling(draft)
            if pagu_hps is not None and value > pagu_hps:
                current_row.issue(
                    "nilai_kontrak",
                    value,
                    Reason.INCONSISTENT,
                    Message("conversion.issue.contract-over-pagu", pagu=pagu_hps),
                )
        if signed := when(first.tgl_kontrak):
            contract["dateSigned"] = signed
        extension_values(current, contract)
        documents: list[dict[str, Any]] = []
        for _, version in versions:
            doc_number = version.no_kontrak or number
            if all(d["id"] != doc_number for d in documents):
                title = f"Kontrak {doc_number}" if doc_number == number else f"Adendum kontrak {doc_number}"
                documents.append({"id": doc_number, "documentType": "contractSigned", "title": title})
        contract["documents"] = documents
        pairs = itertools.pairwise(version for _, version in versions)
        amendments = [a for before, after in pairs if (a := amendment(process.ctx, before, after)) is not None]
        if amendments:
            contract["amendments"] = amendments
        result.append(contract)
    result.sort(key=lambda c: c["id"])
    return result


def _award_of(draft: Draft, contract: EkontrakKontrak) -> str | None:
    """The award of the letter of award a contract row cites, when the contract row names no supplier."""
    number = contract.no_sppbj
    for letter in draft.process.get("SPSE-TenderEkontrak-1SPPBJ", "SPSE-NonTenderEkontrak-1SPPBJ"):
        if number and letter.typed(EkontrakSppbj).no_sppbj == number and (supplier := supplier_fields(letter)):
            return award_id(draft.process.key, draft.supplier(letter, supplier, "supplier")["id"])
    return None


def _period(row: Row, contract: EkontrakKontrak) -> dict[str, Any] | None:
    when = row.ctx.when
    start, end = when(contract.tgl_kontrak_awal), when(contract.tgl_kontrak_akhir, end=True)
    if start and end and end <= start:
        row.problem("tgl_kontrak_akhir", Reason.INCONSISTENT, Message("conversion.issue.contract-period"))
        return None
    found = {k: v for k, v in (("startDate", start), ("endDate", end)) if v}
    return found or None


def amendment(ctx: Context, before: EkontrakKontrak, after: EkontrakKontrak) -> dict[str, Any] | None:
    """The amendment that turned contract version ``before`` into ``after`` (``None`` for version 0).

    ``id`` is the version number, ``date`` the addendum's signing date (``tgl_kontrak`` of the version),
    ``rationale`` its reason (``alasan_addendum``) and ``description`` what changed: the value (with
    ``alasan_ubah_nilai_kontrak``), the period and the contract number, each "old → new".
    """
    version = after.versi_addendum or 0
    if version <= 0:
        return None
    when = ctx.when
    result: dict[str, Any] = {"id": str(version)}
    if (signed := when(after.tgl_kontrak)) and signed != when(before.tgl_kontrak):
        result["date"] = signed
    if rationale := after.alasan_addendum:
        result["rationale"] = rationale
    changes = []
    old_value, new_value = before.nilai_kontrak, after.nilai_kontrak
    if old_value != new_value and new_value is not None:
        why = after.alasan_ubah_nilai_kontrak or after.alasan_nilai_kontrak_10_persen
        changes.append(f"Nilai kontrak: {old_value} → {new_value}" + (f" ({why})" if why else ""))
    for label, old, new in (
        ("Mulai", when(before.tgl_kontrak_awal), when(after.tgl_kontrak_awal)),
        ("Akhir", when(before.tgl_kontrak_akhir, end=True), when(after.tgl_kontrak_akhir, end=True)),
    ):
        if old != new and new is not None:
            changes.append(f"{label} kontrak: {old or '-'} → {new}")
    old_number, new_number = before.no_kontrak, after.no_kontrak
    if old_number != new_number and new_number is not None:
        changes.append(f"Nomor kontrak: {old_number or '-'} → {new_number}")
    result["description"] = "; ".join(changes) if changes else "Adendum tanpa perubahan nilai, periode atau nomor"
    return result


def _ceiling(draft: Draft) -> Decimal | None:
    """The first pagu any row of the process gives (the package's ceiling)."""
    for rows in draft.process.rows.values():
        for row in rows:
            if (pagu := funding(row.record).pagu) is not None:
                return pagu
    return None
