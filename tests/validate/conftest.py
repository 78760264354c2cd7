"""Fixtures for the validation tests: generated packages and small hand-built releases."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest


def release(**changes: Any) -> dict[str, Any]:
    """A small valid, coherent release; keyword arguments replace top-level fields."""
    data: dict[str, Any] = {
        "ocid": "ocds-abc123-0001",
        "id": "0001-tender",
        "date": "2024-03-01T00:00:00+07:00",
        "tag": ["tender"],
        "initiationType": "tender",
        "parties": [
            {"id": "ID-SATKER-1", "name": "Dinas PUPR", "roles": ["buyer", "procuringEntity"]},
            {
                "id": "ID-DJP-0213631617444000",
                "name": "PT Maju",
                "roles": ["tenderer", "supplier"],
                "identifier": {"scheme": "ID-DJP", "id": "0213631617444000"},
            },
        ],
        "buyer": {"id": "ID-SATKER-1", "name": "Dinas PUPR"},
        "planning": {"budget": {"amount": {"amount": 1000, "currency": "IDR"}}},
        "tender": {
            "id": "T1",
            "status": "complete",
            "value": {"amount": 900, "currency": "IDR"},
            "procuringEntity": {"id": "ID-SATKER-1", "name": "Dinas PUPR"},
            "tenderPeriod": {
                "startDate": "2024-01-01T00:00:00+07:00",
                "endDate": "2024-01-11T00:00:00+07:00",
                "durationInDays": 10,
            },
            "numberOfTenderers": 1,
            "tenderers": [{"id": "ID-DJP-0213631617444000", "name": "PT Maju"}],
        },
        "awards": [
            {
                "id": "A1",
                "status": "active",
                "date": "2024-01-20T00:00:00+07:00",
                "value": {"amount": 880, "currency": "IDR"},
                "suppliers": [{"id": "ID-DJP-0213631617444000", "name": "PT Maju"}],
            }
        ],
        "contracts": [
            {
                "id": "C1",
                "awardID": "A1",
                "status": "active",
                "dateSigned": "2024-01-25T00:00:00+07:00",
                "value": {"amount": 880, "currency": "IDR"},
                "implementation": {
                    "transactions": [
                        {
                            "id": "TX1",
                            "date": "2024-02-25T00:00:00+07:00",
                            "value": {"amount": 400, "currency": "IDR"},
                            "payer": {"id": "ID-SATKER-1", "name": "Dinas PUPR"},
                            "payee": {"id": "ID-DJP-0213631617444000", "name": "PT Maju"},
                        }
                    ]
                },
            }
        ],
    }
    data["parties"][0]["roles"].append("payer")
    data["parties"][1]["roles"].append("payee")
    data.update(copy.deepcopy(changes))
    return data


def package(*releases: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A release package around ``releases``."""
    data: dict[str, Any] = {
        "uri": "https://example.org/releases.json",
        "version": "1.1",
        "publishedDate": "2024-05-01T00:00:00Z",
        "publisher": {"name": "LPSE Kabupaten Contoh"},
        "releases": list(releases),
    }
    data.update(changes)
    return data


@pytest.fixture
def make_release() -> Any:
    """The :func:`release` builder."""
    return release


@pytest.fixture
def make_package() -> Any:
    """The :func:`package` builder."""
    return package


@pytest.fixture(scope="session")
def generated(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A dirty release package, its record package and manifest, and a clean package, from the shared generator."""
    out = tmp_path_factory.mktemp("generated")
    script = shared / "bench" / "gen_validation_set.py"
    dirty, records, manifest, clean = (out / n for n in ("dirty.json", "records.json", "manifest.json", "clean.json"))
    subprocess.run(
        [
            sys.executable,
            str(script),
            "-n",
            "300",
            "-o",
            str(dirty),
            "--dirty",
            "0.4",
            "--seed",
            "7",
            "--manifest",
            str(manifest),
            "--records",
            str(records),
        ],
        check=True,
    )
    subprocess.run([sys.executable, str(script), "-n", "150", "-o", str(clean), "--seed", "11"], check=True)
    return {
        "dirty": dirty,
        "records": records,
        "clean": clean,
        "manifest": {int(k): v for k, v in json.loads(manifest.read_text()).items()},
    }
