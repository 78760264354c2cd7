"""Contract: the e-Kontrak chain's contract rows (``*Ekontrak-2Kontrak``), with addenda as amendments.

Rows of one contract number are versions (``versi_addendum`` 0, 1, ...): the highest version gives the
current values, and every version above 0 is an ``amendments`` entry (``alasan_addendum`` as the
rationale, ``alasan_ubah_nilai_kontrak`` as the description).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ocds_regency.errors import ParseError
from ocds_regency.isb import parse
from ocds_regency.mapping import codes
from ocds_regency.mapping._draft import Draft, money
from ocds_regency.mapping._rows import Row
from ocds_regency.mapping.award import award_id
from ocds_regency.mapping.parties import supplier_fields
from ocds_regency.mapping.report import Reason

__all__ = ["contracts"]


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
            f"unknown contract status {label!r}",
            f"status kontrak tidak dikenal {label!r}",
        )
    return status, label


def contracts(draft: Draft, rows: list[Row]) -> list[dict[str, Any]]:
    """Contracts from e-Kontrak contract rows; fills ``process.award_ids`` for the implementation stage."""
    process = draft.process
    by_number: dict[str, list[Row]] = {}
    for row in rows:
        number = row.text("no_kontrak") or process.key
        by_number.setdefault(number, []).append(row)
    result: list[dict[str, Any]] = []
    pagu_hps = None
    for number in sorted(by_number):
        versions = sorted(by_number[number], key=lambda r: (r.integer("versi_addendum") or 0, r.index))
        draft.use(*versions)
        current = versions[-1]
        contract: dict[str, Any] = {"id": number}
        supplier = supplier_fields(current)
        if supplier is not None:
            ref = draft.supplier(current, supplier, "supplier")
            contract["awardID"] = award_id(process.key, ref["id"])
        else:
            contract["awardID"] = process.key
        process.award_ids[number] = contract["awardID"]
        if title := current.text("nama_paket"):
            contract["title"] = title
        if description := current.html("lingkup_pekerjaan"):
            contract["description"] = description
        status, label = contract_status(current)
        if status:
            contract["status"] = status
        if label:
            reason = current.text("alasan_penetapan_status_kontrak")
            contract["statusDetails"] = f"{label}; {reason}" if reason else label
        start, end = current.date("tgl_kontrak_awal"), current.date("tgl_kontrak_akhir", end=True)
        if start and end and end <= start:
            current.issue(
                "tgl_kontrak_akhir",
                current.data.get("tgl_kontrak_akhir"),
                Reason.INCONSISTENT,
                "contract ends when (or before) it starts; period left out (the SPMK gives the work period)",
                "kontrak berakhir saat (atau sebelum) dimulai; periode tidak dimuat (SPMK memberi periode kerja)",
            )
        elif start or end:
            contract["period"] = {k: v for k, v in (("startDate", start), ("endDate", end)) if v}
        value = current.amount("nilai_kontrak")
        if value is not None:
            contract["value"] = money(value)
            pagu_hps = pagu_hps or _ceiling(draft)
            if pagu_hps is not None and value > pagu_hps:
                current.issue(
                    "nilai_kontrak",
                    value,
                    Reason.INCONSISTENT,
                    f"contract value exceeds the pagu {pagu_hps}",
                    f"nilai kontrak melebihi pagu {pagu_hps}",
                )
        if signed := current.date("tgl_kontrak"):
            contract["dateSigned"] = signed
        contract["documents"] = [{"id": number, "documentType": "contractSigned", "title": f"Kontrak {number}"}]
        amendments = []
        for version in versions:
            number_v = version.integer("versi_addendum") or 0
            if number_v <= 0:
                continue
            amendment: dict[str, Any] = {"id": str(number_v)}
            if rationale := version.text("alasan_addendum"):
                amendment["rationale"] = rationale
            if change := version.text("alasan_ubah_nilai_kontrak", "alasan_nilai_kontrak_10_persen"):
                amendment["description"] = change
            amendments.append(amendment)
        if amendments:
            contract["amendments"] = amendments
        result.append(contract)
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
