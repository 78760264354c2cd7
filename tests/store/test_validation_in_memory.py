"""A re-publication with a release store validates from what it writes and what the store keeps: the report of
each package is the one ``validate`` of the written file gives (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ocds_regency.validate import Report
from tests.publish.test_validate_in_memory import DATES, _compare, _publish, _watch
from tests.store.conftest import SAMPLE


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> dict[str, Report]:
    """The reports of the packages a publication checked, by package name; reading a file back fails."""
    reports: dict[str, Report] = {}
    _watch(reports, monkeypatch)
    return reports


def _changed(source: Path, target: Path) -> Path:
    """The sample with a contract's value and a tender's name changed."""
    shutil.copytree(source, target)
    contracts = target / "SPSE-TenderEkontrak-2Kontrak.json"
    rows = json.loads(contracts.read_bytes())
    rows[0]["nilai_kontrak"] += 150_000_000
    contracts.write_text(json.dumps(rows), encoding="utf-8")
    announced = target / "SPSE-TenderPengumuman.json"
    rows = json.loads(announced.read_bytes())
    rows[-1]["nama_paket"] += " (revisi)"
    announced.write_text(json.dumps(rows), encoding="utf-8")
    return target


def test_a_re_publication_reports_what_reading_its_files_reports(
    store_location: str, tmp_path: Path, checked: dict[str, Report], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "isb"
    shutil.copytree(SAMPLE, source)
    first = _publish(source, tmp_path / "out", store=store_location, versioned=True)
    _compare(first, checked, monkeypatch)
    _watch(checked, monkeypatch)
    again = _publish(source, tmp_path / "out", DATES[1], store=store_location, versioned=True)
    _compare(again, checked, monkeypatch)
    shutil.rmtree(source)
    _changed(SAMPLE, source)
    _watch(checked, monkeypatch)
    changed = _publish(source, tmp_path / "out", DATES[2], store=store_location, versioned=True)
    assert changed.report.changes is not None and changed.report.changes["changed"] >= 1
    _compare(changed, checked, monkeypatch)
