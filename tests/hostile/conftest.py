"""Helpers for the hostile-input tests: a small valid ISB row set and a way to run the real CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "kabupaten-contoh-2025"
PREFIX = "ocds-zz9999"


def tender_row(**changes: Any) -> dict[str, Any]:
    """The first SPSE-TenderPengumuman row of the bundled sample, with ``changes`` applied."""
    rows = json.loads((SAMPLE / "SPSE-TenderPengumuman.json").read_text("utf-8"))
    row = dict(rows[0])
    row.update(changes)
    return row


def run_cli(*args: str, stdout: Any = subprocess.PIPE, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m ocds_regency`` in a child process (real file descriptors, real exit status)."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run(
        [sys.executable, "-m", "ocds_regency", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        cwd=cwd,
        env=env,
        timeout=300,
        check=False,
    )


@pytest.fixture
def releases_file(tmp_path: Path) -> Path:
    """JSON Lines of releases converted from the bundled sample."""
    out = tmp_path / "releases.jsonl"
    result = run_cli("convert", str(SAMPLE), "--prefix", PREFIX, "-o", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def package_file(tmp_path: Path) -> Path:
    """A release package converted from the bundled sample."""
    out = tmp_path / "package.json"
    result = run_cli("convert", str(SAMPLE), "--prefix", PREFIX, "--package", "-o", str(out))
    assert result.returncode == 0, result.stderr
    return out
