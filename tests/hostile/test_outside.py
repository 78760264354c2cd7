"""Nothing outside the publication is touched or shown."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from ocds_regency.package import PackageMetadata
from ocds_regency.pipeline import PublishError, PublishOptions, publish
from ocds_regency.read import iter_input_files
from tests.hostile.conftest import PREFIX, SAMPLE, run_cli, tender_row

DATE = "2025-11-04T08:00:00Z"


def _sample_copy(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("SPSE-TenderPengumuman.json", "RUP-MasterSatker.json"):
        (folder / name).write_bytes((SAMPLE / name).read_bytes())
    return folder


def test_out_dot_in_a_home_directory_deletes_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "skripsi.docx").write_text("years of work")
    (home / "report.json").write_text("{}")  # even a report.json that ocds-regency did not write
    data = _sample_copy(tmp_path / "isb")
    result = run_cli("publish", str(data), "--prefix", PREFIX, "--out", ".", cwd=home)
    assert result.returncode == 2
    assert "not an earlier ocds-regency publication" in result.stderr.decode()
    assert sorted(p.name for p in home.iterdir()) == ["report.json", "skripsi.docx"]


def test_a_publication_with_a_foreign_file_is_not_replaced(tmp_path: Path) -> None:
    out = tmp_path / "out"
    data = _sample_copy(tmp_path / "isb")
    assert publish([data], PackageMetadata(published_date=DATE), PublishOptions(prefix=PREFIX, out_dir=out)).published
    (out / "catatan.txt").write_text("someone's notes")
    with pytest.raises(PublishError, match="not an earlier ocds-regency publication"):
        publish([data], PackageMetadata(published_date=DATE), PublishOptions(prefix=PREFIX, out_dir=out))
    assert (out / "catatan.txt").read_text() == "someone's notes"


def test_a_failed_folder_that_is_not_ours_is_never_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    failed = tmp_path / "out.failed"
    failed.mkdir()
    (failed / "mine.json").write_text("{}")
    with pytest.raises(PublishError, match=r"out\.failed"):
        publish(
            [_sample_copy(tmp_path / "isb")],
            PackageMetadata(published_date=DATE),
            PublishOptions(prefix=PREFIX, out_dir=out),
        )
    assert (failed / "mine.json").exists() and not out.exists()


def test_walks_skip_txt_and_links_out_of_the_tree(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.json").write_text(json.dumps([tender_row()]))
    tree = _sample_copy(tmp_path / "tree")
    (tree / "catatan.txt").write_text("kata sandi: rahasia123\n")
    (tree / "link.json").symlink_to(outside / "secret.json")
    (tree / "linked-dir").symlink_to(outside, target_is_directory=True)
    (tree / "inside.json").symlink_to(tree / "SPSE-TenderPengumuman.json")  # a link inside the tree is fine
    names = sorted(p.name for p in iter_input_files(tree))
    assert names == ["RUP-MasterSatker.json", "SPSE-TenderPengumuman.json", "inside.json"]


def test_the_public_report_never_quotes_an_unrecognised_file(tmp_path: Path) -> None:
    data = _sample_copy(tmp_path / "isb")
    (data / "catatan.csv").write_text("password rahasia123,x\n1,2\n", encoding="utf-8")
    out = tmp_path / "out"
    result = publish([data], PackageMetadata(published_date=DATE), PublishOptions(prefix=PREFIX, out_dir=out))
    assert result.published
    for name in ("report.json", "report.html"):
        text = (out / name).read_text(encoding="utf-8")
        assert "catatan.csv" in text and "rahasia123" not in text


def test_record_links_are_not_substituted_in_band(tmp_path: Path) -> None:
    # A value that looks like an internal token stays as it was written.
    data = tmp_path / "isb"
    data.mkdir()
    token = "ocds-regency-part:all:1:"
    (data / "SPSE-TenderPengumuman.json").write_text(json.dumps([tender_row(nama_paket=token)]))
    out = tmp_path / "out"
    publish([data], PackageMetadata(published_date=DATE), PublishOptions(prefix=PREFIX, out_dir=out))
    location = out if out.exists() else tmp_path / "out.failed"
    records = json.loads((location / "record-package.json").read_text())
    assert records["records"][0]["compiledRelease"]["tender"]["title"] == token
    assert all(link["url"].startswith("urn:ocds-regency:") for link in records["records"][0]["releases"])


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_a_staging_sibling_that_is_not_ours_is_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "out"
    stranger = tmp_path / f".out.publish-{2**22 + 7}-abc"  # a dead pid, a name like ours
    stranger.mkdir()
    (stranger / "thesis.pdf").write_text("keep")
    assert publish(
        [_sample_copy(tmp_path / "isb")],
        PackageMetadata(published_date=DATE),
        PublishOptions(prefix=PREFIX, out_dir=out),
    ).published
    assert (stranger / "thesis.pdf").read_text() == "keep"
