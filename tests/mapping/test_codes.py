"""Indonesian value sets → OCDS codes, with the judgement calls of docs/mapping.md pinned."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocds_regency.mapping import codes
from ocds_regency.standard import load_profile

CODELISTS = load_profile([]).codelists


@pytest.mark.parametrize(
    ("label", "qualification", "expected"),
    [
        ("Tender", "Pasca Satu File", "open"),
        ("Tender", "Pra Dua File Kualitas Biaya", "selective"),
        ("Seleksi", "Pra Dua File Kualitas Biaya", "selective"),
        ("Seleksi", None, "open"),
        ("Tender Cepat", None, "open"),
        ("Pengadaan Langsung", None, "direct"),
        ("Penunjukan Langsung", None, "direct"),
        ("E-Purchasing", None, "direct"),
        ("e-Purchasing", None, "direct"),
        ("Epurchasing", None, "direct"),
        ("Darurat", None, "direct"),
        ("Lelang Umum", None, "open"),
        ("Lelang Terbatas", None, "limited"),
        ("Pemilihan Langsung", None, "limited"),
        ("Seleksi Sederhana", None, "selective"),
        ("Dikecualikan", None, None),
        ("Swakelola Tipe 1", None, None),
    ],
)
def test_procurement_method(label: str, qualification: str | None, expected: str | None) -> None:
    method, known = codes.procurement_method(label, qualification)
    assert known
    assert method == expected
    assert method is None or method in CODELISTS["method"].codes


def test_unknown_method_is_flagged_not_guessed() -> None:
    assert codes.procurement_method("Lelang Aneh") == (None, False)


@pytest.mark.parametrize(
    ("label", "main", "additional"),
    [
        ("Pengadaan Barang", "goods", []),
        ("Barang", "goods", []),
        ("1", "goods", []),
        ("Pekerjaan Konstruksi", "works", []),
        ("Jasa Lainnya", "services", []),
        ("Jasa Konsultansi Badan Usaha Konstruksi", "services", ["consultingServices"]),  # the trap
        ("Jasa Konsultansi Perorangan Non Konstruksi", "services", ["consultingServices"]),
        ("3", "services", ["consultingServices"]),
        ("Pekerjaan Konstruksi Terintegrasi", "works", ["consultingServices"]),
        ("Lainnya", None, []),
    ],
)
def test_procurement_categories(label: str, main: str | None, additional: list[str]) -> None:
    assert codes.procurement_categories(label) == (main, additional)


@pytest.mark.parametrize(
    ("label", "reason", "expected"),
    [
        ("Berlangsung", None, "active"),
        ("Selesai", None, "complete"),
        ("Tender Sudah Selesai", None, "complete"),
        ("Paket Sedang Berjalan", None, "active"),
        ("Gagal/Batal", None, "unsuccessful"),
        ("Gagal/Batal", "surat permohonan pembatalan", "cancelled"),
        ("Paket Dibatalkan", None, "cancelled"),
        ("-", None, None),
    ],
)
def test_tender_status(label: str, reason: str | None, expected: str | None) -> None:
    assert codes.tender_status(label, closed_reason=reason) == expected


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Kontrak Sedang Berjalan", "active"),
        ("Kontrak Selesai", "terminated"),
        ("PEMUTUSAN_KONTRAK", "terminated"),
        ("PENGHENTIAN_KONTRAK", "terminated"),
        ("SELESAI", "terminated"),
        ("ON_PROCESS", "active"),
        ("COMPLETED", "terminated"),
        ("Entah", None),
    ],
)
def test_contract_status(label: str, expected: str | None) -> None:
    assert codes.contract_status(label) == expected


def test_award_criteria() -> None:
    assert codes.award_criteria("Harga Terendah Sistem Gugur") == "priceOnly"
    assert codes.award_criteria("Kualitas dan Biaya") == "ratedCriteria"
    assert codes.award_criteria("Kualitas") == "qualityOnly"
    assert codes.award_criteria("Sistem Nilai") is None


@settings(max_examples=200)
@given(st.text())
def test_code_functions_never_crash_and_only_return_codelist_codes(label: str) -> None:
    method, _ = codes.procurement_method(label, label)
    assert method is None or method in CODELISTS["method"].codes
    main, additional = codes.procurement_categories(label)
    assert main is None or main in CODELISTS["procurementCategory"].codes
    assert all(a in CODELISTS["extendedProcurementCategory"].codes for a in additional)
    status = codes.tender_status(label)
    assert status is None or status in CODELISTS["tenderStatus"].codes
    contract = codes.contract_status(label)
    assert contract is None or contract in CODELISTS["contractStatus"].codes
    criteria = codes.award_criteria(label)
    assert criteria is None or criteria in CODELISTS["awardCriteria"].codes
