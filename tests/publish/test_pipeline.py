"""publish(): outputs, accounting, validity, splitting, determinism, refusals and exit statuses."""

from __future__ import annotations

import gc
import hashlib
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from ocds_regency.cli import main
from ocds_regency.mapping import EXTENSIONS
from ocds_regency.package import MetadataError, PackageMetadata, Publisher
from ocds_regency.pipeline import PublishError, PublishOptions, PublishResult, publish, recover
from ocds_regency.standard import load_profile
from tests.publish.conftest import DATE, PREFIX, SAMPLE

OUTPUTS = {
    "release-package.json",
    "record-package.json",
    "releases.jsonl",
    "flags.json",
    "flags.csv",
    "publikasi.xlsx",
    "publikasi-csv.zip",
    "report.json",
    "report.html",
}


def _load(path: Path) -> Any:
    return json.loads(path.read_bytes())


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_bytes().splitlines()]


def _digest(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.iterdir())}


@pytest.fixture(scope="module")
def profile() -> Any:
    return load_profile(EXTENSIONS)


def _schema_errors(profile: Any, schema: dict[str, Any], data: Any) -> list[str]:
    validator = jsonschema.Draft4Validator(schema, registry=profile.registry())
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)][:10]


def test_outputs_are_written_and_published(published: PublishResult) -> None:
    assert published.published and published.exit_code == 0
    assert published.location == published.out_dir
    assert {p.name for p in published.out_dir.iterdir()} == OUTPUTS
    assert {p.name for p in published.files} == OUTPUTS
    # no temporary directory is left beside the output
    assert [p.name for p in published.out_dir.parent.iterdir()] == [published.out_dir.name]


def test_packages_are_valid_against_the_bundled_schemas(published: PublishResult, profile: Any) -> None:
    releases = _load(published.out_dir / "release-package.json")
    records = _load(published.out_dir / "record-package.json")
    assert _schema_errors(profile, profile.release_package_schema, releases) == []
    assert _schema_errors(profile, profile.record_package_schema, records) == []
    for package in (releases, records):
        assert package["publishedDate"] == DATE
        assert package["publisher"] == {"name": "Pemerintah Kabupaten Contoh"}
        assert package["version"] == "1.1"
        assert len(package["extensions"]) == len(EXTENSIONS)
    # the library's own validator agrees: no errors in any published package
    assert published.report.validation.ok
    assert published.report.validation.severities["error"] == 0


def test_records_are_the_processes(published: PublishResult) -> None:
    lines = _jsonl(published.out_dir / "releases.jsonl")
    package = _load(published.out_dir / "release-package.json")
    records = _load(published.out_dir / "record-package.json")["records"]
    assert [r["id"] for r in package["releases"]] == [r["id"] for r in lines]
    ocids = {r["ocid"] for r in lines}
    assert len(records) == len(ocids) == published.report.figures.processes
    assert {r["ocid"] for r in records} == ocids
    by_id = {r["id"]: r for r in lines}
    uri = package["uri"]
    assert uri == f"urn:ocds-regency:{PREFIX}/release-package.json"
    linked = Counter()
    for record in records:
        assert record["compiledRelease"]["ocid"] == record["ocid"]
        assert record["compiledRelease"]["tag"] == ["compiled"]
        for link in record["releases"]:
            base, _, release_id = link["url"].partition("#")
            assert base == uri
            assert by_id[release_id]["ocid"] == record["ocid"]
            assert by_id[release_id]["date"] == link["date"]
            linked[release_id] += 1
    assert set(linked) == set(by_id) and set(linked.values()) == {1}
    assert published.report.figures.releases == len(lines)


def test_report_counts_equal_the_input_rows(published: PublishResult) -> None:
    report = _load(published.out_dir / "report.json")
    rows = {p.name: len(_load(p)) for p in SAMPLE.glob("*.json")}
    totals = report["conversion"]["totals"]
    assert totals["read"] == sum(rows.values())
    assert totals["read"] == totals["used"] + totals["rejected"] + totals["duplicate"] + totals["uncited"]
    per_file = Counter()
    for entry in report["conversion"]["files"]:
        per_file[Path(entry["source"]).name] += entry["read"]
    assert dict(per_file) == rows
    # the planted problems are accounted for: one orphan, the exact duplicate and the re-emission
    reasons = Counter(r["reason"] for r in report["conversion"]["rejections"])
    assert reasons["orphan"] == 1 and reasons["duplicate"] == 2
    assert any(i["value"] == "3.8OO.OOO" for i in report["conversion"]["issues"])
    assert report["published"] is True and report["blocking"] == []
    assert report["figures"]["processes"] == published.report.figures.processes
    assert {o["name"] for o in report["outputs"]} == OUTPUTS


def test_figures_follow_the_sample(published: PublishResult) -> None:
    figures = published.report.figures
    sample = {p.stem: _load(p) for p in SAMPLE.glob("*.json")}
    assert sum(figures.by_stage.values()) == figures.processes
    assert figures.by_status.get("unsuccessful", 0) >= 1 and figures.by_status.get("active", 0) >= 1
    assert {"goods", "works", "services"} <= set(figures.by_category)
    # every SPSE tender's HPS is counted once
    assert figures.values["hps"].count >= len(sample["SPSE-TenderPengumuman"])
    assert figures.values["contract"].count >= len(sample["SPSE-TenderEkontrak-2Kontrak"])
    page = (published.out_dir / "report.html").read_text(encoding="utf-8")
    assert '<html lang="id">' in page and "Ringkasan" in page


def test_same_input_gives_the_same_bytes(published: PublishResult, tmp_path: Path) -> None:
    again = publish(
        [SAMPLE],
        PackageMetadata(publisher=Publisher("Pemerintah Kabupaten Contoh"), published_date=DATE),
        PublishOptions(prefix=PREFIX, out_dir=tmp_path / "out"),
    )
    assert _digest(again.out_dir) == _digest(published.out_dir)


def test_split_by_size_and_links_follow(tmp_path: Path, profile: Any) -> None:
    result = publish(
        [SAMPLE],
        PackageMetadata(published_date=DATE, uri="https://data.contoh.example/ocds/2025"),
        PublishOptions(prefix=PREFIX, out_dir=tmp_path / "out", max_releases=40),
    )
    names = sorted(p.name for p in result.out_dir.glob("release-package*.json"))
    total = len(_jsonl(result.out_dir / "releases.jsonl"))
    assert len(names) == -(-total // 40) >= 2
    assert names[0] == "release-package-1.json"
    ids: list[str] = []
    uris = []
    for name in names:
        package = _load(result.out_dir / name)
        assert _schema_errors(profile, profile.release_package_schema, package) == []
        assert len(package["releases"]) <= 40
        assert package["uri"] == f"https://data.contoh.example/ocds/2025/{name}"
        uris.append(package["uri"])
        ids += [f"{package['uri']}#{r['id']}" for r in package["releases"]]
    records = _load(result.out_dir / "record-package.json")
    assert records["packages"] == uris
    links = [link["url"] for record in records["records"] for link in record["releases"]]
    assert sorted(links) == sorted(ids)


def test_split_by_year(tmp_path: Path) -> None:
    rows = _load(SAMPLE / "RUP-PaketPenyedia-Terumumkan.json")[:2]
    rows[1] = dict(rows[1], tahun_anggaran=2024, tgl_pengumuman_paket="2024-02-01 10:00:00", kd_rup=55500001)
    data = tmp_path / "in"
    data.mkdir()
    (data / "rup.json").write_text(json.dumps(rows), encoding="utf-8")
    result = publish(
        [data], PackageMetadata(published_date=DATE), PublishOptions(prefix=PREFIX, out_dir=tmp_path / "out")
    )
    years = sorted(p.name for p in result.out_dir.glob("release-package*.json"))
    assert len(years) >= 2 and all(n.startswith("release-package-20") for n in years)
    for name in years:
        year = name.removeprefix("release-package-").removesuffix(".json")
        assert {r["date"][:4] for r in _load(result.out_dir / name)["releases"]} == {year}
    single = publish(
        [data],
        PackageMetadata(published_date=DATE),
        PublishOptions(prefix=PREFIX, out_dir=tmp_path / "one", split_by_year=False),
    )
    assert sorted(p.name for p in single.out_dir.glob("release-package*.json")) == ["release-package.json"]


def test_blocking_errors_publish_nothing(published: PublishResult, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = publish([SAMPLE], PackageMetadata(published_date=DATE), PublishOptions(prefix=PREFIX, out_dir=out))
    before = _digest(out)
    # "ocds-bad" is not a registered-prefix shape (ocds-xxxxxx): every ocid is an error
    result = publish([SAMPLE], PackageMetadata(published_date=DATE), PublishOptions(prefix="ocds-bad", out_dir=out))
    assert not result.published and result.exit_code == 1
    assert result.report.blocking and "release-package.json" in result.report.blocking[0]
    assert _digest(out) == before and first.published
    failed = tmp_path / "out.failed"
    assert result.location == failed
    assert {p.name for p in failed.iterdir()} == OUTPUTS
    report = _load(failed / "report.json")
    assert report["published"] is False and report["validation"]["ok"] is False
    assert "Tidak diterbitkan" in (failed / "report.html").read_text(encoding="utf-8")


def test_refuses_a_directory_that_is_not_a_publication(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"precious")
    with pytest.raises(PublishError, match="not an earlier ocds-regency publication"):
        publish([SAMPLE], PackageMetadata(), PublishOptions(prefix=PREFIX, out_dir=out))
    assert [p.name for p in out.iterdir()] == ["thesis.docx"]
    afile = tmp_path / "file"
    afile.write_text("x")
    with pytest.raises(PublishError, match="not a directory"):
        publish([SAMPLE], PackageMetadata(), PublishOptions(prefix=PREFIX, out_dir=afile))


def test_input_without_releases_is_unusable(tmp_path: Path) -> None:
    data = tmp_path / "in"
    data.mkdir()
    (data / "other.json").write_text('[{"hello": "world"}]', encoding="utf-8")
    with pytest.raises(PublishError, match="no release"):
        publish([data], PackageMetadata(), PublishOptions(prefix=PREFIX, out_dir=tmp_path / "out"))
    assert not (tmp_path / "out").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["in"]  # the temporary directory is gone


def test_recover_restores_a_directory_moved_aside_by_a_killed_swap(tmp_path: Path) -> None:
    dead = 2**22 + 12345  # above the default pid_max: no such process
    out = tmp_path / "out"
    aside = tmp_path / f".out.old-{dead}"
    aside.mkdir()
    marker = '{"generator": "ocds-regency 0.1.0"}'
    (aside / "report.json").write_text(marker)
    stale = tmp_path / f".out.publish-{dead}-abc"
    stale.mkdir()
    (stale / ".part-2025-1").write_text("")
    alive = tmp_path / f".out.publish-{os.getpid()}-xyz"
    alive.mkdir()
    foreign = tmp_path / f".out.publish-{dead}-zzz"  # a name like ours, content that is not
    foreign.mkdir()
    (foreign / "skripsi.docx").write_text("years of work")
    recover(out)
    assert (out / "report.json").read_text() == marker
    assert not aside.exists() and not stale.exists()
    assert alive.exists()  # a run still alive is left alone
    assert (foreign / "skripsi.docx").read_text() == "years of work"  # not provably ours: left alone


def test_cli_exit_statuses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    args = ["publish", str(SAMPLE), "--prefix", PREFIX, "--out", str(out), "--published-date", DATE]
    assert main([*args, "--lang", "en"]) == 0
    captured = capsys.readouterr()
    assert "published in" in captured.out and "contracting processes" in captured.out
    assert '<html lang="en">' in (out / "report.html").read_text(encoding="utf-8")
    before = (out / "report.html").read_bytes()
    assert main(["publish", str(SAMPLE), "--prefix", "ocds-bad", "--out", str(out)]) == 2  # checked first
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'ocds-bad' is not an ocid prefix" in err
    assert (out / "report.html").read_bytes() == before
    broken = tmp_path / "broken.json"
    broken.write_text("[{", encoding="utf-8")
    assert main(["publish", str(broken), "--prefix", PREFIX, "--out", str(tmp_path / "o2")]) == 2
    err = capsys.readouterr().err
    assert "broken.json" in err and "Traceback" not in err
    assert main(["publish", str(SAMPLE), "--prefix", PREFIX, "--out", str(out), "--timezone", "Mars"]) == 2
    assert "Mars" in capsys.readouterr().err


def test_progress_is_reported(tmp_path: Path) -> None:
    calls: list[tuple[str, int, int]] = []
    result = publish(
        [SAMPLE],
        PackageMetadata(published_date=DATE),
        PublishOptions(prefix=PREFIX, out_dir=tmp_path / "out"),
        progress=lambda stage, n, total: calls.append((stage, n, total)),
    )
    processes = result.report.figures.processes
    converted = [(n, total) for stage, n, total in calls if stage == "convert"]
    assert converted[-1] == (processes, processes)
    assert [n for n, _ in converted] == sorted(n for n, _ in converted)
    assert [(n, total) for stage, n, total in calls if stage == "validate"] == [(1, 2), (2, 2)]


def test_the_collector_runs_less_often_while_publishing_and_as_before_after(tmp_path: Path) -> None:
    before = gc.get_threshold()
    gc.set_threshold(650, 9, 8)  # the caller's own settings, given back whether the publication ends well or not
    try:
        seen: set[tuple[int, ...]] = set()
        publish(
            [SAMPLE],
            PackageMetadata(published_date=DATE),
            PublishOptions(prefix=PREFIX, out_dir=tmp_path / "out"),
            progress=lambda *_: seen.add(gc.get_threshold()),
        )
        assert seen == {(10_000, 20, 10)}
        assert gc.get_threshold() == (650, 9, 8)
        (tmp_path / "empty").mkdir()
        with pytest.raises(PublishError, match="no data"):
            publish([tmp_path / "empty"], PackageMetadata(published_date=DATE), PublishOptions(PREFIX, tmp_path / "o"))
        assert gc.get_threshold() == (650, 9, 8)
    finally:
        gc.set_threshold(*before)


def test_versioned_records(tmp_path: Path) -> None:
    result = publish(
        [SAMPLE],
        PackageMetadata(published_date=DATE),
        PublishOptions(prefix=PREFIX, out_dir=tmp_path / "out", versioned=True),
    )
    records = _load(result.location / "record-package.json")["records"]
    lines = _jsonl(result.location / "releases.jsonl")
    assert len(records) == result.report.figures.processes
    for record in records:
        versioned = record["versionedRelease"]
        assert versioned["ocid"] == record["ocid"]
        release_ids = {v["releaseID"] for v in versioned["tender"]["id"]} if "tender" in versioned else set()
        assert release_ids <= {r["id"] for r in lines if r["ocid"] == record["ocid"]}


def test_report_names_files_relative_to_the_input(published: PublishResult) -> None:
    report = _load(published.out_dir / "report.json")
    sources = {e["source"] for e in report["conversion"]["files"]}
    sources |= {e["source"] for e in report["conversion"]["rejections"] + report["conversion"]["issues"]}
    assert sources and all(s.startswith("kabupaten-contoh-2025/") for s in sources), sources
    assert str(SAMPLE.parent) not in (published.out_dir / "report.html").read_text(encoding="utf-8")


def test_cli_is_silent_about_progress_when_not_a_terminal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["publish", str(SAMPLE), "--prefix", PREFIX, "--out", str(tmp_path / "o"), "--publisher-name", "Kab"]
    assert main([*args, "--uri", "https://data.example.go.id/ocds/"]) == 0
    captured = capsys.readouterr()
    assert "\r" not in captured.err + captured.out
    assert captured.err == ""


def test_unusable_output_locations(tmp_path: Path) -> None:
    target = tmp_path / "real"
    target.mkdir()
    link = tmp_path / "link"
    link.symlink_to(target)
    with pytest.raises(PublishError, match="symbolic link"):
        publish([SAMPLE], PackageMetadata(), PublishOptions(prefix=PREFIX, out_dir=link))
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    with pytest.raises(PublishError, match="output directory") as caught:
        publish([SAMPLE], PackageMetadata(), PublishOptions(prefix=PREFIX, out_dir=blocker / "out"))
    assert "afile" in str(caught.value)
    assert main(["publish", str(SAMPLE), "--prefix", PREFIX, "--out", str(blocker / "out")]) == 2


@pytest.mark.parametrize("date", ["yesterday", "2025-11-04", "2025-11-04T08:00:00"])
def test_published_date_must_be_a_date_time_with_offset(tmp_path: Path, date: str) -> None:
    with pytest.raises(MetadataError, match="RFC 3339"):
        publish([SAMPLE], PackageMetadata(published_date=date), PublishOptions(prefix=PREFIX, out_dir=tmp_path / "out"))
    assert not (tmp_path / "out").exists()


def test_spreadsheets_can_be_left_out(published: PublishResult, tmp_path: Path) -> None:
    options = PublishOptions(prefix=PREFIX, out_dir=tmp_path / "out", spreadsheets=False)
    result = publish([SAMPLE], PackageMetadata(published_date=DATE), options)
    names = {p.name for p in result.files}
    assert result.published
    assert {p.name for p in published.files} - names == {"publikasi.xlsx", "publikasi-csv.zip"}
    assert sorted(p.name for p in result.out_dir.iterdir()) == sorted(names)
    assert result.report.figures.processes == published.report.figures.processes


def test_options_are_checked_and_frozen(tmp_path: Path) -> None:
    with pytest.raises(PublishError, match="lang must be"):
        PublishOptions(prefix=PREFIX, out_dir=tmp_path, lang="fr")  # type: ignore[arg-type]
    options = PublishOptions(prefix=PREFIX, out_dir=tmp_path, personal_data=iter(["npwp"]))  # type: ignore[arg-type]
    assert options.personal_data == ("npwp",)
    with pytest.raises(AttributeError):
        options.prefix = "ocds-other"  # type: ignore[misc]


def test_no_spreadsheets_on_the_command_line_leaves_out_only_the_spreadsheets(
    published: PublishResult, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    args = ["publish", str(SAMPLE), "--prefix", PREFIX, "--out", str(out), "--published-date", DATE, "--quiet"]
    assert main([*args, "--publisher-name", "Pemerintah Kabupaten Contoh", "--no-spreadsheets"]) == 0
    assert {p.name for p in out.iterdir()} == OUTPUTS - {"publikasi.xlsx", "publikasi-csv.zip"}
    same = OUTPUTS - {"publikasi.xlsx", "publikasi-csv.zip", "report.json", "report.html"}
    assert {n: d for n, d in _digest(out).items() if n in same} == {
        n: d for n, d in _digest(published.out_dir).items() if n in same
    }
