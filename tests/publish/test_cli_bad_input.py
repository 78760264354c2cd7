"""`ocds-regency publish` on unusable input: exit status 2, one line naming the file and the problem."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from ocds_regency.cli import main
from ocds_regency.package import MetadataError, PackageMetadata
from ocds_regency.pipeline import PublishError, PublishOptions, publish
from tests.publish.conftest import PREFIX, SAMPLE


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["publish", *args, "--prefix", PREFIX])
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err, err
    return code, err


def test_missing_input_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _run(capsys, str(tmp_path / "nope"), "--out", str(tmp_path / "out"))
    assert code == 2
    assert "nope" in err and "does not exist" in err


def test_empty_directory_says_no_data_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    code, err = _run(capsys, str(tmp_path / "empty"), "--out", str(tmp_path / "out"))
    assert code == 2
    assert "no data rows found" in err
    assert not (tmp_path / "out").exists()


def test_binary_garbage_names_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    garbage = tmp_path / "data.json"
    garbage.write_bytes(b"garbage\x00\xff{[\x00\x01")
    code, err = _run(capsys, str(garbage), "--out", str(tmp_path / "out"))
    assert code == 2
    assert "data.json" in err and "NUL bytes" in err


def test_utf16_csv_without_bom_is_refused_not_a_crash(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "tender.csv"
    with path.open("w", encoding="utf-16-le", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["kd_tender", "nama_paket"])
        writer.writerow(["10000001000", "Jalan"])
    code, err = _run(capsys, str(path), "--out", str(tmp_path / "out"))
    assert code == 2
    assert "tender.csv" in err and "UTF-16" in err


def test_json_in_a_legacy_encoding_is_named_as_such(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "SPSE-TenderPengumuman.json"
    path.write_bytes('[{"kd_tender": 1, "nama_paket": "Caf\u00e9"}]'.encode("cp1252"))
    code, err = _run(capsys, str(path), "--out", str(tmp_path / "out"))
    assert code == 2
    assert "SPSE-TenderPengumuman.json" in err and "UTF-8" in err
    assert "\\n" not in err and "b'" not in err  # one readable line, not a bytes repr
    assert len(err.strip().splitlines()) == 1


def test_rows_that_are_all_refused_are_explained(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "x.csv").write_text("a,b\n1,2\n3,4\n", encoding="utf-8")
    row = {"kd_tender": None, "nama_paket": "x", "mtd_pemilihan": "Tender", "kd_lpse": 1, "hps": 5}
    (tmp_path / "t.json").write_text(json.dumps([row]), "utf-8")
    code, err = _run(capsys, str(tmp_path / "x.csv"), str(tmp_path / "t.json"), "--out", str(tmp_path / "out"))
    assert code == 2
    assert "3 rows read, none usable" in err
    assert "unknown-dataset" in err and "missing-key" in err
    assert "x.csv, row 2" in err


def test_library_error_names_what_was_read(tmp_path: Path) -> None:
    (tmp_path / "x.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(PublishError, match=r"1 row read, none usable \(1 unknown-dataset\); e\.g\. x\.csv, row 2"):
        publish([tmp_path / "x.csv"], PackageMetadata(), PublishOptions(prefix=PREFIX, out_dir=tmp_path / "out"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.csv"]  # nothing left behind


def test_output_below_a_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "x.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    code, err = _run(capsys, str(tmp_path / "x.csv"), "--out", str(tmp_path / "x.csv" / "out"))
    assert code == 2
    assert "x.csv" in err


@pytest.mark.parametrize("date", ["2025-11-04T08:00+07:00", "20251104T080000+0700", "2025-11-04T08:00:00+07"])
def test_published_date_that_the_validator_would_refuse_is_refused_first(tmp_path: Path, date: str) -> None:
    # fromisoformat accepts these, the OCDS date-time format doesn't: the run used to end in exit 1.
    with pytest.raises(MetadataError, match="RFC 3339"):
        publish([SAMPLE], PackageMetadata(published_date=date), PublishOptions(prefix=PREFIX, out_dir=tmp_path / "out"))
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_input_inside_the_output_directory_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    result = publish(
        [SAMPLE], PackageMetadata(), PublishOptions(prefix=PREFIX, out_dir=out)
    )  # an earlier publication: replaceable
    assert result.published
    data = out / "isb"
    data.mkdir()
    source = SAMPLE / "SPSE-TenderPengumuman.json"
    (data / source.name).write_bytes(source.read_bytes())
    code, err = _run(capsys, str(data), "--out", str(out))
    assert code == 2 and "inside the output directory" in err
    assert (data / source.name).read_bytes() == source.read_bytes()  # the input survived
