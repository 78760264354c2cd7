"""Implementation: SPMK/SPP (notice to proceed), BAP/BAST (payment and hand-over) and realisation rows.

- SPMK/SPP: a met milestone (``code`` "SPMK") and the contract's work period (``tgl_mulai_pekerjaan`` –
  ``tgl_selesai_pekerjaan``, ``durationInDays`` from ``waktu_penyelesaian`` when given in days or weeks).
- BAP/BAST: a payment transaction per payment (``besar_pembayaran`` on ``tgl_bap``) and a met delivery
  milestone per hand-over (``no_bast`` on ``tgl_bast``, with the progress percentage). Exact duplicate
  rows were collapsed before; rows that differ are separate termin payments.
- Realisation rows of pencatatan (``*Realisasi``): a payment transaction per payment, with the payee; rows
  repeating one payment (same ``no_realisasi`` and ``nilai_realisasi``) for each implementing group are
  one payment whose implementers are all named; an implementer that is a government unit is not a supplier.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from ocds_regency.i18n import Message
from ocds_regency.isb.ekontrak import EkontrakBapBast, EkontrakSpmkSpp
from ocds_regency.isb.spse import PencatatanNonTenderRealisasi, PencatatanSwakelolaRealisasi
from ocds_regency.mapping._draft import Draft, money
from ocds_regency.mapping._rows import Context, Row
from ocds_regency.mapping.codes import document_reference, document_type
from ocds_regency.mapping.dates import work_duration
from ocds_regency.mapping.parties import identify_supplier, name_key, supplier_fields
from ocds_regency.mapping.report import Reason

__all__ = ["ekontrak_implementation", "government_unit", "realisation_transactions"]


def _unique(candidate: str, row: Row, taken: set[str]) -> str:
    if candidate in taken:
        candidate = f"{candidate}-{row.digest.hex()[:8]}"
    taken.add(candidate)
    return candidate


def _contract_for(draft: Draft, row: Row, number: str | None, contracts: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The contract an SPMK or BAP/BAST row (of contract ``number``) updates."""
    process = draft.process
    if number is not None:
        number = process.contract_ids.get(number, number)
    known = {process.contract_ids.get(n, n): award for n, award in process.award_ids.items()}
    if number is None or (number not in known and number not in contracts):
        if len(known) == 1 and number is not None:
            row.issue(
                "no_kontrak",
                number,
                Reason.INCONSISTENT,
                Message("conversion.issue.contract-number-differs"),
            )
        if len(known) == 1:
            number = next(iter(known))
        number = number or process.key
    contract = contracts.get(number)
    if contract is None:
        award = known.get(number)
        if award is None:
            supplier = supplier_fields(row)
            award = process.key
            if supplier is not None:
                ref = draft.supplier(row, supplier, "supplier")
                award = f"{process.key}-{ref['id']}"
        contract = contracts[number] = {"id": number, "awardID": award, "implementation": {}}
    return contract


def ekontrak_implementation(
    draft: Draft, spmk: list[Row], bast: list[Row], buyer: dict[str, Any] | None
) -> list[dict[str, Any]]:
    """Contracts (id, awardID, period, implementation) updated by SPMK/SPP and BAP/BAST rows."""
    contracts: dict[str, dict[str, Any]] = {}
    taken: set[str] = set()
    when = draft.process.ctx.when
    notices = [(row, row.typed(EkontrakSpmkSpp)) for row in spmk]
    for row, notice in sorted(notices, key=lambda pair: (when(pair[1].tgl_spmk_spp) or "", pair[0].index)):
        draft.use(row)
        contract = _contract_for(draft, row, notice.no_kontrak, contracts)
        if (supplier := supplier_fields(row)) is not None:
            draft.supplier(row, supplier, "supplier")  # the SPMK states the supplier's address
        work: dict[str, Any] = {
            k: v
            for k, v in (
                ("startDate", when(notice.tgl_mulai_pekerjaan)),
                ("endDate", when(notice.tgl_selesai_pekerjaan, end=True)),
            )
            if v
        }
        if "startDate" in work and "endDate" in work and work["endDate"] < work["startDate"]:
            row.problem(
                "tgl_selesai_pekerjaan", Reason.INCONSISTENT, Message("conversion.issue.work-ends-before-start")
            )
            work = {}
        text = notice.waktu_penyelesaian
        if (days := work_duration(row, "waktu_penyelesaian", text, work)) is not None:
            work["durationInDays"] = days
        if work:
            contract["period"] = work
        number = notice.no_spmk_spp or "SPMK"
        milestone = _delivered(
            _unique(f"SPMK-{number}", row, taken),
            f"SPMK/SPP {number}",
            "SPMK",
            when(notice.tgl_spmk_spp),
            f"Waktu penyelesaian: {text}" if text else None,
        )
        contract["implementation"].setdefault("milestones", []).append(milestone)
    reports = [(row, row.typed(EkontrakBapBast)) for row in bast]
    for row, report in sorted(
        reports, key=lambda pair: (when(pair[1].tgl_bap or pair[1].tgl_bast) or "", pair[0].index)
    ):
        draft.use(row)
        _payment_and_handover(draft, row, report, _contract_for(draft, row, report.no_kontrak, contracts), buyer, taken)
    result = []
    for number in sorted(contracts):
        contract = contracts[number]
        if not contract["implementation"]:
            del contract["implementation"]
        result.append(contract)
    return result


def _payment_and_handover(
    draft: Draft,
    row: Row,
    report: EkontrakBapBast,
    contract: dict[str, Any],
    buyer: dict[str, Any] | None,
    taken: set[str],
) -> None:
    """The payment (BAP) and hand-over (BAST) of one BAP/BAST row: a transaction and a met milestone."""
    when = draft.process.ctx.when
    implementation = contract["implementation"]
    signed = when(report.tgl_kontrak)
    for field, date in (("tgl_bast", report.tgl_bast), ("tgl_bap", report.tgl_bap)):
        if signed and (day := when(date)) and day < signed:
            row.problem(field, Reason.INCONSISTENT, Message("conversion.issue.before-signature", signed=signed))
    supplier = supplier_fields(row)
    payee = draft.supplier(row, supplier, "payee") if supplier is not None else None
    if (amount := report.besar_pembayaran) is not None:
        transaction: dict[str, Any] = {"id": _unique(report.no_bap or report.no_bast or "BAP", row, taken)}
        if paid := when(report.tgl_bap or report.tgl_bast):
            transaction["date"] = paid
        transaction["value"] = money(amount)
        if buyer is not None:
            transaction["payer"] = draft.parties.add({"id": buyer["id"]}, "payer")
        if payee is not None:
            transaction["payee"] = payee
        implementation.setdefault("transactions", []).append(transaction)
    if bast_number := report.no_bast:
        milestone_id = f"BAST-{bast_number}"
        milestones = implementation.setdefault("milestones", [])
        if all(m["id"] != milestone_id for m in milestones):
            progress = report.progres_pekerjaan
            details = [
                f"Progres pekerjaan {progress}%" if progress is not None else None,
                f"Cara pembayaran: {way}" if (way := report.cara_pembayaran_kontrak) else None,
            ]
            described = "; ".join(d for d in details if d)
            milestones.append(_delivered(milestone_id, f"BAST {bast_number}", "BAST", when(report.tgl_bast), described))


def _delivered(milestone_id: str, title: str, code: str, met: str | None, description: str | None) -> dict[str, Any]:
    """A met delivery milestone (an SPMK/SPP or a BAST), dated and described where those are known."""
    milestone: dict[str, Any] = {"id": milestone_id, "title": title, "type": "delivery", "code": code, "status": "met"}
    if met:
        milestone["dateMet"] = met
    if description:
        milestone["description"] = description
    return milestone


_GOVERNMENT_WORDS = frozenset(
    {
        "BADAN",
        "BAGIAN",
        "BIRO",
        "DINAS",
        "DIREKTORAT",
        "INSPEKTORAT",
        "KECAMATAN",
        "KELURAHAN",
        "KEMENTERIAN",
        "PEMERINTAH",
        "PUSKESMAS",
        "RSUD",
        "SATPOL",
        "SEKRETARIAT",
        "UPT",
        "UPTD",
    }
)
_DINAS_SHORT = re.compile(r"DIS[A-Z]{3,12}")


def government_unit(name: str, buyer_name: str | None = None) -> bool:
    """Whether an implementer's name is a government unit (a swakelola implementer that is not a supplier).

    The name is the buyer's own, starts with a word that names a government unit ("Dinas …", "Badan …",
    "Sekretariat …", "Kecamatan …", "UPTD …"), or is a one-word short name of a dinas ("Disdukcapil").
    """
    key = name_key(name)
    if not key:
        return False
    if buyer_name is not None and key == name_key(buyer_name):
        return True
    words = key.split()
    return words[0] in _GOVERNMENT_WORDS or (len(words) == 1 and _DINAS_SHORT.fullmatch(words[0]) is not None)


Realisation = PencatatanNonTenderRealisasi | PencatatanSwakelolaRealisasi


def _realisation(row: Row) -> Realisation:
    record = row.record
    if not isinstance(record, PencatatanNonTenderRealisasi | PencatatanSwakelolaRealisasi):
        raise TypeError(f"{row.dataset} row is not a realisation")  # pragma: no cover - the registry's
    return record


def _payments(ctx: Context, rows: list[Row]) -> list[list[Row]]:
    """Realisation rows grouped into payments: rows with the same ``no_realisasi`` and ``nilai_realisasi`` are
    one payment repeated once per implementer (swakelola with several groups, POKMAS); a row without a
    number is a payment of its own."""
    payments: dict[tuple[str, Decimal | None], list[Row]] = {}
    alone: list[list[Row]] = []
    for row in rows:
        record = _realisation(row)
        if record.no_realisasi is None:
            alone.append([row])
            continue
        payments.setdefault((record.no_realisasi, record.nilai_realisasi), []).append(row)
    grouped = [*payments.values(), *alone]
    grouped.sort(key=lambda group: (ctx.when(_realisation(group[0]).tgl_realisasi) or "", group[0].index))
    return grouped


def realisation_transactions(
    draft: Draft, rows: list[Row], buyer: dict[str, Any] | None, *, personal_payees: bool
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Return ``(transactions, documents, supplier references)`` for pencatatan realisation rows.

    One transaction per payment (:func:`_payments`): a payment repeated for each of its implementers is
    counted once, and every implementer is named (the payee when there is one; with several, each is a
    party, listed in the payment's document). An implementer that is a government unit
    (:func:`government_unit`) is a payee, never a supplier.

    Args:
        draft: the release being built.
        rows: the realisation rows.
        buyer: reference to the buyer, the payer of every transaction.
        personal_payees: the payees are civil servants (swakelola type 1): their names are official
            names, withheld unless that category is allowed.
    """
    transactions: list[dict[str, Any]] = []
    documents: list[dict[str, Any]] = []
    suppliers: list[dict[str, Any]] = []
    taken: set[str] = set()
    buyer_name = buyer.get("name") if buyer is not None else None
    for payment in _payments(draft.process.ctx, rows):
        row = payment[0]
        record = _realisation(row)
        draft.use(*payment)
        implementers: list[dict[str, Any]] = []
        for each in payment:
            supplier = identify_supplier(each)
            if supplier is None:
                continue
            if personal_payees and not each.ctx.allows("official_names"):
                each.withhold("official_names", "nama_pelaksana")
                continue
            unit = personal_payees or (supplier.name is not None and government_unit(supplier.name, buyer_name))
            if buyer is not None and supplier.name and buyer_name and name_key(supplier.name) == name_key(buyer_name):
                ref = draft.parties.add({"id": buyer["id"]}, "payee")  # the buyer's own unit carried out the work
            else:
                ref = draft.supplier(each, supplier, "payee" if unit else "supplier", "payee")
            if all(r["id"] != ref["id"] for r in implementers):
                implementers.append(ref)
            if not unit and all(s["id"] != ref["id"] for s in suppliers):
                suppliers.append(ref)
        number = record.no_realisasi or "realisasi"
        if len(payment) > 1:
            for repeat in payment[1:]:
                repeat.issue(
                    "no_realisasi",
                    number,
                    Reason.INCONSISTENT,
                    Message("conversion.issue.payment-repeated", number=number, count=len(payment)),
                )
        transaction_id = _unique(number, row, taken)
        transaction: dict[str, Any] = {"id": transaction_id}
        if paid := row.ctx.when(record.tgl_realisasi):
            transaction["date"] = paid
        if (amount := record.nilai_realisasi) is not None:
            transaction["value"] = money(amount)
        if buyer is not None:
            transaction["payer"] = draft.parties.add({"id": buyer["id"]}, "payer")
        if len(implementers) == 1:
            transaction["payee"] = implementers[0]
        transactions.append(transaction)
        kind = record.jenis_realisasi
        document: dict[str, Any] = {"id": transaction_id, "title": f"{kind} {number}" if kind else number}
        notes = []
        if description := record.ket_realisasi:
            # The note names the payees ("Dibayarkan kpd ABI BASARAH ..."): official names when they are
            # civil servants.
            if personal_payees and not row.ctx.allows("official_names"):
                row.withhold("official_names", "ket_realisasi")
            else:
                notes.append(description)
        if len(implementers) > 1:
            notes.append("Pelaksana: " + "; ".join(ref.get("name", ref["id"]) for ref in implementers))
        if notes:
            document["description"] = "\n".join(notes)
        if code := (document_type(kind) if kind else None):
            document["documentType"] = code
        if name := record.dok_realisasi:
            # A free-text name ("Bukti Pembayaran", "Nota Dinas ...") is the title, never the url.
            document.update(document_reference(name))
        documents.append(document)
    return transactions, documents, suppliers
