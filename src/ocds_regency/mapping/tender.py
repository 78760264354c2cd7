"""Tender: the announcement of an SPSE package (tender, non-tender, pencatatan, swakelola) and its schedule.

The schedule (``SPSE-JadwalTahapan*``) gives ``tender.milestones`` (one per stage, ``code`` = the SPSE
activity code ``kd_akt``) and the periods: ``tenderPeriod`` from the bid upload stage, ``enquiryPeriod``
from the explanation meeting, ``awardPeriod`` from winner determination to winner announcement.
"""

from __future__ import annotations

from typing import Any

from ocds_regency.i18n import Message
from ocds_regency.isb._base import IsbRecord
from ocds_regency.isb.datasets import ProcessKind
from ocds_regency.isb.ekontrak import EkontrakBapBast, EkontrakKontrak, EkontrakSpmkSpp, EkontrakSppbj
from ocds_regency.isb.spse import (
    JadwalTahapanNonTender,
    JadwalTahapanTender,
    NonTenderPengumuman,
    PencatatanNonTender,
    PencatatanNonTenderRealisasi,
    PencatatanSwakelola,
    PencatatanSwakelolaRealisasi,
    TenderPengumuman,
    TenderSelesaiNilai,
)
from ocds_regency.mapping import codes
from ocds_regency.mapping._draft import Draft, money, unknown_label
from ocds_regency.mapping._rows import Row
from ocds_regency.mapping.report import Reason

__all__ = ["closing_notes", "package_title", "procurement_method", "schedule", "status_label", "tender_section"]

Stage = JadwalTahapanTender | JadwalTahapanNonTender
#: Records that name the selection method (``mtd_pemilihan``).
_METHODS = (TenderPengumuman, NonTenderPengumuman, PencatatanNonTender, EkontrakSppbj, EkontrakKontrak,
            EkontrakSpmkSpp, EkontrakBapBast)  # fmt: skip
#: Records that name the package (``nama_paket``).
_TITLED = (TenderPengumuman, NonTenderPengumuman, PencatatanNonTender, PencatatanSwakelola,
           PencatatanNonTenderRealisasi, PencatatanSwakelolaRealisasi, EkontrakSppbj, EkontrakKontrak,
           EkontrakSpmkSpp, EkontrakBapBast)  # fmt: skip

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


def _find(stages: list[tuple[str, Stage]], prefixes: tuple[str, ...]) -> Stage | None:
    for prefix in prefixes:
        for name, stage in stages:
            if name == prefix or (name.startswith(prefix) and "prakualifikasi" not in name):
                return stage
    return None


def _number(code: str | None) -> int:
    return int(code) if code is not None and code.isdigit() else 0


def schedule(tender: dict[str, Any], rows: list[Row], draft: Draft) -> None:
    """Add the SPSE schedule to a tender section: milestones and periods."""
    if not rows:
        return
    draft.use(*rows)
    when = draft.process.ctx.when
    typed: list[tuple[Row, Stage]] = []
    for row in rows:
        stage = row.record
        if not isinstance(stage, JadwalTahapanTender | JadwalTahapanNonTender):
            raise TypeError(f"{row.dataset} row is not a schedule stage")  # pragma: no cover - the registry's
        typed.append((row, stage))
    ordered = sorted(typed, key=lambda t: (when(t[1].tgl_awal) or "", _number(t[1].kd_akt), t[1].kd_tahapan or ""))
    milestones: list[dict[str, Any]] = []
    stages: list[tuple[str, Stage]] = []
    seen: set[str] = set()
    for row, stage in ordered:
        milestone_id = stage.kd_tahapan or f"akt-{stage.kd_akt}"
        if milestone_id in seen:
            continue
        seen.add(milestone_id)
        milestone: dict[str, Any] = {"id": milestone_id}
        name = stage.nama_tahapan or stage.nama_akt
        if name:
            milestone["title"] = name
            stages.append((codes.normalise_label(name), stage))
        if code := stage.kd_akt:
            milestone["code"] = code
        start, end = when(stage.tgl_awal), when(stage.tgl_akhir)
        if start and end and end < start:
            row.problem("tgl_akhir", Reason.INCONSISTENT, Message("conversion.issue.stage-ends-before-start"))
        if end:
            milestone["dueDate"] = end
        if start:
            milestone["description"] = f"Mulai {start}" + (f", sampai {end}" if end else "")
        milestones.append(milestone)
    tender["milestones"] = milestones
    for field, prefixes in (("tenderPeriod", _TENDER_PERIOD), ("enquiryPeriod", _ENQUIRY_PERIOD)):
        if (found_stage := _find(stages, prefixes)) is not None:
            dates = (("startDate", when(found_stage.tgl_awal)), ("endDate", when(found_stage.tgl_akhir)))
            if found := {k: v for k, v in dates if v}:
                tender[field] = found
    start_stage, end_stage = _find(stages, _AWARD_START), _find(stages, _AWARD_END)
    award_period = {}
    if start_stage is not None and (start := when(start_stage.tgl_awal)):
        award_period["startDate"] = start
    if end_stage is not None and (end := when(end_stage.tgl_akhir)):
        award_period["endDate"] = end
    if award_period:
        tender["awardPeriod"] = award_period
    if "enquiryPeriod" in tender:
        tender["hasEnquiries"] = True


def status_label(record: IsbRecord) -> tuple[str, str | None]:
    """``(ISB field, label)`` of a package's status as published (``("status_tender", "Selesai")``); the label is
    ``None`` for a record without one (a row a partial process starts from)."""
    match record:
        case TenderPengumuman():
            return "status_tender", record.status_tender
        case NonTenderPengumuman():
            return "status_nontender", record.status_nontender
        case PencatatanNonTender():
            return "status_nontender_pct_ket", record.status_nontender_pct_ket
        case PencatatanSwakelola():
            return "status_swakelola_pct_ket", record.status_swakelola_pct_ket
    return "status_tender", None


def closing_notes(record: IsbRecord) -> tuple[str | None, str | None, str | None]:
    """``(ket_ditutup, ket_diulang, alasan_pembatalan)``: why a package was closed, repeated or cancelled."""
    if isinstance(record, TenderPengumuman | NonTenderPengumuman):
        return record.ket_ditutup, record.ket_diulang, None
    if isinstance(record, PencatatanNonTender | PencatatanSwakelola):
        return None, None, record.alasan_pembatalan
    return None, None, None


def _status(row: Row, tender: dict[str, Any]) -> None:
    status_field, label = status_label(row.record)
    if label is None:
        return
    closed, repeated, cancelled = closing_notes(row.record)
    status = codes.tender_status(label, closed_reason=closed or cancelled)
    if status:
        tender["status"] = status
    else:
        unknown_label(row, status_field, label, "conversion.issue.unknown-package-status")
    tender["statusDetails"] = "; ".join([label, *(t for t in (closed, repeated, cancelled) if t)])


def _values(row: Row, tender: dict[str, Any]) -> None:
    record = row.record
    if not isinstance(record, TenderPengumuman | NonTenderPengumuman | TenderSelesaiNilai):
        return
    if (hps := record.hps) is not None:
        tender["value"] = money(hps)
        pagu = record.pagu
        if pagu is not None and hps > pagu:
            row.issue("hps", hps, Reason.INCONSISTENT, Message("conversion.issue.hps-over-pagu", pagu=pagu))


def _method(row: Row, tender: dict[str, Any], kind: ProcessKind) -> None:
    record = row.record
    if kind is ProcessKind.SWAKELOLA:
        kind_name = None
        if isinstance(record, PencatatanSwakelola):
            number = record.tipe_swakelola
            kind_name = record.tipe_swakelola_nama or (f"Tipe {number}" if number is not None else None)
        tender["procurementMethodDetails"] = f"Swakelola {kind_name}" if kind_name else "Swakelola"
        return
    method_label = record.mtd_pemilihan if isinstance(record, _METHODS) else None
    if method_label:
        qualification = record.mtd_kualifikasi if isinstance(record, TenderPengumuman) else None
        procurement_method(row, "mtd_pemilihan", method_label, tender, qualification)


def procurement_method(
    row: Row, field: str, label: str, tender: dict[str, Any], qualification: str | None = None
) -> None:
    """``procurementMethod`` (when the label names one) and ``procurementMethodDetails`` from a method label of
    ``field``; a label no rule knows is reported."""
    method, known = codes.procurement_method(label, qualification)
    if method:
        tender["procurementMethod"] = method
    elif not known:
        unknown_label(row, field, label, "conversion.issue.unknown-method")
    tender["procurementMethodDetails"] = label


def _category(row: Row, tender: dict[str, Any]) -> None:
    record = row.record
    if isinstance(record, TenderPengumuman | NonTenderPengumuman):
        category = record.jenis_pengadaan
    elif isinstance(record, PencatatanNonTender):
        category = record.kategori_pengadaan
    else:
        return
    if not category:
        return
    main, additional = codes.procurement_categories(category)
    if main:
        tender["mainProcurementCategory"] = main
        if additional:
            tender["additionalProcurementCategories"] = additional
    else:
        unknown_label(row, "jenis_pengadaan", category, "conversion.issue.unknown-category")
    # OCDS has no details field for the category: the raw label goes to the indonesia extension's.
    tender["mainProcurementCategoryDetails"] = category


def package_title(record: IsbRecord) -> str | None:
    """The package name (``nama_paket``) of any SPSE record that gives one."""
    return record.nama_paket if isinstance(record, _TITLED) else None


def tender_section(row: Row, *, kind: ProcessKind, key: str) -> dict[str, Any]:
    """The tender section of an SPSE package announcement (or result) row, of the process ``key``."""
    record = row.record
    tender: dict[str, Any] = {"id": key}
    if title := package_title(record):
        tender["title"] = title
    if isinstance(record, PencatatanNonTender | PencatatanSwakelola) and (description := record.uraian_pekerjaan):
        tender["description"] = description
    _status(row, tender)
    _values(row, tender)
    _method(row, tender, kind)
    _category(row, tender)
    announcement = record if isinstance(record, TenderPengumuman | NonTenderPengumuman) else None
    if isinstance(announcement, TenderPengumuman) and (evaluation := announcement.mtd_evaluasi):
        if criteria := codes.award_criteria(evaluation):
            tender["awardCriteria"] = criteria
        tender["awardCriteriaDetails"] = evaluation
    if kind.spse:
        tender["submissionMethod"] = ["electronicSubmission"]
        if isinstance(announcement, TenderPengumuman) and (qualification := announcement.mtd_kualifikasi):
            tender["submissionMethodDetails"] = qualification
    if announcement is None:
        return tender
    if level := announcement.kualifikasi_paket:
        tender["eligibilityCriteria"] = f"Kualifikasi usaha: {level}"
    if location := announcement.lokasi_pekerjaan:
        item: dict[str, Any] = {"id": "1", "deliveryLocation": {"description": location}}
        if title:
            item["description"] = title
        tender["items"] = [item]
    if url := announcement.url_lpse:
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
