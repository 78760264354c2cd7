"""The shape of a Dask run's graph: every input file is read once, whoever needs its rows.

Run in-process on Dask's synchronous scheduler, so that the reader can be watched.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import ocds_regency.dask as on_dask
from ocds_regency.dask import run
from tests.dask.conftest import PREFIX


def test_every_file_is_read_once(national: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reads: Counter[str] = Counter()
    real = on_dask.read_isb

    def counting(path: Any, **options: Any) -> Any:
        reads[Path(path).name] += 1
        return real(path, **options)

    monkeypatch.setattr(on_dask, "read_isb", counting)
    sync: Any = "sync"  # Dask's in-process scheduler, in place of a distributed client
    result = run([national], prefix=PREFIX, out_dir=tmp_path / "out", client=sync, validate_output=False)
    files = sorted(p.name for p in national.iterdir() if p.suffix == ".json")
    assert sorted(reads) == files
    assert set(reads.values()) == {1}
    assert len(result.partitions) == 2
    for partition in result.partitions:
        package = json.loads((Path(partition.directory) / "release-package.json").read_bytes())
        assert package["releases"]
