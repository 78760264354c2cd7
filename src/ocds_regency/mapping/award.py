"""Award: winners, participants and offers of SPSE tenders and non-tenders.

Winners come from, in order of trust: the result rows (``SPSE-TenderSelesaiNilai``,
``SPSE-NonTenderSelesai``), participants flagged ``pemenang = 1``, and the letter of award
(``SPPBJ``). All sources that name the same supplier (one party however its rows name it, see
:mod:`~ocds_regency.mapping.parties`) describe one award. The award value is the first known of
``harga_final`` (SPPBJ), ``nilai_negosiasi``, ``nilai_terkoreksi`` and ``nilai_penawaran``; the award date
is the date of the letter of award (``tgl_sppbj`` of its first version), else the winner determination.

A failed or cancelled package has no ``active`` award (:func:`package_status`): an award named by its
result or letter of award is ``unsuccessful`` or ``cancelled``, and a participant flagged as winner
(``pemenang = 1``) without a letter of award is only a provisional winner: a bid with a status, no award.

Participants (``SPSE-PesertaTender``) with an offer value (or the winner flag) submitted a bid: they
become ``bids.details`` (bids extension) with a ``status`` (``disqualified`` when the evaluation gives a
reason, ``alasan``; else ``valid``) and ``tender.tenderers`` (role ``tenderer``); the winner's bid is
linked from its award (``relatedBid``). ``bids.statistics`` counts registrations, bids, valid and
disqualified bids and the lowest and highest valid offers. Participants with no offer on record
registered for the package only: they are parties with the role ``interestedParty``. A non-tender has no
participant rows: its result row's offer (``nilai_penawaran``, ``nilai_terkoreksi``) is the winner's bid.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ocds_regency.i18n import Message
from ocds_regency.isb._base import IsbRecord
from ocds_regency.isb.ekontrak import EkontrakKontrak, EkontrakSppbj
from ocds_regency.isb.spse import (
    NonTenderSelesai,
    PencatatanNonTender,
    PencatatanSwakelola,
    PesertaTender,
    TenderSelesaiNilai,
)
from ocds_regency.mapping import codes
from ocds_regency.mapping._draft import Draft, Process, money
from ocds_regency.mapping._rows import Row
from ocds_regency.mapping.parties import supplier_fields
from ocds_regency.mapping.report import Reason
from ocds_regency.mapping.tender import closing_notes, status_label

__all__ = [
    "award_id",
    "award_status",
    "awards",
    "bids",
    "extension_values",
    "package_status",
    "settled_status",
    "shares",
]

#: Datasets that state a package's status, the result before the announcement.
_STATUS_ROWS = (
    "SPSE-TenderSelesai",
    "SPSE-NonTenderSelesai",
    "SPSE-TenderPengumuman",
    "SPSE-NonTenderPengumuman",
    "SPSE-PencatatanNonTender",
    "SPSE-PencatatanSwakelola",
)
_CONTRACT_ROWS = ("SPSE-TenderEkontrak-2Kontrak", "SPSE-NonTenderEkontrak-2Kontrak")
_CLOSED = {"cancelled": "cancelled", "unsuccessful": "unsuccessful", "withdrawn": "cancelled"}
_PROVISIONAL = "Pemenang sementara (pemenang = 1), tanpa SPPBJ; paket {state}"
_STATE_ID = {"cancelled": "dibatalkan", "unsuccessful": "gagal"}


def award_id(process_key: str, party_id: str) -> str:
    """The id of the award of a package to a supplier."""
    return f"{process_key}-{party_id}"


def package_status(process: Process) -> str | None:
    """The ``tender.status`` of a package as its compiled release shows it: the result row's, else the root's."""
    for dataset in _STATUS_ROWS:
        for row in process.get(dataset):
            label = status_label(row.record)[1]
            if label is not None:
                closed, _, cancelled = closing_notes(row.record)
                return codes.tender_status(label, closed_reason=closed or cancelled)
    return None


def _offers(record: IsbRecord) -> tuple[Decimal | None, ...]:
    """A winner's amounts by trust: ``harga_final`` (SPPBJ), ``nilai_negosiasi``, ``nilai_terkoreksi``,
    ``nilai_penawaran`` (the first known is the award value)."""
    if isinstance(record, EkontrakSppbj):
        return (record.harga_final,)
    if isinstance(record, TenderSelesaiNilai | PesertaTender | NonTenderSelesai):
        return (None, record.nilai_negosiasi, record.nilai_terkoreksi, record.nilai_penawaran)
    return ()


def award_status(state: str | None, *, decided: bool = True) -> str:
    """The status of an award in a package whose tender status is ``state``: never ``active`` in a closed one.

    In a package that still runs, a winner without a letter of award or contract (``decided`` false) is a
    proposed award: ``pending``.
    """
    if state in _CLOSED:
        return _CLOSED[state]
    return "active" if decided or state != "active" else "pending"


def settled_status(state: str | None, decided: bool) -> str | None:
    """A stale ``active``/``planning`` tender status becomes ``complete`` once a winner has a letter of award or
    a contract (``decided``): the selection is over even if the announcement snapshot still says it runs."""
    if decided and state in {"active", "planning", "planned", None}:
        return "complete"
    return state


def bids(draft: Draft, rows: list[Row]) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """Return ``(bids section, tenderer references)`` for participant rows."""
    if not rows:
        return None, []
    details: list[dict[str, Any]] = []
    tenderers: list[dict[str, Any]] = []
    participants = [(row, row.typed(PesertaTender)) for row in rows]
    ordered = sorted(participants, key=lambda pair: pair[1].kd_peserta or pair[1].kd_penyedia or "")
    state = package_status(draft.process)
    closed = state in _CLOSED
    seen: set[str] = set()
    requests = 0
    for row, participant in ordered:
        supplier = supplier_fields(row)
        if supplier is None:
            continue
        draft.use(row)
        requests += 1
        offer, corrected = participant.nilai_penawaran, participant.nilai_terkoreksi
        winner = participant.pemenang is True
        role = "tenderer" if (offer is not None or corrected is not None or winner) else "interestedParty"
        ref = draft.supplier(row, supplier, role)
        if role != "tenderer":
            continue
        bid_id = participant.kd_peserta or ref["id"]
        if bid_id in seen:
            continue
        seen.add(bid_id)
        bid: dict[str, Any] = {"id": bid_id, "tenderers": [ref]}
        if offer is not None:
            bid["value"] = money(offer)
        if corrected is not None:
            bid["correctedValue"] = money(corrected)
        reason = participant.alasan
        bid["status"] = "disqualified" if reason and not winner else "valid"
        details_text = [reason] if reason else []
        if winner and closed:
            details_text.append(_PROVISIONAL.format(state=_STATE_ID.get(state or "", state)))
        if details_text:
            bid["statusDetails"] = "; ".join(details_text)
        details.append(bid)
        tenderers.append(ref)
    if not details:
        return None, tenderers
    return {"statistics": _statistics(details, requests), "details": details}, tenderers


def _statistics(details: list[dict[str, Any]], requests: int) -> list[dict[str, Any]]:
    """``bids.statistics``: registrations, bids, valid and disqualified bids, lowest and highest valid offer."""
    valid = [bid for bid in details if bid.get("status") == "valid"]
    offers = [
        (bid.get("correctedValue") or bid["value"])["amount"]
        for bid in valid
        if "value" in bid or "correctedValue" in bid
    ]
    measures: list[tuple[str, Decimal | int]] = [
        ("requests", requests),
        ("bids", len(details)),
        ("validBids", len(valid)),
        ("disqualifiedBidders", len(details) - len(valid)),
    ]
    if offers:
        measures += [("lowestValidBidValue", min(offers)), ("highestValidBidValue", max(offers))]
    result = []
    for number, (measure, value) in enumerate(measures, 1):
        statistic: dict[str, Any] = {"id": str(number), "measure": measure, "value": value}
        if isinstance(value, Decimal):
            statistic["currency"] = "IDR"
        result.append(statistic)
    return result


def awards(draft: Draft, winners: list[Row], sppbj: list[Row], date: str | None) -> list[dict[str, Any]]:
    """Awards for the winners named by result rows, winning participants and SPPBJ letters."""
    process = draft.process
    state = package_status(process)
    status = award_status(state, decided=bool(sppbj or process.get(*_CONTRACT_ROWS)))
    found: dict[str, dict[str, Any]] = {}
    values: dict[str, list[tuple[int, Decimal]]] = {}
    letters: dict[str, list[tuple[int, str]]] = {}
    for row in [*winners, *sppbj]:
        supplier = supplier_fields(row)
        if supplier is None:
            continue
        draft.use(row)
        record = row.record
        participant = isinstance(record, PesertaTender)
        if participant and status in _CLOSED.values():
            continue  # a provisional winner of a failed or cancelled package: its bid says so (see bids())
        ref = draft.supplier(row, supplier, "supplier")
        award = found.get(ref["id"])
        if award is None:
            award = found[ref["id"]] = {"id": award_id(process.key, ref["id"]), "status": status}
            award["suppliers"] = [ref]
        if isinstance(record, PesertaTender) and (bid := record.kd_peserta):
            award.setdefault("relatedBid", bid)
        for rank, amount in enumerate(_offers(record)):
            if amount is not None:
                values.setdefault(ref["id"], []).append((rank, amount))
        if row in sppbj and (number := (letter := row.typed(EkontrakSppbj)).no_sppbj):
            if published := process.ctx.when(letter.tgl_sppbj):
                letters.setdefault(ref["id"], []).append((letter.versi_addendum or 0, published))
            document: dict[str, Any] = {"id": number, "documentType": "awardNotice", "title": f"SPPBJ {number}"}
            if published:
                document["datePublished"] = published
            award.setdefault("documents", [])
            if all(d["id"] != number for d in award["documents"]):
                award["documents"].append(document)
        if row.dataset == "SPSE-NonTenderSelesai":
            _winner_bid(draft, row.typed(NonTenderSelesai), ref, award)
        _extension_values(record, award)
    for party_id, award in found.items():
        # The award date is the letter of award's (its first version; an addendum re-dates the letter).
        when = min(letters[party_id])[1] if party_id in letters else date
        if when:
            award["date"] = when
    for party_id, candidates in values.items():
        candidates.sort(key=lambda pair: pair[0])
        found[party_id]["value"] = money(candidates[0][1])
    result = [_ordered(found[key]) for key in sorted(found)]
    if len(result) > 1:
        for row in winners[:1]:
            row.issue(
                "pemenang",
                len(result),
                Reason.INCONSISTENT,
                Message("conversion.issue.winners", count=len(result)),
            )
    return result


def _ordered(award: dict[str, Any]) -> dict[str, Any]:
    order = ("id", "status", "date", "value", "suppliers", "relatedBid", "documents")
    return {**{k: award[k] for k in order if k in award}, **{k: v for k, v in award.items() if k not in order}}


def _winner_bid(draft: Draft, result: NonTenderSelesai, ref: dict[str, Any], award: dict[str, Any]) -> None:
    """A non-tender's winning offer (its result row's ``nilai_penawaran``/``nilai_terkoreksi``) as its bid."""
    offer, corrected = result.nilai_penawaran, result.nilai_terkoreksi
    if offer is None and corrected is None:
        return
    section = draft.body.setdefault("bids", {})
    details = section.setdefault("details", [])
    bid_id = f"{award['id']}-penawaran"
    if any(bid["id"] == bid_id for bid in details):
        return
    bid: dict[str, Any] = {"id": bid_id, "status": "valid", "tenderers": [ref]}
    if offer is not None:
        bid["value"] = money(offer)
    if corrected is not None:
        bid["correctedValue"] = money(corrected)
    details.append(bid)
    award.setdefault("relatedBid", bid_id)


def _extension_values(record: IsbRecord, award: dict[str, Any]) -> None:
    """Performance bond, domestic-product and micro/small-business values (``indonesia`` extension)."""
    if isinstance(record, EkontrakSppbj):
        if "performanceBond" not in award and (bond := record.nilai_jaminan_pelaksanaan) is not None:
            guarantee: dict[str, Any] = {"value": money(bond)}
            if (days := record.masa_berlaku_jaminan) is not None and days > 0:
                guarantee["period"] = {"durationInDays": days}
            award["performanceBond"] = guarantee
        return
    if isinstance(record, TenderSelesaiNilai | NonTenderSelesai):
        for key, amount in (
            ("domesticProductsValue", record.nilai_pdn_kontrak),
            ("smallBusinessValue", record.nilai_umk_kontrak),
        ):
            if key not in award and amount is not None:
                award[key] = money(amount)


def shares(record: IsbRecord) -> tuple[Decimal | None, Decimal | None]:
    """``(domestic products, micro/small business)`` values of a contract, result or recorded package
    (``nilai_pdn_kontrak``/``nilai_umk_kontrak``, ``nilai_pdn_pct``/``nilai_umk_pct``)."""
    if isinstance(record, EkontrakKontrak | TenderSelesaiNilai | NonTenderSelesai):
        return record.nilai_pdn_kontrak, record.nilai_umk_kontrak
    if isinstance(record, PencatatanNonTender | PencatatanSwakelola):
        return record.nilai_pdn_pct, record.nilai_umk_pct
    return None, None


def extension_values(record: IsbRecord, target: dict[str, Any]) -> None:
    """Domestic-products (PDN) and micro/small-business (UMK) values (``indonesia`` extension), see
    :func:`shares`; a value already set is kept."""
    for key, amount in zip(("domesticProductsValue", "smallBusinessValue"), shares(record), strict=True):
        if key not in target and amount is not None:
            target[key] = money(amount)
