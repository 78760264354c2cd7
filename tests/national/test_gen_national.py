"""scripts/GENERATOR.py: N regencies x halves of the real half-year, joins intact, every row accounted."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path, PurePath

from ocds_regency.mapping import convert
from ocds_regency.mapping.report import RowCounts
from tests.conftest import FIXTURES, gen_national

GENERATOR = gen_national()


def _processes(path: Path) -> tuple[Counter[str], int, dict[str, int], bool]:
    conversion = convert([path], prefix="ocds-test00")
    ocids: Counter[str] = Counter()
    for release in conversion:
        ocids[release["ocid"]] += 1
    return ocids, sum(ocids.values()), conversion.report.totals.as_dict(), conversion.report.balanced


def test_shift_appends_the_copy_to_every_number_of_a_key() -> None:
    row = {"kd_rup": "60832782;45828523", "kd_tender": 100, "kd_klpd": "D107", "kd_lpse": 93, "kd_satker": "12"}
    shifted = GENERATOR.shift(row, regency=3, copy=7)
    assert shifted["kd_rup"] == "6083278200007;4582852300007"
    assert shifted["kd_tender"] == 10000007
    assert shifted["kd_klpd"] == "D1003"
    assert shifted["kd_lpse"] == 10003
    assert shifted["kd_satker"] == "120003"
    assert row["kd_tender"] == 100  # the source row is left alone


def test_generated_regencies_convert_to_n_times_the_source(shared: Path, tmp_path: Path) -> None:
    source = shared / "domain" / "isb-real-2025"
    regencies, halves = 2, 1
    written = GENERATOR.generate(source, tmp_path, regencies=regencies, halves=halves)
    src_ocids, src_releases, src_totals, _ = _processes(source)
    ocids, releases, totals, balanced = _processes(tmp_path)
    copies = regencies * halves
    # Every process of the source is there once per copy, with as many releases, and no two copies meet.
    assert len(ocids) == copies * len(src_ocids)
    assert releases == copies * src_releases
    assert sorted(ocids.values()) == sorted(list(src_ocids.values()) * copies)
    # Every row written is read and accounted for; the joins hold as in the source (as many rows used).
    assert balanced
    assert totals["read"] == sum(written.values())
    assert totals["used"] == copies * src_totals["used"]


def test_reference_datasets_are_not_copied_per_half(tmp_path: Path) -> None:
    """Regions and catalogue products once, a regency's budget masters once per regency, processes per half."""
    source = FIXTURES / "isb-real-2025-facts"
    rows = {path.name.removesuffix(".json"): len(json.loads(path.read_bytes())) for path in source.glob("*.json")}
    regencies, halves = 3, 2
    written = GENERATOR.generate(source, tmp_path, regencies=regencies, halves=halves)
    assert written["facts-regions-RUP-MasterProvinsi"] == rows["facts-regions-RUP-MasterProvinsi"]  # no kd_klpd
    assert written["facts-datasets-Ecat-ProdukDetail"] == rows["facts-datasets-Ecat-ProdukDetail"]
    assert written["facts-datasets-RUP-SubKegiatanMaster"] == regencies * rows["facts-datasets-RUP-SubKegiatanMaster"]
    assert written["facts-datasets-SPSE-NonTenderPengumuman"] == (
        regencies * halves * rows["facts-datasets-SPSE-NonTenderPengumuman"]
    )

    # what the converter sees: the copies add no exact duplicate row beyond those of the source's own processes
    def counts(folder: Path) -> dict[tuple[str, str | None], RowCounts]:
        conversion = convert(sorted(folder.glob("*.json")), prefix="ocds-test00")  # (the generator reads JSON)
        for _ in conversion:
            pass
        return {(PurePath(name).name, dataset): c for (name, dataset), c in conversion.report.counts.items()}

    one, generated = counts(source), counts(tmp_path)
    assert generated.keys() == one.keys()
    for key, found in generated.items():
        copies = found.read // one[key].read
        assert found.read == copies * one[key].read
        assert found.duplicate == copies * one[key].duplicate, key
