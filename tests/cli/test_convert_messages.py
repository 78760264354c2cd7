"""``convert`` tells on standard error why rows were rejected, and warns about unregistered prefixes."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from tests.conftest import ISB_SAMPLES

from ocds_regency.cli import app


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["convert", *args])
    return result.exit_code, result.stderr


def test_unknown_columns_are_explained(tmp_path: Path) -> None:
    table = tmp_path / "export.csv"
    table.write_text("kolom_a;kolom_b\n1;2\n", encoding="utf-8")
    status, stderr = _run(str(table), "--prefix", "ocds-abcdef", "-o", str(tmp_path / "out.jsonl"))
    assert status == 0
    assert "1 rows read, 0 used, 1 rejected" in stderr
    assert "1 row(s) unknown-dataset" in stderr
    assert "export.csv, row 2" in stderr
    assert "kolom_a" in stderr


def test_unregistered_prefix_is_a_warning_not_an_error(tmp_path: Path) -> None:
    sample = ISB_SAMPLES / "SPSE-TenderPengumuman.json"
    status, stderr = _run(str(sample), "--prefix", "kabupaten", "-o", str(tmp_path / "out.jsonl"))
    assert status == 0
    assert "'kabupaten' is not a registered ocid prefix" in stderr
    assert (tmp_path / "out.jsonl").read_text().count('"ocid":"kabupaten-') > 0
    status, stderr = _run(str(sample), "--prefix", "ocds-abcdef", "-o", str(tmp_path / "out2.jsonl"))
    assert status == 0
    assert "not a registered" not in stderr
