"""Texts of the publication report in Bahasa Indonesia (``"id"``, the default) and English (``"en"``).

Labels for OCDS codes (stages, tender statuses, methods, categories) and for the conversion's reason
codes live here too, so a reader of the HTML page never sees a bare code without a translation.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from babel.dates import format_datetime as babel_format_datetime
from babel.numbers import format_compact_decimal, format_decimal
from babel.numbers import format_percent as babel_format_percent

__all__ = [
    "LANGS",
    "Lang",
    "format_count",
    "format_datetime",
    "format_idr",
    "format_idr_short",
    "format_percent",
    "label",
    "text",
]

Lang = Literal["id", "en"]
#: The languages a report can be rendered in.
LANGS: tuple[Lang, ...] = ("id", "en")

_TEXTS: dict[str, dict[Lang, str]] = {
    "title": {"id": "Laporan publikasi data pengadaan (OCDS)", "en": "Procurement data publication report (OCDS)"},
    "subtitle": {
        "id": "Data pengadaan dari SiRUP, SPSE dan e-Katalog, dikonversi ke Open Contracting Data Standard 1.1.5.",
        "en": "Procurement data from SiRUP, SPSE and e-Katalog, converted to the Open Contracting Data Standard 1.1.5.",
    },
    "publisher": {"id": "Penerbit", "en": "Publisher"},
    "prefix": {"id": "Prefiks ocid", "en": "ocid prefix"},
    "published": {"id": "Tanggal terbit", "en": "Published"},
    "status": {"id": "Status", "en": "Status"},
    "status_ok": {"id": "Diterbitkan", "en": "Published"},
    "status_blocked": {
        "id": "Tidak diterbitkan: ada kesalahan yang menghalangi",
        "en": "Not published: blocking errors found",
    },
    "summary": {"id": "Ringkasan", "en": "Summary"},
    "changes": {"id": "Perubahan sejak publikasi terakhir", "en": "Changes since the last publication"},
    "changes_first": {
        "id": "Publikasi pertama dengan penyimpanan rilis ini: semua proses baru.",
        "en": "First publication with this release store: every process is new.",
    },
    "changes_since": {"id": "Dibandingkan dengan publikasi {seen}.", "en": "Compared with the publication of {seen}."},
    "changes_new": {"id": "Proses baru", "en": "New processes"},
    "changes_changed": {"id": "Proses berubah", "en": "Changed processes"},
    "changes_unchanged": {"id": "Proses tidak berubah", "en": "Unchanged processes"},
    "changes_gone": {"id": "Proses hilang dari sumber", "en": "Processes gone from the source"},
    "changes_new_releases": {"id": "Rilis baru", "en": "New releases"},
    "changes_gone_note": {
        "id": "Rilis proses yang hilang dari sumber tetap diterbitkan; tidak ada yang dihapus.",
        "en": "The releases of processes gone from the source stay published; nothing is deleted.",
    },
    "changes_more": {"id": "dan {n} lainnya (lihat report.json)", "en": "and {n} more (see report.json)"},
    "processes": {"id": "Proses pengadaan", "en": "Contracting processes"},
    "releases": {"id": "Rilis OCDS", "en": "OCDS releases"},
    "rows_read": {"id": "Baris data dibaca", "en": "Input rows read"},
    "rows_used": {"id": "Baris dipakai", "en": "Rows used"},
    "rows_rejected": {"id": "Baris ditolak", "en": "Rows rejected"},
    "rows_duplicate": {"id": "Baris duplikat", "en": "Duplicate rows"},
    "rows_uncited": {"id": "Baris acuan tidak dirujuk", "en": "Reference rows not cited"},
    "total_pagu": {"id": "Total pagu", "en": "Total budget (pagu)"},
    "total_hps": {"id": "Total HPS", "en": "Total estimate (HPS)"},
    "total_contract": {"id": "Total nilai kontrak", "en": "Total contract value"},
    "errors": {"id": "Kesalahan", "en": "Errors"},
    "warnings": {"id": "Peringatan", "en": "Warnings"},
    "information": {"id": "Informasi", "en": "Information"},
    "by_stage": {"id": "Proses menurut tahap terakhir", "en": "Processes by latest stage"},
    "by_status": {"id": "Proses menurut status tender", "en": "Processes by tender status"},
    "by_method": {"id": "Proses menurut metode pemilihan", "en": "Processes by procurement method"},
    "by_category": {"id": "Proses menurut jenis pengadaan", "en": "Processes by procurement category"},
    "by_buyer": {"id": "Satuan kerja dengan proses terbanyak", "en": "Buying units with the most processes"},
    "values": {"id": "Nilai", "en": "Values"},
    "values_intro": {
        "id": "Sebaran nilai dalam rupiah: pagu per unit anggaran (setiap RUP sekali, dari paket SPSE dan SiRUP), "
        "HPS dari SPSE dan nilai kontrak dari e-Kontrak, pencatatan dan e-Katalog per proses.",
        "en": "Distribution of values in rupiah: budget (pagu) per budget unit (every RUP once, from SPSE packages "
        "and SiRUP), estimate (HPS) from SPSE and contract value from e-Kontrak, records and e-Katalog per process.",
    },
    "how_pagu": {
        "id": "Total pagu: pagu setiap RUP dihitung sekali. Paket yang merujuk RUP yang sama (tender ulang, "
        'pencatatan atas satu RUP, paket dengan kd_rup "A;B" di samping paket dengan "A") menjadi satu unit '
        "anggaran; pagu unit itu adalah yang terbesar dari jumlah pagu per RUP dan pagu paket multi-RUP ditambah "
        "RUP lain di unit itu. Paket yang dibatalkan tidak dihitung. Jumlah: unit anggaran, dari {processes} "
        "proses yang menyebut pagu.",
        "en": "Total budget: every RUP's pagu is counted once. Packages citing the same RUP (a re-tender, "
        'records against one RUP, a package with kd_rup "A;B" beside one with "A") make one budget unit; '
        "its pagu is the largest of the sum of the per-RUP pagu and a multi-RUP package's pagu plus the unit's "
        "other RUPs. Cancelled packages are not counted. Count: budget units, from {processes} processes that "
        "state a pagu.",
    },
    "how_hps": {
        "id": "Total HPS: HPS (nilai tender) setiap proses yang tidak gagal atau batal, sekali per proses.",
        "en": "Total estimate: the HPS (tender value) of every process that is neither failed nor cancelled, "
        "once per process.",
    },
    "how_contract": {
        "id": "Total nilai kontrak: per proses yang tidak gagal atau batal, jumlah nilai kontraknya yang tidak "
        "dibatalkan (adendum mengubah satu kontrak, tidak menambah kontrak). Nilai {factor}× HPS (atau pagu bila "
        "tanpa HPS) atau lebih dianggap tidak wajar dan ditampilkan terpisah.",
        "en": "Total contract value: for every process that is neither failed nor cancelled, the sum of its "
        "contracts that are not cancelled (an addendum amends one contract, it adds none). A value of {factor}× "
        "the HPS (or the pagu when there is no HPS) or more is implausible and shown apart.",
    },
    "apart": {"id": "Nilai yang tidak dijumlahkan (ditampilkan terpisah)", "en": "Values not summed (shown apart)"},
    "pagu_cancelled": {
        "id": "Pagu paket batal yang RUP-nya tidak dipakai paket lain",
        "en": "Pagu of cancelled packages whose RUP no other package carries",
    },
    "hps_closed": {"id": "HPS paket gagal atau batal", "en": "HPS of failed or cancelled packages"},
    "contract_closed": {
        "id": "Nilai kontrak yang batal atau dari paket gagal atau batal",
        "en": "Value of cancelled contracts and of contracts of failed or cancelled packages",
    },
    "contract_implausible": {
        "id": "Nilai kontrak tidak wajar (≥ {factor}× HPS atau pagu)",
        "en": "Implausible contract values (≥ {factor}× HPS or pagu)",
    },
    "pagu": {"id": "Pagu", "en": "Budget (pagu)"},
    "hps": {"id": "HPS", "en": "Estimate (HPS)"},
    "contract": {"id": "Nilai kontrak", "en": "Contract value"},
    "count": {"id": "Jumlah", "en": "Count"},
    "total": {"id": "Total", "en": "Total"},
    "median": {"id": "Median", "en": "Median"},
    "minimum": {"id": "Terkecil", "en": "Smallest"},
    "maximum": {"id": "Terbesar", "en": "Largest"},
    "band": {"id": "Rentang nilai", "en": "Value band"},
    "findings": {"id": "Temuan validasi teratas", "en": "Top validation findings"},
    "findings_none": {"id": "Tidak ada temuan validasi.", "en": "No validation findings."},
    "findings_intro": {
        "id": "Hasil pemeriksaan skema OCDS, daftar kode dan kualitas data atas paket yang dihasilkan.",
        "en": "Results of the OCDS schema, codelist and data-quality checks on the packages produced.",
    },
    "code": {"id": "Kode", "en": "Code"},
    "severity": {"id": "Tingkat", "en": "Severity"},
    "examples": {"id": "Contoh", "en": "Examples"},
    "path": {"id": "Lokasi", "en": "Path"},
    "value": {"id": "Nilai", "en": "Value"},
    "rejected": {"id": "Baris ditolak dan alasannya", "en": "Rows rejected and why"},
    "rejected_none": {"id": "Tidak ada baris yang ditolak.", "en": "No rows were rejected."},
    "rejected_intro": {
        "id": "Setiap baris masukan dipakai dalam rilis, atau tercatat di sini beserta alasannya. Baris acuan (daftar "
        "induk satker, program anggaran, wilayah, katalog) yang tidak dirujuk proses mana pun yang diterbitkan "
        "dihitung terpisah sebagai tidak dirujuk: barisnya baik, daftarnya hanya lebih luas dari publikasi ini.",
        "en": "Every input row is used in a release, or listed here with the reason. Reference rows (master "
        "lists of work units, budget programmes, regions, catalogue entries) that no published process cites are "
        "counted apart as not cited: they are sound, the lists only cover more than this publication.",
    },
    "reason": {"id": "Alasan", "en": "Reason"},
    "rows": {"id": "Baris", "en": "Rows"},
    "file": {"id": "Berkas", "en": "File"},
    "position": {"id": "Posisi", "en": "Position"},
    "message": {"id": "Keterangan", "en": "Message"},
    "issues": {"id": "Nilai yang tidak dapat dibaca", "en": "Values that could not be read"},
    "issues_intro": {
        "id": "Baris tetap dipakai, tetapi nilai ini dihilangkan atau dipertahankan dengan catatan.",
        "en": "The rows were used, but these values were left out or kept with a warning.",
    },
    "field": {"id": "Kolom", "en": "Field"},
    "accounting": {"id": "Rekapitulasi baris per berkas", "en": "Rows per file"},
    "dataset": {"id": "Dataset", "en": "Dataset"},
    "read": {"id": "Dibaca", "en": "Read"},
    "used": {"id": "Dipakai", "en": "Used"},
    "duplicate": {"id": "Duplikat", "en": "Duplicate"},
    "rejected_col": {"id": "Ditolak", "en": "Rejected"},
    "uncited": {"id": "Tidak dirujuk", "en": "Not cited"},
    "budgets": {"id": "Anggaran pengadaan per perangkat daerah", "en": "Procurement budget per work unit"},
    "budgets_intro": {
        "id": "Belanja pengadaan tahunan setiap perangkat daerah pembeli (RUP-StrukturAnggaranPD: belanja_pengadaan, "
        "terdiri dari belanja modal dan belanja operasi) dibandingkan dengan pagu proses yang diterbitkan publikasi "
        "ini untuk pembeli itu (setiap RUP dihitung sekali, tanpa paket yang dibatalkan). Angkanya sebagian: publikasi "
        "hanya memuat paket yang diumumkan dalam data masukan, sehingga bagiannya bukan realisasi anggaran.",
        "en": "Each buying work unit's annual procurement spending (RUP-StrukturAnggaranPD: belanja_pengadaan, made of "
        "capital and operating spending) beside the pagu of the processes this publication publishes for that buyer "
        "(every RUP once, without cancelled packages). The figures are partial: the publication holds only the "
        "packages announced in its input, so the share is not budget execution.",
    },
    "budget_unit": {"id": "Perangkat daerah", "en": "Work unit"},
    "budget_procurement": {"id": "Belanja pengadaan", "en": "Procurement budget"},
    "budget_capital": {"id": "Belanja modal", "en": "of which capital"},
    "budget_operating": {"id": "Belanja operasi", "en": "of which operating"},
    "budget_pagu": {"id": "Pagu diterbitkan", "en": "Pagu published"},
    "budget_processes": {"id": "Proses dengan pagu", "en": "Processes with a pagu"},
    "budget_share": {"id": "Bagian", "en": "Share"},
    "budget_total": {
        "id": "Jumlah perangkat daerah yang punya belanja pengadaan",
        "en": "Total of the units with a procurement budget",
    },
    "withheld": {"id": "Data pribadi yang tidak diterbitkan", "en": "Personal data withheld"},
    "outputs": {"id": "Berkas yang diterbitkan", "en": "Files published"},
    "unknown": {"id": "(tidak diketahui)", "en": "(unknown)"},
    "more": {"id": "dan {n} lainnya", "en": "and {n} more"},
    "footer": {
        "id": "Dibuat oleh ocds-regency {version}. Halaman ini berdiri sendiri dan tidak memuat apa pun dari internet.",
        "en": "Made by ocds-regency {version}. This page is self-contained and loads nothing from the internet.",
    },
    "chart_processes": {"id": "proses", "en": "processes"},
    "lang_switch": {"id": "Bahasa", "en": "Language"},
}

_LABELS: dict[str, dict[str, dict[Lang, str]]] = {
    "stage": {
        "planning": {"id": "Perencanaan (RUP)", "en": "Planning (RUP)"},
        "tender": {"id": "Pemilihan", "en": "Tender"},
        "award": {"id": "Penetapan pemenang", "en": "Award"},
        "contract": {"id": "Kontrak", "en": "Contract"},
        "implementation": {"id": "Pelaksanaan dan pembayaran", "en": "Implementation and payments"},
    },
    "status": {
        "planning": {"id": "Perencanaan", "en": "Planning"},
        "planned": {"id": "Direncanakan", "en": "Planned"},
        "active": {"id": "Sedang berjalan", "en": "Active"},
        "cancelled": {"id": "Dibatalkan", "en": "Cancelled"},
        "unsuccessful": {"id": "Gagal", "en": "Unsuccessful"},
        "complete": {"id": "Selesai", "en": "Complete"},
        "withdrawn": {"id": "Ditarik", "en": "Withdrawn"},
    },
    "method": {
        "open": {"id": "Terbuka (open)", "en": "Open"},
        "selective": {"id": "Selektif (selective)", "en": "Selective"},
        "limited": {"id": "Terbatas (limited)", "en": "Limited"},
        "direct": {"id": "Langsung (direct)", "en": "Direct"},
    },
    "category": {
        "goods": {"id": "Barang", "en": "Goods"},
        "works": {"id": "Pekerjaan konstruksi", "en": "Works"},
        "services": {"id": "Jasa", "en": "Services"},
    },
    "personal": {
        "nip": {"id": "NIP pegawai negeri", "en": "Civil servants' NIPs"},
        "official_names": {"id": "Nama pejabat", "en": "Officials' names"},
        "bank_accounts": {"id": "Nomor rekening bank", "en": "Bank account numbers"},
        "nik": {"id": "NPWP berbasis NIK (nomor induk kependudukan)", "en": "NIK-based NPWPs (national ID numbers)"},
    },
    "severity": {
        "error": {"id": "Kesalahan", "en": "Error"},
        "warning": {"id": "Peringatan", "en": "Warning"},
        "information": {"id": "Informasi", "en": "Information"},
    },
    "reason": {
        "unknown-dataset": {"id": "Dataset tidak dikenali", "en": "Unknown dataset"},
        "missing-key": {"id": "Kode paket kosong", "en": "Package key missing"},
        "orphan": {"id": "Baris yatim (induknya tidak ada)", "en": "Orphan row (parent missing)"},
        "unreferenced": {"id": "Data induk tidak dirujuk", "en": "Master row not referenced"},
        "not-published": {"id": "Sengaja tidak dipublikasikan", "en": "Deliberately not published"},
        "partial": {"id": "Proses tanpa pengumuman (sebagian)", "en": "Process without its announcement (partial)"},
        "duplicate": {"id": "Duplikat persis", "en": "Exact duplicate"},
        "no-date": {"id": "Tanpa tanggal yang dapat dipakai", "en": "No usable date"},
        "unparseable": {"id": "Nilai tidak dapat dibaca", "en": "Unparseable value"},
        "inconsistent": {"id": "Nilai tidak konsisten", "en": "Inconsistent value"},
    },
    "output": {
        "release-package": {"id": "Paket rilis OCDS", "en": "OCDS release package"},
        "record-package": {"id": "Paket rekaman OCDS (rilis gabungan)", "en": "OCDS record package (compiled)"},
        "releases-jsonl": {"id": "Rilis, satu per baris (JSON Lines)", "en": "Releases, one per line (JSON Lines)"},
        "spreadsheet": {
            "id": "Rilis gabungan sebagai lembar kerja Excel (tata letak flatten-tool)",
            "en": "Compiled releases as an Excel workbook (flatten-tool layout)",
        },
        "csv-zip": {
            "id": "Rilis gabungan sebagai berkas CSV dalam zip",
            "en": "Compiled releases as CSV files in a zip",
        },
        "report-json": {"id": "Laporan ini dalam JSON", "en": "This report as JSON"},
        "flags-json": {"id": "Tanda red flag dan buktinya (JSON)", "en": "Red flags and their evidence (JSON)"},
        "flags-csv": {"id": "Tanda red flag, satu per baris (CSV)", "en": "Red flags, one per line (CSV)"},
        "report-html": {"id": "Laporan ini", "en": "This report"},
    },
}


def text(key: str, lang: Lang, **params: object) -> str:
    """The text ``key`` in ``lang`` with ``{params}`` filled in."""
    template = _TEXTS[key][lang]
    return template.format(**params) if params else template


def label(kind: str, code: str | None, lang: Lang) -> str:
    """A human label for an OCDS or reason ``code`` of ``kind``; unknown codes are returned as they are."""
    if code is None:
        return _TEXTS["unknown"][lang]
    entry = _LABELS.get(kind, {}).get(code)
    return entry[lang] if entry else code


#: The Babel locale of each language, for numbers.
_LOCALES: dict[Lang, str] = {"id": "id_ID", "en": "en"}


def format_count(number: int, lang: Lang) -> str:
    """An integer with the thousands separator of ``lang`` (``1.234`` in id, ``1,234`` in en; Babel)."""
    return str(format_decimal(number, format="#,##0", locale=_LOCALES[lang]))


#: Indonesia's time zones by UTC offset in hours.
_ZONES = {7: "WIB", 8: "WITA", 9: "WIT"}


#: The Babel pattern of a date and time in each language: ``1 Desember 2026, 19.27`` / ``1 December 2026, 19:27``.
_DATETIME_PATTERNS: dict[Lang, str] = {"id": "d MMMM y, HH.mm", "en": "d MMMM y, HH:mm"}


def format_datetime(value: str, lang: Lang) -> str:
    """A timestamp as people read it: ``1 Desember 2026, 19.27 WIB`` (id) or ``1 December 2026, 19:27 WIB``
    (en), in Indonesian local time (WIB unless the timestamp has the WITA or WIT offset); text that is not
    a timestamp is returned as it is. Month names and digits come from Babel."""
    import datetime as dt

    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if moment.tzinfo is None:
        return value
    offset = moment.utcoffset()
    hours = int(offset.total_seconds() // 3600) if offset is not None else 0
    if hours not in _ZONES:
        hours = 7
    local = moment.astimezone(dt.timezone(dt.timedelta(hours=hours)))
    shown = babel_format_datetime(local, _DATETIME_PATTERNS[lang], tzinfo=local.tzinfo, locale=_LOCALES[lang])
    return f"{shown} {_ZONES[hours]}"


def format_percent(share: Decimal | float | None, lang: Lang) -> str:
    """A share as a percentage with one decimal, as ``lang`` writes it: ``12,3%`` (id), ``12.3%`` (en);
    ``–`` when there is none (Babel)."""
    if share is None:
        return "–"
    return str(babel_format_percent(share, format="#,##0.0%", locale=_LOCALES[lang]))


def format_idr(amount: Decimal | int | float, lang: Lang) -> str:
    """A full rupiah amount, exact: ``Rp 1.234.567,50`` (id) or ``IDR 1,234,567.50`` (en); the fraction
    only when there is one (every digit of it). Digits are grouped by Babel for the language."""
    value = Decimal(str(amount)) if isinstance(amount, float) else Decimal(amount)
    whole = value == value.to_integral_value()
    places = 0 if whole else max(2, -int(value.normalize().as_tuple().exponent))
    pattern = "#,##0" + ("." + "0" * places if places else "")
    body = format_decimal(value, format=pattern, locale=_LOCALES[lang])
    return f"Rp {body}" if lang == "id" else f"IDR {body}"


def format_idr_short(amount: Decimal | int, lang: Lang) -> str:
    """An abbreviated rupiah amount, three significant digits in the short form of the language (Babel,
    CLDR): ``Rp 4,85 M`` (miliar), ``Rp 250 jt``, ``Rp 12,5 rb`` in id; ``IDR 4.85B``, ``IDR 250M`` in en.
    Below a thousand, the full amount."""
    value = Decimal(amount)
    if abs(value) < 1000:
        return format_idr(value, lang)
    whole_digits = (len(str(int(abs(value)))) - 1) % 3 + 1  # before the decimal sign once scaled: 1 to 3
    body = format_compact_decimal(value, format_type="short", locale=_LOCALES[lang], fraction_digits=3 - whole_digits)
    return f"Rp {body}" if lang == "id" else f"IDR {body}"
