"""Tender: the announcement of an SPSE package (tender, non-tender, pencatatan, swakelola) and its schedule.

The schedule (``SPSE-JadwalTahapan*``) gives ``tender.milestones`` (one per stage, ``code`` = the SPSE
activity code ``kd_akt``) and the periods: ``tenderPeriod`` from the bid upload stage, ``enquiryPeriod``
from the explanation meeting, ``awardPeriod`` from winner determination to winner announcement.
"""

from __future__ import annotations

from typing import Any

from ocds_regency.i18n import Message
from ocds_regency.isb.datasets import ProcessKind
from ocds_regency.mapping import codes
from ocds_regency.mapping._draft import Draft, money
from ocds_regency.mapping._rows import Row
from ocds_regency.mapping.report import Reason

__all__ = ["schedule", "tender_section"]

# Stage-name prefixes (normalised) for each period, best first.
_TENDER_PERIOD = ("upload dokumen penawaran", "pemasukan dokumen penawaran", "kirim penawaran", "pemasukan penawaran")
_ENQUIRY_PERIOD = (
    "penjelasan dokumen lelang",
    "penjelasan dokumen pemilihan",
    "pemberian penjelasan",
    "penjelasan dokumen",
    "penjelasan",
)
_AWARD_START = ("penetapan pemenang", "penetapan hasil")
_AWARD_END = ("pengumuman pemenang", "pengumuman hasil")


def _find(stages: list[tuple[str, Row]], prefixes: tuple[str, ...]) -> Row | None:
    for prefix in prefixes:
        for name, row in stages:
            if name == prefix or (name.startswith(prefix) and "prakualifikasi" not in name):
                return row
    return None


def schedule(tender: dict[str, Any], rows: list[Row], draft: Draft) -> None:
    """Add the SPSE schedule to a tender section: milestones and periods."""
    if not rows:
        return
    draft.use(*rows)
    ordered = sorted(
        rows, key=lambda r: (r.date("tgl_awal") or "", r.integer("kd_akt") or 0, r.key("kd_tahapan") or "")
    )
    milestones: list[dict[str, Any]] = []
    stages: list[tuple[str, Row]] = []
    seen: set[str] = set()
    for row in ordered:
        milestone_id = row.key("kd_tahapan") or f"akt-{row.key('kd_akt')}"
        if milestone_id in seen:
            continue
        seen.add(milestone_id)
        milestone: dict[str, Any] = {"id": milestone_id}
        name = row.text("nama_tahapan", "nama_akt")
        if name:
            milestone["title"] = name
            stages.append((codes.normalise_label(name), row))
        if code := row.key("kd_akt"):
            milestone["code"] = code
        start, end = row.date("tgl_awal"), row.date("tgl_akhir")
        if start and end and end < start:
            row.issue(
                "tgl_akhir",
                row.data.get("tgl_akhir"),
                Reason.INCONSISTENT,
                Message("conversion.issue.stage-ends-before-start"),
            )
        if end:
            milestone["dueDate"] = end
        if start:
            milestone["description"] = f"Mulai {start}" + (f", sampai {end}" if end else "")
        milestones.append(milestone)
    tender["milestones"] = milestones
    for field, prefixes in (("tenderPeriod", _TENDER_PERIOD), ("enquiryPeriod", _ENQUIRY_PERIOD)):
        if (stage := _find(stages, prefixes)) is not None:
            found = {
                k: v for k, v in (("startDate", stage.date("tgl_awal")), ("endDate", stage.date("tgl_akhir"))) if v
            }
            if found:
                tender[field] = found
    start_row, end_row = _find(stages, _AWARD_START), _find(stages, _AWARD_END)
    award_period = {}
    if start_row is not None and (start := start_row.date("tgl_awal")):
        award_period["startDate"] = start
    if end_row is not None and (end := end_row.date("tgl_akhir")):
        award_period["endDate"] = end
    if award_period:
        tender["awardPeriod"] = award_period
    if "enquiryPeriod" in tender:
        tender["hasEnquiries"] = True


def tender_section(row: Row, *, kind: ProcessKind) -> dict[str, Any]:
    """The tender section of an SPSE package announcement (or result) row."""
    tender: dict[str, Any] = {"id": row.key("kd_tender", "kd_nontender", "kd_nontender_pct", "kd_swakelola_pct")}
    if title := row.text("nama_paket"):
        tender["title"] = title
    if description := row.html("uraian_pekerjaan"):
        tender["description"] = description
    status_field, label = row.raw(
        "status_tender", "status_nontender", "status_nontender_pct_ket", "status_swakelola_pct_ket"
    )
    if label is not None:
        label = " ".join(str(label).split())
        status = codes.tender_status(label, closed_reason=row.text("ket_ditutup", "alasan_pembatalan"))
        if status:
            tender["status"] = status
        elif label != "-":
            row.issue(
                status_field,
                label,
                Reason.UNPARSEABLE,
                Message("conversion.issue.unknown-package-status", label=repr(label)),
            )
        details = [
            label,
            *(t for t in (row.text("ket_ditutup"), row.text("ket_diulang"), row.text("alasan_pembatalan")) if t),
        ]
        tender["statusDetails"] = "; ".join(details)
    if (hps := row.amount("hps")) is not None:
        tender["value"] = money(hps)
        pagu = row.amount("pagu")
        if pagu is not None and hps > pagu:
            row.issue("hps", hps, Reason.INCONSISTENT, Message("conversion.issue.hps-over-pagu", pagu=pagu))
    if kind is ProcessKind.SWAKELOLA:
        kind_name = row.text("tipe_swakelola_nama") or (f"Tipe {t}" if (t := row.text("tipe_swakelola")) else None)
        tender["procurementMethodDetails"] = f"Swakelola {kind_name}" if kind_name else "Swakelola"
    elif method_label := row.text("mtd_pemilihan", "mtd_pengadaan"):
        qualification = row.text("mtd_kualifikasi")
        method, known = codes.procurement_method(method_label, qualification)
        if method:
            tender["procurementMethod"] = method
        elif not known:
            row.issue(
                "mtd_pemilihan",
                method_label,
                Reason.UNPARSEABLE,
                Message("conversion.issue.unknown-method", label=repr(method_label)),
            )
        tender["procurementMethodDetails"] = method_label
    if category := row.text("jenis_pengadaan", "kategori_pengadaan"):
        main, additional = codes.procurement_categories(category)
        if main:
            tender["mainProcurementCategory"] = main
            if additional:
                tender["additionalProcurementCategories"] = additional
        else:
            row.issue(
                "jenis_pengadaan",
                category,
                Reason.UNPARSEABLE,
                Message("conversion.issue.unknown-category", label=repr(category)),
            )
        # OCDS has no details field for the category: the raw label goes to the indonesia extension's.
        tender["mainProcurementCategoryDetails"] = category
    if evaluation := row.text("mtd_evaluasi"):
        if criteria := codes.award_criteria(evaluation):
            tender["awardCriteria"] = criteria
        tender["awardCriteriaDetails"] = evaluation
    if kind.spse:
        tender["submissionMethod"] = ["electronicSubmission"]
        if qualification := row.text("mtd_kualifikasi"):
            tender["submissionMethodDetails"] = qualification
    if level := row.text("kualifikasi_paket"):
        tender["eligibilityCriteria"] = f"Kualifikasi usaha: {level}"
    if location := row.text("lokasi_pekerjaan"):
        item: dict[str, Any] = {"id": "1", "deliveryLocation": {"description": location}}
        if title:
            item["description"] = title
        tender["items"] = [item]
    if url := row.url("url_lpse"):
        page = f"{url.rstrip('/')}/lelang/{tender['id']}/pengumumanlelang" if kind is ProcessKind.TENDER else url
        tender["documents"] = [
            {
                "id": "pengumuman",
                "documentType": "tenderNotice",
                "title": "Pengumuman di LPSE",
                "url": page,
                "format": "text/html",
                "language": "id",
            }
        ]
    return tender
