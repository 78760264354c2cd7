"""The Indonesian indicators on real processes of the regency-year (rows copied into tests/fixtures).

Each case directory holds the ISB rows of a few processes of ``../shared/domain/isb-real-2025`` (see its
README). The test converts them with the library, compiles them and runs the indicators; expectations are
checked against the raw rows, read here independently of the conversion.
"""

from __future__ import annotations

import json
from dataclasses import replace
from functools import cache
from itertools import groupby
from pathlib import Path
from typing import Any

from ocds_regency.flags import ByYear, FlagsReport, compute_flags, indonesia_profile
from ocds_regency.flags.settings import PL_CEILINGS, Settings
from ocds_regency.mapping import EXTENSIONS, convert
from ocds_regency.merge import Merger
from ocds_regency.standard import load_profile

CASES = Path(__file__).resolve().parent.parent / "fixtures" / "isb-real-2025-flags"
PREFIX = "ocds-test01"


def raw(case: str, dataset: str) -> list[dict[str, Any]]:
    path = CASES / f"flags-{case}" / f"{dataset}.json"
    return json.loads(path.read_text()) if path.exists() else []


@cache
def compiled(case: str) -> tuple[dict[str, Any], ...]:
    releases = list(convert([CASES / f"flags-{case}"], prefix=PREFIX))
    merger = Merger(profile=load_profile(EXTENSIONS))
    return tuple(merger.create_compiled_release(list(group)) for _, group in groupby(releases, key=lambda r: r["ocid"]))


def report(case: str, settings: Settings | None = None) -> FlagsReport:
    return compute_flags(compiled(case), settings or indonesia_profile())


def flags(result: FlagsReport, code: str) -> dict[str, Any]:
    return {flag.id: flag for flag in result.flags if flag.code == code}


def tender_ocid(kd: str) -> str:
    return f"{PREFIX}-lpse93-tender-{kd}"


def nontender_ocid(kd: str) -> str:
    return f"{PREFIX}-lpse93-nontender-{kd}"


def test_single_bidder() -> None:
    offers = [row for row in raw("tender-single-bid", "SPSE-PesertaTender") if row["nilai_penawaran"] is not None]
    assert len(offers) == 1  # 170 registered participants, one offer
    result = report("tender-single-bid")
    ocid = tender_ocid("10005991000")
    assert set(flags(result, "ID-SINGLE-BID")) == {ocid}
    assert set(flags(result, "R018")) == {ocid}


def test_submission_period_below_the_minimum() -> None:
    (upload,) = [
        r
        for r in raw("tender-short-period", "SPSE-JadwalTahapanTender")
        if r["nama_tahapan"] == "Upload Dokumen Penawaran"
    ]
    # Friday 18 July 2025 12:00 to Monday 21 July 12:00: one working day
    assert (upload["tgl_awal"], upload["tgl_akhir"]) == ("2025-07-18 12:00:00", "2025-07-21 12:00:00")
    flag = flags(report("tender-short-period"), "ID-SHORT-PERIOD")[tender_ocid("10056826000")]
    assert flag.evidence["working days"] == 1
    assert flag.evidence["minimum"] == 2
    assert flag.evidence["tender.tenderPeriod.startDate"].startswith("2025-07-18T12:00")


def test_an_ordinary_seleksi_is_assessed_and_not_flagged() -> None:
    (notice,) = raw("tender-seleksi", "SPSE-TenderPengumuman")
    (contract,) = raw("tender-seleksi", "SPSE-TenderEkontrak-2Kontrak")
    assert contract["nilai_kontrak"] < notice["hps"] < notice["pagu"]
    assert notice["mtd_evaluasi"] == "Kualitas dan Biaya"
    assert contract["tgl_kontrak"].startswith("2025-03")
    result = report("tender-seleksi")
    assert result.flags == []
    for code in (
        "ID-ABOVE-HPS",
        "ID-HPS-PAGU",
        "ID-NEAR-HPS",
        "ID-YEAR-END",
        "ID-SHORT-PERIOD",
        "ID-SINGLE-BID",
        "ID-ICW-DAYS",
        "ID-ICW-CONTRACT-HPS",
        "ID-ICW-VALUE",
        "ID-ICW-TITLE",
    ):
        assert result.coverage[code].assessed == 1, code
    assert result.coverage["ID-NOT-LOWEST"].not_assessed == {"not-price-only": 1}


def test_short_title() -> None:
    (notice,) = raw("tender-short-title", "SPSE-TenderPengumuman")
    assert len(notice["nama_paket"]) < 20
    flag = flags(report("tender-short-title"), "ID-ICW-TITLE")[tender_ocid("10072623000")]
    assert flag.value == 5
    assert flag.evidence["tender.title"] == notice["nama_paket"]


def test_large_contract() -> None:
    (contract,) = raw("tender-large", "SPSE-TenderEkontrak-2Kontrak")
    assert contract["nilai_kontrak"] > 10e9
    flag = flags(report("tender-large"), "ID-ICW-VALUE")[tender_ocid("10035029000")]
    assert flag.value == 5
    assert flag.evidence["contracts.value.amount"] == contract["nilai_kontrak"]


def test_an_addendum_does_not_double_the_contract() -> None:
    """Two e-Kontrak rows (an addendum) of Rp 53,04 juta each: neither above HPS nor above the ceiling."""
    contracts = raw("nontender-addendum", "SPSE-NonTenderEkontrak-2Kontrak")
    (result_row,) = raw("nontender-addendum", "SPSE-NonTenderSelesai")
    assert len(contracts) == 2
    assert {c["nilai_kontrak"] for c in contracts} == {result_row["hps"]}
    result = report("nontender-addendum")
    ocid = nontender_ocid("10044795000")
    assert flags(result, "ID-ABOVE-HPS") == {}
    assert flags(result, "ID-PL-CEILING") == {}
    assert result.coverage["ID-ABOVE-HPS"].assessed == result.coverage["ID-PL-CEILING"].assessed == 1
    # its HPS is its pagu
    assert result_row["hps"] == result_row["pagu"]
    assert set(flags(result, "ID-HPS-PAGU")) == {ocid}


def test_hps_equal_to_pagu() -> None:
    (row,) = raw("nontender-hps-pagu", "SPSE-NonTenderSelesai")
    assert row["hps"] == row["pagu"]
    flag = flags(report("nontender-hps-pagu"), "ID-HPS-PAGU")[nontender_ocid("10033341000")]
    assert flag.evidence == {"tender.value.amount": row["hps"], "planning.budget.amount.amount": row["pagu"]}


def test_pengadaan_langsung_ceiling_by_budget_year() -> None:
    """Works by Pengadaan Langsung for Rp 397 juta in 2025: under the 2025 ceiling, above the 2018-2024 one."""
    (row,) = raw("nontender-pl-works", "SPSE-NonTenderSelesai")
    assert row["mtd_pemilihan"] == "Pengadaan Langsung"
    assert row["jenis_pengadaan"] == "Pekerjaan Konstruksi"
    assert 200e6 < row["nilai_kontrak"] < 400e6
    assert flags(report("nontender-pl-works"), "ID-PL-CEILING") == {}
    settings = indonesia_profile()
    assert settings.indonesia is not None
    before_2025 = replace(settings, indonesia=replace(settings.indonesia, pl_ceiling=ByYear({2018: PL_CEILINGS[2018]})))
    flag = flags(report("nontender-pl-works", before_2025), "ID-PL-CEILING")[nontender_ocid("10268640000")]
    assert flag.evidence["ceiling"] == 200e6


def test_package_splitting() -> None:
    rows = raw("nontender-split", "SPSE-NonTenderSelesai")
    awards = raw("nontender-split", "SPSE-NonTenderEkontrak-1SPPBJ")
    assert len({r["kd_satker_str"] for r in rows}) == 1
    assert {r["nama_paket"] for r in rows} == {"Tenaga Ahli Sipil 2", "Tenaga Ahli Sipil 4"}
    assert all(r["jenis_pengadaan"].startswith("Jasa Konsultansi") for r in rows)
    result = flags(report("nontender-split"), "ID-SPLIT")
    ocids = {nontender_ocid(str(r["kd_nontender"])) for r in rows}
    assert set(result) == ocids
    evidence = next(iter(result.values())).evidence
    assert evidence["same"] == "object"
    assert evidence["total"] == sum(a["harga_final"] for a in awards) > evidence["ceiling"] == 100e6


def test_repeat_direct_awards() -> None:
    rows = raw("repeat-direct", "SPSE-NonTenderSelesai")
    assert len(rows) == 5
    assert len({r["kd_penyedia"] for r in rows}) == len({r["kd_satker_str"] for r in rows}) == 1
    result = report("repeat-direct")
    (flag,) = flags(result, "ID-REPEAT-DIRECT").values()
    assert flag.value == 5
    assert set(flag.ocids) == {nontender_ocid(str(r["kd_nontender"])) for r in rows}
    assert flag.evidence["supplier name"] == rows[0]["nama_penyedia"]


def test_ecatalog_concentration() -> None:
    orders = raw("ecatalog-share", "Ecat-PaketEPurchasingV6")
    total = sum(o["total_harga"] for o in orders)
    top = max(orders, key=lambda o: o["total_harga"])
    share = top["total_harga"] / total
    assert share > 0.5
    (flag,) = flags(report("ecatalog-share"), "ID-ECAT-SHARE").values()
    assert flag.value == share
    assert flag.ocids == (f"{PREFIX}-ekatalog-{top['kd_paket']}",)


def test_supplier_concentration() -> None:
    rows = raw("supplier-share", "SPSE-NonTenderSelesai")
    top = max(rows, key=lambda r: r["nilai_kontrak"] or 0)
    (flag,) = flags(report("supplier-share"), "ID-SUPPLIER-SHARE").values()
    assert flag.evidence["supplier name"] == top["nama_penyedia"]
    assert flag.evidence["supplier value"] == top["nilai_kontrak"]
    assert flag.value == top["nilai_kontrak"] / flag.evidence["buyer total"] > 0.5


def test_winner_not_the_lowest_offer() -> None:
    """Harga Terendah Sistem Gugur: an offer 8 % below the winner's, with no reason for failing it."""
    (notice,) = raw("tender-not-lowest", "SPSE-TenderPengumuman")
    assert notice["mtd_evaluasi"] == "Harga Terendah Sistem Gugur"
    offers = [r for r in raw("tender-not-lowest", "SPSE-PesertaTender") if r["nilai_penawaran"] is not None]
    (winner,) = [r for r in offers if r["pemenang"] == 1]
    (lower,) = [r for r in offers if r["nilai_penawaran"] < winner["nilai_penawaran"]]
    assert lower["alasan"] is None  # no reason given: the bid stays valid
    flag = flags(report("tender-not-lowest"), "ID-NOT-LOWEST")[tender_ocid("10029557000")]
    assert flag.evidence["winning offer"] == winner["nilai_penawaran"]
    assert flag.evidence["lowest valid offer"] == lower["nilai_penawaran"]


def test_identical_bid_prices() -> None:
    """Cardinal's R028 on a real Seleksi: two consultants offered Rp 195.915.000 to the rupiah."""
    offers = [r for r in raw("tender-identical-prices", "SPSE-PesertaTender") if r["nilai_penawaran"] is not None]
    amounts = [r["nilai_penawaran"] for r in offers]
    (same,) = {a for a in amounts if amounts.count(a) > 1}
    result = report("tender-identical-prices")
    flag = flags(result, "R028")[tender_ocid("10012486000")]
    assert flag.evidence["identical bid amounts"] == [same]
    tenderers = {f.id for f in result.flags if f.code == "R028" and f.group == "Tenderer"}
    assert len(tenderers) == 2 and tenderers == set(flag.evidence["tenderers"])
