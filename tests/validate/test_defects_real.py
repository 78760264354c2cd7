"""The defect checks of issue #9 on real rows (tests/fixtures/isb-real-2025-validate-defects, README there).

Each test builds OCDS from the rows twice: the way a careless publisher would (one party per source
row, one transaction per realisation row, the newest row taken as the contract, ...) and the careful
way; the validator must name the defect in the first and stay silent on the second. The OCDS is built
here, not by the converter, so the tests hold whatever the converter does with these rows.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from ocds_regency.validate import validate
from ocds_regency.validate.checks import CHECKS, QualityConfig

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "isb-real-2025-validate-defects"
CONFIG = QualityConfig()
PREFIX = "ocds-xxxxxx-"


@cache
def _rows(dataset: str) -> tuple[dict[str, Any], ...]:
    return tuple(json.loads((FIXTURES / f"{dataset}.json").read_text(encoding="utf-8")))


def _date(value: str) -> str:
    """An ISB date (``2025-05-14T00:00:00.000000Z`` or ``2025-05-14 08:00:00``) as WIB (UTC+7)."""
    return value[:10] + "T" + (value[11:19] if len(value) >= 19 else "00:00:00") + "+07:00"


def _money(amount: float) -> dict[str, Any]:
    return {"amount": amount, "currency": "IDR"}


def _paths(code: str, release: dict[str, Any]) -> list[str] | None:
    problems = CHECKS[code](release, CONFIG)
    return None if problems is None else [p.path for p in problems]


# ------------------------------------------------------------------------------------------ supplier split
def _award_release(parties: list[dict[str, Any]]) -> dict[str, Any]:
    selesai = _rows("SPSE-NonTenderSelesai")[0]
    return {
        "ocid": f"{PREFIX}nontender-{selesai['kd_nontender']}",
        "parties": parties,
        "awards": [
            {
                "id": f"A{i}",
                "status": "active",
                "value": _money(selesai["nilai_negosiasi"]),
                "suppliers": [{"id": party["id"], "name": party["name"]}],
            }
            for i, party in enumerate(parties)
        ],
    }


def test_supplier_split_on_the_real_package_10101239000() -> None:
    # The winner in SPSE-NonTenderSelesai (kd_penyedia) and in the letter of award (SPPBJ, no code):
    # one party per source is one supplier published twice, with two active awards.
    selesai = _rows("SPSE-NonTenderSelesai")[0]
    sppbj = _rows("SPSE-NonTenderEkontrak-1SPPBJ")[0]
    by_code = {
        "id": f"SPSE-PENYEDIA-{selesai['kd_penyedia']}",
        "name": selesai["nama_penyedia"],
        "roles": ["supplier"],
        "identifier": {"scheme": "ID-DJP", "id": selesai["npwp16_penyedia"]},
    }
    by_letter = {
        "id": f"SPPBJ-{sppbj['no_sppbj']}",
        "name": sppbj["nama_penyedia"],
        "roles": ["supplier"],
        "additionalIdentifiers": [{"scheme": "ID-DJP", "id": sppbj["npwp_penyedia_16"]}],
    }
    problems = CHECKS["quality.supplier_split"](_award_release([by_code, by_letter]), CONFIG)
    assert [(p.path, p.params) for p in problems] == [
        ("/parties/1/id", {"other": by_code["id"], "reason": "same_npwp"})
    ]
    # Without NPWPs, the names tell.
    for party in (by_code, by_letter):
        party.pop("identifier", None)
        party.pop("additionalIdentifiers", None)
    problems = CHECKS["quality.supplier_split"](_award_release([by_code, by_letter]), CONFIG)
    assert [p.params["reason"] for p in problems] == ["same_name"]
    # The careful version: one party, one award.
    assert _paths("quality.supplier_split", _award_release([by_code])) == []


def test_supplier_split_by_name_variant_and_formatted_npwp() -> None:
    # CV. RAFFI UNGGUL is written with and without "CV." and its NPWP as 95.911.603.9-445.000.
    rows = [r for r in _rows("SPSE-PencatatanNonTenderRealisasi") if "RAFFI" in r["nama_penyedia"]]
    assert {r["nama_penyedia"] for r in rows} == {"RAFFI UNGGUL", "CV. RAFFI UNGGUL"}
    named = [{"id": f"P{i}", "name": row["nama_penyedia"], "roles": ["supplier"]} for i, row in enumerate(rows)]
    problems = CHECKS["quality.supplier_split"](_award_release(named), CONFIG)
    assert [p.params["reason"] for p in problems] == ["same_name"]
    numbered = [
        {
            "id": "P0",
            "name": "Penyedia 1",
            "roles": ["supplier"],
            "identifier": {"scheme": "ID-DJP", "id": rows[0]["npwp_penyedia"]},
        },
        {
            "id": "P1",
            "name": "Penyedia 2",
            "roles": ["supplier"],
            "identifier": {"scheme": "ID-DJP", "id": "0959116039445000"},
        },
    ]
    problems = CHECKS["quality.supplier_split"](_award_release(numbered), CONFIG)
    assert [p.params["reason"] for p in problems] == ["same_npwp"]


# ----------------------------------------------------------------------------------- duplicate payments
def _realisation_release(rows: list[dict[str, Any]], *, per_row: bool) -> dict[str, Any]:
    """One contract whose transactions are the rows' payments (``per_row``: one per row, the careless way)."""
    transactions: list[dict[str, Any]] = []
    seen: set[tuple[Any, ...]] = set()
    for row in rows:
        key = (row["no_realisasi"], row["nilai_realisasi"], row["tgl_realisasi"])
        if not per_row and key in seen:
            continue
        seen.add(key)
        payee = row.get("nama_penyedia") or row.get("nama_pelaksana")
        ident = row["no_realisasi"] or "realisasi"
        if any(tx["id"] == ident for tx in transactions):
            ident = f"{ident}-{row.get('kd_rup_paket') or len(transactions)}"
        transactions.append(
            {
                "id": ident,
                "date": _date(row["tgl_realisasi"]),
                "value": _money(row["nilai_realisasi"]),
                "payee": {"id": f"PAYEE-{payee}", "name": payee},
            }
        )
    return {"contracts": [{"id": "C1", "implementation": {"transactions": transactions}}]}


def test_payment_repeated_once_per_rup_is_found() -> None:
    rows = [r for r in _rows("SPSE-PencatatanNonTenderRealisasi") if r["kd_nontender_pct"] == 10328028000]
    assert len(rows) == 10 and len({r["no_realisasi"] for r in rows}) == 2  # two payments, five RUPs each
    careless = _realisation_release(rows, per_row=True)
    problems = CHECKS["quality.duplicate_transaction"](careless, CONFIG)
    assert len(problems) == 8  # four repeats of each payment
    assert {p.params["reason"] for p in problems} == {"same_day_payee"}
    assert _paths("quality.duplicate_transaction", _realisation_release(rows, per_row=False)) == []


def test_equal_pay_of_different_people_is_not_a_duplicate() -> None:
    # Three people paid the same amount on the same day, each with their own receipt: three payments.
    rows = [r for r in _rows("SPSE-PencatatanSwakelolaRealisasi") if r["kd_swakelola_pct"] == 10109835000]
    release = _realisation_release(rows, per_row=True)
    transactions = release["contracts"][0]["implementation"]["transactions"]
    assert len(transactions) == 9
    assert _paths("quality.duplicate_transaction", release) == []
    # The same with the payees withheld (civil servants' names are personal data): still three payments.
    for tx in transactions:
        del tx["payee"]
    assert _paths("quality.duplicate_transaction", release) == []


# ---------------------------------------------------------------------------------------- party checks
def test_ekatalog_supplier_known_by_code_only_is_nameless() -> None:
    order = _rows("Ecat-PaketEPurchasingV6")[0]
    buyer = {"id": f"SATKER-{order['kd_satker_str']}", "name": order["nama_satker"], "roles": ["buyer"]}
    supplier = {"id": f"SIKAP-{order['kd_penyedia_sikap']}", "roles": ["supplier"]}
    release = {
        "parties": [buyer, supplier],
        "buyer": {"id": buyer["id"], "name": buyer["name"]},
        "awards": [
            {"id": order["kd_paket"], "suppliers": [{"id": supplier["id"]}], "value": _money(order["total_harga"])}
        ],
    }
    assert _paths("quality.party_unnamed", release) == ["/parties/1/name"]
    assert _paths("quality.party_role_unreferenced", release) == []
    supplier["name"] = "CV. Contoh (from Ecat-PenyediaDetail)"
    assert _paths("quality.party_unnamed", release) == []


def test_procuring_entity_role_without_tender_procuring_entity() -> None:
    selesai = _rows("SPSE-NonTenderSelesai")[0]
    satker = {"id": f"SATKER-{selesai['kd_satker_str']}", "name": selesai["nama_satker"]}
    release: dict[str, Any] = {
        "parties": [{**satker, "roles": ["buyer", "procuringEntity"]}],
        "buyer": dict(satker),
        "tender": {"id": str(selesai["kd_nontender"]), "title": selesai["nama_paket"]},
    }
    problems = CHECKS["quality.party_role_unreferenced"](release, CONFIG)
    assert [(p.path, p.value) for p in problems] == [("/parties/0/roles", "procuringEntity")]
    release["tender"]["procuringEntity"] = dict(satker)
    assert _paths("quality.party_role_unreferenced", release) == []


# ---------------------------------------------------------------------------------- dates and values
def test_addendum_taken_as_the_contract_dates_the_original_after_its_amendment() -> None:
    original, addendum = sorted(_rows("SPSE-NonTenderEkontrak-2Kontrak"), key=lambda r: r["versi_addendum"])
    assert addendum["versi_addendum"] == 1 and addendum["no_kontrak"] != original["no_kontrak"]

    def contract(signed: dict[str, Any], amended: dict[str, Any]) -> dict[str, Any]:
        return {
            "contracts": [
                {
                    "id": "C1",
                    "dateSigned": _date(signed["tgl_kontrak"]),
                    "value": _money(signed["nilai_kontrak"]),
                    "amendments": [
                        {
                            "id": "1",
                            "date": _date(amended["tgl_kontrak"]),
                            "rationale": amended["alasan_addendum"] or "-",
                        }
                    ],
                }
            ]
        }

    assert _paths("quality.amendment_date", contract(original, addendum)) == []
    assert _paths("quality.amendment_date", contract(addendum, original)) == ["/contracts/0/amendments/0/date"]


def test_tender_period_ending_after_the_contract_starts() -> None:
    schedule = {row["nama_tahapan"]: row for row in _rows("SPSE-JadwalTahapanTender") if row["nama_tahapan"]}
    kontrak = _rows("SPSE-TenderEkontrak-2Kontrak")[0]

    def release(stage: str) -> dict[str, Any]:
        period = schedule[stage]
        return {
            "tender": {
                "tenderPeriod": {"startDate": _date(period["tgl_awal"]), "endDate": _date(period["tgl_akhir"])},
                "contractPeriod": {"startDate": _date(kontrak["tgl_kontrak_awal"])},
            }
        }

    # The bid submission stage ends before the contract starts; the signing stage, read as the tender
    # period by mistake, ends after it.
    assert _paths("quality.date_order", release("Upload Dokumen Penawaran")) == []
    assert _paths("quality.date_order", release("Penandatanganan  kontrak")) == ["/tender/contractPeriod/startDate"]


def test_direct_procurement_with_the_tenderers_of_a_real_tender() -> None:
    peserta = _rows("SPSE-PesertaTender")
    tender = {
        "numberOfTenderers": len(peserta),
        "tenderers": [{"id": f"SPSE-PENYEDIA-{row['kd_penyedia']}", "name": row["nama_penyedia"]} for row in peserta],
    }
    assert _paths("quality.procurement_method_tenderers", {"tender": {**tender, "procurementMethod": "open"}}) is None
    wrong = {"tender": {**tender, "procurementMethod": "direct"}}
    assert _paths("quality.procurement_method_tenderers", wrong) == ["/tender/numberOfTenderers"]


def test_contract_value_with_zeros_too_many_is_unrealistic() -> None:
    selesai = _rows("SPSE-NonTenderSelesai")[0]
    release = {"contracts": [{"id": "C1", "value": _money(selesai["nilai_kontrak"])}]}
    assert _paths("quality.value_realistic", release) == []
    release["contracts"][0]["value"] = _money(selesai["nilai_kontrak"] * 10**7)
    assert _paths("quality.value_realistic", release) == ["/contracts/0/value/amount"]


# ----------------------------------------------------------------------------------- publication-wide
def _package(releases: list[dict[str, Any]], published: str) -> dict[str, Any]:
    return {
        "uri": "https://example.org/kab-bandung-2025.json",
        "version": "1.1",
        "publishedDate": published,
        "publisher": {"name": "Kab. Bandung"},
        "releases": releases,
    }


def _release(ocid: str, date: str, **fields: Any) -> dict[str, Any]:
    return {"ocid": ocid, "id": f"{ocid}-1", "date": date, "tag": ["tender"], "initiationType": "tender", **fields}


def test_release_dated_by_a_payment_after_the_extraction() -> None:
    rows = [r for r in _rows("SPSE-PencatatanSwakelolaRealisasi") if r["kd_swakelola_pct"] == 10164768000]
    extracted = max(r["_event_date"] for r in rows)
    newest = max(r["tgl_realisasi"] for r in rows)
    assert newest[:10] > extracted  # paid 31 December, extracted 3 October
    ocid = f"{PREFIX}swakelola-10164768000"
    careless = _package([_release(ocid, _date(newest))], published=_date(extracted))
    report = validate(careless)
    assert [(f.path, f.value) for f in report if f.code == "quality.date_after_published"] == [
        ("/releases/0/date", _date(newest))
    ]
    assert report.ok  # a warning
    careful = _package([_release(ocid, _date(extracted))], published=_date(extracted))
    assert not [f for f in validate(careful) if f.code == "quality.date_after_published"]


def test_rup_cited_but_not_published_is_information() -> None:
    selesai = _rows("SPSE-NonTenderSelesai")[0]
    rup_ocid = f"{PREFIX}rup-{selesai['kd_rup']}"
    cites = _release(
        f"{PREFIX}nontender-{selesai['kd_nontender']}",
        _date(selesai["tgl_pengumuman_nontender"]),
        relatedProcesses=[{"id": "1", "relationship": ["planning"], "scheme": "ocid", "identifier": rup_ocid}],
    )
    report = validate(_package([cites], published="2025-10-03T00:00:00+07:00"))
    found = [f for f in report if f.code == "quality.related_process"]
    assert [(f.path, f.value, f.severity) for f in found] == [
        ("/releases/0/relatedProcesses/0/identifier", rup_ocid, "information")
    ]
    planning = _release(rup_ocid, "2025-01-02T00:00:00+07:00", tag=["planning"], initiationType="tender")
    report = validate(_package([cites, planning], published="2025-10-03T00:00:00+07:00"))
    assert not [f for f in report if f.code == "quality.related_process"]
    assert report.checks["quality.related_process"].passed == 1


def test_one_supplier_under_two_ids_in_two_real_packages() -> None:
    # CV. RAFFI UNGGUL is paid in packages 10451906000 ("RAFFI UNGGUL") and 10457893000 ("CV. RAFFI UNGGUL").
    rows = [r for r in _rows("SPSE-PencatatanNonTenderRealisasi") if "RAFFI" in r["nama_penyedia"]]

    def release(row: dict[str, Any], party_id: str) -> dict[str, Any]:
        party = {"id": party_id, "name": row["nama_penyedia"], "roles": ["supplier"]}
        return _release(
            f"{PREFIX}pencatatan-{row['kd_nontender_pct']}",
            _date(row["tgl_realisasi"]),
            parties=[party],
            awards=[{"id": "1", "status": "active", "suppliers": [{"id": party_id, "name": party["name"]}]}],
        )

    # Careless: a party id minted from the name as written in each package.
    careless = [release(row, "PENYEDIA-" + row["nama_penyedia"].replace(" ", "-")) for row in rows]
    report = validate(_package(careless, published="2025-10-03T00:00:00+07:00"))
    found = [(f.path, f.params["other"], f.params["reason"]) for f in report if f.code == "quality.supplier_ids"]
    assert found == [("/releases/1/parties/0/id", "PENYEDIA-RAFFI-UNGGUL", "same_name")]
    # Careful: the id comes from the NPWP, the same in both.
    careful = [release(row, "ID-DJP-0959116039445000") for row in rows]
    report = validate(_package(careful, published="2025-10-03T00:00:00+07:00"))
    assert not [f for f in report if f.code == "quality.supplier_ids"]
    assert report.checks["quality.supplier_ids"].passed == 2
