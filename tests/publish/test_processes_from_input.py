"""Records count = the contracting processes of the input, counted from the input files themselves.

test_pipeline checks records against the report's own figure; this counts the processes independently:
one per package of each parent dataset (tender, non-tender, pencatatan, swakelola, e-Katalog order) and one
per RUP plan (docs/mapping.md: plans are processes of their own, linked from the packages they feed).
"""

from __future__ import annotations

import json
from typing import Any

from ocds_regency.pipeline import PublishResult
from tests.publish.conftest import PREFIX, SAMPLE

# parent dataset -> (key field, ocid infix)
PARENTS = {
    "SPSE-TenderPengumuman": ("kd_tender", "lpse999-tender"),
    "SPSE-NonTenderPengumuman": ("kd_nontender", "lpse999-nontender"),
    "SPSE-PencatatanNonTender": ("kd_nontender_pct", "lpse999-pencatatan"),
    "SPSE-PencatatanSwakelola": ("kd_swakelola_pct", "lpse999-swakelola"),
    "Ecat-PaketEPurchasingV6": ("kd_paket", "ekatalog"),
    "RUP-PaketPenyedia-Terumumkan": ("kd_rup", "rup"),
    "RUP-PaketSwakelola-Terumumkan": ("kd_rup", "rup"),
}


def _keys(dataset: str, field: str) -> set[str]:
    rows: list[dict[str, Any]] = json.loads((SAMPLE / f"{dataset}.json").read_bytes())
    return {str(row[field]) for row in rows if row.get(field) is not None}


def test_records_are_the_processes_of_the_input(published: PublishResult) -> None:
    expected: dict[str, set[str]] = {}
    for dataset, (field, infix) in PARENTS.items():
        expected.setdefault(infix, set()).update(_keys(dataset, field))
    assert all(expected.values()), "every kind of process occurs in the sample"
    records = json.loads((published.out_dir / "record-package.json").read_bytes())["records"]
    ocids = [record["ocid"] for record in records]
    assert len(ocids) == len(set(ocids)) == sum(len(keys) for keys in expected.values())
    found: dict[str, set[str]] = {}
    for ocid in ocids:
        assert ocid.startswith(f"{PREFIX}-")
        infix, _, key = ocid.removeprefix(f"{PREFIX}-").rpartition("-")
        found.setdefault(infix, set()).add(key)
    assert found == expected
    assert published.report.figures.processes == len(records)
