"""The rows a store knows by their JSON text: kept by a run, read by the next one that reads as it did.

What a run learnt of its rows (views and digests by the digest of each row's text) comes back from the store
as it was, on SQLite and PostgreSQL alike; a run that reads with another UTC offset (or another version) knows
nothing of it; each run keeps only the rows it read, and a damaged entry is read as unknown.
"""

from __future__ import annotations

from pathlib import Path

from ocds_regency.isb import DATASETS
from ocds_regency.isb._base import ParseOptions
from ocds_regency.mapping import convert
from ocds_regency.store import ReleaseStore
from ocds_regency.store.rows import StoredRows
from tests.conftest import FIXTURES

REAL = FIXTURES / "isb-real-2025"
WIB = ParseOptions.make("+07:00")


def _learn(folder: Path, known: StoredRows) -> None:
    conversion = convert([folder], prefix="ocds-test00", typed=False, known=known)
    for _release in conversion:
        pass


def test_what_a_run_learnt_is_read_back_by_the_next(store_location: str) -> None:
    learnt = StoredRows(WIB)
    _learn(REAL, learnt)
    assert learnt.learnt > 100
    with ReleaseStore.open(store_location) as store:
        learnt.save(store)
        store.commit()
    with ReleaseStore.open(store_location) as store:
        known = StoredRows.load(store, WIB)
        assert len(StoredRows.load(store, ParseOptions.make("+08:00"))) == 0  # read with another offset
    assert len(known) == learnt.learnt
    for digest, (dataset, row_digest, _values) in learnt._entries.items():
        assert digest in known and known.digest(digest) == row_digest
        spec = DATASETS[dataset]
        view, again = learnt.view(spec, digest), known.view(spec, digest)
        assert view is not None and again is not None
        assert again.__dict__ == view.__dict__ and again.__pydantic_fields_set__ == view.__pydantic_fields_set__
        assert known.view(DATASETS["RUP-MasterProvinsi"], digest) is None  # the text of another dataset
    # the next run reads every row from the store, and keeps only those it read
    with ReleaseStore.open(store_location) as store:
        known = StoredRows.load(store, WIB)
    _learn(REAL / "SPSE-TenderPengumuman.json", known)
    assert known.hits > 0 and known.learnt == 0
    with ReleaseStore.open(store_location) as store:
        known.save(store)
        store.commit()
    with ReleaseStore.open(store_location, readonly=True) as store:
        kept = StoredRows.load(store, WIB)
        (dataset,) = store.backend.query("SELECT dataset FROM row_cache")
    assert len(kept) == known.hits and dataset == ("SPSE-TenderPengumuman",)


def test_a_dataset_read_as_it_was_is_not_written_again(store_location: str) -> None:
    folder = REAL / "SPSE-TenderPengumuman.json"
    with ReleaseStore.open(store_location) as store:  # run 1 learns the rows
        learnt = StoredRows(WIB)
        _learn(folder, learnt)
        learnt.save(store)
        store.finish()
        store.commit()
    with ReleaseStore.open(store_location) as store:  # run 2 reads the same rows: its row is the first run's
        known = StoredRows.load(store, WIB)
        _learn(folder, known)
        assert known.hits == learnt.learnt
        known.save(store)
        store.commit()
        assert store.backend.query("SELECT run_id FROM row_cache") == [(1,)]
    with ReleaseStore.open(store_location) as store:  # run 3 reads the rows with another offset: written anew
        other = StoredRows(ParseOptions.make("+08:00"))
        _learn(folder, other)
        other.save(store)
        store.commit()
        assert store.backend.query("SELECT read_with FROM row_cache") == [(other.read_with,)]


def test_a_damaged_entry_is_read_as_unknown(store_location: str) -> None:
    learnt = StoredRows(WIB)
    _learn(REAL / "SPSE-TenderPengumuman.json", learnt)
    with ReleaseStore.open(store_location) as store:
        learnt.save(store)
        backend = store.backend
        backend.execute(backend.sql("UPDATE row_cache SET digests = ?"), (b"short",))
        store.commit()
    with ReleaseStore.open(store_location, readonly=True) as store:
        assert len(StoredRows.load(store, WIB)) == 0


def test_the_files_a_run_split_are_known_to_the_next_by_their_bytes(store_location: str, tmp_path: Path) -> None:
    folder = tmp_path / "isb"
    folder.mkdir()
    for name in ("SPSE-TenderPengumuman", "SPSE-TenderSelesai", "SPSE-TenderEkontrak-2Kontrak"):
        (folder / f"{name}.json").write_bytes((REAL / f"{name}.json").read_bytes())
    learnt = StoredRows(WIB)
    _learn(folder, learnt)
    assert learnt.files_learnt == 3 and learnt.file_hits == 0
    with ReleaseStore.open(store_location) as store:
        learnt.save(store)
        store.commit()
    # the next run knows the three files: their rows are the same rows, not split again
    with ReleaseStore.open(store_location) as store:
        known = StoredRows.load(store, WIB)
        assert len(StoredRows.load(store, ParseOptions.make("+08:00"))._files) == 0  # read with another offset
    (folder / "SPSE-TenderSelesai.json").rename(folder / "renamed.json")  # known by its bytes, not its name
    contract = folder / "SPSE-TenderEkontrak-2Kontrak.json"
    contract.write_bytes(contract.read_bytes().replace(b"[", b"[ ", 1))  # one byte more: another file
    _learn(folder, known)
    assert known.file_hits == 2 and known.files_learnt == 1
    assert known.learnt == 0 and known.hits > 0  # the changed file's rows are the same texts
    with ReleaseStore.open(store_location) as store:
        known.save(store)
        store.commit()
    with ReleaseStore.open(store_location, readonly=True) as store:  # only the files this run read are kept
        (count,) = store.backend.query("SELECT COUNT(*) FROM file_cache")[0]
        again = StoredRows.load(store, WIB)
    assert count == 3 and len(again._files) == 3
    _learn(folder, again)
    assert again.file_hits == 3 and again.files_learnt == 0


def test_a_damaged_file_entry_is_read_as_unknown(store_location: str) -> None:
    learnt = StoredRows(WIB)
    _learn(REAL / "SPSE-TenderPengumuman.json", learnt)
    with ReleaseStore.open(store_location) as store:
        learnt.save(store)
        backend = store.backend
        backend.execute(backend.sql("UPDATE file_cache SET texts = ?"), (b"short",))
        store.commit()
    with ReleaseStore.open(store_location) as store:
        known = StoredRows.load(store, WIB)
    assert len(known._files) == 0
    _learn(REAL / "SPSE-TenderPengumuman.json", known)
    assert known.file_hits == 0 and known.files_learnt == 1
