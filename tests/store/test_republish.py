"""Publishing again with a release store: unchanged releases kept, changes released, history kept.

The bundled sample is published, then a copy of it with one tender, one award and one contract changed
is published again on the same store (SQLite and PostgreSQL alike).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from ocds_regency.package import PackageMetadata
from ocds_regency.pipeline import PublishOptions, PublishResult, publish
from tests.store.conftest import PREFIX, SAMPLE

FIRST = "2025-11-04T08:00:00Z"
SECOND = "2025-11-05T08:00:00Z"
THIRD = "2025-11-06T08:00:00Z"


def _rows(directory: Path, dataset: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads((directory / f"{dataset}.json").read_text(encoding="utf-8"))
    return rows


def _write(directory: Path, dataset: str, rows: list[dict[str, Any]]) -> None:
    (directory / f"{dataset}.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")


def _ocid(kd_tender: int) -> str:
    return f"{PREFIX}-lpse999-tender-{kd_tender}"


def _lines(result: PublishResult) -> list[bytes]:
    return (result.location / "releases.jsonl").read_bytes().splitlines()


def _releases(result: PublishResult) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in map(json.loads, _lines(result))}


def _records(result: PublishResult) -> dict[str, dict[str, Any]]:
    package = json.loads((result.location / "record-package.json").read_bytes())
    return {r["ocid"]: r for r in package["records"]}


def _no_amendments(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _no_amendments(v) for k, v in value.items() if k != "amendments"}
    if isinstance(value, list):
        return [_no_amendments(v) for v in value]
    return value


def _without(compiled: dict[str, Any]) -> Any:
    """A compiled release without what depends on the history: its id and date, and amendments."""
    return _no_amendments({k: v for k, v in compiled.items() if k not in ("id", "date")})


def _publish(inputs: Path, out: Path, store: str, date: str) -> PublishResult:
    result = publish(
        [inputs],
        PackageMetadata(published_date=date),
        PublishOptions(prefix=PREFIX, out_dir=out, versioned=True, store=store),
    )
    assert result.published, result.report.blocking
    return result


@pytest.fixture
def changed_copy(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    """A copy of the sample where one tender, one award and one contract (three processes) changed."""
    copy = tmp_path / "input"
    shutil.copytree(SAMPLE, copy)
    contracts = _rows(copy, "SPSE-TenderEkontrak-2Kontrak")
    values = _rows(copy, "SPSE-TenderSelesaiNilai")
    announced = _rows(copy, "SPSE-TenderPengumuman")
    contract_tender = contracts[0]["kd_tender"]
    award_tender = next(v["kd_tender"] for v in values if v["kd_tender"] != contract_tender)
    tender = next(a["kd_tender"] for a in announced if a["kd_tender"] not in (contract_tender, award_tender))
    contracts[0]["nilai_kontrak"] += 150_000_000  # an addendum: value and end date
    contracts[0]["tgl_kontrak_akhir"] = "2025-05-30T00:00:00.000000Z"
    _write(copy, "SPSE-TenderEkontrak-2Kontrak", contracts)
    for row in values:
        if row["kd_tender"] == award_tender:
            row["nilai_negosiasi"] -= 1_000_000
            row["nilai_kontrak"] -= 1_000_000
    _write(copy, "SPSE-TenderSelesaiNilai", values)
    sppbj = _rows(copy, "SPSE-TenderEkontrak-1SPPBJ")
    for row in sppbj:
        if row["kd_tender"] == award_tender:
            row["harga_final"] -= 1_000_000
    _write(copy, "SPSE-TenderEkontrak-1SPPBJ", sppbj)
    for row in announced:
        if row["kd_tender"] == tender:
            row["nama_paket"] += " (revisi)"
    _write(copy, "SPSE-TenderPengumuman", announced)
    return copy, {"contract": contract_tender, "award": award_tender, "tender": tender}


def test_republish_keeps_unchanged_releases_and_releases_changes(
    store_location: str, tmp_path: Path, changed_copy: tuple[Path, dict[str, int]]
) -> None:
    copy, changed = changed_copy
    out = tmp_path / "out"
    first = _publish(SAMPLE, out, store_location, FIRST)
    first_lines = _lines(first)
    first_releases = _releases(first)
    assert first.report.changes is not None
    assert first.report.changes["new"] == first.report.figures.processes
    assert first.report.changes["previous_seen"] is None
    assert first.report.changes["processes"] == []  # all new: counted, not listed

    second = _publish(copy, out, store_location, SECOND)
    second_lines = _lines(second)
    releases = _releases(second)

    # every release of the first publication is still published, byte for byte
    assert set(first_lines) <= set(second_lines)
    added = {rid: r for rid, r in releases.items() if rid not in first_releases}
    changed_ocids = {_ocid(k) for k in changed.values()}
    assert {r["ocid"] for r in added.values()} == changed_ocids
    for release in added.values():  # new id, dated when the change was seen (the run's time, in WIB)
        assert release["date"] == "2025-11-05T15:00:00+07:00"
        assert release["id"] not in first_releases

    # the contract's new release amends the old one
    contract_ocid = _ocid(changed["contract"])
    old_contract = next(r for r in first_releases.values() if r["ocid"] == contract_ocid and "contract" in r["tag"])
    new_contract = next(r for r in added.values() if r["ocid"] == contract_ocid and "contract" in r["tag"])
    amendments = new_contract["contracts"][0]["amendments"]
    assert len(amendments) == 1
    amendment = amendments[0]
    assert amendment["amendsReleaseID"] == old_contract["id"]
    assert amendment["releaseID"] == new_contract["id"]
    assert amendment["date"] == new_contract["date"]
    old_amount = old_contract["contracts"][0]["value"]["amount"]
    assert new_contract["contracts"][0]["value"]["amount"] == old_amount + 150_000_000
    assert str(old_amount) in amendment["rationale"]
    assert "period.endDate" in amendment["rationale"]

    # records list every release, and the versioned release shows the value's history
    records = _records(second)
    record = records[contract_ocid]
    history_ids = [r["id"] for r in releases.values() if r["ocid"] == contract_ocid]
    assert sorted(link["url"].rsplit("#", 1)[1] for link in record["releases"]) == sorted(history_ids)
    versions = record["versionedRelease"]["contracts"][0]["value"]["amount"]
    assert [(v["releaseID"], v["value"]) for v in versions] == [
        (old_contract["id"], old_amount),
        (new_contract["id"], old_amount + 150_000_000),
    ]
    assert record["compiledRelease"]["contracts"][0]["value"]["amount"] == old_amount + 150_000_000

    # the award's value change is an amendment too; the tender's title change is not (no value or period)
    award_ocid = _ocid(changed["award"])
    new_award = next(r for r in added.values() if r["ocid"] == award_ocid and "award" in r["tag"])
    assert new_award["awards"][0]["amendments"][0]["amendsReleaseID"] in first_releases
    tender_release = next(r for r in added.values() if r["ocid"] == _ocid(changed["tender"]))
    assert "amendments" not in tender_release.get("tender", {})

    # compiled releases built from the whole history say what the source says now (the same as a
    # publication of the changed input without a store), plus the amendments
    plain = publish(
        [copy], PackageMetadata(published_date=SECOND), PublishOptions(prefix=PREFIX, out_dir=tmp_path / "plain")
    )
    plain_records = _records(plain)
    assert set(plain_records) == set(records)
    for ocid, plain_record in plain_records.items():
        assert _without(records[ocid]["compiledRelease"]) == _without(plain_record["compiledRelease"]), ocid
    assert records[_ocid(changed["tender"])]["compiledRelease"]["tender"]["status"] == "complete"

    # the change report
    changes = second.report.changes
    assert changes is not None
    assert (changes["new"], changes["changed"], changes["gone"]) == (0, 3, 0)
    assert changes["unchanged"] == first.report.figures.processes - 3
    assert changes["new_releases"] == len(added)
    assert changes["previous_seen"] == "2025-11-04T15:00:00+07:00"
    listed = {p["ocid"]: p for p in changes["processes"]}
    assert set(listed) == changed_ocids
    assert any("value.amount" in line and line.startswith("contract:") for line in listed[contract_ocid]["changes"])
    assert any("nama_paket" in line or "title" in line for line in listed[_ocid(changed["tender"])]["changes"])
    report = json.loads((second.location / "report.json").read_bytes())
    assert report["changes"]["changed"] == 3
    html = (second.location / "report.html").read_text(encoding="utf-8")
    summary = html.split('<section id="processes">', 1)[0]  # the first screen
    assert "id='changes'" in summary
    assert contract_ocid in summary


def test_unchanged_input_publishes_identical_releases(store_location: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = _publish(SAMPLE, out, store_location, FIRST)
    first_bytes = (first.location / "releases.jsonl").read_bytes()
    second = _publish(SAMPLE, out, store_location, SECOND)
    assert (second.location / "releases.jsonl").read_bytes() == first_bytes
    changes = second.report.changes
    assert changes is not None
    assert (changes["new"], changes["changed"], changes["gone"], changes["new_releases"]) == (0, 0, 0, 0)


def test_a_process_gone_from_the_source_keeps_its_releases(store_location: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = _publish(SAMPLE, out, store_location, FIRST)
    copy = tmp_path / "input"
    shutil.copytree(SAMPLE, copy)
    plans = _rows(copy, "RUP-PaketPenyedia-Terumumkan")
    removed = plans.pop()
    _write(copy, "RUP-PaketPenyedia-Terumumkan", plans)
    gone_ocid = f"{PREFIX}-rup-{removed['kd_rup']}"
    assert gone_ocid in _records(first)

    second = _publish(copy, out, store_location, SECOND)
    changes = second.report.changes
    assert changes is not None
    assert changes["gone"] == 1
    assert [p["ocid"] for p in changes["processes"] if p["status"] == "gone"] == [gone_ocid]
    assert gone_ocid in _records(second)
    assert set(_lines(first)) == set(_lines(second))

    third = _publish(SAMPLE, out, store_location, THIRD)  # back in the source: seen again, not new
    assert third.report.changes is not None
    assert (third.report.changes["gone"], third.report.changes["new"]) == (0, 0)


def test_a_refused_publication_leaves_the_store_unchanged(store_location: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _publish(SAMPLE, out, store_location, FIRST)
    bad = publish(
        [SAMPLE],
        PackageMetadata(published_date=SECOND),
        PublishOptions(prefix="not-a-prefix", out_dir=out, versioned=True, store=store_location),
    )
    assert not bad.published
    again = _publish(SAMPLE, out, store_location, THIRD)
    assert again.report.changes is not None
    assert again.report.changes["previous_seen"] == "2025-11-04T15:00:00+07:00"
    assert again.report.changes["run"] == 2


def test_history_prints_a_process_over_time(
    store_location: str, tmp_path: Path, changed_copy: tuple[Path, dict[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    from ocds_regency.cli import main

    copy, changed = changed_copy
    out = tmp_path / "out"
    _publish(SAMPLE, out, store_location, FIRST)
    second = _publish(copy, out, store_location, SECOND)
    ocid = _ocid(changed["contract"])
    capsys.readouterr()
    assert main(["history", ocid, "--store", store_location, "--json"]) == 0
    entries = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    published = [r for r in _releases(second).values() if r["ocid"] == ocid]
    assert [e["id"] for e in entries] == [r["id"] for r in published]
    assert [e["seen"] for e in entries[:-1]] == ["2025-11-04T15:00:00+07:00"] * (len(entries) - 1)
    last = entries[-1]
    assert last["seen"] == last["date"] == "2025-11-05T15:00:00+07:00"
    assert last["tag"] == ["contract"]
    assert any(line.startswith("contracts[") and "value.amount" in line for line in last["changes"])

    assert main(["history", ocid, "--store", store_location]) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[0] == f"{ocid}: {len(entries)} release(s)"
    assert "changed (seen 2025-11-05T15:00:00+07:00)" in text

    assert main(["history", f"{PREFIX}-nope", "--store", store_location]) == 2
    assert f"no process {PREFIX}-nope in the store" in capsys.readouterr().err
