"""One ISB dataset, two formats: the API's JSON and a CSV export with the same field names.

Regencies get their data as ISB JSON and, from the same systems, as CSV/XLSX exports (``indonesia.md``: the
exports use the same field names). A process must come out the same whichever the regency publishes from,
release ids included: otherwise a release store (issue 13) would see every process as changed the day a
regency switches from one to the other.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from ocds_regency.mapping import convert
from ocds_regency.mapping.ids import row_digest
from tests.conftest import FIXTURES

REAL = FIXTURES / "isb-real-2025"


def _as_csv(source: Path, target: Path) -> None:
    """Write every JSON dataset of ``source`` as a CSV export would: one column per field, nulls empty."""
    for path in sorted(source.glob("*.json")):
        rows = json.loads(path.read_text(encoding="utf-8"))
        columns: list[str] = []
        for row in rows:
            columns.extend(key for key in row if key not in columns)
        with (target / f"{path.stem}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, columns)
            writer.writeheader()
            for row in rows:
                writer.writerow({key: "" if value is None else value for key, value in row.items()})


def test_digest_compares_values_as_an_export_writes_them() -> None:
    assert row_digest({"pagu": 1500000, "nama": None, "pdn": True}) == row_digest(
        {"pagu": "1500000", "nama": "", "pdn": "True"}
    )
    assert row_digest({"pagu": 1, "kode_eselon": None}) == row_digest({"pagu": "1"})  # an empty column left out
    assert row_digest({"pagu": 1500000}) != row_digest({"pagu": "1500001"})
    assert row_digest({"a": 2**70}) == row_digest({"a": str(2**70)})


def test_real_rows_from_json_and_from_csv_give_the_same_releases(tmp_path: Path) -> None:
    _as_csv(REAL, tmp_path)
    from_json = list(convert([REAL], prefix="ocds-xxxxxx"))
    from_csv = list(convert([tmp_path], prefix="ocds-xxxxxx"))
    assert len(from_json) > 40
    assert [release["id"] for release in from_csv] == [release["id"] for release in from_json]
    assert from_csv == from_json
