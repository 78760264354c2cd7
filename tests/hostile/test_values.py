"""Integers of any size, in any field: a field issue on that row, never a failed run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ocds_regency.errors import ParseError
from ocds_regency.isb import parse
from ocds_regency.mapping import SourceRow, convert
from ocds_regency.mapping.ids import row_digest
from tests.hostile.conftest import PREFIX, run_cli, tender_row


def test_a_64_bit_overflow_in_a_withheld_field_is_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "SPSE-TenderPengumuman.json"
    path.write_text(json.dumps([tender_row(nip_ppk=2**64)]))
    report = tmp_path / "report.json"
    result = run_cli("convert", str(path), "--prefix", PREFIX, "-o", str(tmp_path / "o.jsonl"), "--report", str(report))
    assert result.returncode == 0, result.stderr
    data = json.loads(report.read_bytes())
    assert data["totals"]["used"] == 1 and data["balanced"]
    assert "18446744073709551616" not in (tmp_path / "o.jsonl").read_text()  # still withheld


@pytest.mark.parametrize("value", ["9" * 5000, 10**5000, -(2**64), 2**63], ids=["text", "int", "negative", "2^63"])
def test_parse_int_refuses_out_of_range_integers_with_a_parse_error(value: object) -> None:
    with pytest.raises(ParseError) as caught:
        parse.parse_int(value)
    assert len(str(caught.value)) < 200


def test_describe_never_fails_and_stays_short() -> None:
    assert "digits" in parse.describe(10**5000)
    assert len(parse.describe("x" * 10_000)) <= 80


def test_row_digest_takes_integers_of_any_size() -> None:
    assert row_digest({"a": 2**64}) != row_digest({"a": 2**64 + 1})
    assert row_digest({"a": 10**5000}) != row_digest({"a": "10"})


@pytest.mark.parametrize(
    "value",
    [2**64, 10**5000, "9" * 5000, -(2**70), 1e308, float("nan")],
    ids=["2^64", "int", "text", "neg", "big", "nan"],
)
def test_every_field_of_a_tender_takes_a_huge_integer(value: object) -> None:
    base = tender_row()
    for field in base:
        if field in ("kd_tender", "kd_lpse"):
            continue
        row = dict(base, **{field: value})
        conversion = convert([SourceRow("SPSE-TenderPengumuman", row, "t.json", "item 1")], prefix=PREFIX)
        releases = list(conversion)
        report = conversion.report
        assert report.balanced and report.totals.read == 1, field
        assert releases, field
        json.dumps(report.as_dict(), default=str)


def test_a_personal_number_that_fails_to_parse_is_masked_in_the_report() -> None:
    sample = Path(__file__).resolve().parents[2] / "examples" / "kabupaten-contoh-2025"
    tenders = json.loads((sample / "SPSE-TenderPengumuman.json").read_text("utf-8"))
    participant = dict(json.loads((sample / "SPSE-PesertaTender.json").read_text("utf-8"))[0])
    nik = "3201 1234 5678 9012"
    participant["npwp_penyedia"] = participant["npwp_penyedia_16"] = nik + "x"  # a NIK with a typo: unparseable
    rows = [SourceRow("SPSE-TenderPengumuman", row, "t.json", f"item {n}") for n, row in enumerate(tenders, 1)]
    rows.append(SourceRow("SPSE-PesertaTender", participant, "p.json", "item 1"))
    conversion = convert(rows, prefix=PREFIX)
    list(conversion)
    text = json.dumps(conversion.report.as_dict())
    assert "npwp_penyedia" in text
    assert "1234" not in text and "9012" not in text
