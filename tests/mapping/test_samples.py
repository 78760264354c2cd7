"""Converting every real ISB sample: valid releases, every row accounted for, real processes."""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

from ocds_regency.mapping import EXTENSIONS, Reason
from ocds_regency.merge import Merger
from ocds_regency.standard import load_profile

from .conftest import PREFIX, Converted, run


def test_every_release_is_schema_valid(converted: Converted, validator: Any) -> None:
    assert converted.releases
    errors = [
        (release["id"], list(error.absolute_path), error.message)
        for release in converted.releases
        for error in validator.iter_errors(release)
    ]
    assert errors == []


def test_release_ids_are_unique_and_carry_the_ocid(converted: Converted) -> None:
    ids = [release["id"] for release in converted.releases]
    assert len(ids) == len(set(ids))
    for release in converted.releases:
        assert release["ocid"].startswith(PREFIX + "-")
        assert release["id"].startswith(release["ocid"] + "-")


def test_every_row_is_accounted_for(converted: Converted, samples: Path) -> None:
    report = converted.report
    rows_per_file = {str(path): len(json.loads(path.read_bytes())) for path in samples.glob("*.json")}
    read_per_file: Counter[str] = Counter()
    for (source, dataset), counts in report.counts.items():
        assert counts.read == counts.used + counts.rejected + counts.duplicate + counts.uncited
        # an uncited row is a reference row that no process cites, listed as such (and nothing else is)
        listed = [r for r in report.rejections if (r.source, r.dataset) == (source, dataset)]
        assert counts.uncited == sum(r.reason == "unreferenced" for r in listed)
        assert counts.rejected == sum(r.reason not in ("unreferenced", "duplicate") for r in listed)
        read_per_file[source] += counts.read
    assert dict(read_per_file) == rows_per_file
    assert report.balanced
    totals = report.totals
    assert totals.read == sum(rows_per_file.values())
    assert len(report.rejections) == totals.rejected + totals.duplicate + totals.uncited


def test_rejections_name_the_real_reasons(converted: Converted) -> None:
    reasons = Counter((Path(r.source).name, r.reason) for r in converted.report.rejections)
    # The RUP samples don't join: budget lines and locations of other RUPs are orphans.
    assert reasons[("RUP-PaketAnggaranPenyedia.json", Reason.ORPHAN)] == 6
    assert reasons[("RUP-PaketPenyediaLokasi.json", Reason.ORPHAN)] == 6
    assert reasons[("RUP-PaketSwakelolaLokasi.json", Reason.ORPHAN)] == 6
    # The swakelola budget lines do join their plans.
    assert ("RUP-PaketAnggaranSwakelola.json", Reason.ORPHAN) not in reasons
    # BAP/BAST re-emitted with only _event_date changed collapse as exact duplicates.
    assert reasons[("SPSE-NonTenderEkontrak-4BAPBAST.json", Reason.DUPLICATE)] == 9
    # Realisations repeated once per RUP of the two-RUP package "60832782;45828523".
    assert reasons[("SPSE-PencatatanNonTenderRealisasi.json", Reason.DUPLICATE)] == 2
    # The blank participant and the result row without a winner of tender 10088019000.
    assert reasons[("SPSE-PesertaTender.json", Reason.EMPTY)] == 1
    assert reasons[("SPSE-TenderSelesaiNilai.json", Reason.EMPTY)] == 1
    # Master satker rows no package refers to.
    assert reasons[("RUP-MasterSatker.json", Reason.UNREFERENCED)] == 7
    for rejection in converted.report.rejections:
        assert rejection.position.startswith("item ")  # the n-th object of the JSON array
        assert rejection.message


def test_compiled_tender_reads_as_the_real_process(converted: Converted) -> None:
    ocid = f"{PREFIX}-lpse93-tender-10011868000"
    releases = converted.by_ocid(ocid)
    assert [r["tag"] for r in releases] == [
        ["tender"],
        ["award", "tenderUpdate"],
        ["contract"],
        ["implementation", "contractUpdate"],
    ]
    dates = [r["date"] for r in releases]
    assert dates == sorted(dates)
    compiled = Merger(profile=load_profile(EXTENSIONS)).create_compiled_release(releases)
    (award,) = compiled["awards"]
    (supplier,) = award["suppliers"]
    party = next(p for p in compiled["parties"] if p["id"] == supplier["id"])
    assert party["identifier"] == {"scheme": "ID-DJP", "id": "0017677824429000", "legalName": "PT. ALMA REKA GRAHA"}
    assert {"tenderer", "supplier"} <= set(party["roles"])
    assert Decimal(str(award["value"]["amount"])) == Decimal("921692940")
    assert award["value"]["currency"] == "IDR"
    # the award date is the letter of award's (tgl_sppbj), not the winner determination (2025-04-09)
    assert award["date"] == "2025-04-25T00:00:00+07:00"
    (contract,) = compiled["contracts"]
    assert contract["awardID"] == award["id"]
    assert contract["value"]["amount"] == 921692940
    assert contract["dateSigned"] == "2025-04-25T00:00:00+07:00"
    # Kontrak says it starts and ends on 25 April (reported); the SPMK gives the real work period.
    assert contract["period"] == {
        "startDate": "2025-04-25T00:00:00+07:00",
        "endDate": "2025-11-20T00:00:00+07:00",
        "durationInDays": 210,
    }
    tender = compiled["tender"]
    assert tender["status"] == "complete"
    assert tender["procurementMethod"] == "selective"  # Seleksi with prequalification
    assert tender["procurementMethodDetails"] == "Seleksi"
    assert tender["mainProcurementCategory"] == "services"
    assert tender["additionalProcurementCategories"] == ["consultingServices"]
    assert tender["mainProcurementCategoryDetails"] == "Jasa Konsultansi Badan Usaha Non Konstruksi"
    assert tender["value"]["amount"] == 999995334.78  # the HPS keeps its sen
    assert tender["numberOfTenderers"] == 4
    assert tender["tenderPeriod"] == {"startDate": "2025-03-12T13:00:00+07:00", "endDate": "2025-03-17T07:00:00+07:00"}
    assert len(tender["milestones"]) == 21
    assert compiled["relatedProcesses"][0]["identifier"] == f"{PREFIX}-rup-55965678"


def test_amounts_are_written_exactly(converted: Converted) -> None:
    assert b'"amount":999995334.78,' in converted.raw
    assert b"E+" not in converted.raw and b"e+" not in converted.raw


def test_all_times_are_wib_never_utc(converted: Converted) -> None:
    text = converted.raw.decode()
    assert 'Z"' not in text
    assert "+00:00" not in text
    for release in converted.releases:
        assert release["date"].endswith("+07:00")


def test_personal_data_is_withheld_by_default(converted: Converted) -> None:
    text = converted.raw.decode().lower()
    for personal in (
        "DENI GUNAWAN",
        "999999999999999999",
        "9999999999999",
        "3201065502000001",
        "Nuratry",
        "abi basarah",  # a civil servant paid by a type-1 swakelola, also named in ket_realisasi
    ):
        assert personal.lower() not in text
    withheld = converted.report.withheld
    assert set(withheld) == {"nip", "official_names", "bank_accounts", "nik"}
    assert all(count > 0 for count in withheld.values())


def test_personal_data_categories_can_be_opted_in(samples: Path) -> None:
    opened = run([samples], personal_data=["official_names", "nip", "bank_accounts", "nik"])
    text = opened.raw.decode()
    assert "DENI GUNAWAN" in text
    assert '"nip":"999999999999999999"' in text
    assert '"accountNumber":"9999999999999"' in text
    assert '"id":"ID-DJP-3201065502000001"' in text
    assert not opened.report.withheld
    only_names = run([samples], personal_data=["official_names"])
    assert "DENI GUNAWAN" in only_names.raw.decode()
    assert "999999999999999999" not in only_names.raw.decode()


def test_conversion_is_deterministic(samples: Path, converted: Converted) -> None:
    assert run([samples]).raw == converted.raw


def test_timezone_option_labels_local_times(samples: Path) -> None:
    wita = run([samples], timezone="WITA")
    assert all(r["date"].endswith("+08:00") for r in wita.releases)
    assert {r["id"] for r in wita.releases}.isdisjoint(r["id"] for r in run([samples]).releases)


def test_typed_models_write_the_same_bytes(samples: Path, converted: Converted) -> None:
    from ocds_regency.mapping import convert

    conversion = convert([samples], prefix=PREFIX)
    typed = b"\n".join(model.to_json() for model in conversion.models())
    assert typed == converted.raw
    assert conversion.report.balanced


def test_every_process_compiles_without_merge_warnings(converted: Converted) -> None:
    merger = Merger(profile=load_profile(EXTENSIONS))
    ocids = sorted({r["ocid"] for r in converted.releases})
    for ocid in ocids:  # pytest turns any merge warning into an error
        compiled = merger.create_compiled_release(converted.by_ocid(ocid))
        assert compiled["ocid"] == ocid
        party_ids = [p["id"] for p in compiled.get("parties", [])]
        assert len(party_ids) == len(set(party_ids))
        referenced = {compiled["buyer"]["id"]} if "buyer" in compiled else set()
        for award in compiled.get("awards", []):
            referenced.update(s["id"] for s in award.get("suppliers", []))
        assert referenced <= set(party_ids)
        award_ids = {a["id"] for a in compiled.get("awards", [])}
        for contract in compiled.get("contracts", []):
            assert contract["awardID"] in award_ids
