"""Issue 9 "a real regency year, published true": the rules of the i9-facts branch.

Each rule has a test on real rows (copied from ``../shared/domain/isb-real-2025`` into
``tests/fixtures/isb-real-2025-facts/facts-*``, see the README there) and a synthetic case.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ocds_regency.mapping import SourceRow
from ocds_regency.mapping.codes import document_reference, is_url
from ocds_regency.mapping.dates import duration_in_days
from ocds_regency.read import read_isb
from tests.mapping.conftest import Converted, run

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "isb-real-2025-facts"


def fixtures(topic: str) -> list[Path]:
    """The fixture files of one topic (``facts-<topic>-<Dataset>.json``)."""
    found = sorted(FIXTURES.glob(f"facts-{topic}-*.json"))
    assert found, topic
    return found


def rows(dataset: str, *data: dict[str, Any]) -> list[SourceRow]:
    return [SourceRow(dataset, row, "synthetic.json", f"item {n}") for n, row in enumerate(data, 1)]


def documents(converted: Converted) -> list[dict[str, Any]]:
    found = []
    for release in converted.releases:
        for contract in release.get("contracts", ()):
            found.extend(contract.get("implementation", {}).get("documents", ()))
    return found


# ------------------------------------------------------------------ 1. it publishes: names are not urls


def test_real_document_names_are_titles_not_urls() -> None:
    converted = run(fixtures("documents"))
    found = documents(converted)
    assert found
    assert all("url" not in document for document in found)
    titles = {document["title"]: document.get("documentType") for document in found}
    assert titles["Bukti Pembayaran"] is None
    assert titles["Berita Acara Serah Terima Barang"] == "completionCertificate"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nota Dinas Pencairan Seksi Inovasi II UP 2025", {"title": "Nota Dinas Pencairan Seksi Inovasi II UP 2025"}),
        ("BKU Kecamatan Pameungpeuk 2025", {"title": "BKU Kecamatan Pameungpeuk 2025"}),
        ("Surat Perjanjian", {"title": "Surat Perjanjian", "documentType": "contractSigned"}),
        ("https://spse.example.go.id/dok/1.pdf", {"url": "https://spse.example.go.id/dok/1.pdf"}),
        ("spj:2025", {"title": "spj:2025"}),
        ("https://example.org/a b.pdf", {"title": "https://example.org/a b.pdf"}),
    ],
)
def test_document_reference(text: str, expected: dict[str, str]) -> None:
    assert document_reference(text) == expected


def test_synthetic_realisation_document_url_only_when_absolute() -> None:
    root = {"kd_nontender_pct": "1", "nama_paket": "P", "tgl_buat_paket": "2025-02-01", "total_realisasi": 1000}
    paid = {
        "kd_nontender_pct": "1",
        "no_realisasi": "K-1",
        "tgl_realisasi": "2025-02-03",
        "nilai_realisasi": 1000,
        "jenis_realisasi": "Dokumen Lainnya",
    }
    converted = run(
        [
            *rows("SPSE-PencatatanNonTender", root),
            *rows(
                "SPSE-PencatatanNonTenderRealisasi",
                {**paid, "dok_realisasi": "Nota Dinas"},
                {**paid, "no_realisasi": "K-2", "dok_realisasi": "https://lpse.example.go.id/k2.pdf"},
            ),
        ]
    )
    found = {document["id"]: document for document in documents(converted)}
    assert found["K-1"] == {"id": "K-1", "title": "Nota Dinas"}
    assert found["K-2"]["url"] == "https://lpse.example.go.id/k2.pdf"
    assert all(is_url(d["url"]) for d in found.values() if "url" in d)


# ------------------------------------------------------------------ 8. no noise: letter numbers with spaces


def test_real_letter_numbers_with_spaces_are_not_field_issues() -> None:
    converted = run(fixtures("letters"))
    letters = {"no_sppbj", "no_kontrak", "no_spmk_spp"}
    assert not [issue for issue in converted.report.issues if issue.field in letters]
    (contract,) = [c for r in converted.releases for c in r.get("contracts", ()) if "dateSigned" in c]
    assert " " in contract["id"]  # published as written


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("000.3.2/ 0669 /Dinkes/2025", "000.3.2/0669/Dinkes/2025"),
        ("027 / 21 / SPPBJ / UPTD.DISNAKER/2025", "027/21/SPPBJ/UPTD.DISNAKER/2025"),
        ("027/401/SPPBJ-Rehab  Gedung/Didukcapil/2025", "027/401/SPPBJ-Rehab Gedung/Didukcapil/2025"),
        (12.0, "12"),
        ("  ", None),
    ],
)
def test_letter_number(text: object, number: str | None) -> None:
    from ocds_regency.isb.parse import parse_letter_number

    assert parse_letter_number(text) == number


def test_synthetic_two_spellings_of_one_letter_are_one_snapshot() -> None:
    base = {"kd_nontender": "7", "nama_paket": "P", "tgl_pengumuman_nontender": "2025-03-01"}
    sppbj = {
        "kd_nontender": "7",
        "tgl_sppbj": "2025-03-05",
        "nama_penyedia": "CV A",
        "harga_final": 10,
        "versi_addendum": 0,
    }
    converted = run(
        [
            *rows("SPSE-NonTenderPengumuman", base),
            *rows(
                "SPSE-NonTenderEkontrak-1SPPBJ",
                {**sppbj, "no_sppbj": "000.3.2/ 0669 /Dinkes/2025", "_event_date": "2025-09-01"},
                {**sppbj, "no_sppbj": "000.3.2/0669/Dinkes/2025", "_event_date": "2025-09-02"},
            ),
        ]
    )
    assert not [issue for issue in converted.report.issues if issue.field == "no_sppbj"]
    assert [r.reason for r in converted.report.rejections] == ["superseded"]


# ------------------------------------------------------------------ 3. nothing dated in the future


def _extraction(paths: list[Path]) -> str:
    """The newest extraction stamp of the fixture rows, as the end of that day in WIB (computed here)."""
    stamps = []
    for path in paths:
        for row in json.loads(path.read_text(encoding="utf-8")):
            stamps += [str(row[f])[:10] for f in ("_event_date", "tgl_penarikan") if row.get(f)]
    return f"{max(stamps)}T23:59:59+07:00"


def test_real_nothing_is_dated_after_the_extraction() -> None:
    paths = fixtures("future")
    extracted = _extraction(paths)
    converted = run(paths)
    assert converted.releases
    assert all(release["date"] <= extracted for release in converted.releases)
    # the selection still running: its scheduled close is the tender period, the award is dated by its SPPBJ
    running = converted.by_ocid("ocds-test01-lpse93-nontender-10101290000")
    (update,) = [r for r in running if "award" in r["tag"]]
    sppbj = json.loads(FIXTURES.joinpath("facts-future-SPSE-NonTenderEkontrak-1SPPBJ.json").read_text())
    letter = next(row for row in sppbj if row["kd_nontender"] == 10101290000)["tgl_sppbj"][:10]
    assert update["tender"]["tenderPeriod"]["endDate"].startswith("2025-10-17")
    assert update["date"].startswith(letter)
    assert [a["date"][:10] for a in update["awards"]] == [letter]
    # hand-overs typed in for the whole year: those after the extraction are scheduled, never met
    milestones = [
        m
        for r in converted.by_ocid("ocds-test01-lpse93-nontender-10039644000")
        for c in r.get("contracts", ())
        for m in c.get("implementation", {}).get("milestones", ())
    ]
    assert milestones
    for milestone in milestones:
        if milestone["status"] == "met":
            assert milestone["dateMet"] <= extracted
        else:
            assert milestone["status"] == "scheduled" and milestone["dueDate"] > extracted
    assert any(m["status"] == "scheduled" for m in milestones)
    flagged = {(i.dataset, i.field) for i in converted.report.issues if "extracted" in i.message}
    assert ("SPSE-NonTenderEkontrak-4BAPBAST", "tgl_bast") in flagged
    assert ("SPSE-PencatatanSwakelolaRealisasi", "tgl_realisasi") in flagged


def test_synthetic_payment_ahead_of_extraction_is_flagged_and_dates_nothing() -> None:
    root = {
        "kd_swakelola_pct": "5",
        "nama_paket": "P",
        "tgl_buat_paket": "2025-02-01",
        "tgl_selesai_paket": "2025-12-31",
        "total_realisasi": 300,
        "_event_date": "2025-06-30",
    }
    paid = {"kd_swakelola_pct": "5", "nilai_realisasi": 100, "_event_date": "2025-06-30"}
    converted = run(
        [
            *rows("SPSE-PencatatanSwakelola", root),
            *rows(
                "SPSE-PencatatanSwakelolaRealisasi",
                {**paid, "no_realisasi": "1", "tgl_realisasi": "2025-05-02"},
                {**paid, "no_realisasi": "2", "tgl_realisasi": "2025-12-31"},
            ),
        ]
    )
    assert [r["date"] for r in converted.releases] == ["2025-02-01T00:00:00+07:00", "2025-05-02T00:00:00+07:00"]
    (issue,) = [i for i in converted.report.issues if i.field == "tgl_realisasi"]
    assert issue.position == "item 2" and issue.reason == "inconsistent"
    assert converted.report.balanced


# ------------------------------------------------------------------ 4. durations right or absent


def _periods(converted: Converted) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for release in converted.releases:
        for contract in release.get("contracts", ()):
            if "period" in contract:
                found.setdefault(release["ocid"].rsplit("-", 1)[1], []).append(contract["period"])
    return found


def test_real_durations_are_right_or_absent_with_an_issue() -> None:
    converted = run(fixtures("durations"))
    periods = _periods(converted)
    issues = {i.value for i in converted.report.issues if i.field == "waktu_penyelesaian"}
    # "30 Hari Kalender" from 22 April to 21 May: 30 days
    assert [p.get("durationInDays") for p in periods["10094421000"]] == [30]
    # "6 Bulan" from 1 July: six calendar months, to 31 December inclusive
    assert [p.get("durationInDays") for p in periods["10194349000"]] == [184]
    # working days, and working days beside months: no number, an issue each
    assert all("durationInDays" not in p for p in periods["10108545000"] + periods["10044795000"])
    assert {"20 Hari Kerja", "30 hari Kerja 6 Bulan"} <= issues


@pytest.mark.parametrize(
    ("text", "start", "days"),
    [
        ("20 hari kerja", None, None),
        ("20 hari kerja", dt.date(2025, 3, 3), None),  # no holiday calendar: never a guess
        ("6 bulan", None, None),
        ("6 bulan", dt.date(2025, 1, 2), 181),
        ("6 Bulan", dt.date(2024, 1, 2), 182),  # a leap year
        ("30 hari Kerja 6 Bulan", dt.date(2025, 1, 2), None),
        ("30 Hari Kalender dalam 6 Bulan", dt.date(2025, 1, 2), None),
        ("16 Hari Kalender, 11 Bulan, 0 Tahun", None, None),
        ("16 Hari Kalender, 11 Bulan, 0 Tahun", dt.date(2025, 1, 15), 350),  # 15 Jan + 11 months = 15 Dec, + 16
        ("1 Tahun", dt.date(2025, 1, 1), 365),
        ("09 Hari Kalender (01 hari rekrut dan 08 Hari Pelatihan)", None, 9),
        ("12 Bulan dari 6 Januari 2024 sampai Dengan 31 Desember 2024", dt.date(2024, 1, 6), 366),
        ("Hari Kalender", None, None),
        ("1 Bulan 15 Hari", dt.date(2025, 1, 15), 46),  # 15 Feb, then 15 days: 2 March
        ("15 Hari 1 Bulan", dt.date(2025, 1, 15), None),  # smaller unit first, no separator: ambiguous
        ("2 Minggu 3 Hari", None, 17),
        ("Selama 30 (tiga puluh) Hari Kalender", None, 30),
    ],
)
def test_duration_in_days(text: str, start: dt.date | None, days: int | None) -> None:
    assert duration_in_days(text, start) == days


def test_synthetic_duration_disagreeing_with_the_dates_is_left_out() -> None:
    base = {"kd_nontender": "9", "nama_paket": "P", "tgl_pengumuman_nontender": "2025-03-01"}
    spmk = {
        "kd_nontender": "9",
        "no_kontrak": "K",
        "tgl_spmk_spp": "2025-03-03",
        "tgl_mulai_pekerjaan": "2025-03-03",
        "tgl_selesai_pekerjaan": "2025-03-12",
    }
    cases = (("10 hari kalender", 10), ("14 hari kalender", None), ("16 Hari Kalender, 0 Bulan", None))
    for text, expected in cases:  # the work period spans 3 to 12 March: 10 days
        converted = run(
            [
                *rows("SPSE-NonTenderPengumuman", base),
                *rows("SPSE-NonTenderEkontrak-3SPMKSPP", {**spmk, "waktu_penyelesaian": text}),
            ]
        )
        (period,) = _periods(converted)["9"]
        assert period.get("durationInDays") == expected
        issues = [i for i in converted.report.issues if i.field == "waktu_penyelesaian"]
        assert bool(issues) == (expected is None)


# ------------------------------------------------------------------ 6. every LKPP dataset is used or named


def test_real_every_dataset_is_used_or_named() -> None:
    paths = fixtures("datasets")
    converted = run(paths)
    report = converted.report
    assert report.balanced
    by_dataset: dict[str | None, set[str]] = {}
    for rejection in report.rejections:
        by_dataset.setdefault(rejection.dataset, set()).add(rejection.reason)
    assert None not in by_dataset  # no file is "unknown"
    assert not any(r.reason == "unknown-dataset" for r in report.rejections)
    # deliberately not published, said by name
    for name in ("Ecat-UserPegawai",):
        assert by_dataset[name] == {"not-published"}
        assert all(
            name in r.message and "tidak dipublikasikan" in r.message_id for r in report.rejections if r.dataset == name
        )
    # the budget masters name the MAK of the non-tender's budget; the others are unreferenced, by key
    (tender,) = [r for r in converted.releases if "tender" in r["tag"] and "nontender" in r["ocid"]]
    budget = tender["planning"]["budget"]
    assert budget["projectID"] == "1.02.02.2.01.0003"
    assert "Program 1.02.02 " in budget["description"] and "Kegiatan 1.02.02.2.01 " in budget["description"]
    sub = json.loads(FIXTURES.joinpath("facts-datasets-RUP-SubKegiatanMaster.json").read_text())[0]
    assert budget["project"] == sub["nama_subkegiatan"]
    unreferenced = [r for r in report.rejections if r.reason == "unreferenced"]
    assert {r.dataset for r in unreferenced} >= {"Ecat-ProdukDetail", "Ecat-PenyediaDetail", "RUP-MasterProvinsi"}
    # a work unit's budget structure that no buyer has is reference data not cited (by its code), not rejected
    assert by_dataset["RUP-StrukturAnggaranPD"] == {"unreferenced"}
    assert all("kd_satker_str" in r.message for r in unreferenced if r.dataset == "RUP-StrukturAnggaranPD")
    assert all("cites this" in r.message for r in unreferenced)
    # Bela Toko Daring orders: processes; both failed ("gagal"): unsuccessful tenders without award
    bela = [r for r in converted.releases if "-bela-" in r["ocid"]]
    assert len(bela) == 2
    for release in bela:
        assert release["tender"]["status"] == "unsuccessful" and "awards" not in release
        assert release["buyer"]["name"] == "SEKRETARIAT DAERAH"  # found by number in Ecat-InstansiSatker
        assert "Disamarkan" not in json.dumps(release)


def test_synthetic_ecatalog_order_is_enriched_by_the_catalogue_details() -> None:
    order = {
        "kd_paket": "01ORDER",
        "rup_nama_pkt": "Obat",
        "product_ids": "777",
        "kd_penyedia_sikap": "55",
        "jml_produk": 4,
        "ongkir": 10000,
        "total_harga": 410000,
        "tgl_order": "2025-05-05",
        "status_pkt": "completed",
        "kd_satker_str": "1.02.0.00.0.00.01.0000",
        "nama_satker": "DINKES",
    }
    product = {
        "kd_produk": 777,
        "nama_produk": "Paracetamol 500 mg",
        "nama_manufaktur": "Kimia",
        "unit_pengukuran": "Box",
        "no_kontrak": "K-9",
        "nama_komoditas": "Obat",
    }
    supplier = {"kd_penyedia": 1, "kode_penyedia_sikap": 55, "nama_penyedia": "PT OBAT"}
    converted = run(
        [
            *rows("Ecat-PaketEPurchasingV6", order),
            *rows("Ecat-ProdukDetail", product),
            *rows("Ecat-PenyediaDetail", supplier),
            *rows("Ecat-PenyediaDetail", {**supplier, "kode_penyedia_sikap": 56, "nama_penyedia": "PT LAIN"}),
        ]
    )
    (release,) = converted.releases
    item, shipping = release["tender"]["items"]
    assert item == {
        "id": "777",
        "description": "Paracetamol 500 mg (Kimia)",
        "quantity": 4,
        "unit": {"name": "Box", "value": {"amount": 100000, "currency": "IDR"}},
    }
    assert shipping["unit"]["value"]["amount"] == 10000
    assert release["relatedProcesses"][-1] == {
        "id": "katalog-K-9",
        "relationship": ["framework"],
        "title": "Kontrak katalog K-9 (Obat)",
    }
    assert release["awards"][0]["suppliers"][0]["name"] == "PT OBAT"
    (unused,) = [r for r in converted.report.rejections if r.reason == "unreferenced"]
    assert unused.dataset == "Ecat-PenyediaDetail" and "56" in unused.message


def test_synthetic_several_products_have_no_invented_quantity() -> None:
    order = {"kd_paket": "01TWO", "product_ids": "1,2", "jml_produk": 5, "total_harga": 500, "tgl_order": "2025-05-05"}
    (release,) = run(rows("Ecat-PaketEPurchasingV6", order)).releases
    assert release["tender"]["items"] == [{"id": "1"}, {"id": "2"}]


def test_wrapper_arrays_are_unwrapped_and_refused_clearly(tmp_path: Path) -> None:
    content = json.loads(FIXTURES.joinpath("facts-datasets-Bela-TokoDaringRealisasi.json").read_text())
    (tmp_path / "wrapped.json").write_text(json.dumps([{"file_info": {"rows": 2}, "content": content}]))
    (tmp_path / "single.json").write_text(json.dumps({"file_info": {"rows": 2}, "content": content}))
    (tmp_path / "broken.json").write_text(json.dumps([{"file_info": {}, "content": "no rows"}]))
    found = list(read_isb(tmp_path, unknown="report"))
    assert [(r.source.rsplit("/", 1)[1], r.position, r.dataset) for r in found if r.ok] == [
        ("single.json", "item 1", "Bela-TokoDaringRealisasi"),
        ("single.json", "item 2", "Bela-TokoDaringRealisasi"),
        ("wrapped.json", "item 1, content item 1", "Bela-TokoDaringRealisasi"),
        ("wrapped.json", "item 1, content item 2", "Bela-TokoDaringRealisasi"),
    ]
    (broken,) = [r for r in found if not r.ok]
    assert broken.error is not None and broken.error.code == "read.wrapper-without-rows"
    assert "{file_info, content}" in str(broken.error) and "\n" not in str(broken.error)


# ------------------------------------------------------------------ 7. CSV quotes escaped with a backslash


def test_real_row_in_a_csv_that_escapes_quotes_with_backslashes() -> None:
    (path,) = FIXTURES.glob("facts-csv-*.csv")
    assert '\\"mendekatkan' in path.read_text(encoding="utf-8")
    (row,) = read_isb(path)
    assert row.ok and row.dataset == "SPSE-PencatatanSwakelola"
    assert row.data["uraian_pekerjaan"].endswith('"mendekatkan layanan, meningkatkan kebahagiaan"</p>')
    assert row.data["tgl_buat_paket"] == "2025-06-10 15:19:51"  # the columns after it are not shifted


def test_synthetic_csv_quoting_styles(tmp_path: Path) -> None:
    header = "kd_tender,nama_paket,pagu\n"
    (tmp_path / "escaped.csv").write_text(header + '1,"Rehab \\"Gedung\\" A, B",100\n')
    (tmp_path / "doubled.csv").write_text(header + '2,"Rehab ""Gedung"" A, B",200\n')
    (tmp_path / "path.csv").write_text(header + '3,"C:\\data\\",300\n')  # a backslash that escapes nothing
    names = {row.data["kd_tender"]: row.data["nama_paket"] for row in read_isb(tmp_path)}
    assert names == {"1": 'Rehab "Gedung" A, B', "2": 'Rehab "Gedung" A, B', "3": "C:\\data\\"}


# ------------------------------------------------------------------ 7. a row with a process identity is a fact


def test_real_result_rows_without_announcement_are_a_partial_process() -> None:
    converted = run(fixtures("partial"))
    report = converted.report
    assert report.balanced
    assert not [r for r in report.rejections if r.reason == "orphan"]
    partial = [i for i in report.issues if i.reason == "partial"]
    assert {i.dataset for i in partial} == {"SPSE-TenderSelesaiNilai", "SPSE-PencatatanSwakelolaRealisasi"}
    tender = converted.by_ocid("ocds-test01-lpse93-tender-10002513000")
    assert [r["tag"][0] for r in tender] == ["tender", "award", "contract", "implementation"]
    nilai = json.loads(FIXTURES.joinpath("facts-partial-SPSE-TenderSelesaiNilai.json").read_text())[0]
    awards = [a for r in tender for a in r.get("awards", ())]
    assert awards and Decimal(str(awards[0]["value"]["amount"])) in {
        Decimal(str(nilai[f]))
        for f in ("nilai_kontrak", "nilai_negosiasi", "nilai_terkoreksi", "nilai_penawaran")
        if nilai.get(f)
    }
    assert tender[0]["tender"]["procuringEntity"] == tender[0]["buyer"]
    swakelola = converted.by_ocid("ocds-test01-lpse93-swakelola-10095169000")
    transactions = [t for r in swakelola for c in r.get("contracts", ()) for t in c["implementation"]["transactions"]]
    assert transactions


def test_synthetic_contract_without_announcement_is_published_and_flagged() -> None:
    kontrak = {
        "kd_nontender": "3",
        "no_kontrak": "K/1",
        "tgl_kontrak": "2025-04-01",
        "nilai_kontrak": 5000,
        "nama_penyedia": "CV B",
        "nama_paket": "Paket B",
        "kd_satker_str": "1.02.0.00.0.00.01.0000",
    }
    schedule = {"kd_nontender": "4", "kd_tahapan": "1", "tgl_awal": "2025-04-01", "tgl_akhir": "2025-04-02"}
    converted = run([*rows("SPSE-NonTenderEkontrak-2Kontrak", kontrak), *rows("SPSE-JadwalTahapanNonTender", schedule)])
    (release,) = converted.releases
    assert release["contracts"][0]["value"]["amount"] == 5000
    assert release["tender"]["id"] == "3" and release["tender"]["procuringEntity"]["id"].startswith("SATKER-")
    (issue,) = [i for i in converted.report.issues if i.reason == "partial"]
    assert issue.dataset == "SPSE-NonTenderEkontrak-2Kontrak" and "partial" in issue.message
    # a schedule alone carries no fact of a result: still an orphan
    assert [(r.dataset, r.reason) for r in converted.report.rejections] == [("SPSE-JadwalTahapanNonTender", "orphan")]


# ------------------------------------------------------------------ 5. a re-tender is linked to the failed package


def test_real_retender_is_linked_to_the_failed_package() -> None:
    converted = run(fixtures("versions"))
    links = {
        r["ocid"].rsplit("-", 1)[1]: [p for p in r.get("relatedProcesses", ()) if p["relationship"] != ["planning"]]
        for r in converted.releases
        if r["tag"][0] == "tender"
    }
    assert [(p["relationship"], p["identifier"]) for p in links["10007633000"]] == [
        (["unsuccessfulProcess"], "ocds-test01-lpse93-tender-10002512000")
    ]
    assert [(p["relationship"], p["identifier"]) for p in links["10002512000"]] == [
        (["replacementProcess"], "ocds-test01-lpse93-tender-10007633000")
    ]


def test_synthetic_versions_link_only_the_same_dce_package() -> None:
    base = {"nama_paket": "P", "tgl_pengumuman_nontender": "2025-03-01", "status_nontender": "Gagal/Batal"}
    converted = run(
        rows(
            "SPSE-NonTenderPengumuman",
            {**base, "kd_nontender": "1", "kd_pkt_dce": "900", "versi_nontender": 1},
            {**base, "kd_nontender": "2", "kd_pkt_dce": "900", "versi_nontender": 2},
            {**base, "kd_nontender": "3", "kd_pkt_dce": "900", "versi_nontender": 3, "status_nontender": "Selesai"},
            {**base, "kd_nontender": "4", "kd_pkt_dce": "901", "versi_nontender": 2},  # another package
        )
    )
    related = {r["tender"]["id"]: r.get("relatedProcesses", []) for r in converted.releases}
    assert [(p["identifier"][-1], p["relationship"][0]) for p in related["2"]] == [
        ("1", "unsuccessfulProcess"),
        ("3", "replacementProcess"),
    ]
    assert [p["identifier"][-1] for p in related["3"]] == ["1", "2"]
    # version 2 of package 901, whose version 1 is not in the input: it says so, without an ocid
    (earlier,) = related["4"]
    assert earlier["relationship"] == ["unsuccessfulProcess"] and "identifier" not in earlier
    assert "versi 1" in earlier["title"] and "901" in earlier["title"]
    assert related["1"][0]["relationship"] == ["replacementProcess"]  # version 1 links no unknown earlier one


# ------------------------------------------------------------------ 6. regions named; twins told apart by parent


def _plan(kd_rup: str, dataset: str) -> list[SourceRow]:
    plan = {
        "kd_rup": kd_rup,
        "nama_paket": "Plan",
        "pagu": 1000,
        "tgl_pengumuman_paket": "2025-01-10",
        "metode_pengadaan": "Pengadaan Langsung",
        "tipe_swakelola": 1,
    }
    return rows(dataset, plan)


def test_real_region_masters_name_plan_locations(tmp_path: Path) -> None:
    location = {"kd_rup": "11", "detail_lokasi": "RSUD", "kd_kab_kota": 14773, "kd_provinsi": 12}
    (tmp_path / "lokasi.json").write_text(json.dumps([location, {**location, "kd_rup": "12"}]))
    converted = run(
        [
            *fixtures("regions"),
            tmp_path / "lokasi.json",
            *_plan("11", "RUP-PaketPenyedia-Terumumkan"),
            *_plan("12", "RUP-PaketSwakelola-Terumumkan"),
        ]
    )
    items = {r["ocid"][-2:]: r["tender"]["items"] for r in converted.releases}
    for key in ("11", "12"):
        assert items[key][0]["deliveryAddress"] == {
            "locality": "Bandung (Kab.)",
            "region": "Jawa Barat",
            "countryName": "Indonesia",
        }
    # the file's name says neither twin: each location row is named by the plan it joins
    counts = {k[1]: v.as_dict() for k, v in converted.report.counts.items() if k[0].endswith("lokasi.json")}
    assert counts == {
        "RUP-PaketPenyediaLokasi": {"read": 1, "used": 1, "rejected": 0, "duplicate": 0, "uncited": 0},
        "RUP-PaketSwakelolaLokasi": {"read": 1, "used": 1, "rejected": 0, "duplicate": 0, "uncited": 0},
    }
    assert converted.report.balanced
    assert not converted.report.rejections  # both masters named a location


def test_synthetic_undecided_twin_without_its_plan_is_an_orphan(tmp_path: Path) -> None:
    (tmp_path / "lokasi.json").write_text(json.dumps([{"kd_rup": "99", "detail_lokasi": "X"}]))
    converted = run([tmp_path / "lokasi.json"])
    assert [(r.dataset, r.reason) for r in converted.report.rejections] == [("RUP-PaketLokasi", "orphan")]
    assert converted.report.balanced


# ------------------------------------------------------------------ 5. the procuring entity is always named


def test_real_procuring_entity_is_set_whenever_the_satker_is_known() -> None:
    converted = run([*fixtures("future"), *fixtures("letters"), *fixtures("datasets")])
    tenders = [r for r in converted.releases if "tender" in r and "buyer" in r]
    assert len(tenders) > 5
    for release in tenders:
        assert release["tender"]["procuringEntity"] == release["buyer"], release["id"]


def test_synthetic_procuring_entity_of_a_package_without_satker_code_is_absent() -> None:
    announcement = {"kd_nontender": "8", "nama_paket": "P", "tgl_pengumuman_nontender": "2025-03-01"}
    (release,) = run(rows("SPSE-NonTenderPengumuman", announcement)).releases
    assert "buyer" not in release and "procuringEntity" not in release["tender"]
    with_satker = {**announcement, "kd_satker_str": "1.02.0.00.0.00.01.0000", "nama_satker": "DINKES"}
    (release,) = run(rows("SPSE-NonTenderPengumuman", with_satker)).releases
    assert release["tender"]["procuringEntity"] == {"id": "SATKER-1.02.0.00.0.00.01.0000", "name": "DINKES"}
