"""``ocds-regency validate``: exit status 0/1/2, formats, languages, options; never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from tests.validate.conftest import package, release

from ocds_regency.cli import main


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(["validate", *args])
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    good = tmp_path / "good.json"
    good.write_text(json.dumps(package(release())))
    bad_release = release(date="2024/01/01")
    bad_release["tender"]["value"]["currency"] = "Rp"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(package(bad_release)))
    listed = tmp_path / "list.json"
    listed.write_text("[]")
    broken = tmp_path / "broken.json"
    broken.write_text('{"releases": [')
    return {"good": good, "bad": bad, "list": listed, "broken": broken}


def test_exit_status(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert run([str(files["good"])], capsys)[0] == 0
    assert run([str(files["bad"])], capsys)[0] == 1
    assert run([str(files["list"])], capsys)[0] == 2
    assert run([str(files["good"]), str(files["bad"]), str(files["broken"])], capsys)[0] == 2


@pytest.mark.parametrize("name", ["list", "broken"])
def test_unreadable_input_is_one_line(files: dict[str, Path], name: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([str(files[name])], capsys)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("ocds-regency: error: ")
    assert str(files[name]) in err
    assert "Traceback" not in err


def test_json_format(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([str(files["bad"]), "--format", "json", "--lang", "id"], capsys)
    assert code == 1
    data = json.loads(out)
    assert data["ok"] is False
    assert set(data) == {"ok", "summary", "findings"}
    by_code = {f["code"]: f for f in data["findings"]}
    assert by_code["schema.date_time"]["path"] == "/releases/0/date"
    assert by_code["schema.date_time"]["value"] == "2024/01/01"
    assert by_code["codelist.closed"]["message"] == "'Rp' bukan kode dalam daftar kode tertutup currency"
    assert {"code", "severity", "path", "value", "message"} <= set(by_code["codelist.closed"])


def test_json_lines_for_several_files(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([str(files["good"]), str(files["bad"]), "--format", "json"], capsys)
    assert code == 1
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["ok"] for line in lines] == [True, False]


def test_text_and_html(files: dict[str, Path], capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run([str(files["bad"])], capsys)
    assert "TIDAK SAH" in out  # Bahasa Indonesia by default, like every command
    assert "schema.date_time" in out
    code, out, _ = run([str(files["bad"]), "--lang", "en"], capsys)
    assert "INVALID" in out
    page = tmp_path / "report.html"
    code, out, _ = run([str(files["bad"]), "--format", "html", "-o", str(page)], capsys)
    assert code == 1
    assert out == ""
    assert page.read_text().startswith("<!DOCTYPE html>")
    code, _, err = run([str(files["good"]), str(files["bad"]), "--format", "html"], capsys)
    assert code == 2
    assert "one file" in err


def test_prefix_extension_quality_and_fail_on(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run([str(files["good"]), "--prefix", "ocds-zzz999"], capsys)[0] == 1
    assert run([str(files["good"]), "--prefix", "ocds-abc123"], capsys)[0] == 0
    data = release()
    data["tender"]["value"]["amount"] = 5000  # above the pagu: a quality warning
    path = tmp_path / "hps.json"
    path.write_text(json.dumps(package(data)))
    assert run([str(path), "--fail-on", "warning"], capsys)[0] == 1
    assert run([str(path), "--fail-on", "warning", "--no-quality"], capsys)[0] == 0
    data = release()
    data["parties"][1]["details"] = {"scale": "sme"}
    path.write_text(json.dumps(package(data)))
    code, out, _ = run([str(path), "--format", "json", "--extension", "partyScale"], capsys)
    assert json.loads(out)["summary"]["extensions"] == ["partyScale"]
    code, _, err = run([str(path), "--extension", "no-such-extension"], capsys)
    assert code == 2
    assert "no-such-extension" in err


def test_stdin(files: dict[str, Path]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ocds_regency", "validate", "-", "--format", "json"],
        input=files["bad"].read_bytes(),
        capture_output=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert json.loads(result.stdout)["summary"]["source"] == "<stdin>"


def test_installed_command_exit_codes(files: dict[str, Any]) -> None:
    for name, expected in (("good", 0), ("bad", 1), ("list", 2)):
        result = subprocess.run(
            [sys.executable, "-m", "ocds_regency", "validate", str(files[name])], capture_output=True, check=False
        )
        assert result.returncode == expected, (name, result.stderr)
        assert b"Traceback" not in result.stderr


def test_text_names_the_ocid_and_release_of_every_finding(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    bad = json.loads(files["bad"].read_text())["releases"][0]
    code, out, _ = run([str(files["bad"]), "--lang", "en"], capsys)
    assert code == 1
    examples = [line for line in out.splitlines() if line.startswith(("    /", "    ["))]
    assert examples
    for line in examples:
        assert line.startswith(f"    [ocid {bad['ocid']}, release {bad['id']}] /releases/0/"), line


def test_tally_only_with_verbose_and_plurals(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run([str(files["bad"]), "--lang", "en"], capsys)
    assert "Data-quality checks" not in out
    assert "(release package, 1 release; 2 errors, 1 warning, 0 information)" in out
    _, out, _ = run([str(files["bad"]), "--lang", "en", "--verbose"], capsys)
    assert "Data-quality checks (passed / failed / not applicable):" in out
    _, out, _ = run([str(files["bad"]), "--lang", "id"], capsys)
    assert "(paket rilis, 1 rilis; 2 kesalahan, 1 peringatan, 0 informasi)" in out


def test_amounts_in_messages_are_exact_rupiah(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = release()
    data["planning"]["budget"]["amount"]["amount"] = 900000000
    data["tender"]["value"]["amount"] = 990000000.5
    path = tmp_path / "hps.json"
    path.write_text(json.dumps(package(data)))
    _, out, _ = run([str(path)], capsys)
    assert "Nilai tender (HPS) Rp 990.000.000,50 melebihi pagu anggaran Rp 900.000.000" in out
    _, out, _ = run([str(path), "--lang", "en"], capsys)
    assert "The tender value (HPS) IDR 990,000,000.50 exceeds the budget amount (pagu) IDR 900,000,000" in out


def test_one_indonesian_word_for_error() -> None:
    root = Path(__file__).resolve().parents[2] / "src" / "ocds_regency"
    users = [str(path) for path in root.rglob("*.py") if "galat" in path.read_text(encoding="utf-8").lower()]
    assert users == []  # "kesalahan" everywhere: report.html, validate --lang id, the CLI
