"""Award: winners, participants and offers of SPSE tenders and non-tenders.

Winners come from, in order of trust: the result rows (``SPSE-TenderSelesaiNilai``,
``SPSE-NonTenderSelesai``), participants flagged ``pemenang = 1``, and the letter of award
(``SPPBJ``). All sources that name the same supplier (same party id) describe one award. The award value
is the first known of ``harga_final`` (SPPBJ), ``nilai_negosiasi``, ``nilai_terkoreksi`` and
``nilai_penawaran``.

Participants (``SPSE-PesertaTender``) with an offer value (or the winner flag) submitted a bid: they
become ``bids.details`` (bids extension) and ``tender.tenderers`` (role ``tenderer``). Participants with
no offer on record registered for the package only: they are parties with the role ``interestedParty``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ocds_regency.mapping._draft import Draft, money
from ocds_regency.mapping._rows import Row
from ocds_regency.mapping.parties import supplier_fields
from ocds_regency.mapping.report import Reason

__all__ = ["award_id", "awards", "bids"]

_VALUE_FIELDS = ("harga_final", "nilai_negosiasi", "nilai_terkoreksi", "nilai_penawaran")


def award_id(process_key: str, party_id: str) -> str:
    """The id of the award of a package to a supplier."""
    return f"{process_key}-{party_id}"


def bids(draft: Draft, rows: list[Row]) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """Return ``(bids section, tenderer references)`` for participant rows."""
    if not rows:
        return None, []
    details: list[dict[str, Any]] = []
    tenderers: list[dict[str, Any]] = []
    ordered = sorted(rows, key=lambda r: r.key("kd_peserta") or r.key("kd_penyedia") or "")
    seen: set[str] = set()
    for row in ordered:
        supplier = supplier_fields(row)
        if supplier is None:
            continue
        draft.use(row)
        offer, corrected = row.amount("nilai_penawaran"), row.amount("nilai_terkoreksi")
        winner = row.integer("pemenang") == 1
        role = "tenderer" if (offer is not None or corrected is not None or winner) else "interestedParty"
        ref = draft.supplier(row, supplier, role)
        if role != "tenderer":
            continue
        bid_id = row.key("kd_peserta") or ref["id"]
        if bid_id in seen:
            continue
        seen.add(bid_id)
        bid: dict[str, Any] = {"id": bid_id, "tenderers": [ref]}
        if offer is not None:
            bid["value"] = money(offer)
        if corrected is not None:
            bid["correctedValue"] = money(corrected)
        if reason := row.text("alasan"):
            bid["statusDetails"] = reason
        details.append(bid)
        tenderers.append(ref)
    return ({"details": details} if details else None), tenderers


def awards(draft: Draft, winners: list[Row], sppbj: list[Row], date: str | None) -> list[dict[str, Any]]:
    """Awards for the winners named by result rows, winning participants and SPPBJ letters."""
    process = draft.process
    found: dict[str, dict[str, Any]] = {}
    values: dict[str, list[tuple[int, Decimal]]] = {}
    for row in [*winners, *sppbj]:
        supplier = supplier_fields(row)
        if supplier is None:
            continue
        draft.use(row)
        ref = draft.supplier(row, supplier, "supplier")
        award = found.get(ref["id"])
        if award is None:
            award = found[ref["id"]] = {"id": award_id(process.key, ref["id"]), "status": "active"}
            if date:
                award["date"] = date
            award["suppliers"] = [ref]
        for rank, field in enumerate(_VALUE_FIELDS):
            if (amount := row.amount(field)) is not None:
                values.setdefault(ref["id"], []).append((rank, amount))
        if row in sppbj and (number := row.text("no_sppbj")):
            document: dict[str, Any] = {"id": number, "documentType": "awardNotice", "title": f"SPPBJ {number}"}
            if published := row.date("tgl_sppbj"):
                document["datePublished"] = published
            award.setdefault("documents", [])
            if all(d["id"] != number for d in award["documents"]):
                award["documents"].append(document)
    for party_id, candidates in values.items():
        candidates.sort(key=lambda pair: pair[0])
        found[party_id]["value"] = money(candidates[0][1])
    result = [found[key] for key in sorted(found)]
    if len(result) > 1:
        for row in winners[:1]:
            row.issue(
                "pemenang",
                len(result),
                Reason.INCONSISTENT,
                f"{len(result)} winners named for one package",
                f"{len(result)} pemenang disebut untuk satu paket",
            )
    return result
