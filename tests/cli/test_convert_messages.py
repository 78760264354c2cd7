"""``convert`` tells on standard error why rows were rejected, and refuses an unregistered prefix up front."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.conftest import ISB_SAMPLES

from ocds_regency.cli import app, main
from ocds_regency.cli import convert as convert_module


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["convert", *args])
    return result.exit_code, result.stderr


def test_unknown_columns_are_explained(tmp_path: Path) -> None:
    table = tmp_path / "export.csv"
    table.write_text("kolom_a;kolom_b\n1;2\n", encoding="utf-8")
    status, stderr = _run(str(table), "--prefix", "ocds-abcdef", "-o", str(tmp_path / "out.jsonl"))
    assert status == 2  # no row usable
    assert not (tmp_path / "out.jsonl").exists()
    assert "1 row read, 0 used, 1 rejected" in stderr
    assert "no input row is usable: nothing written" in stderr
    assert "1 row unknown-dataset" in stderr
    assert "export.csv, row 2" in stderr
    assert "kolom_a" in stderr


def test_unregistered_prefix_is_refused_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sample = ISB_SAMPLES / "SPSE-TenderPengumuman.json"
    calls: list[object] = []
    monkeypatch.setattr(convert_module, "convert", lambda *a, **k: calls.append(a))
    assert main(["convert", str(sample), "--prefix", "kabupaten", "-o", str(tmp_path / "out.jsonl")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "'kabupaten' is not an ocid prefix" in err
    assert calls == []  # nothing was read
    assert not (tmp_path / "out.jsonl").exists()
    monkeypatch.undo()
    assert main(["convert", str(sample), "--prefix", "ocds-abcdef", "-o", str(tmp_path / "out2.jsonl")]) == 0
    assert (tmp_path / "out2.jsonl").read_text().count('"ocid":"ocds-abcdef-') > 0
