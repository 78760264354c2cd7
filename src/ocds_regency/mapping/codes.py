"""Indonesian value sets mapped to OCDS codelists; the raw label always stays in a ``*Details`` field.

Every function takes the raw label as found in SiRUP/SPSE/e-Katalog data and returns the OCDS code
(or ``None`` when no code fits and none should be invented). Matching ignores case, punctuation and
repeated spaces, so "E-Purchasing", "e-Purchasing" and "Epurchasing" are the same label. The tables and
the reasons for each judgement call are in ``docs/mapping.md``.
"""

from __future__ import annotations

import re
from typing import Any

from rfc3986_validator import validate_rfc3986

__all__ = [
    "award_criteria",
    "contract_status",
    "document_reference",
    "document_type",
    "is_url",
    "normalise_label",
    "procurement_categories",
    "procurement_method",
    "tender_status",
]

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def normalise_label(label: str) -> str:
    """Lower-case a label and reduce every run of non-alphanumerics to one space."""
    return _NON_ALNUM.sub(" ", label.lower()).strip()


# Selection methods (Perpres 16/2018 as amended, plus pre-2018 names) -> OCDS method; None = no method.
_METHODS: dict[str, str | None] = {
    "tender": "open",
    "tender cepat": "open",
    "seleksi": "open",
    "pengadaan langsung": "direct",
    "penunjukan langsung": "direct",
    "e purchasing": "direct",
    "epurchasing": "direct",
    "e katalog": "direct",
    "ekatalog": "direct",
    "toko daring": "direct",
    "darurat": "direct",
    "pengadaan darurat": "direct",
    "kontes": "open",
    "sayembara": "open",
    "dikecualikan": None,
    "swakelola": None,
    "lelang umum": "open",
    "lelang sederhana": "open",
    "seleksi umum": "open",
    "lelang": "open",
    "lelang terbatas": "limited",
    "pemilihan langsung": "limited",
    "seleksi sederhana": "selective",
}
#: Methods that become ``selective`` when the qualification is a prequalification ("Pra ...").
_PREQUALIFIABLE = frozenset({"tender", "seleksi", "lelang umum", "seleksi umum", "lelang"})


def procurement_method(label: str, qualification: str | None = None) -> tuple[str | None, bool]:
    """Map a selection method (``mtd_pemilihan``, ``metode_pengadaan``) to ``tender.procurementMethod``.

    Args:
        label: the raw method label, e.g. ``"Seleksi"`` or ``"Pengadaan Langsung"``.
        qualification: the raw ``mtd_kualifikasi`` ("Pra Dua File Kualitas Biaya", "Pasca Satu File"), if
            known: a prequalified tender or selection is ``selective``.

    Returns:
        ``(code, known)``: the OCDS method code (``None`` for Dikecualikan, Swakelola and unknown labels)
        and whether the label was recognised at all.
    """
    key = normalise_label(label)
    if key.startswith("swakelola"):
        return None, True
    if key not in _METHODS:
        return None, False
    method = _METHODS[key]
    if key in _PREQUALIFIABLE and qualification and normalise_label(qualification).startswith("pra"):
        method = "selective"
    return method, True


_CATEGORY_CODES = {"1": "Barang", "2": "Pekerjaan Konstruksi", "3": "Jasa Konsultansi", "4": "Jasa Lainnya"}


def procurement_categories(label: str) -> tuple[str | None, list[str]]:
    """Map ``jenis_pengadaan`` / ``kategori_pengadaan`` to ``(mainProcurementCategory, additional)``.

    "Jasa Konsultansi Badan Usaha Konstruksi" mentions construction but is a consultancy: consultancy is
    tested first, so it becomes ``services`` with the additional category ``consultingServices``. SiRUP's
    numeric ``kd_jenis_pengadaan`` codes 1–4 are accepted too.
    """
    key = normalise_label(_CATEGORY_CODES.get(label.strip(), label))
    if "konsult" in key:
        return "services", ["consultingServices"]
    if "konstruksi terintegrasi" in key:
        return "works", ["consultingServices"]
    if "konstruksi" in key:
        return "works", []
    if "barang" in key:
        return "goods", []
    if key.startswith("jasa"):
        return "services", []
    return None, []


_TENDER_STATUS: dict[str, str] = {
    "berlangsung": "active",
    "sedang berjalan": "active",
    "tender sedang berjalan": "active",
    "paket sedang berjalan": "active",
    "aktif": "active",
    "selesai": "complete",
    "tender sudah selesai": "complete",
    "paket selesai": "complete",
    "gagal batal": "unsuccessful",
    "gagal": "unsuccessful",
    "tender gagal": "unsuccessful",
    "batal": "cancelled",
    "paket dibatalkan": "cancelled",
    "dibatalkan": "cancelled",
    "tender belum berjalan": "planned",
    "terumumkan": "planned",
}


def tender_status(label: str, *, closed_reason: str | None = None) -> str | None:
    """Map ``status_tender`` / ``status_nontender`` / ``status_*_pct_ket`` to ``tender.status``.

    "Gagal/Batal" is ``unsuccessful`` unless ``ket_ditutup`` gives a reason for closing the tender
    deliberately, which makes it ``cancelled``. Unknown labels and "-" give ``None``.
    """
    status = _TENDER_STATUS.get(normalise_label(label))
    if status == "unsuccessful" and closed_reason:
        return "cancelled"
    return status


_CONTRACT_STATUS: dict[str, str] = {
    "kontrak sedang berjalan": "active",
    "sedang berjalan": "active",
    "on process": "active",
    "on addendum": "active",
    "payment outside system": "active",
    "kontrak selesai": "terminated",
    "selesai": "terminated",
    "completed": "terminated",
    "pemutusan kontrak": "terminated",
    "penghentian kontrak": "terminated",
    "kontrak dibatalkan": "cancelled",
    "dibatalkan": "cancelled",
    "batal": "cancelled",
    "draft": "pending",
    "belum berkontrak": "pending",
}


def contract_status(label: str) -> str | None:
    """Map ``status_kontrak`` (and e-Katalog ``status_pkt``) to ``contracts[].status``.

    A finished contract is ``terminated`` (the codelist uses it for successful completion too); a
    termination (PEMUTUSAN/PENGHENTIAN_KONTRAK) is ``terminated`` as well, with the raw label kept.
    """
    return _CONTRACT_STATUS.get(normalise_label(label))


def award_criteria(label: str) -> str | None:
    """Map ``mtd_evaluasi`` to ``tender.awardCriteria`` (``None`` when no code fits)."""
    key = normalise_label(label)
    if key.startswith(("harga terendah", "biaya terendah")):
        return "priceOnly"
    if key.startswith(("kualitas dan biaya", "pagu anggaran")):
        return "ratedCriteria"
    if key == "kualitas":
        return "qualityOnly"
    return None


#: Schemes a published document link may use (anything else is a name, not a link).
_URL_SCHEMES = ("http", "https")  # nothing else is published as a document url (see docs/security.md)

# Document names (normalised prefixes) -> OCDS documentType; only names whose meaning is unambiguous.
_DOCUMENT_TYPES: tuple[tuple[str, str], ...] = (
    ("berita acara serah terima", "completionCertificate"),
    ("bast", "completionCertificate"),
    ("surat perjanjian", "contractSigned"),
    ("surat perintah kerja", "contractSigned"),
    ("spk", "contractSigned"),
    ("kontrak", "contractSigned"),
)


def is_url(text: str) -> bool:
    """Whether ``text`` is an absolute URI with a web scheme (``https://...``), usable as a document ``url``."""
    scheme = text.split(":", 1)[0].lower()
    return scheme in _URL_SCHEMES and bool(validate_rfc3986(text, rule="URI"))


def document_type(name: str) -> str | None:
    """The OCDS ``documentType`` of a document named in free text ("Berita Acara Serah Terima" →
    ``completionCertificate``), or ``None`` when the name doesn't say it unambiguously."""
    key = normalise_label(name)
    for prefix, code in _DOCUMENT_TYPES:
        if key == prefix or key.startswith(prefix + " "):
            return code
    return None


def document_reference(text: str) -> dict[str, Any]:
    """The fields a document reference (``dok_realisasi``) gives a Document.

    Only an absolute URI is a ``url``; anything else ("Bukti Pembayaran", "Nota Dinas ...", "BKU ...") is
    the document's name: its ``title``, and its ``documentType`` when the name maps to the codelist.
    """
    if is_url(text):
        return {"url": text}
    found: dict[str, Any] = {"title": text}
    if code := document_type(text):
        found["documentType"] = code
    return found
