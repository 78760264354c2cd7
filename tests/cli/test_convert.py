"""``ocds-regency convert`` through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import ISB_SAMPLES

from ocds_regency.cli import main
from ocds_regency.mapping import extension_urls


@pytest.fixture
def samples() -> Path:
    return ISB_SAMPLES


def test_convert_writes_json_lines_and_a_report(
    samples: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, report = tmp_path / "releases.jsonl", tmp_path / "report.json"
    status = main(["convert", str(samples), "--prefix", "ocds-test01", "-o", str(out), "--report", str(report)])
    assert status == 0
    lines = out.read_bytes().splitlines()
    releases = [json.loads(line) for line in lines]
    assert releases and all(r["ocid"].startswith("ocds-test01-") for r in releases)
    data = json.loads(report.read_bytes())
    assert data["balanced"] is True
    assert data["totals"]["read"] == 391
    assert data["totals"]["read"] == sum(f["read"] for f in data["files"])
    assert {r["reason"] for r in data["rejections"]} >= {"orphan", "duplicate", "unreferenced"}
    err = capsys.readouterr().err
    assert "391 rows read" in err and f"{len(releases)} releases" in err


def test_convert_package_is_deterministic_and_valid(samples: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    for target in (first, second):
        assert main(["convert", str(samples), "--prefix", "ocds-test01", "--package", "-o", str(target)]) == 0
    assert first.read_bytes() == second.read_bytes()
    package = json.loads(first.read_bytes())
    assert package["version"] == "1.1"
    assert package["publishedDate"] == max(r["date"] for r in package["releases"])
    assert package["extensions"] == extension_urls()  # bids, location, budgetBreakdown, partyScale, indonesia
    assert len(package["extensions"]) == 5
    assert main(["validate", str(first), "--no-quality"]) == 0


def test_convert_to_stdout_with_timezone(samples: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    tender = samples / "SPSE-TenderPengumuman.json"
    assert main(["convert", str(tender), "--prefix", "ocds-test01", "--timezone", "WITA"]) == 0
    out = capsysbinary.readouterr().out
    releases = [json.loads(line) for line in out.splitlines()]
    assert len(releases) == 5
    assert all(r["date"].endswith("+08:00") for r in releases)


def test_convert_personal_data_opt_in(samples: Path, tmp_path: Path) -> None:
    tender = samples / "SPSE-TenderPengumuman.json"
    hidden, shown = tmp_path / "hidden.jsonl", tmp_path / "shown.jsonl"
    assert main(["convert", str(tender), "--prefix", "ocds-test01", "-o", str(hidden)]) == 0
    assert (
        main(["convert", str(tender), "--prefix", "ocds-test01", "-o", str(shown), "--personal-data", "official_names"])
        == 0
    )
    assert b"DENI GUNAWAN" not in hidden.read_bytes()
    assert b"DENI GUNAWAN" in shown.read_bytes()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--prefix", "bad prefix"], "'bad prefix' is not an ocid prefix"),
        (["--prefix", "kabupaten"], "'kabupaten' is not an ocid prefix"),
        (["--prefix", "ocds-test01", "--timezone", "Asia/Atlantis"], "unknown time zone 'Asia/Atlantis'"),
        (["--prefix", "ocds-test01", "--timezone", "Europe/Paris"], "changes its UTC offset"),
        (["--prefix", "ocds-test01", "--timezone", "+25:00"], "not a UTC offset"),
    ],
)
def test_convert_errors_are_one_line(
    samples: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    out = tmp_path / "out.jsonl"
    assert main(["convert", str(samples), *args, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err
    assert not out.exists()


def test_convert_unreadable_json_names_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "SPSE-TenderPengumuman.json"
    broken.write_text('[{"kd_tender": 1,', encoding="utf-8")
    assert main(["convert", str(broken), "--prefix", "ocds-test01"]) == 2
    err = capsys.readouterr().err
    assert str(broken) in err and "Traceback" not in err


def test_convert_reports_files_of_unknown_datasets(tmp_path: Path) -> None:
    odd = tmp_path / "odd.json"
    odd.write_text('[{"apa": 1}, {"apa": 2}]', encoding="utf-8")
    report = tmp_path / "report.json"
    assert (
        main(["convert", str(odd), "--prefix", "ocds-test01", "-o", str(tmp_path / "o.jsonl"), "--report", str(report)])
        == 2  # no usable row; the report still says why
    )
    data = json.loads(report.read_bytes())
    assert data["totals"] == {"read": 2, "used": 0, "rejected": 2, "duplicate": 0, "uncited": 0}
    assert [r["reason"] for r in data["rejections"]] == ["unknown-dataset", "unknown-dataset"]


def test_convert_csv_export_with_human_labels(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    export = tmp_path / "tender.csv"
    export.write_text(
        "Kode Tender,Nama Paket,Nilai Pagu Paket,Nilai HPS Paket,Metode Pengadaan,Jenis Pengadaan,kd_lpse,"
        "kd_satker_str,nama_satker,tgl_pengumuman_tender\n"
        '10011868000,Penyusunan Materi,"Rp 1.000.000.000,00","Rp 999.995.334,78",Seleksi,'
        "Jasa Konsultansi Badan Usaha Non Konstruksi,93,1.03.2.15.1.04.03.0000,DINAS PUTR,15 Januari 2025 08:00\n",
        encoding="utf-8",
    )
    assert main(["convert", str(export), "--prefix", "ocds-test01"]) == 0
    (release,) = [json.loads(line) for line in capsysbinary.readouterr().out.splitlines()]
    assert release["ocid"] == "ocds-test01-lpse93-tender-10011868000"
    assert release["date"] == "2025-01-15T08:00:00+07:00"
    assert release["tender"]["value"] == {"amount": 999995334.78, "currency": "IDR"}
    assert release["planning"]["budget"]["amount"] == {"amount": 1000000000, "currency": "IDR"}
    assert release["tender"]["mainProcurementCategory"] == "services"
