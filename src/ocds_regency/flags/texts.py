"""Names, explanations and sources of every indicator, and the reasons a process could not be assessed,
in English and Bahasa Indonesia.

The wording is neutral: an indicator shows a process is worth a second look, never that something wrong
happened. A test checks that every indicator and every reason code has both languages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["INDICATOR_TEXTS", "REASONS", "TEXTS", "IndicatorText", "reason_label", "text"]

Lang = Literal["id", "en"]


@dataclass(frozen=True)
class IndicatorText:
    """What an indicator looks at and where it comes from, per language."""

    name: dict[Lang, str]
    explanation: dict[Lang, str]
    source: dict[Lang, str]


def _t(name: tuple[str, str], explanation: tuple[str, str], source: tuple[str, str]) -> IndicatorText:
    return IndicatorText(
        {"en": name[0], "id": name[1]},
        {"en": explanation[0], "id": explanation[1]},
        {"en": source[0], "id": source[1]},
    )


_CARDINAL = ("Cardinal (Open Contracting Partnership)", "Cardinal (Open Contracting Partnership)")
_PERPRES = "Perpres 16/2018 as amended by Perpres 12/2021 and 46/2025"
_PERPRES_ID = "Perpres 16/2018 sebagaimana diubah dengan Perpres 12/2021 dan 46/2025"

#: Every indicator's texts, by code.
INDICATOR_TEXTS: dict[str, IndicatorText] = {
    "R003": _t(
        ("Short submission period", "Masa pemasukan penawaran singkat"),
        (
            "The submission period is shorter than the minimum for its method.",
            "Masa pemasukan penawaran lebih singkat dari batas minimum metodenya.",
        ),
        _CARDINAL,
    ),
    "R018": _t(
        ("Single bid received", "Hanya satu penawaran"),
        (
            "Only one tenderer took part in an open or selective procedure.",
            "Hanya satu peserta dalam pemilihan terbuka atau selektif.",
        ),
        _CARDINAL,
    ),
    "R024": _t(
        ("Price close to winning bid", "Harga dekat dengan penawaran pemenang"),
        (
            "The second-lowest valid bid is unusually close to the winning bid.",
            "Penawaran sah terendah kedua sangat dekat dengan penawaran pemenang dibandingkan proses lain.",
        ),
        _CARDINAL,
    ),
    "R025": _t(
        ("Excessive unsuccessful bids", "Banyak penawaran tidak menang"),
        (
            "A frequent tenderer wins unusually few of its valid bids.",
            "Peserta yang sering menawar sangat jarang menang dibandingkan peserta lain.",
        ),
        _CARDINAL,
    ),
    "R028": _t(
        ("Identical bid prices", "Harga penawaran identik"),
        ("Different tenderers submitted bids with the same price.", "Peserta berbeda mengajukan harga yang sama."),
        _CARDINAL,
    ),
    "R030": _t(
        ("Late bid won", "Penawaran terlambat menang"),
        (
            "The winner's bid is dated after the submission deadline.",
            "Penawaran pemenang bertanggal setelah batas akhir pemasukan.",
        ),
        _CARDINAL,
    ),
    "R035": _t(
        ("All except winning bid disqualified", "Semua penawaran kecuali pemenang digugurkan"),
        ("Every other tenderer's bid was disqualified.", "Penawaran semua peserta lain digugurkan."),
        _CARDINAL,
    ),
    "R036": _t(
        ("Lowest bid disqualified", "Penawaran terendah digugurkan"),
        ("The lowest submitted bid was disqualified.", "Penawaran terendah yang diajukan digugurkan."),
        _CARDINAL,
    ),
    "R038": _t(
        ("Excessive disqualified bids", "Banyak penawaran digugurkan"),
        (
            "A buyer, procuring entity or tenderer has an unusually high share of disqualified bids.",
            "Satker, pengelola pengadaan atau peserta dengan porsi penawaran gugur yang tinggi dibandingkan lainnya.",
        ),
        _CARDINAL,
    ),
    "R048": _t(
        ("Heterogeneous supplier", "Penyedia serba-ada"),
        (
            "A supplier is awarded an unusually wide variety of item categories.",
            "Penyedia memenangkan jenis barang/jasa yang sangat beragam dibandingkan penyedia lain.",
        ),
        _CARDINAL,
    ),
    "R058": _t(
        ("Heavily discounted bid", "Penawaran sangat murah"),
        (
            "The winning bid is unusually far below the second-lowest valid bid.",
            "Penawaran pemenang jauh di bawah penawaran sah terendah kedua dibandingkan proses lain.",
        ),
        _CARDINAL,
    ),
    "ID-SPLIT": _t(
        ("Possible package splitting", "Kemungkinan pemecahan paket"),
        (
            "Several non-tender packages of one satker, for the same object or to the same supplier, each below "
            "the Pengadaan Langsung ceiling, close in time, together above it.",
            "Beberapa paket non-tender satu satker, untuk objek yang sama atau penyedia yang sama, masing-masing di "
            "bawah batas Pengadaan Langsung, berdekatan waktunya, bersama-sama melampauinya.",
        ),
        (
            f"{_PERPRES}, Article 20(2)(d): splitting packages to avoid Tender/Seleksi is prohibited",
            f"{_PERPRES_ID}, Pasal 20 ayat (2) huruf d: larangan memecah paket untuk menghindari Tender/Seleksi",
        ),
    ),
    "ID-PL-CEILING": _t(
        ("Pengadaan Langsung above its ceiling", "Pengadaan Langsung di atas batas nilainya"),
        (
            "A Pengadaan Langsung whose value is above the ceiling for its category and budget year.",
            "Pengadaan Langsung yang nilainya di atas batas untuk jenis dan tahun anggarannya.",
        ),
        (
            f"{_PERPRES}, Articles 38(3) and 41(3): Rp 200 million (Rp 100 million for consultancy)",
            f"{_PERPRES_ID}, Pasal 38 ayat (3) dan Pasal 41 ayat (3): Rp200 juta (Rp100 juta untuk konsultansi)",
        ),
    ),
    "ID-SHORT-PERIOD": _t(
        ("Submission period below the legal minimum", "Masa pemasukan penawaran di bawah minimum"),
        (
            "Fewer working days to submit bids than the schedule of its method allows.",
            "Hari kerja untuk memasukkan penawaran lebih sedikit dari jadwal minimum metodenya.",
        ),
        (
            "Peraturan LKPP 12/2021, schedules of Tender (Annex II) and Seleksi (Annex III)",
            "Peraturan LKPP 12/2021, jadwal Tender (Lampiran II) dan Seleksi (Lampiran III)",
        ),
    ),
    "ID-ABOVE-HPS": _t(
        ("Contract above HPS", "Kontrak di atas HPS"),
        (
            "The contract (or award) value is above the owner's estimate (HPS), which caps the offers.",
            "Nilai kontrak (atau penetapan) di atas HPS, yang menjadi batas tertinggi penawaran.",
        ),
        (f"{_PERPRES}, Article 26", f"{_PERPRES_ID}, Pasal 26"),
    ),
    "ID-HPS-PAGU": _t(
        ("HPS equal to the budget", "HPS sama dengan pagu"),
        (
            "The owner's estimate (HPS) equals the budget ceiling (pagu): the price survey may not have been done.",
            "HPS sama persis dengan pagu: survei harga mungkin tidak dilakukan.",
        ),
        (f"{_PERPRES}, Article 26 (HPS from market prices)", f"{_PERPRES_ID}, Pasal 26 (HPS berdasarkan harga pasar)"),
    ),
    "ID-NEAR-HPS": _t(
        ("Winning offer within a hair of HPS", "Penawaran pemenang nyaris sama dengan HPS"),
        (
            "The winning offer is less than 1 % below the HPS.",
            "Penawaran pemenang kurang dari 1 % di bawah HPS.",
        ),
        ("ICW, Potential Fraud Analysis (contract vs HPS)", "ICW, Potential Fraud Analysis (kontrak terhadap HPS)"),
    ),
    "ID-NOT-LOWEST": _t(
        ("Winner not the lowest offer", "Pemenang bukan penawaran terendah"),
        (
            "Under price-only evaluation (Harga Terendah), a valid offer lower than the winner's exists.",
            "Dengan evaluasi harga terendah, ada penawaran sah yang lebih rendah dari pemenang.",
        ),
        (
            "Peraturan LKPP 12/2021, evaluation by lowest price",
            "Peraturan LKPP 12/2021, evaluasi sistem harga terendah",
        ),
    ),
    "ID-SINGLE-BID": _t(
        ("Single bidder", "Peserta tunggal"),
        (
            "A Tender or Seleksi with one bidder.",
            "Tender atau Seleksi dengan satu peserta yang menawar.",
        ),
        ("ICW; Cardinal R018", "ICW; Cardinal R018"),
    ),
    "ID-SUPPLIER-SHARE": _t(
        ("Supplier concentration in a satker", "Konsentrasi penyedia di satu satker"),
        (
            "One supplier holds at least half of the value a satker awarded.",
            "Satu penyedia memperoleh setidaknya separuh nilai yang ditetapkan satu satker.",
        ),
        ("Local monitoring practice (APIP, ICW)", "Praktik pemantauan (APIP, ICW)"),
    ),
    "ID-REPEAT-DIRECT": _t(
        ("Repeat direct awards", "Penunjukan berulang"),
        (
            "A satker gave at least 5 Pengadaan/Penunjukan Langsung to one supplier in a budget year.",
            "Satu satker memberi setidaknya 5 Pengadaan/Penunjukan Langsung kepada satu penyedia dalam setahun.",
        ),
        (f"{_PERPRES}, Article 20 (competition)", f"{_PERPRES_ID}, Pasal 20 (persaingan)"),
    ),
    "ID-YEAR-END": _t(
        ("End-of-year contract", "Kontrak akhir tahun"),
        (
            "A contract signed in the last month of its budget year.",
            "Kontrak ditandatangani pada bulan terakhir tahun anggarannya.",
        ),
        ("Budget-year rush (APBD spending)", "Penyerapan anggaran akhir tahun (APBD)"),
    ),
    "ID-ECAT-SHARE": _t(
        ("e-Katalog orders concentrated", "Pesanan e-Katalog terkonsentrasi"),
        (
            "One supplier holds at least half of a satker's e-Katalog order value.",
            "Satu penyedia memperoleh setidaknya separuh nilai pesanan e-Katalog satu satker.",
        ),
        ("Local monitoring practice (e-Purchasing)", "Praktik pemantauan (e-Purchasing)"),
    ),
    "ID-ICW-DAYS": _t(
        ("ICW: days to winner", "ICW: hari sampai penetapan pemenang"),
        (
            "ICW score of the days from announcement to winner (more than 70 days scores 5).",
            "Skor ICW untuk jumlah hari dari pengumuman sampai penetapan pemenang (lebih dari 70 hari skor 5).",
        ),
        ("ICW opentender.net, Potential Fraud Analysis 1", "ICW opentender.net, Potential Fraud Analysis 1"),
    ),
    "ID-ICW-CONTRACT-HPS": _t(
        ("ICW: contract against HPS", "ICW: kontrak terhadap HPS"),
        (
            "ICW score of the contract value against HPS (above it, or under 1 % or 20 % or more below, scores 5).",
            "Skor ICW nilai kontrak terhadap HPS (di atas, atau kurang dari 1 % atau 20 % lebih di bawah, skor 5).",
        ),
        ("ICW opentender.net, Potential Fraud Analysis 2", "ICW opentender.net, Potential Fraud Analysis 2"),
    ),
    "ID-ICW-VALUE": _t(
        ("ICW: contract size", "ICW: besar kontrak"),
        (
            "ICW score of the contract value (above Rp 10 billion scores 5).",
            "Skor ICW nilai kontrak (di atas Rp10 M skor 5).",
        ),
        ("ICW opentender.net, Potential Fraud Analysis 3", "ICW opentender.net, Potential Fraud Analysis 3"),
    ),
    "ID-ICW-TITLE": _t(
        ("ICW: short title", "ICW: judul pendek"),
        (
            "ICW score of the tender title (shorter than 20 characters scores 5).",
            "Skor ICW judul tender (kurang dari 20 karakter skor 5).",
        ),
        ("ICW opentender.net, Potential Fraud Analysis 4", "ICW opentender.net, Potential Fraud Analysis 4"),
    ),
}

#: Why a process could not be assessed, by reason code.
REASONS: dict[str, dict[Lang, str]] = {
    "cancelled": {"en": "process cancelled", "id": "proses dibatalkan"},
    "excluded-method": {"en": "method excluded by the settings", "id": "metode dikecualikan pengaturan"},
    "method-not-covered": {"en": "method not covered by the indicator", "id": "metode di luar cakupan indikator"},
    "no-price-comparison": {"en": "prices not compared for this method", "id": "harga tidak dibandingkan"},
    "award-pending-or-invalid": {"en": "an award is pending or invalid", "id": "ada penetapan tertunda/tidak sah"},
    "not-one-active-award": {"en": "not exactly one active award", "id": "bukan tepat satu penetapan aktif"},
    "no-active-award": {"en": "no active award", "id": "tidak ada penetapan aktif"},
    "several-suppliers": {"en": "an award to several suppliers", "id": "penetapan untuk beberapa penyedia"},
    "several-tenderers": {"en": "a bid by several tenderers", "id": "penawaran oleh beberapa peserta"},
    "fewer-than-two-valid-bids": {
        "en": "fewer than two valid bids with amounts (bid status missing?)",
        "id": "kurang dari dua penawaran sah bernilai (status penawaran tidak ada?)",
    },
    "winner-not-lowest": {"en": "the winning bid is not the lowest", "id": "penawaran pemenang bukan terendah"},
    "zero-amount": {"en": "winning bid of zero", "id": "penawaran pemenang nol"},
    "no-bids": {"en": "no bids (with status)", "id": "tidak ada penawaran (berstatus)"},
    "no-bid-amounts": {"en": "no submitted bids with amounts", "id": "tidak ada penawaran bernilai"},
    "no-tender-period": {"en": "no tender period", "id": "tidak ada masa pemasukan penawaran"},
    "no-number-of-tenderers": {"en": "no number of tenderers", "id": "jumlah peserta tidak ada"},
    "no-buyer": {"en": "no buyer (satker)", "id": "tidak ada satker"},
    "no-item-classification": {"en": "no item classification", "id": "item tanpa klasifikasi"},
    "no-bid-date": {"en": "no bid dates", "id": "penawaran tanpa tanggal"},
    "no-amount": {"en": "no amount in IDR", "id": "tidak ada nilai dalam rupiah"},
    "no-hps": {"en": "no HPS", "id": "tidak ada HPS"},
    "no-pagu": {"en": "no budget (pagu)", "id": "tidak ada pagu"},
    "no-contract-value": {"en": "no contract or award value", "id": "tidak ada nilai kontrak/penetapan"},
    "no-category": {"en": "no procurement category", "id": "jenis pengadaan tidak ada"},
    "no-budget-year": {"en": "no budget year (no date)", "id": "tahun anggaran tidak diketahui"},
    "no-date": {"en": "no date", "id": "tidak ada tanggal"},
    "no-winning-offer": {"en": "no offer of the winner", "id": "tidak ada penawaran pemenang"},
    "not-price-only": {"en": "evaluation not price-only", "id": "evaluasi bukan harga terendah"},
    "no-bid-status": {"en": "bids without status", "id": "penawaran tanpa status"},
    "no-contract-date": {"en": "no contract signature date", "id": "tidak ada tanggal tanda tangan kontrak"},
    "no-award-date": {"en": "no award date", "id": "tidak ada tanggal penetapan"},
    "no-title": {"en": "no title", "id": "tidak ada judul"},
}

#: Texts of the flags section of the report and the flags page.
TEXTS: dict[str, dict[Lang, str]] = {
    "flags": {"en": "Worth a second look", "id": "Perlu dicermati"},
    "flags_intro": {
        "en": "Red-flag indicators point at processes worth a second look. A flag is not a finding of wrongdoing: "
        "the data may be incomplete, and the rules have exceptions the data does not show.",
        "id": "Indikator red flag menunjuk proses yang perlu dicermati. Sebuah tanda bukan temuan pelanggaran: "
        "data bisa belum lengkap, dan aturan punya pengecualian yang tidak tampak dalam data.",
    },
    "indicator": {"en": "Indicator", "id": "Indikator"},
    "source": {"en": "Source", "id": "Sumber"},
    "flagged": {"en": "Flags", "id": "Tanda"},
    "assessed": {"en": "Processes assessed", "id": "Proses dinilai"},
    "not_assessed": {"en": "Not assessed, and why", "id": "Tidak dinilai, dan alasannya"},
    "by_buyer": {"en": "Flags by satker", "id": "Tanda per satker"},
    "buyer": {"en": "Satker (buyer)", "id": "Satker"},
    "top": {"en": "Processes with the most flags", "id": "Proses dengan tanda terbanyak"},
    "process": {"en": "Process", "id": "Proses"},
    "evidence": {"en": "Evidence", "id": "Bukti"},
    "none": {"en": "No flags.", "id": "Tidak ada tanda."},
    "group": {"en": "About", "id": "Tentang"},
    "value": {"en": "Value", "id": "Nilai"},
    "open": {"en": "open", "id": "buka"},
}


def text(key: str, lang: Lang) -> str:
    """The text ``key`` of the flags section in ``lang``."""
    return TEXTS[key][lang]


def reason_label(code: str, lang: Lang) -> str:
    """The label of a not-assessed reason (the code itself when unknown)."""
    entry = REASONS.get(code)
    return entry[lang] if entry else code
