"""The commands of docs/ecosystem.md work: every ``bash`` block is run in order on the bundled sample."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "ecosystem.md"
SAMPLE = ROOT / "examples" / "kabupaten-contoh-2025"


def _blocks() -> list[str]:
    return re.findall(r"```bash\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.DOTALL)


def test_the_commands_of_the_page_work(tmp_path: Path) -> None:
    pytest.importorskip("flattentool")
    blocks = _blocks()
    assert len(blocks) >= 4
    shutil.copytree(SAMPLE, tmp_path / "isb")
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    script = "set -euo pipefail\n" + "\n".join(blocks)
    result = subprocess.run(
        ["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    # what the commands produced is what the page says
    combined = json.loads((tmp_path / "gabungan.json").read_text(encoding="utf-8"))
    published = json.loads((tmp_path / "publikasi" / "release-package.json").read_text(encoding="utf-8"))
    assert combined["releases"] == published["releases"]
    assert combined["extensions"] == published["extensions"]
    back = [json.loads(line) for line in (tmp_path / "kembali.jsonl").read_text(encoding="utf-8").splitlines()]
    records = json.loads((tmp_path / "publikasi" / "record-package.json").read_text(encoding="utf-8"))["records"]
    assert sorted(release["ocid"] for release in back) == sorted(record["ocid"] for record in records)
    assert (tmp_path / "kompilasi.xlsx").stat().st_size > 0
    assert (tmp_path / "lembar" / "main.csv").exists()
