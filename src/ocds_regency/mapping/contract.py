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

from ocds_regency.errors import ParseError
from ocds_regency.i18n import Message
from ocds_regency.isb import parse
from ocds_regency.mapping import codes
from ocds_regency.mapping._draft import Draft, money
from ocds_regency.mapping._rows import Row
from ocds_regency.mapping.award import award_id, package_status
from ocds_regency.mapping.parties import supplier_fields
from ocds_regency.mapping.report import Reason

__all__ = ["amendment", "contracts", "extension_values"]


def contract_status(row: Row) -> tuple[str | None, str | None]:
    """``(status code, raw label)`` of a contract row."""
    label = row.text("status_kontrak")
    if label is None:
        return None, None
    status = codes.contract_status(label)
    if status is None:
        row.issue(
            "status_kontrak",
            label,
            Reason.UNPARSEABLE,
            Message("conversion.issue.unknown-contract-status", label=repr(label)),
        )
    return status, label


def contracts(draft: Draft, rows: list[Row]) -> list[dict[str, Any]]:
    """Contracts from e-Kontrak contract rows; fills ``process.award_ids`` and ``process.contract_ids``.

    The rows of one letter of award (``no_sppbj``) are one contract, however many contract numbers its
    addenda gave it: the first version's number is the contract's id, the newest version gives the current
    values, and each version above 0 is an amendment (:func:`amendment`). In a failed or cancelled package
    the contract is ``cancelled``.
    """
    process = draft.process
    chains: dict[str, list[Row]] = {}
    for row in rows:
        letter = row.text("no_sppbj") or row.text("no_kontrak") or process.key
        chains.setdefault(letter, []).append(row)
    state = package_status(process)
    result: list[dict[str, Any]] = []
    pagu_hps = None
    for chain in chains.values():
        versions = sorted(chain, key=lambda r: (r.integer("versi_addendum") or 0, r.index))
        draft.use(*versions)
        first, current = versions[0], versions[-1]
        number = first.text("no_kontrak") or process.key
        contract: dict[str, Any] = {"id": number}
        supplier = next((s for v in reversed(versions) if (s := supplier_fields(v)) is not None), None)
        award = _award_of(draft, current)
        if supplier is not None:
            ref = draft.supplier(current, supplier, "supplier")
            contract["awardID"] = award_id(process.key, ref["id"])
        else:
            contract["awardID"] = award or process.key
        for version in versions:
            process.contract_ids[version.text("no_kontrak") or number] = number
            process.award_ids[version.text("no_kontrak") or number] = contract["awardID"]
        if title := current.text("nama_paket"):
            contract["title"] = title
        if description := current.html("lingkup_pekerjaan"):
            contract["description"] = description
        status, label = contract_status(current)
        if state in {"cancelled", "unsuccessful", "withdrawn"}:
            status = "cancelled"
            label = f"Paket {'dibatalkan' if state != 'unsuccessful' else 'gagal'}" + (f"; {label}" if label else "")
        if status:
            contract["status"] = status
        if label:
            reason = current.text("alasan_penetapan_status_kontrak")
            contract["statusDetails"] = f"{label}; {reason}" if reason else label
        if work := _period(current):
            contract["period"] = work
        value = current.amount("nilai_kontrak")
        if value is not None:
            contract["value"] = money(value)
            pagu_hps = pagu_hps or _ceiling(draft)
            if pagu_hps is not None and value > pagu_hps:
                current.issue(
                    "nilai_kontrak",
                    value,
                    Reason.INCONSISTENT,
                    Message("conversion.issue.contract-over-pagu", pagu=pagu_hps),
                )
        if signed := first.date("tgl_kontrak"):
            contract["dateSigned"] = signed
        extension_values(current, contract)
        documents: list[dict[str, Any]] = []
        for version in versions:
            doc_number = version.text("no_kontrak") or number
            if all(d["id"] != doc_number for d in documents):
                title = f"Kontrak {doc_number}" if doc_number == number else f"Adendum kontrak {doc_number}"
                documents.append({"id": doc_number, "documentType": "contractSigned", "title": title})
        contract["documents"] = documents
        amendments = [amendment(before, after) for before, after in itertools.pairwise(versions)]
        amendments = [a for a in amendments if a is not None]
        if amendments:
            contract["amendments"] = amendments
        result.append(contract)
    result.sort(key=lambda c: c["id"])
    return result


def extension_values(row: Row, target: dict[str, Any]) -> None:
    """Domestic-products (PDN) and micro/small-business (UMK) values of a contract or recorded package
    (``indonesia`` extension): ``nilai_pdn_kontrak``/``nilai_pdn_pct``, ``nilai_umk_kontrak``/``nilai_umk_pct``."""
    for key, fields in (
        ("domesticProductsValue", ("nilai_pdn_kontrak", "nilai_pdn_pct")),
        ("smallBusinessValue", ("nilai_umk_kontrak", "nilai_umk_pct")),
    ):
        if key not in target and (amount := row.amount(*fields)) is not None:
            target[key] = money(amount)


def _award_of(draft: Draft, row: Row) -> str | None:
    """The award of the letter of award a contract row cites, when the contract row names no supplier."""
    number = row.text("no_sppbj")
    for letter in draft.process.get("SPSE-TenderEkontrak-1SPPBJ", "SPSE-NonTenderEkontrak-1SPPBJ"):
        if number and letter.text("no_sppbj") == number and (supplier := supplier_fields(letter)) is not None:
            return award_id(draft.process.key, draft.supplier(letter, supplier, "supplier")["id"])
    return None


def _period(row: Row) -> dict[str, Any] | None:
    start, end = row.date("tgl_kontrak_awal"), row.date("tgl_kontrak_akhir", end=True)
    if start and end and end <= start:
        row.issue(
            "tgl_kontrak_akhir",
            row.data.get("tgl_kontrak_akhir"),
            Reason.INCONSISTENT,
            Message("conversion.issue.contract-period"),
        )
        return None
    found = {k: v for k, v in (("startDate", start), ("endDate", end)) if v}
    return found or None


def amendment(before: Row, after: Row) -> dict[str, Any] | None:
    """The amendment that turned contract version ``before`` into ``after`` (``None`` for version 0).

    ``id`` is the version number, ``date`` the addendum's signing date (``tgl_kontrak`` of the version),
    ``rationale`` its reason (``alasan_addendum``) and ``description`` what changed: the value (with
    ``alasan_ubah_nilai_kontrak``), the period and the contract number, each "old → new".
    """
    version = after.integer("versi_addendum") or 0
    if version <= 0:
        return None
    result: dict[str, Any] = {"id": str(version)}
    if (when := after.date("tgl_kontrak")) and when != before.date("tgl_kontrak"):
        result["date"] = when
    if rationale := after.text("alasan_addendum"):
        result["rationale"] = rationale
    changes = []
    old_value, new_value = before.amount("nilai_kontrak"), after.amount("nilai_kontrak")
    if old_value != new_value and new_value is not None:
        why = after.text("alasan_ubah_nilai_kontrak", "alasan_nilai_kontrak_10_persen")
        changes.append(f"Nilai kontrak: {old_value} → {new_value}" + (f" ({why})" if why else ""))
    for label, field, end in (("Mulai", "tgl_kontrak_awal", False), ("Akhir", "tgl_kontrak_akhir", True)):
        old, new = before.date(field, end=end), after.date(field, end=end)
        if old != new and new is not None:
            changes.append(f"{label} kontrak: {old or '-'} → {new}")
    old_number, new_number = before.text("no_kontrak"), after.text("no_kontrak")
    if old_number != new_number and new_number is not None:
        changes.append(f"Nomor kontrak: {old_number or '-'} → {new_number}")
    result["description"] = "; ".join(changes) if changes else "Adendum tanpa perubahan nilai, periode atau nomor"
    return result


def _ceiling(draft: Draft) -> Decimal | None:
    for rows in draft.process.rows.values():
        for row in rows:
            try:
                pagu = parse.parse_rupiah(row.data.get("pagu"))
            except ParseError:
                continue
            if pagu is not None:
                return pagu
    return None
