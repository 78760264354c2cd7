"""Conversions of small hand-made inputs: each bad-input case ends in a value or a reported reason."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ocds_regency.mapping import ConversionError, PersonalDataError, Reason, SourceRow, convert

from .conftest import PREFIX, Converted, run

SATKER = {
    "kd_klpd": "D999",
    "nama_klpd": "Kab. Contoh",
    "kd_satker": "12335093",
    "kd_satker_str": "1.03.2.15.1.04.03.0000",
    "nama_satker": "DINAS PUPR",
    "kd_lpse": 93,
}


def tender(**fields: Any) -> dict[str, Any]:
    return {
        **SATKER,
        "kd_tender": 10000001000,
        "kd_rup": "111;222",
        "nama_paket": "Pembangunan  Jalan",
        "pagu": 1000000,
        "hps": 999000.5,
        "sumber_dana": "APBD",
        "jenis_pengadaan": "Pekerjaan Konstruksi",
        "mtd_pemilihan": "Tender",
        "mtd_kualifikasi": "Pasca Satu File",
        "status_tender": "Berlangsung",
        "tgl_pengumuman_tender": "2025-02-11 10:00:00.000000Z",
        "nama_ppk": "BUDI",
        "nip_ppk": "198001012005011001",
        "_event_date": "2025-10-03",
        **fields,
    }


def rows(*items: tuple[str, dict[str, Any]]) -> list[SourceRow]:
    return [SourceRow(dataset, data, "test.json", f"row {n}") for n, (dataset, data) in enumerate(items, start=1)]


def reasons(converted: Converted) -> list[tuple[str, str]]:
    return [(r.position, r.reason) for r in converted.report.rejections]


def test_minimal_tender_release() -> None:
    out = run(rows(("SPSE-TenderPengumuman", tender())))
    (release,) = out.releases
    assert release["ocid"] == f"{PREFIX}-lpse93-tender-10000001000"
    assert release["date"] == "2025-02-11T10:00:00+07:00"  # the Z is false: WIB
    assert release["tender"]["title"] == "Pembangunan Jalan"
    assert release["tender"]["status"] == "active"
    assert release["tender"]["procurementMethod"] == "open"
    assert release["tender"]["mainProcurementCategory"] == "works"
    assert release["tender"]["value"] == {"amount": 999000.5, "currency": "IDR"}
    assert release["buyer"]["id"] == "SATKER-1.03.2.15.1.04.03.0000"
    assert [p["identifier"]["id"] for p in release["parties"]] == [
        "1.03.2.15.1.04.03.0000",
        "D999",
    ]
    assert [rp["identifier"] for rp in release["relatedProcesses"]] == [f"{PREFIX}-rup-111", f"{PREFIX}-rup-222"]
    assert out.report.totals.used == 1


def test_exact_duplicates_collapse_and_snapshot_metadata_is_ignored() -> None:
    out = run(rows(("SPSE-TenderPengumuman", tender()), ("SPSE-TenderPengumuman", tender(_event_date="2025-10-04"))))
    assert len(out.releases) == 1
    # one fact; the newest extraction (row 2, by its _event_date) is kept, the older one is the duplicate
    assert reasons(out) == [("row 1", Reason.DUPLICATE)]
    assert out.report.totals.duplicate == 1


def test_a_newer_snapshot_supersedes_an_older_one() -> None:
    out = run(
        rows(
            ("SPSE-TenderPengumuman", tender(status_tender="Selesai", _event_date="2025-10-05")),
            ("SPSE-TenderPengumuman", tender(_event_date="2025-10-03")),
        )
    )
    assert reasons(out) == [("row 2", Reason.SUPERSEDED)]
    assert out.releases[0]["tender"]["status"] == "complete"


def test_changed_source_data_changes_the_release_id_only() -> None:
    first = run(rows(("SPSE-TenderPengumuman", tender())))
    same = run(rows(("SPSE-TenderPengumuman", tender(_event_date="2026-01-01"))))
    changed = run(rows(("SPSE-TenderPengumuman", tender(hps=999001))))
    assert first.raw == same.raw
    assert changed.releases[0]["id"] != first.releases[0]["id"]
    assert changed.releases[0]["ocid"] == first.releases[0]["ocid"]


def test_orphans_unknown_datasets_and_missing_keys_are_reported() -> None:
    out = run(
        rows(
            ("SPSE-PesertaTender", {"kd_tender": 5, "kd_peserta": 1, "nama_penyedia": "CV X", "pemenang": 0}),
            (None, {"foo": 1}),  # type: ignore[arg-type]
            ("SPSE-TenderPengumuman", tender(kd_tender=None)),
            ("Ecat-NotADataset", {"order_id": 1}),
        )
    )
    assert out.releases == []
    assert sorted(reasons(out)) == [
        ("row 1", Reason.ORPHAN),
        ("row 2", Reason.UNKNOWN_DATASET),
        ("row 3", Reason.MISSING_KEY),
        ("row 4", Reason.UNKNOWN_DATASET),
    ]
    assert out.report.balanced


def test_unparseable_values_are_left_out_and_reported() -> None:
    out = run(
        rows(("SPSE-TenderPengumuman", tender(hps="1.234", jenis_pengadaan="Sesuatu", mtd_pemilihan="Lelang Aneh")))
    )
    (release,) = out.releases
    assert "value" not in release["tender"]
    assert "procurementMethod" not in release["tender"]
    assert release["tender"]["procurementMethodDetails"] == "Lelang Aneh"
    issues = {(i.field, i.reason) for i in out.report.issues}
    assert issues == {
        ("hps", Reason.UNPARSEABLE),
        ("jenis_pengadaan", Reason.UNPARSEABLE),
        ("mtd_pemilihan", Reason.UNPARSEABLE),
    }


def test_gagal_batal_with_a_closing_reason_is_cancelled() -> None:
    failed = run(rows(("SPSE-TenderPengumuman", tender(status_tender="Gagal/Batal"))))
    closed = run(
        rows(("SPSE-TenderPengumuman", tender(status_tender="Gagal/Batal", ket_ditutup="Efisiensi Inpres 1 2025")))
    )
    assert failed.releases[0]["tender"]["status"] == "unsuccessful"
    assert closed.releases[0]["tender"]["status"] == "cancelled"
    assert closed.releases[0]["tender"]["statusDetails"] == "Gagal/Batal; Efisiensi Inpres 1 2025"


def peserta(kd: int, name: str, npwp: str, offer: Any, winner: int) -> tuple[str, dict[str, Any]]:
    return (
        "SPSE-PesertaTender",
        {
            "kd_tender": 10000001000,
            "kd_peserta": kd,
            "kd_penyedia": kd,
            "nama_penyedia": name,
            "npwp_penyedia": npwp,
            "nilai_penawaran": offer,
            "nilai_terkoreksi": offer,
            "pemenang": winner,
        },
    )


def test_the_same_npwp_in_two_spellings_is_one_supplier() -> None:
    out = run(
        rows(
            ("SPSE-TenderPengumuman", tender()),
            peserta(1, "PT A", "01.767.782.4-429.000", 900, 1),
            peserta(2, "PT B", "017677824429000", 950, 1),  # same company, 15 digits unpunctuated
            peserta(3, "PT C", "66.463.359.1-429.000", None, 0),
        )
    )
    award_release = out.releases[1]
    # PT A and PT B carry the same NPWP: one party, one award.
    assert [a["suppliers"][0]["id"] for a in award_release["awards"]] == ["ID-DJP-0017677824429000"]
    roles = {p["id"]: p["roles"] for p in award_release["parties"]}
    assert roles["ID-DJP-0664633591429000"] == ["interestedParty"]
    assert award_release["tender"]["numberOfTenderers"] == 2
    assert [b["id"] for b in award_release["bids"]["details"]] == ["1", "2"]


def test_two_winners_make_two_awards_and_an_issue() -> None:
    out = run(
        rows(
            ("SPSE-TenderPengumuman", tender()),
            peserta(1, "PT A", "01.767.782.4-429.000", 900, 1),
            peserta(3, "PT C", "66.463.359.1-429.000", 950, 1),
        )
    )
    awards = out.releases[1]["awards"]
    assert [a["id"] for a in awards] == ["10000001000-ID-DJP-0017677824429000", "10000001000-ID-DJP-0664633591429000"]
    assert [(i.field, i.reason) for i in out.report.issues] == [("pemenang", Reason.INCONSISTENT)]


def test_zero_winners_give_no_award_and_bids_stay_with_the_tender() -> None:
    out = run(rows(("SPSE-TenderPengumuman", tender()), peserta(1, "PT A", "01.767.782.4-429.000", 900, 0)))
    (release,) = out.releases
    assert "awards" not in release
    assert release["bids"]["details"][0]["value"] == {"amount": 900, "currency": "IDR"}


def test_nik_npwp_of_individuals_is_withheld_unless_opted_in() -> None:
    row = peserta(7, "Andina", "3205056801010006", 500, 1)
    hidden = run(rows(("SPSE-TenderPengumuman", tender()), row))
    shown = run(rows(("SPSE-TenderPengumuman", tender()), row), personal_data=["nik"])
    assert "3205056801010006" not in hidden.raw.decode()
    party = next(p for p in hidden.releases[1]["parties"] if p.get("name") == "Andina")
    assert party["id"] == "ID-LKPP-SPSE-PENYEDIA-7"
    assert party["details"]["scale"] == "selfEmployed"
    assert "identifier" not in party
    assert hidden.report.withheld["nik"] == 1
    assert "ID-DJP-3205056801010006" in shown.raw.decode()


def test_masked_and_bad_npwps_are_reported() -> None:
    out = run(
        rows(
            ("SPSE-TenderPengumuman", tender()),
            peserta(1, "PT A", "10*1**1****35**2", 900, 1),
            peserta(2, "PT B", "01.767.782.5-429.000", 950, 0),  # wrong check digit
        )
    )
    fields = [(i.position, i.field, i.reason) for i in out.report.issues]
    assert ("row 2", "npwp_penyedia", Reason.UNPARSEABLE) in fields
    assert ("row 3", "npwp_penyedia", Reason.UNPARSEABLE) in fields
    assert "ID-DJP" not in out.raw.decode()


def bast(no_bap: str, amount: int, **fields: Any) -> tuple[str, dict[str, Any]]:
    return (
        "SPSE-TenderEkontrak-4BAPBAST",
        {
            **SATKER,
            "kd_tender": 10000001000,
            "no_kontrak": "K-1",
            "nama_penyedia": "PT A",
            "npwp_penyedia": "01.767.782.4-429.000",
            "no_bast": "BAST-1",
            "tgl_bast": "2025-05-01",
            "no_bap": no_bap,
            "tgl_bap": "2025-05-02",
            "besar_pembayaran": amount,
            **fields,
        },
    )


def test_termin_payments_stay_and_exact_bast_copies_collapse() -> None:
    out = run(
        rows(
            ("SPSE-TenderPengumuman", tender()),
            bast("BAP-1", 100),
            bast("BAP-1", 100, _event_date="2025-11-01"),  # re-emitted snapshot
            bast("BAP-1", 200, tgl_bap="2025-06-02"),  # a second termin under the same number
        )
    )
    assert reasons(out) == [("row 2", Reason.DUPLICATE)]  # the older extraction of the re-emitted row
    (contract,) = out.releases[-1]["contracts"]
    transactions = contract["implementation"]["transactions"]
    assert [t["value"]["amount"] for t in transactions] == [100, 200]
    assert len({t["id"] for t in transactions}) == 2
    assert [m["code"] for m in contract["implementation"]["milestones"]] == ["BAST"]


def test_pencatatan_end_before_start_is_reported_not_published() -> None:
    out = run(
        rows(
            (
                "SPSE-PencatatanNonTender",
                {
                    **SATKER,
                    "kd_nontender_pct": 7767093,
                    "kd_rup": "60832782;45828523",
                    "nama_paket": "ATK",
                    "pagu": 100,
                    "total_realisasi": 80,
                    "uraian_pekerjaan": "<p>Belanja&nbsp;ATK</p>\r\n",
                    "kategori_pengadaan": "Pengadaan Barang",
                    "mtd_pemilihan": "Pengadaan Langsung",
                    "status_nontender_pct_ket": "Paket Selesai",
                    "tgl_buat_paket": "2024-08-29T10:00:01.679000Z",
                    "tgl_mulai_paket": "2024-08-29 10:06:52",
                    "tgl_selesai_paket": "2024-08-19 00:00:00",
                },
            ),
            (
                "SPSE-PencatatanNonTenderRealisasi",
                {
                    "kd_nontender_pct": 7767093,
                    "no_realisasi": "BKU_1",
                    "tgl_realisasi": "2024-08-19",
                    "nilai_realisasi": 80,
                    "nama_penyedia": "TOKO A",
                    "npwp_penyedia": "",
                },
            ),
        )
    )
    tender_release, implementation = out.releases
    assert tender_release["tender"]["description"] == "Belanja ATK"
    assert tender_release["tender"]["procurementMethod"] == "direct"
    (contract,) = implementation["contracts"]
    assert "period" not in contract
    assert contract["status"] == "terminated"
    assert contract["implementation"]["transactions"][0]["payee"]["name"] == "TOKO A"
    # the realisation is dated before the package was recorded: the release can't be
    assert implementation["date"] >= tender_release["date"]
    assert [(i.field, i.reason) for i in out.report.issues] == [("tgl_selesai_paket", Reason.INCONSISTENT)]


@pytest.mark.parametrize("prefix", ["", "ocds abc", "ocds-abc/1"])
def test_bad_prefix_is_refused(prefix: str) -> None:
    with pytest.raises(ConversionError, match="prefix"):
        convert([], prefix=prefix)


def test_bad_timezone_and_category_are_refused() -> None:
    with pytest.raises(ConversionError, match="offset"):
        convert([], prefix=PREFIX, timezone="Asia/Jakarta")
    with pytest.raises(PersonalDataError, match="unknown personal-data category"):
        convert([], prefix=PREFIX, personal_data=["addresses"])


def test_report_is_only_available_after_iteration() -> None:
    conversion = convert(rows(("SPSE-TenderPengumuman", tender())), prefix=PREFIX)
    with pytest.raises(ConversionError):
        conversion.report  # noqa: B018
    assert len(list(conversion)) == 1
    assert conversion.report.totals.used == 1
    with pytest.raises(ConversionError):
        iter(conversion)


def test_zero_amounts_are_unknown_and_hps_over_pagu_is_reported() -> None:
    out = run(
        rows(("SPSE-TenderPengumuman", tender(hps=0)), ("SPSE-TenderPengumuman", tender(kd_tender=2, hps=2000000)))
    )
    first, second = out.releases
    assert "value" not in first["tender"]
    assert second["tender"]["value"]["amount"] == 2000000
    assert {(i.position, i.field, i.reason) for i in out.report.issues} == {
        ("row 1", "hps", Reason.UNPARSEABLE),
        ("row 2", "hps", Reason.INCONSISTENT),
    }


def test_identifiers_as_int_or_text_and_satker_codes_with_spaces_or_swapped() -> None:
    as_int = run(rows(("SPSE-TenderPengumuman", tender())))
    as_text = run(
        rows(("SPSE-TenderPengumuman", tender(kd_tender="10000001000", kd_satker_str="1. 03.2.15.1.04.03.0000")))
    )
    assert as_int.releases[0]["ocid"] == as_text.releases[0]["ocid"]
    assert as_text.releases[0]["buyer"]["id"] == as_int.releases[0]["buyer"]["id"]
    swapped = run(
        rows(
            ("SPSE-TenderPengumuman", tender()),
            (
                "SPSE-TenderSelesai",
                {
                    **tender(status_tender="Selesai"),
                    "kd_satker": "1.03.2.15.1.04.03.0000",
                    "kd_satker_str": None,
                    "tgl_penetapan_pemenang": "2025-03-01 10:00:00",
                },
            ),
        )
    )
    assert swapped.releases[1]["buyer"]["id"] == "SATKER-1.03.2.15.1.04.03.0000"


def test_multi_valued_sources_of_funds_and_mak() -> None:
    out = run(
        rows(("SPSE-TenderPengumuman", tender(sumber_dana="APBD,APBDP", mak="1.02.02.2.01.0002.5.2.03.01.01.0006.")))
    )
    budget = out.releases[0]["planning"]["budget"]
    assert budget == {
        "description": "APBD,APBDP",
        "id": "1.02.02.2.01.0002.5.2.03.01.01.0006",
        "amount": {"amount": 1000000, "currency": "IDR"},
    }


def kontrak(**fields: Any) -> tuple[str, dict[str, Any]]:
    return (
        "SPSE-TenderEkontrak-2Kontrak",
        {
            **SATKER,
            "kd_tender": 10000001000,
            "pagu": 1000000,
            "no_kontrak": "K-1",
            "kd_penyedia": 5,
            "nama_penyedia": "PT A",
            "npwp_penyedia": "01.767.782.4-429.000",
            "nilai_kontrak": 900000,
            "tgl_kontrak": "2025-03-01T00:00:00.000000Z",
            "tgl_kontrak_awal": "2025-03-01",
            "tgl_kontrak_akhir": "2025-06-30",
            "status_kontrak": "Kontrak Sedang Berjalan",
            "versi_addendum": 0,
            "jenis_kontrak": "Lumsum",
            "nama_rek_bank": "BJB",
            "no_rek_bank": "0011223344",
            **fields,
        },
    )


def test_contract_versions_become_amendments_and_values_over_the_pagu_are_reported() -> None:
    out = run(
        rows(
            ("SPSE-TenderPengumuman", tender()),
            kontrak(),
            kontrak(versi_addendum=1, nilai_kontrak=12000000, alasan_addendum="Pekerjaan tambah", apakah_addendum="Ya"),
        )
    )
    (contract,) = out.releases[-1]["contracts"]
    assert contract["value"]["amount"] == 12000000
    assert contract["amendments"] == [
        {"id": "1", "rationale": "Pekerjaan tambah", "description": "Nilai kontrak: 900000 → 12000000"}
    ]
    assert contract["period"] == {"startDate": "2025-03-01T00:00:00+07:00", "endDate": "2025-06-30T23:59:59+07:00"}
    assert contract["awardID"] == "10000001000-ID-DJP-0017677824429000"
    assert ("nilai_kontrak", Reason.INCONSISTENT) in {(i.field, i.reason) for i in out.report.issues}
    assert "0011223344" not in out.raw.decode()
    assert out.report.withheld["bank_accounts"] == 2  # bank name and number of the current version


def test_examples_directory_converts_cleanly(validator: Any) -> None:
    examples = Path(__file__).resolve().parents[2] / "examples" / "kabupaten-contoh-2025"
    out = run([examples])
    assert out.report.balanced
    assert out.report.totals.read == out.report.totals.used + out.report.totals.rejected + out.report.totals.duplicate
    assert out.releases
    assert all(not list(validator.iter_errors(r)) for r in out.releases)
    # the problems planted in the sample (examples/README.md) are all in the report
    rejected = sorted((Path(r.source).name, r.reason) for r in out.report.rejections)
    assert rejected == [
        ("SPSE-NonTenderEkontrak-4BAPBAST.json", Reason.DUPLICATE),
        ("SPSE-NonTenderEkontrak-4BAPBAST.json", Reason.DUPLICATE),
        ("SPSE-PesertaTender.json", Reason.ORPHAN),
    ]
    issues = {(Path(i.source).name, i.field, i.reason) for i in out.report.issues}
    assert ("SPSE-PencatatanNonTenderRealisasi.json", "nilai_realisasi", Reason.UNPARSEABLE) in issues
    assert ("SPSE-PencatatanNonTender.json", "tgl_selesai_paket", Reason.INCONSISTENT) in issues
    assert "+00:00" not in out.raw.decode()


def test_rows_from_read_isb_can_be_passed_directly(samples: Path) -> None:
    from ocds_regency.read import read_isb

    from_paths = run([samples / "SPSE-TenderPengumuman.json"])
    from_rows = run(list(read_isb(samples / "SPSE-TenderPengumuman.json")))
    assert from_rows.raw == from_paths.raw


@pytest.mark.parametrize("blank", ["", "None", "  None  ", "-", "N/A", "null", "\tnan\n"])
def test_blank_spellings_are_missing_values(blank: str) -> None:
    out = run(rows(("SPSE-TenderPengumuman", tender(nama_paket=blank, hps=blank, sumber_dana=blank))))
    (release,) = out.releases
    assert "title" not in release["tender"]
    assert "value" not in release["tender"]
    assert "description" not in release["planning"]["budget"]
    assert out.report.issues == []


def test_a_contract_without_a_published_award_states_its_award() -> None:
    out = run(rows(("SPSE-TenderPengumuman", tender()), kontrak()))
    _, contract_release = out.releases
    assert contract_release["tag"] == ["award", "contract"]
    (award,) = contract_release["awards"]
    (contract,) = contract_release["contracts"]
    assert contract["awardID"] == award["id"]
    assert award["suppliers"] == [{"id": "ID-DJP-0017677824429000", "name": "PT A"}]


def test_a_bast_before_the_contract_and_a_finished_package_without_value_are_reported() -> None:
    out = run(
        rows(
            ("SPSE-TenderPengumuman", tender()),
            ("SPSE-TenderSelesai", tender(status_tender="Selesai", tgl_penetapan_pemenang="2025-03-01 10:00:00")),
            bast("BAP-1", 100, tgl_kontrak="2025-06-01T00:00:00.000000Z"),
        )
    )
    issues = {(i.position, i.field, i.reason) for i in out.report.issues}
    assert ("row 3", "tgl_bast", Reason.INCONSISTENT) in issues
    assert ("row 3", "tgl_bap", Reason.INCONSISTENT) in issues
    assert ("row 2", "nilai_kontrak", Reason.INCONSISTENT) in issues


def test_one_rup_feeding_several_packages_links_each_to_the_same_plan() -> None:
    out = run(
        rows(
            ("SPSE-TenderPengumuman", tender(kd_rup="55965678")),
            ("SPSE-TenderPengumuman", tender(kd_tender=20000001000, kd_rup="55965678")),
        )
    )
    first, second = out.releases
    assert first["ocid"] != second["ocid"]
    assert first["relatedProcesses"] == second["relatedProcesses"]
    assert first["relatedProcesses"][0]["identifier"] == f"{PREFIX}-rup-55965678"


def test_every_label_no_rule_knows_is_one_unparseable_issue_with_its_code_and_label() -> None:
    order = {"kd_paket": "01ODD", "total_harga": 5, "tgl_order": "2025-05-05", "status_pkt": "Aneh"}
    out = run(
        rows(
            ("SPSE-TenderPengumuman", tender(status_tender="Ganjil", jenis_pengadaan="Sesuatu", mtd_pemilihan="Lain")),
            kontrak(status_kontrak="Kontrak Aneh"),
            ("Ecat-PaketEPurchasingV6", order),
        )
    )
    issues = out.report.issues
    assert len(issues) == 5
    assert all(i.reason == Reason.UNPARSEABLE and i.params == {"label": repr(i.value)} for i in issues)
    assert {i.field: (i.value, i.code) for i in issues} == {
        "status_tender": ("Ganjil", "conversion.issue.unknown-package-status"),
        "jenis_pengadaan": ("Sesuatu", "conversion.issue.unknown-category"),
        "mtd_pemilihan": ("Lain", "conversion.issue.unknown-method"),
        "status_kontrak": ("Kontrak Aneh", "conversion.issue.unknown-contract-status"),
        "status_pkt": ("Aneh", "conversion.issue.unknown-package-status"),
    }
    assert all(repr(i.value) in i.message and repr(i.value) in (i.message_id or "") for i in issues)


def _parties(out: Converted) -> dict[str, dict[str, Any]]:
    """Every party of the releases by id, without its roles and additional identifiers."""
    found = {}
    for release in out.releases:
        for party in release["parties"]:
            found[party["id"]] = {k: v for k, v in party.items() if k not in ("roles", "additionalIdentifiers")}
    return found


def test_units_funders_and_catalogue_suppliers_are_identified_by_their_lkpp_codes_and_named_when_known() -> None:
    plan = {**SATKER, "kd_rup": 777, "nama_paket": "Jalan", "pagu": 11, "tgl_pengumuman_paket": "2025-01-10 09:00:00"}
    lines = [
        {"kd_rup": 777, "pagu": 5, "asal_dana": "D998", "asal_dana_klpd": "Prov. Contoh"},
        {"kd_rup": 777, "pagu": 6, "asal_dana": "D997"},
    ]
    named = run(
        rows(
            ("SPSE-TenderPengumuman", tender()),
            ("RUP-PaketPenyedia-Terumumkan", plan),
            *(("RUP-PaketAnggaranPenyedia", line) for line in lines),
            ("Ecat-PaketEPurchasingV6", {"kd_paket": "01A", "kd_penyedia_sikap": "55", "tgl_order": "2025-05-05"}),
            ("Ecat-PenyediaDetail", {"kd_penyedia": 1, "kode_penyedia_sikap": 55, "nama_penyedia": "PT OBAT"}),
            ("Ecat-PaketEPurchasingV6", {"kd_paket": "01B", "kd_penyedia_v6": "9", "tgl_order": "2025-05-05"}),
        )
    )
    unit = "1.03.2.15.1.04.03.0000"
    assert _parties(named) == {
        f"SATKER-{unit}": {
            "id": f"SATKER-{unit}",
            "name": "DINAS PUPR",
            "identifier": {"scheme": "ID-LKPP-SATKER", "id": unit, "legalName": "DINAS PUPR"},
        },
        "KLPD-D999": {
            "id": "KLPD-D999",
            "name": "Kab. Contoh",
            "identifier": {"scheme": "ID-LKPP-KLPD", "id": "D999", "legalName": "Kab. Contoh"},
        },
        "KLPD-D998": {
            "id": "KLPD-D998",
            "name": "Prov. Contoh",
            "identifier": {"scheme": "ID-LKPP-KLPD", "id": "D998", "legalName": "Prov. Contoh"},
        },
        "KLPD-D997": {"id": "KLPD-D997", "identifier": {"scheme": "ID-LKPP-KLPD", "id": "D997"}},
        "ID-LKPP-SIKAP-PENYEDIA-55": {
            "id": "ID-LKPP-SIKAP-PENYEDIA-55",
            "name": "PT OBAT",
            "identifier": {"scheme": "ID-LKPP-SIKAP-PENYEDIA", "id": "55", "legalName": "PT OBAT"},
        },
        "EKATALOG-9": {"id": "EKATALOG-9"},
    }
    unnamed = run(rows(("SPSE-TenderPengumuman", tender(nama_satker=None, nama_klpd=None))))
    assert _parties(unnamed) == {
        f"SATKER-{unit}": {"id": f"SATKER-{unit}", "identifier": {"scheme": "ID-LKPP-SATKER", "id": unit}},
        "KLPD-D999": {"id": "KLPD-D999", "identifier": {"scheme": "ID-LKPP-KLPD", "id": "D999"}},
    }
