"""``ocds-regency flags`` on every kind of OCDS input, in every output format."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from ocds_regency.cli import main
from tests.flags.builders import bid, process

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "cardinal"


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _releases() -> list[dict[str, Any]]:
    """Two releases of one single-bid Tender (merged first), and one other process."""
    first = process("ocds-zz9999-1", details="Tender", method="open", bids=[bid("A", 10)])
    first.update(tag=["tender"], id="1-tender", date="2025-01-01T00:00:00Z")
    first["tender"]["numberOfTenderers"] = 1
    second = {
        "ocid": "ocds-zz9999-1",
        "id": "1-award",
        "date": "2025-02-01T00:00:00Z",
        "tag": ["award"],
        "awards": [{"id": "a", "status": "active", "suppliers": [{"id": "A"}]}],
    }
    other = process("ocds-zz9999-2")
    other.update(tag=["tender"], id="2-tender", date="2025-01-01T00:00:00Z")
    return [first, second, other]


def test_cardinal_format_on_cardinal_fixture(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(
        ["flags", "--profile", "cardinal", "--format", "cardinal", str(FIXTURES / "R018.jsonl")], capsys
    )
    assert status == 0
    result = json.loads(out)
    assert result["OCID"] == {"open": {"R018": 1.0}, "selective": {"R018": 1.0}}
    assert "Meta" in result
    assert "7 contracting processes" in err


def test_no_meta(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(
        ["flags", "--profile", "cardinal", "--format", "cardinal", "--no-meta", str(FIXTURES / "R018.jsonl")], capsys
    )
    assert json.loads(out) == json.loads((FIXTURES / "R018.expected").read_text())


def test_release_package_is_merged_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "package.json"
    path.write_text(
        json.dumps({"uri": "x", "version": "1.1", "publishedDate": "2025-03-01T00:00:00Z", "releases": _releases()})
    )
    status, out, err = _run(["flags", str(path)], capsys)
    assert status == 0, err
    result = json.loads(out)
    assert result["processes"] == 2
    assert result["indicators"]["ID-SINGLE-BID"]["name"] == {"en": "Single bidder", "id": "Peserta tunggal"}
    assert set(result["indicators"]) == set(result["coverage"])
    single = [f for f in result["flags"] if f["code"] == "ID-SINGLE-BID"]
    assert [f["id"] for f in single] == ["ocds-zz9999-1"]
    # the award came from the second release: R018 needs it to be merged with the tender
    assert any(f["code"] == "R018" and f["id"] == "ocds-zz9999-1" for f in result["flags"])


def test_record_package_with_compiled_releases(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    compiled = process("ocds-zz9999-1", details="Tender", method="open", bids=[bid("A", 10)])
    record = {
        "ocid": "ocds-zz9999-1",
        "releases": [{"url": "x#1", "date": "2025-01-01T00:00:00Z"}],
        "compiledRelease": compiled,
    }
    path = tmp_path / "records.json"
    path.write_text(
        json.dumps({"uri": "x", "version": "1.1", "publishedDate": "2025-03-01T00:00:00Z", "records": [record]})
    )
    status, out, err = _run(["flags", "--format", "csv", str(path)], capsys)
    assert status == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["code"], r["id"], r["buyer_id"]) for r in rows] == [("ID-SINGLE-BID", "ocds-zz9999-1", "SATKER-1")]
    assert json.loads(rows[0]["evidence"]) == {"bidders": ["A"], "bids.details": 1}


def test_html_in_english_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "compiled.jsonl"
    source.write_text(json.dumps(process("p", details="Tender", method="open", bids=[bid("A", 10)])) + "\n")
    out = tmp_path / "flags.html"
    status, stdout, _ = _run(["flags", "--format", "html", "--lang", "en", "-o", str(out), str(source)], capsys)
    assert status == 0 and stdout == ""
    page = out.read_text()
    assert "<section id='flags'>" in page and "Worth a second look" in page and "Single bidder" in page


def test_settings_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = tmp_path / "settings.ini"
    settings.write_text("[R003]\nthreshold = 10\n")
    status, out, _ = _run(
        [
            "flags",
            "--profile",
            "cardinal",
            "--format",
            "cardinal",
            "--no-meta",
            "--settings",
            str(settings),
            str(FIXTURES / "R003-threshold-10.jsonl"),
        ],
        capsys,
    )
    assert status == 0
    assert json.loads(out) == {"OCID": {"10": {"R003": 1.0}}}


def test_unusable_settings_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = tmp_path / "settings.ini"
    settings.write_text("[R003]\nthreshold = fifteen\n")
    status, out, err = _run(["flags", "--settings", str(settings), str(FIXTURES / "R003.jsonl")], capsys)
    assert status == 2 and out == ""
    assert err.strip().splitlines() == [f"ocds-regency: error: {settings}: [R003]: 'fifteen' is not a int"]


def test_bad_input_is_one_line_and_the_rest_is_assessed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "releases.jsonl"
    good = _releases()
    source.write_text("\n".join(json.dumps(r) for r in good) + '\n{"id": "x", "date": "2025-01-01T00:00:00Z"}\n')
    status, out, err = _run(["flags", str(source)], capsys)
    assert status == 1
    lines = [line for line in err.splitlines() if line.startswith("ocds-regency: error:")]
    assert len(lines) == 1 and "line 4" in lines[0] and "ocid" in lines[0]
    assert json.loads(out)["processes"] == 2


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, err = _run(["flags", str(tmp_path / "nope.json")], capsys)
    assert status == 2
    assert err.startswith("ocds-regency: error:") and "nope.json" in err and "Traceback" not in err


def test_json_without_flags(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "compiled.jsonl"
    source.write_text('{"ocid": "x", "tender": {}}\n')
    status, out, _ = _run(["flags", str(source)], capsys)
    assert status == 0
    result = json.loads(out)
    assert (result["processes"], result["flags"]) == (1, [])


def test_quiet(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(["flags", "-q", "--profile", "cardinal", str(FIXTURES / "R018.jsonl")], capsys)
    assert status == 0 and json.loads(out)["processes"] == 7
    assert err == ""
