"""The release store under faults: a second publication, a killed run, old, foreign and damaged stores."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from typing import Any

import pytest

from ocds_regency.cli import main
from ocds_regency.package import PackageMetadata
from ocds_regency.pipeline import PublishOptions, publish
from ocds_regency.store import ReleaseStore, StoreBusyError, StoreError
from ocds_regency.store._backends import SCHEMA_VERSION, open_backend
from tests.store.conftest import PREFIX, ROOT, SAMPLE

FIRST = "2025-11-04T08:00:00Z"
SECOND = "2025-11-05T08:00:00Z"


def _snapshot(location: str) -> list[Any]:
    """Everything in a store, for before/after comparisons."""
    backend = open_backend(location, readonly=True)
    try:
        return [
            backend.query("SELECT release_id, seq, date, fingerprint, run_id, data FROM releases ORDER BY release_id"),
            backend.query("SELECT ocid, first_run, last_seen_run FROM processes ORDER BY ocid"),
            backend.query("SELECT run_id, seen FROM runs ORDER BY run_id"),
        ]
    finally:
        backend.close()


def _folder(path: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(path.iterdir())}


def _changed_input(tmp_path: Path) -> Path:
    copy = tmp_path / "input"
    shutil.copytree(SAMPLE, copy)
    path = copy / "SPSE-TenderEkontrak-2Kontrak.json"
    rows = json.loads(path.read_text(encoding="utf-8"))
    rows[0]["nilai_kontrak"] += 1_000
    path.write_text(json.dumps(rows), encoding="utf-8")
    return copy


def test_a_second_publication_on_a_held_store_exits_2(
    store_location: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with ReleaseStore.open(store_location, seen="2025-11-04T15:00:00+07:00"):
        with pytest.raises(StoreBusyError, match="another publication is using this store"):
            publish(
                [SAMPLE],
                PackageMetadata(),
                PublishOptions(prefix=PREFIX, out_dir=tmp_path / "out", store=store_location),
            )
        status = main(
            ["publish", str(SAMPLE), "--prefix", PREFIX, "--out", str(tmp_path / "out"), "--store", store_location]
        )
    assert status == 2
    err = capsys.readouterr().err
    assert "another publication is using this store" in err
    assert ":ocds_regency@" not in err  # a PostgreSQL password is masked
    assert not (tmp_path / "out").exists()


def test_a_second_publication_can_wait_for_the_first(store_location: str, tmp_path: Path) -> None:
    holder = ReleaseStore.open(store_location, seen="2025-11-04T15:00:00+07:00")
    timer = threading.Timer(0.5, holder.close)
    timer.start()
    try:
        result = publish(
            [SAMPLE],
            PackageMetadata(),
            PublishOptions(prefix=PREFIX, out_dir=tmp_path / "out", store=store_location, store_wait=30),
        )
    finally:
        timer.join()
    assert result.published


_CHILD = textwrap.dedent(
    """
    import os, signal, sys
    sys.path.insert(0, {root!r})
    from ocds_regency import pipeline
    from ocds_regency.package import PackageMetadata

    point = {point!r}

    def die():
        os.kill(os.getpid(), signal.SIGKILL)

    def progress(stage, *counts):
        if stage == point:
            die()

    if point == "swap":
        pipeline._swap_into_place = lambda staging, out: die()
    pipeline.publish([{inputs!r}], PackageMetadata(published_date={date!r}),
                     pipeline.PublishOptions(prefix={prefix!r}, out_dir={out!r}, store={store!r}), progress=progress)
    """
)


@pytest.mark.parametrize("point", ["convert", "validate", "swap"])
def test_a_killed_run_leaves_the_store_and_the_folder_as_they_were(
    store_location: str, tmp_path: Path, point: str
) -> None:
    out = tmp_path / "out"
    first = publish(
        [SAMPLE],
        PackageMetadata(published_date=FIRST),
        PublishOptions(prefix=PREFIX, out_dir=out, store=store_location),
    )
    assert first.published
    store_before = _snapshot(store_location)
    folder_before = _folder(out)
    changed = _changed_input(tmp_path)
    script = _CHILD.format(
        root=str(ROOT / "src"),
        point=point,
        inputs=str(changed),
        prefix=PREFIX,
        out=str(out),
        date=SECOND,
        store=store_location,
    )
    child = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=300, check=False)
    assert child.returncode == -signal.SIGKILL, child.stderr.decode()

    assert _folder(out) == folder_before
    if point != "swap":
        assert _snapshot(store_location) == store_before
    # the next run completes, and publishes the change once
    again = publish(
        [changed],
        PackageMetadata(published_date=SECOND),
        PublishOptions(prefix=PREFIX, out_dir=out, store=store_location),
    )
    assert again.published
    lines = (out / "releases.jsonl").read_bytes().splitlines()
    assert len(lines) == len(set(lines)) == first.report.figures.releases + 1
    if point == "swap":  # the killed run had committed: the releases it made are the ones published now
        assert again.report.changes is not None
        assert again.report.changes["new_releases"] == 0
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".out.")]


def _set_version(location: str, version: int) -> None:
    if location.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(location, autocommit=True) as connection:
            connection.execute("UPDATE store_schema SET version = %s", (version,))
    else:
        with sqlite3.connect(location) as connection:
            connection.execute("UPDATE store_schema SET version = ?", (version,))
        connection.close()


def _make_store(location: str) -> None:
    with ReleaseStore.open(location, seen="2025-11-04T15:00:00+07:00") as store:
        store.finish()
        store.commit()


def test_a_store_of_a_newer_version_is_refused(store_location: str) -> None:
    _make_store(store_location)
    _set_version(store_location, SCHEMA_VERSION + 1)
    with pytest.raises(StoreError, match="newer ocds-regency"):
        ReleaseStore.open(store_location, seen="2025-11-05T15:00:00+07:00")


def test_a_store_of_a_version_without_migration_is_refused(store_location: str) -> None:
    _make_store(store_location)
    _set_version(store_location, 0)
    with pytest.raises(StoreError, match="can't migrate"):
        ReleaseStore.open(store_location, seen="2025-11-05T15:00:00+07:00")


def test_a_database_that_is_not_a_store_is_refused(store_location: str) -> None:
    if store_location.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(store_location, autocommit=True) as connection:
            connection.execute("CREATE TABLE customers (id integer)")
    else:
        with sqlite3.connect(store_location) as connection:
            connection.execute("CREATE TABLE customers (id integer)")
        connection.close()
    with pytest.raises(StoreError, match="not an ocds-regency release store"):
        ReleaseStore.open(store_location, seen="2025-11-05T15:00:00+07:00")


@pytest.mark.parametrize(
    "content",
    [
        b"this is not a database\n" * 100,
        b"SQLite format 3\x00" + b"\xff" * 4000,  # right header, damaged pages
    ],
    ids=["foreign", "damaged"],
)
def test_a_damaged_store_file_is_refused_and_left_as_it_is(
    tmp_path: Path, content: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "store.sqlite"
    path.write_bytes(content)
    status = main(["publish", str(SAMPLE), "--prefix", PREFIX, "--out", str(tmp_path / "out"), "--store", str(path)])
    assert status == 2
    err = capsys.readouterr().err
    assert str(path) in err
    assert "backup" in err
    assert "Traceback" not in err
    assert path.read_bytes() == content
    assert not (tmp_path / "out").exists()


def test_a_sqlite_store_with_a_truncated_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    assert publish(
        [SAMPLE], PackageMetadata(), PublishOptions(prefix=PREFIX, out_dir=tmp_path / "out", store=path)
    ).published
    content = path.read_bytes()
    path.write_bytes(content[: len(content) // 2])
    truncated = path.read_bytes()
    with pytest.raises(StoreError, match="damaged"):
        publish([SAMPLE], PackageMetadata(), PublishOptions(prefix=PREFIX, out_dir=tmp_path / "out", store=path))
    assert path.read_bytes() == truncated


def test_an_unreachable_postgresql_server_is_one_clear_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pytest.importorskip("psycopg")
    dsn = f"postgresql://someone:s3cr3t-pw@127.0.0.1:{_free_port()}/nothing?connect_timeout=2"
    status = main(["publish", str(SAMPLE), "--prefix", PREFIX, "--out", str(tmp_path / "out"), "--store", dsn])
    assert status == 2
    err = capsys.readouterr().err
    assert "can't connect to PostgreSQL" in err
    assert "s3cr3t-pw" not in err
    assert len(err.strip().splitlines()) == 1


def _free_port() -> int:
    """A loopback port with nothing listening on it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_the_default_store_is_beside_the_publication(tmp_path: Path) -> None:
    out = tmp_path / "published" / "2025"
    assert main(["publish", str(SAMPLE), "--prefix", PREFIX, "--out", str(out), "--store"]) == 0
    store = tmp_path / "published" / "2025.store.sqlite"
    assert store.is_file()
    assert oct(store.stat().st_mode & 0o777) == oct(0o600)
    assert os.listdir(out) and not (out / "2025.store.sqlite").exists()


def test_a_sqlite_store_is_read_through_a_memory_map(tmp_path: Path) -> None:
    # A publication reads nearly every page of the store: mapped, not copied by a read call each (see _backends).
    with sqlite3.connect(":memory:") as probe:
        options = {row[0] for row in probe.execute("PRAGMA compile_options")}
    probe.close()
    if "MAX_MMAP_SIZE=0" in options:
        pytest.skip("this SQLite is built without memory-mapped reads")
    backend = open_backend(tmp_path / "store.sqlite")
    try:
        (size,) = backend.connection.execute("PRAGMA mmap_size").fetchone()  # type: ignore[attr-defined]
        assert size >= 1 << 30  # as much as SQLite's build allows (2 GB by default)
    finally:
        backend.close()
