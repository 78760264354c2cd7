"""Skipping unchanged processes on a re-publication changes nothing in what is published.

Two stores go through the same publications (the sample; a copy with a tender, an award, a contract and a
buyer's work unit changed; the same copy again; the sample again): one with the process cache, one with
``PublishOptions.full``. After each run, every output file of the two is compared byte for byte (SQLite and
PostgreSQL alike), and the cached runs must have skipped processes.
"""

from __future__ import annotations

import json
import shutil
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from ocds_regency import pipeline
from ocds_regency import store as store_module
from ocds_regency.isb._base import ParseOptions
from ocds_regency.package import PackageMetadata
from ocds_regency.pipeline import PublishOptions, PublishResult, publish
from ocds_regency.store import SCHEMA_VERSION, OutputCache, ReleaseStore
from ocds_regency.store import outputs as outputs_module
from ocds_regency.store.cache import ProcessCache
from ocds_regency.store.rows import StoredRows
from tests.store.conftest import PREFIX, SAMPLE, postgres_dsn
from tests.store.test_republish import _rows, _write

DATES = tuple(f"2025-11-0{day}T08:00:00Z" for day in range(4, 9))


@pytest.fixture(params=["sqlite", "postgresql"])
def two_stores(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Two empty stores on one backend."""
    if request.param == "sqlite":
        yield str(tmp_path / "cached.sqlite"), str(tmp_path / "full.sqlite")
        return
    import psycopg

    dsn = postgres_dsn()
    assert dsn is not None
    schemas = [f"t_{uuid.uuid4().hex[:12]}" for _ in range(2)]
    with psycopg.connect(dsn, autocommit=True) as connection:
        for schema in schemas:
            connection.execute(f"CREATE SCHEMA {schema}")
    joiner = "&" if "?" in dsn else "?"
    try:
        yield f"{dsn}{joiner}options=-csearch_path%3D{schemas[0]}", f"{dsn}{joiner}options=-csearch_path%3D{schemas[1]}"
    finally:
        with psycopg.connect(dsn, autocommit=True) as connection:
            for schema in schemas:
                connection.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def changed(tmp_path: Path) -> Path:
    """The sample with one tender, one award and one contract changed, and a work unit renamed."""
    copy = tmp_path / "changed"
    shutil.copytree(SAMPLE, copy)
    contracts = _rows(copy, "SPSE-TenderEkontrak-2Kontrak")
    contracts[0]["nilai_kontrak"] += 150_000_000
    contracts[0]["tgl_kontrak_akhir"] = "2025-05-30T00:00:00.000000Z"
    _write(copy, "SPSE-TenderEkontrak-2Kontrak", contracts)
    values = _rows(copy, "SPSE-TenderSelesaiNilai")
    values[-1]["nilai_negosiasi"] -= 1_000_000
    _write(copy, "SPSE-TenderSelesaiNilai", values)
    announced = _rows(copy, "SPSE-TenderPengumuman")
    announced[-1]["nama_paket"] += " (revisi)"
    _write(copy, "SPSE-TenderPengumuman", announced)
    # a reference row that other processes cite: every process of that buyer must be mapped again
    units = _rows(copy, "RUP-MasterSatker")
    units[-1]["alamat"] = "Jl. Baru No. 2"
    units[-1]["kodepos"] = "99999"
    _write(copy, "RUP-MasterSatker", units)
    return copy


@pytest.fixture
def shrunk(tmp_path: Path, changed: Path) -> Path:
    """The changed copy without its first tender: that process is gone from the source."""
    copy = tmp_path / "shrunk"
    shutil.copytree(changed, copy)
    announced = _rows(copy, "SPSE-TenderPengumuman")
    gone = announced[0]["kd_tender"]
    for path in copy.glob("SPSE-Tender*.json"):
        rows = _rows(copy, path.stem)
        _write(copy, path.stem, [row for row in rows if row.get("kd_tender") != gone])
    return copy


def _publish(inputs: Path, out: Path, store: str, date: str, *, full: bool) -> PublishResult:
    options = PublishOptions(prefix=PREFIX, out_dir=out, versioned=True, store=store, full=full)
    result = publish([inputs], PackageMetadata(published_date=date), options)
    assert result.published, result.report.blocking
    return result


def _files(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


@pytest.fixture
def reused(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ocids of the processes the cache skipped."""
    skipped: list[str] = []
    original = ProcessCache.reuse

    def spy(self: ProcessCache, process: object) -> bool:
        found = original(self, process)  # type: ignore[arg-type]
        if found:
            skipped.append(process.ocid)  # type: ignore[attr-defined]
        return found

    monkeypatch.setattr(ProcessCache, "reuse", spy)
    return skipped


@pytest.fixture
def outputs_reused(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many outputs (findings, spreadsheet rows, figures and flags) were taken from the store, by kind."""
    taken: Counter[str] = Counter()
    original = OutputCache.get

    def spy(self: OutputCache, key: bytes) -> bytes | None:
        found = original(self, key)
        taken[self.kind] += found is not None
        return found

    monkeypatch.setattr(OutputCache, "get", spy)
    return taken


@pytest.fixture
def rows_known(monkeypatch: pytest.MonkeyPatch) -> list[StoredRows]:
    """The row caches the publications loaded from their store (what each knew, learnt and found)."""
    loaded: list[StoredRows] = []
    original = StoredRows.load.__func__  # type: ignore[attr-defined]

    def spy(cls: type[StoredRows], store: ReleaseStore, options: ParseOptions) -> StoredRows:
        found: StoredRows = original(cls, store, options)
        loaded.append(found)
        return found

    monkeypatch.setattr(StoredRows, "load", classmethod(spy))
    return loaded


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """The store reads ahead (histories, cached records, kept outputs) and writes a few processes at a time, so
    that the sample crosses many chunk boundaries."""
    monkeypatch.setattr(store_module, "READ_AHEAD", 3)
    monkeypatch.setattr(pipeline, "_READ_AHEAD", 2)
    monkeypatch.setattr(outputs_module, "_BATCH", 2)


def test_cached_republications_publish_what_full_ones_do(
    two_stores: tuple[str, str],
    tmp_path: Path,
    changed: Path,
    shrunk: Path,
    reused: list[str],
    outputs_reused: Counter[str],
    rows_known: list[StoredRows],
    small_chunks: None,
) -> None:
    cached_store, full_store = two_stores
    source = tmp_path / "isb"  # a nightly job reads the same folder: file names and positions are compared
    for run, (given, date) in enumerate(zip((SAMPLE, changed, changed, shrunk, SAMPLE), DATES, strict=True)):
        shutil.rmtree(source, ignore_errors=True)
        shutil.copytree(given, source)
        reused.clear()
        outputs_reused.clear()
        full = _publish(source, tmp_path / "full", full_store, date, full=True)
        assert reused == []
        assert not +outputs_reused  # a full run validates and flattens everything again
        assert rows_known == []  # nor does it take any row from the store
        cached = _publish(source, tmp_path / "cached", cached_store, date, full=False)
        (known,) = rows_known
        rows_known.clear()
        assert cached.report.changes == full.report.changes
        # every file (the validation report in report.json and report.html, the spreadsheets) byte for byte
        assert _files(cached.location) == _files(full.location), f"run {run + 1}"
        assert full.report.validation.to_dict() == cached.report.validation.to_dict()
        processes = full.report.figures.processes
        if run > 0:  # findings of the releases and compiled releases published before, and their rows
            assert outputs_reused["findings"] >= full.report.figures.releases - 10
            assert 0 < outputs_reused["sheet-rows"] <= processes
            assert outputs_reused["process-facts"] == outputs_reused["sheet-rows"]  # figures and flags
        # the rows read from a JSON text the store knew were neither decoded nor parsed; the others were learnt
        assert known.hits > 0 if run > 0 else known.hits == 0 < known.learnt
        # the files whose bytes the store knew were not split again; the others were split and learnt
        files = len(list(source.glob("*.json")))
        assert known.file_hits + known.files_learnt == files
        if run == 0:
            assert reused == []  # nothing cached yet
            assert known.file_hits == 0
        elif run == 2:
            assert len(reused) == processes  # the same input again: nothing mapped
            assert known.learnt == 0  # every row's text was known
            assert known.file_hits == files  # and every file
        else:
            assert 0 < len(reused) < processes  # the changed processes (and the work unit's) mapped again
            assert 0 < known.file_hits < files  # the files that changed were split again
            changes = full.report.changes
            assert changes is not None
            assert not {p["ocid"] for p in changes["processes"] if p["status"] == "changed"} & set(reused)
            if run == 3:
                assert changes["gone"] == 1


def test_publish_full_on_the_command_line(tmp_path: Path, reused: list[str]) -> None:
    from click.testing import CliRunner

    from ocds_regency.cli import app

    source = tmp_path / "isb"
    shutil.copytree(SAMPLE, source)
    args = ["publish", str(source), "--prefix", PREFIX, "--out", str(tmp_path / "out"), "--store", "--quiet"]
    counts = []
    for extra in ([], ["--full"], []):
        reused.clear()
        result = CliRunner().invoke(app, [*args, *extra])
        assert result.exit_code == 0, result.output
        counts.append(len(reused))
    processes = json.loads((tmp_path / "out" / "report.json").read_bytes())["figures"]["processes"]
    assert counts == [0, 0, processes]


#: The tables a store of each older version lacks.
_LACKING = {
    1: ("process_cache", "output_cache", "row_cache", "file_cache"),
    2: ("output_cache", "row_cache", "file_cache"),
    3: ("row_cache", "file_cache"),
    4: ("file_cache",),
}


@pytest.mark.parametrize("version", sorted(_LACKING))
def test_a_store_of_an_older_version_is_migrated(
    store_location: str, tmp_path: Path, changed: Path, version: int
) -> None:
    source = tmp_path / "isb"
    shutil.copytree(SAMPLE, source)
    _publish(source, tmp_path / "out", store_location, DATES[0], full=False)
    with ReleaseStore.open(store_location) as opened:  # the store as that version wrote it
        for table in _LACKING[version]:
            opened.backend.execute(f"DROP TABLE {table}")
        opened.backend.execute(
            opened.backend.sql("UPDATE store_schema SET version = ?, written_by = 'ocds-regency 0.old'"), (version,)
        )
        opened.commit()
    shutil.rmtree(source)
    shutil.copytree(changed, source)
    second = _publish(source, tmp_path / "out", store_location, DATES[1], full=False)
    full = _publish(source, tmp_path / "full", str(tmp_path / "copy.sqlite"), DATES[1], full=True)
    assert second.report.changes is not None and second.report.changes["changed"] > 0
    assert second.report.changes["previous_seen"] is not None  # the old releases were read
    with ReleaseStore.open(store_location, readonly=True) as opened:
        assert opened.backend.query("SELECT version FROM store_schema") == [(SCHEMA_VERSION,)]
        cached = opened.backend.query("SELECT COUNT(*) FROM process_cache WHERE fingerprint <> ''")[0][0]
        kinds = dict(opened.backend.query("SELECT kind, COUNT(*) FROM output_cache GROUP BY kind"))
        known = StoredRows.load(opened, ParseOptions.make("+07:00"))
        files = opened.backend.query("SELECT COUNT(*) FROM file_cache")[0][0]
    assert cached == second.report.figures.processes
    assert len(known) > second.report.figures.processes  # the rows read after the migration are known
    assert files == len(list(source.glob("*.json")))  # and so are the files
    assert kinds["findings"] >= second.report.figures.releases  # every release's findings, and more
    report = json.loads((second.location / "report.json").read_bytes())
    assert report["changes"]["unchanged"] + report["changes"]["changed"] == full.report.figures.processes
    released = (second.location / "releases.jsonl").read_bytes()
    third = _publish(source, tmp_path / "out", store_location, DATES[2], full=False)
    assert (third.location / "releases.jsonl").read_bytes() == released


def test_a_record_is_merged_again_when_the_versioned_option_changes(tmp_path: Path, reused: list[str]) -> None:
    source = tmp_path / "isb"
    shutil.copytree(SAMPLE, source)
    outputs = []
    for name, full in (("cached", False), ("full", True)):
        store = str(tmp_path / f"{name}.sqlite")
        for versioned, date in ((False, DATES[0]), (True, DATES[1])):
            out = tmp_path / name
            options = PublishOptions(prefix=PREFIX, out_dir=out, versioned=versioned, store=store, full=full)
            result = publish([source], PackageMetadata(published_date=date), options)
            assert result.published, result.report.blocking
        outputs.append(_files(result.location))
    assert reused  # the cached second run mapped nothing, and merged every record again
    records = json.loads(outputs[0]["record-package.json"])["records"]
    assert all("versionedRelease" in record for record in records)
    assert outputs[0] == outputs[1]


def test_a_republication_reads_the_store_a_chunk_at_a_time(
    store_location: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "isb"
    shutil.copytree(SAMPLE, source)
    first = _publish(source, tmp_path / "out", store_location, DATES[0], full=False)
    queries: list[str] = []
    opened = ReleaseStore.open

    def spied(*args: object, **kwargs: object) -> ReleaseStore:
        store = opened(*args, **kwargs)  # type: ignore[arg-type]
        query = store.backend.query

        def counted(statement: str, params: object = ()) -> list[tuple[object, ...]]:
            queries.append(statement)
            return query(statement, params)  # type: ignore[arg-type]

        store.backend.query = counted  # type: ignore[method-assign]
        return store

    monkeypatch.setattr(ReleaseStore, "open", spied)
    again = _publish(source, tmp_path / "out", store_location, DATES[1], full=False)
    processes = again.report.figures.processes
    assert processes == first.report.figures.processes > 10
    assert again.report.changes is not None and again.report.changes["unchanged"] == processes
    # a query per table and chunk (histories, records, figures and flags, spreadsheet rows), not one per process
    assert sum("FROM releases WHERE ocid IN" in q for q in queries) == 1
    assert sum("FROM process_cache WHERE ocid IN" in q for q in queries) == 1
    assert sum("entry_key IN" in q for q in queries) == 2
    assert len(queries) < 20, queries


def test_a_replayed_conversion_report_keeps_the_order_a_full_run_writes(
    two_stores: tuple[str, str], tmp_path: Path, reused: list[str]
) -> None:
    """Real rows whose budget structures' keys are not in alphabetical order: the cached run's report.json is
    the full run's byte for byte (the journal once kept its events with sorted keys)."""
    from tests.conftest import FIXTURES

    cached_store, full_store = two_stores
    source = tmp_path / "isb"
    shutil.copytree(FIXTURES / "isb-real-2025-facts", source)
    for run, date in enumerate(DATES[:2]):
        reused.clear()
        full = _publish(source, tmp_path / "full", full_store, date, full=True)
        cached = _publish(source, tmp_path / "cached", cached_store, date, full=False)
        budgets = json.loads((full.location / "report.json").read_bytes())["conversion"]["budgets"]
        assert any(list(b) != sorted(b) for b in budgets.values() if isinstance(b, dict))  # the case at stake
        assert (cached.location / "report.json").read_bytes() == (full.location / "report.json").read_bytes()
        assert _files(cached.location) == _files(full.location)
        assert bool(reused) == (run == 1)


def test_a_republication_whose_rows_wait_on_file_publishes_what_a_full_one_does(
    tmp_path: Path, changed: Path, reused: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large input's rows wait in the row store's file (here beyond 5 rows): a process the cache skips never
    reads its rows back, and what is published is what a full run publishes with every row in memory."""
    from ocds_regency import mapping

    def few_in_memory(*args: object, **options: object) -> mapping.Conversion:
        return mapping.convert(*args, rows_in_memory=5, **options)  # type: ignore[arg-type]

    cached_store, full_store = str(tmp_path / "cached.sqlite"), str(tmp_path / "full.sqlite")
    source = tmp_path / "isb"
    for run, (given, date) in enumerate(zip((SAMPLE, changed), DATES, strict=False)):
        shutil.rmtree(source, ignore_errors=True)
        shutil.copytree(given, source)
        full = _publish(source, tmp_path / "full", full_store, date, full=True)
        with monkeypatch.context() as patched:
            patched.setattr(pipeline, "convert", few_in_memory)
            reused.clear()
            cached = _publish(source, tmp_path / "cached", cached_store, date, full=False)
        assert _files(cached.location) == _files(full.location), f"run {run + 1}"
        assert (len(reused) > 0) == (run > 0)
