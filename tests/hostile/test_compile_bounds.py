"""``compile`` of one ocid with too many releases is refused clearly, not merged for hours."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ocds_regency.cli import main
from ocds_regency.compile import work


def test_too_many_releases_for_one_ocid_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(work, "MAX_RELEASES_PER_OCID", 50)  # the real limit is 100,000: same code path
    path = tmp_path / "releases.jsonl"
    lines = [
        json.dumps({"ocid": "ocds-zz9999-flood", "id": str(n), "date": "2025-01-01T00:00:00Z", "tag": ["tender"]})
        for n in range(51)
    ]
    lines.append(json.dumps({"ocid": "ocds-zz9999-fine", "id": "1", "date": "2025-01-01T00:00:00Z", "tag": ["tender"]}))
    path.write_text("\n".join(lines) + "\n")
    out = tmp_path / "compiled.jsonl"
    status = main(["compile", str(path), "-o", str(out), "--workers", "1"])
    err = capsys.readouterr().err
    assert status == 1
    assert "ocds-zz9999-flood: 51 releases for one ocid: refused" in err
    compiled = [json.loads(line) for line in out.read_text().splitlines()]
    assert [c["ocid"] for c in compiled] == ["ocds-zz9999-fine"]
