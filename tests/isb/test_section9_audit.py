"""Domain notes §9 cases that no other test covered, each through a public API on small files.

The table in docs/local-data.md ("Bad-input cases (domain notes §9)") names the test of every case; the
ones here fill the gaps found by the audit. Inputs are written as ISB JSON files into ``tmp_path`` and read
back through :func:`ocds_regency.read.read_isb` or :func:`ocds_regency.mapping.convert`, as a regency would.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from ocds_regency.isb import parse
from ocds_regency.mapping import EXTENSIONS, Reason, convert
from ocds_regency.read import read_isb
from ocds_regency.validate import validate
from ocds_regency.write import dumps

PREFIX = "ocds-test01"
SATKER_STR = "1.03.2.15.1.04.03.0000"
SPSE = {"kd_klpd": "D999", "nama_klpd": "Kab. Contoh", "kd_satker": "12335093", "kd_satker_str": SATKER_STR,
        "nama_satker": "DINAS PUTR", "kd_lpse": 93}  # fmt: skip


def _write(tmp_path: Path, name: str, rows: list[dict[str, Any]]) -> Path:
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    return path


def _convert(*paths: Path) -> tuple[list[dict[str, Any]], Any]:
    conversion = convert(list(paths), prefix=PREFIX)
    releases = [json.loads(dumps(release)) for release in conversion]
    return releases, conversion.report


def _tender(**fields: Any) -> dict[str, Any]:
    return {**SPSE, "kd_tender": 10000001000, "kd_rup": "60832782", "nama_paket": "Rehabilitasi Jalan",
            "pagu": 130000000, "hps": 128488000, "jenis_pengadaan": "Pekerjaan Konstruksi",
            "mtd_pemilihan": "Tender", "status_tender": "Selesai",
            "tgl_pengumuman_tender": "2025-02-11 10:00:00.000000Z", **fields}  # fmt: skip


def _kontrak(**fields: Any) -> dict[str, Any]:
    return {**SPSE, "kd_tender": 10000001000, "pagu": 130000000, "no_kontrak": "K-1", "kd_penyedia": 5,
            "nama_penyedia": "PT A", "npwp_penyedia": "01.767.782.4-429.000", "nilai_kontrak": 120000000,
            "tgl_kontrak": "2025-03-01T00:00:00.000000Z", "tgl_kontrak_awal": "2025-03-03T00:00:00.000000Z",
            "tgl_kontrak_akhir": "2025-06-30T00:00:00.000000Z", "status_kontrak": "Kontrak Sedang Berjalan",
            "versi_addendum": 0, "jenis_kontrak": "Lumsum", **fields}  # fmt: skip


def _issues(report: Any) -> set[tuple[str, str]]:
    return {(issue.field, issue.reason) for issue in report.issues}


# §2: the 10x typo observed in Kab. Bandung's data (nilai_kontrak 1,277,304,500 for an HPS of 128,488,000).
def test_s2_contract_value_ten_times_the_hps_is_reported(tmp_path: Path) -> None:
    releases, report = _convert(
        _write(tmp_path, "SPSE-TenderPengumuman", [_tender()]),
        _write(tmp_path, "SPSE-TenderEkontrak-2Kontrak", [_kontrak(nilai_kontrak=1277304500)]),
    )
    (contract,) = releases[-1]["contracts"]
    assert contract["value"] == {"amount": 1277304500, "currency": "IDR"}  # published as given...
    (issue,) = [i for i in report.issues if i.field == "nilai_kontrak"]
    assert issue.reason == Reason.INCONSISTENT  # ...and flagged, with the ceiling it exceeds
    assert issue.source.endswith("SPSE-TenderEkontrak-2Kontrak.json")
    assert "130000000" in issue.message


def test_s2_a_contract_within_the_pagu_is_not_flagged(tmp_path: Path) -> None:
    _, report = _convert(
        _write(tmp_path, "SPSE-TenderPengumuman", [_tender()]),
        _write(tmp_path, "SPSE-TenderEkontrak-2Kontrak", [_kontrak()]),
    )
    assert ("nilai_kontrak", Reason.INCONSISTENT) not in _issues(report)


# §5: DINAS PUTR is kd_satker 152342 in SiRUP but 12335093 in SPSE; kd_satker_str joins them.
def test_s5_satker_with_different_codes_in_sirup_and_spse_is_one_buyer(tmp_path: Path) -> None:
    rup = {"kd_rup": 60832782, "nama_paket": "Rehabilitasi Jalan", "kd_klpd": "D999", "nama_klpd": "Kab. Contoh",
           "kd_satker": 152342, "kd_satker_str": SATKER_STR, "nama_satker": "DINAS PUTR", "pagu": 130000000,
           "tahun_anggaran": 2025, "metode_pengadaan": "Tender", "jenis_pengadaan": "Pekerjaan Konstruksi",
           "tgl_pengumuman_paket": "2025-01-10 09:00:00", "status_umumkan_rup": "Terumumkan"}  # fmt: skip
    releases, report = _convert(
        _write(tmp_path, "RUP-PaketPenyedia-Terumumkan", [rup]),
        _write(tmp_path, "SPSE-TenderPengumuman", [_tender()]),
    )
    assert report.totals.used == 2
    buyers = {release["buyer"]["id"] for release in releases}
    assert buyers == {f"SATKER-{SATKER_STR}"}
    codes = set()
    for release in releases:
        for party in release["parties"]:
            if party["id"] == f"SATKER-{SATKER_STR}":
                codes |= {i["id"] for i in party.get("additionalIdentifiers", [])}
    assert {"152342", "12335093"} <= codes  # both systems' codes are kept on the one party


# §6: contract type spellings are kept verbatim on the records (no OCDS 1.1.5 home, see docs/mapping.md).
def test_s6_lumsum_and_lumpsum_are_kept_as_published(tmp_path: Path) -> None:
    path = _write(tmp_path, "SPSE-TenderEkontrak-2Kontrak",
                  [_kontrak(), _kontrak(no_kontrak="K-2", jenis_kontrak="Lumpsum\t")])  # fmt: skip
    rows = list(read_isb(path))
    assert [row.record.jenis_kontrak for row in rows if row.record] == ["Lumsum", "Lumpsum"]
    assert all(row.issues == () for row in rows)


# §7: glued words and truncated names can't be detected: they are kept, never "repaired" into something else.
def test_s7_glued_and_truncated_text_is_kept_verbatim(tmp_path: Path) -> None:
    glued = "SEKRETARIAT KEMENTERIANSEKRETARIAT UTAMA"
    truncated = "Belanja Modal Peralatan dan Mesin - Pengadaan Alat Ku"
    path = _write(tmp_path, "SPSE-TenderPengumuman", [_tender(nama_satker=glued, nama_paket=truncated)])
    (row,) = list(read_isb(path))
    assert row.record is not None
    assert (row.record.nama_satker, row.record.nama_paket) == (glued, truncated)
    releases, _ = _convert(path)
    assert releases[0]["tender"]["title"] == truncated
    assert {p["name"] for p in releases[0]["parties"]} >= {glued}


# §8: every SPSE contract of 2025 has tgl_kontrak_awal == tgl_kontrak_akhir (a placeholder, not a period).
def test_s8_contract_start_equal_to_its_end_is_reported_not_published(tmp_path: Path) -> None:
    same = "2025-03-21T00:00:00.000000Z"
    releases, report = _convert(
        _write(tmp_path, "SPSE-TenderPengumuman", [_tender()]),
        _write(tmp_path, "SPSE-TenderEkontrak-2Kontrak", [_kontrak(tgl_kontrak_awal=same, tgl_kontrak_akhir=same)]),
    )
    (contract,) = releases[-1]["contracts"]
    assert "period" not in contract
    assert ("tgl_kontrak_akhir", Reason.INCONSISTENT) in _issues(report)


# §8: 4049 of 4224 PesertaTender rows have no nilai_penawaran. Such a participant registered for the package
# but has no offer on record: it is published as a party with the role interestedParty, not as a bid with an
# invented value, and not as a tenderer (docs/mapping.md).
def test_s8_participants_without_bid_values_are_interested_parties(tmp_path: Path) -> None:
    peserta = [
        {"kd_tender": 10000001000, "kd_peserta": n, "kd_penyedia": n, "nama_penyedia": name, "npwp_penyedia": npwp,
         "nilai_penawaran": None, "nilai_terkoreksi": None, "pemenang": 0}
        for n, name, npwp in ((1, "PT A", "01.767.782.4-429.000"), (2, "PT B", "66.463.359.1-429.000"))
    ]  # fmt: skip
    releases, report = _convert(
        _write(tmp_path, "SPSE-TenderPengumuman", [_tender(status_tender="Berlangsung")]),
        _write(tmp_path, "SPSE-PesertaTender", peserta),
    )
    assert report.totals.used == 3 and report.totals.rejected == 0
    (release,) = releases
    roles = {p["name"]: p["roles"] for p in release["parties"]}
    assert roles["PT A"] == roles["PT B"] == ["interestedParty"]
    assert "bids" not in release
    assert "tenderers" not in release["tender"] and "numberOfTenderers" not in release["tender"]
    package = {"uri": "urn:x", "version": "1.1", "publishedDate": "2025-03-02T00:00:00Z",
               "publisher": {"name": "x"}, "releases": releases}  # fmt: skip
    assert validate(package, prefix=PREFIX, extensions=list(EXTENSIONS)).ok


# §9: OCDS-level problems in releases a regency receives or publishes are findings of the validator.
def _release(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "ocid": f"{PREFIX}-1",
        "id": "1-tender",
        "date": "2025-03-01T00:00:00+07:00",
        "tag": ["tender"],
        "initiationType": "tender",
        "parties": [
            {"id": "S-1", "name": "Dinas", "roles": ["buyer"]},
            {
                "id": "ID-DJP-0017677824429000",
                "name": "PT A",
                "roles": ["supplier"],
                "identifier": {"scheme": "ID-DJP", "id": "0017677824429000"},
            },
        ],
        "buyer": {"id": "S-1", "name": "Dinas"},
        "awards": [{"id": "A1", "status": "active", "suppliers": [{"id": "ID-DJP-0017677824429000", "name": "PT A"}]}],
    }
    data.update(changes)
    return data


def _findings(*releases: dict[str, Any]) -> set[tuple[str, str]]:
    package = {"uri": "urn:x", "version": "1.1", "publishedDate": "2025-03-02T00:00:00Z",
               "publisher": {"name": "x"}, "releases": list(releases)}  # fmt: skip
    return {(f.code, f.path) for f in validate(package, prefix=PREFIX).findings}


def test_s9_the_baseline_release_is_clean() -> None:
    assert _findings(_release()) == set()


def test_s9_same_release_id_with_different_content() -> None:
    other = _release()
    other["tag"] = ["award"]
    assert ("schema.unique_release", "/releases/1/id") in _findings(_release(), other)


def test_s9_non_codelist_role_and_misspelt_status() -> None:
    release = _release()
    release["parties"][1]["roles"].append("registrant")
    release["awards"][0]["status"] = "unsuccesful"
    found = _findings(release)
    assert ("codelist.open", "/releases/0/parties/1/roles/1") in found
    assert ("codelist.closed", "/releases/0/awards/0/status") in found


def test_s9_initiation_type_other_than_tender() -> None:
    assert ("codelist.closed", "/releases/0/initiationType") in _findings(_release(initiationType="auction"))


def test_s9_party_ids_not_unique() -> None:
    release = _release()
    release["parties"].append(copy.deepcopy(release["parties"][1]))
    assert ("schema.unique_ids", "/releases/0/parties/2/id") in _findings(release)


def test_s9_zero_amount_is_not_published_as_a_real_value(tmp_path: Path) -> None:
    assert parse.parse_rupiah(0) == 0  # the parser reads what is there...
    releases, report = _convert(_write(tmp_path, "SPSE-TenderPengumuman", [_tender(hps=0, pagu=0)]))
    assert "value" not in releases[0]["tender"]  # ...the mapping refuses to publish 0 as a price
    assert "amount" not in releases[0].get("planning", {}).get("budget", {})
    assert ("hps", Reason.UNPARSEABLE) in _issues(report)


# §4: the budget year must fit the dates (found as a gap by this audit, closed in the mapping by 5c7ca5d).
def _rup(**fields: Any) -> dict[str, Any]:
    return {"kd_rup": 60832782, "nama_paket": "Rehabilitasi Jalan", "kd_klpd": "D999", "kd_satker": 152342,
            "kd_satker_str": SATKER_STR, "nama_satker": "DINAS PUTR", "pagu": 130000000, "tahun_anggaran": 2025,
            "metode_pengadaan": "Tender", "jenis_pengadaan": "Pekerjaan Konstruksi",
            "tgl_pengumuman_paket": "2025-01-10 09:00:00", "tgl_awal_pemilihan": "2025-02-01",
            "tgl_akhir_pemilihan": "2025-03-01", "tgl_awal_kontrak": "2025-04-01", "tgl_akhir_kontrak": "2025-12-01",
            **fields}  # fmt: skip


def test_s4_budget_year_mismatching_the_dates_is_reported(tmp_path: Path) -> None:
    dates = {
        "tgl_pengumuman_paket": "2023-01-10 09:00:00",
        "tgl_awal_pemilihan": "2023-02-01",
        "tgl_akhir_pemilihan": "2023-03-01",
        "tgl_awal_kontrak": "2023-04-01",
        "tgl_akhir_kontrak": "2023-12-01",
    }
    stale = _rup(**dates)
    releases, report = _convert(_write(tmp_path, "RUP-PaketPenyedia-Terumumkan", [stale]))
    assert releases[0]["date"] == "2023-01-10T09:00:00+07:00"  # the dates are kept as published...
    (issue,) = [i for i in report.issues if i.field == "tahun_anggaran"]
    assert issue.reason == Reason.INCONSISTENT  # ...and the mismatch reported
    assert "2025" in issue.message and "2023" in issue.message


def test_s4_a_plan_announced_the_year_before_its_budget_year_is_fine(tmp_path: Path) -> None:
    early = _rup(tgl_pengumuman_paket="2024-11-10 09:00:00", tgl_awal_pemilihan="2024-12-01")
    for rup in (_rup(), early):
        _, report = _convert(_write(tmp_path, "RUP-PaketPenyedia-Terumumkan", [rup]))
        assert [i for i in report.issues if i.field == "tahun_anggaran"] == []


def test_s9_identifier_without_a_scheme() -> None:
    release = _release()
    del release["parties"][1]["identifier"]["scheme"]
    assert _findings(release) == {("ocds.identifier_without_scheme", "/releases/0/parties/1/identifier/id")}
