"""The two store backends: SQLite (standard library) and PostgreSQL (psycopg 3), behind one interface.

Both hold the same tables (see ``docs/store.md``) and speak the same SQL; the only differences are the
parameter style, the binary column type, how the store is locked against a second publication, and how
a damaged or foreign store is recognised.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
import time
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ocds_regency.errors import OcdsRegencyError

__all__ = [
    "SCHEMA_VERSION",
    "Backend",
    "PostgresBackend",
    "SQLiteBackend",
    "StoreBusyError",
    "StoreError",
    "open_backend",
]

#: Version of the store's tables; a store of another version is migrated (older) or refused (newer).
SCHEMA_VERSION = 5

#: What a re-publication needs to skip a process whose sources did not change (see ``store/cache.py``).
_PROCESS_CACHE = """CREATE TABLE process_cache (
        ocid TEXT PRIMARY KEY,
        written_by TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        deps TEXT NOT NULL,
        journal TEXT NOT NULL,
        record_seq INTEGER,
        record_shape TEXT,
        record {blob},
        record_warnings TEXT,
        run_id INTEGER NOT NULL
    )"""

#: What a publication derived from a release or compiled release alone (see ``store/outputs.py``).
_OUTPUT_CACHE = """CREATE TABLE output_cache (
        kind TEXT NOT NULL,
        entry_key {blob} NOT NULL,
        written_by TEXT NOT NULL,
        entry {blob} NOT NULL,
        run_id INTEGER NOT NULL,
        PRIMARY KEY (kind, entry_key)
    )"""

#: What a re-publication keeps of the rows it read, per dataset (see ``store/rows.py``).
_ROW_CACHE = """CREATE TABLE row_cache (
        dataset TEXT PRIMARY KEY,
        read_with TEXT NOT NULL,
        texts {blob} NOT NULL,
        digests {blob} NOT NULL,
        views {blob} NOT NULL,
        run_id INTEGER NOT NULL
    )"""

#: Where the items of each JSON array file a run split whole are in it, by the file's digest (``store/rows.py``).
_FILE_CACHE = """CREATE TABLE file_cache (
        file_digest {blob} PRIMARY KEY,
        read_with TEXT NOT NULL,
        items {blob} NOT NULL,
        texts {blob} NOT NULL,
        run_id INTEGER NOT NULL
    )"""

#: Steps that bring a store of version ``n`` to ``n + 1`` (``{blob}``: the backend's binary type).
_MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (_PROCESS_CACHE,),  # 2: the process cache (a version-1 store simply has nothing cached yet)
    2: (_OUTPUT_CACHE,),  # 3: the outputs cache (a version-2 store has nothing cached yet: the next run fills it)
    3: (_ROW_CACHE,),  # 4: the row cache (a version-3 store knows no row yet: the next run reads every row)
    4: (_FILE_CACHE,),  # 5: the file cache (a version-4 store knows no file yet: the next run splits every file)
}

_TABLES = (
    """CREATE TABLE store_schema (
        version INTEGER NOT NULL,
        written_by TEXT NOT NULL
    )""",
    """CREATE TABLE runs (
        run_id INTEGER PRIMARY KEY,
        seen TEXT NOT NULL,
        written_by TEXT NOT NULL,
        new_processes INTEGER NOT NULL,
        changed_processes INTEGER NOT NULL,
        gone_processes INTEGER NOT NULL,
        new_releases INTEGER NOT NULL
    )""",
    """CREATE TABLE processes (
        ocid TEXT PRIMARY KEY,
        first_run INTEGER NOT NULL,
        last_seen_run INTEGER NOT NULL
    )""",
    """CREATE TABLE releases (
        release_id TEXT PRIMARY KEY,
        ocid TEXT NOT NULL,
        stage TEXT NOT NULL,
        seq INTEGER NOT NULL,
        date TEXT NOT NULL,
        tags TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        run_id INTEGER NOT NULL,
        changes TEXT NOT NULL,
        data {blob} NOT NULL,
        source {blob},
        UNIQUE (ocid, seq)
    )""",
    _PROCESS_CACHE,
    _OUTPUT_CACHE,
    _ROW_CACHE,
    _FILE_CACHE,
)


class StoreError(OcdsRegencyError):
    """The release store can't be used: missing server, damaged or foreign file, unknown version.

    Attributes:
        location: the store (file path, or the PostgreSQL address with its password masked).
    """

    def __init__(self, message: str, *, location: str) -> None:
        self.location = location
        super().__init__(f"{location}: {message}")


class StoreBusyError(StoreError):
    """Another publication is using the store (it is locked); try again when it has finished."""


def mask_dsn(dsn: str) -> str:
    """A PostgreSQL address with its password replaced by ``***`` (for messages and reports)."""
    scheme, sep, rest = dsn.partition("://")
    if not sep or "@" not in rest:
        return dsn
    credentials, at, host = rest.rpartition("@")
    user, colon, _password = credentials.partition(":")
    return f"{scheme}://{user}{':***' if colon else ''}{at}{host}"


class Backend(ABC):
    """One connection to a store, with the store locked for this publication until :meth:`close`.

    Every change happens in one transaction: :meth:`commit` makes the run's releases permanent, and
    anything else (an error, a killed process) leaves the store as it was.
    """

    #: The store as shown in messages (no password).
    location: str
    _placeholder = "?"

    def sql(self, statement: str) -> str:
        """Rewrite ``?`` parameters in this backend's style."""
        return statement if self._placeholder == "?" else statement.replace("?", self._placeholder)

    @abstractmethod
    def execute(self, statement: str, params: Sequence[Any] = ()) -> None:
        """Run one statement."""

    @abstractmethod
    def executemany(self, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run one statement for each row of parameters."""

    @abstractmethod
    def query(self, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run a query and return its rows."""

    @abstractmethod
    def stream(self, statement: str, params: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]:
        """Run a query and yield its rows without holding them all in memory."""

    @abstractmethod
    def table_names(self) -> set[str]:
        """The tables in the store."""

    @abstractmethod
    def commit(self) -> None:
        """Make the run's changes permanent (and start a new transaction)."""

    @abstractmethod
    def rollback(self) -> None:
        """Forget the run's changes."""

    @abstractmethod
    def close(self) -> None:
        """Forget uncommitted changes, release the lock and close the connection."""

    @property
    @abstractmethod
    def blob_type(self) -> str:
        """The SQL type of binary columns."""

    def prepare(self, written_by: str) -> None:
        """Create the tables in an empty store; check (and migrate) the version of an existing one."""
        tables = self.table_names()
        if not tables:
            for statement in _TABLES:
                self.execute(statement.replace("{blob}", self.blob_type))
            self.execute("CREATE INDEX releases_ocid ON releases (ocid, seq)")
            self.execute(
                self.sql("INSERT INTO store_schema (version, written_by) VALUES (?, ?)"), (SCHEMA_VERSION, written_by)
            )
            return
        if "store_schema" not in tables:
            raise StoreError(
                "is not an ocds-regency release store (it has other tables and no store_schema): "
                "give a new file or an empty database",
                location=self.location,
            )
        rows = self.query("SELECT version, written_by FROM store_schema")
        if len(rows) != 1:
            raise StoreError("the store_schema table is damaged (expected one row)", location=self.location)
        version, by = int(rows[0][0]), str(rows[0][1])
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"the store was written by a newer ocds-regency ({by}, store version {version}; this one reads "
                f"version {SCHEMA_VERSION}): upgrade ocds-regency",
                location=self.location,
            )
        while version < SCHEMA_VERSION:
            steps = _MIGRATIONS.get(version)
            if steps is None:
                raise StoreError(
                    f"the store has version {version}, which this ocds-regency can't migrate to version "
                    f"{SCHEMA_VERSION}: publish with the ocds-regency that wrote it ({by}), or start a new store",
                    location=self.location,
                )
            for statement in steps:
                self.execute(statement.replace("{blob}", self.blob_type))
            version += 1
            self.execute(self.sql("UPDATE store_schema SET version = ?, written_by = ?"), (version, written_by))


#: SQLite's page cache for a publication, in KiB.
_CACHE_KIB = 65_536
#: How much of the store file SQLite reads through a memory map (at most: its build caps it, 2 GB by default).
_MMAP_BYTES = 1 << 40


class SQLiteBackend(Backend):
    """A store in one SQLite file (write-ahead log; locked with ``flock`` on the file itself)."""

    def __init__(self, path: Path, *, wait: float = 0.0, readonly: bool = False) -> None:
        self.location = str(path)
        self.path = path
        self.readonly = readonly
        self._check_header()
        if readonly and not path.is_file():
            raise StoreError("no such store file", location=self.location)
        try:
            self._lock_fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise StoreError(f"can't open the store: {exc.strerror}", location=self.location) from None
        try:
            if not readonly:
                _flock(self._lock_fd, wait, self.location)
            self._check_header()  # it may have been written while we waited
            self.connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            self.connection.execute("PRAGMA busy_timeout = 10000")
            mode = self.connection.execute("PRAGMA journal_mode = WAL").fetchone()
            if mode is None or str(mode[0]).lower() != "wal":  # pragma: no cover - e.g. a network file system
                raise StoreError("can't use a write-ahead log on this file system", location=self.location)
            self.connection.execute("PRAGMA synchronous = NORMAL")
            # A run writes (and reads) the whole store in one transaction: SQLite's default page cache (2 MB) made
            # its inserts into the indexes, by keys in no order, read and spill pages again and again.
            self.connection.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")
            # A run reads nearly every page (the integrity check below, then the kept releases and entries): mapped
            # into memory, a page is read where the kernel keeps it, not copied by a system call into that cache
            # (the check of a 836 MB store: 0.3 s instead of 1.1 s of CPU). SQLite caps it at its own limit.
            self.connection.execute(f"PRAGMA mmap_size = {_MMAP_BYTES}")
            check = self.connection.execute("PRAGMA quick_check").fetchone()
            if check is None or check[0] != "ok":
                raise StoreError(
                    f"the store file is damaged ({check[0] if check else 'no answer'}); it was left as it is: "
                    "restore it from a backup (see 'Publishing every night' in the documentation)",
                    location=self.location,
                )
            self.connection.execute(self._begin)
        except sqlite3.DatabaseError as exc:
            self._release()
            raise StoreError(
                f"the store file is damaged or not a store ({exc}); it was left as it is: restore it from a "
                "backup or give another file",
                location=self.location,
            ) from None
        except BaseException:
            self._release()
            raise

    _HEADER = b"SQLite format 3\x00"

    def _check_header(self) -> None:
        try:
            with self.path.open("rb") as stream:
                head = stream.read(len(self._HEADER))
        except FileNotFoundError:
            return
        except OSError as exc:
            raise StoreError(f"can't read the store: {exc.strerror}", location=self.location) from None
        if head and head != self._HEADER:
            raise StoreError(
                "is not an SQLite database (damaged, or another kind of file); it was left as it is: restore "
                "the store from a backup or give another file",
                location=self.location,
            )

    def _release(self) -> None:
        connection = getattr(self, "connection", None)
        if connection is not None:
            with contextlib.suppress(sqlite3.Error):
                connection.close()
            self.connection = None  # type: ignore[assignment]
        fd = getattr(self, "_lock_fd", None)
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)  # closing the descriptor releases the flock
            self._lock_fd = None  # type: ignore[assignment]

    @property
    def blob_type(self) -> str:
        return "BLOB"

    def execute(self, statement: str, params: Sequence[Any] = ()) -> None:
        self.connection.execute(statement, params)

    def executemany(self, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        self.connection.executemany(statement, rows)

    def query(self, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return list(self.connection.execute(statement, params).fetchall())

    def stream(self, statement: str, params: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]:
        yield from self.connection.execute(statement, params)

    def table_names(self) -> set[str]:
        return {row[0] for row in self.query("SELECT name FROM sqlite_master WHERE type = 'table'")}

    @property
    def _begin(self) -> str:
        return "BEGIN" if self.readonly else "BEGIN IMMEDIATE"

    def commit(self) -> None:
        self.connection.execute("COMMIT")
        self.connection.execute(self._begin)

    def rollback(self) -> None:
        if self.connection.in_transaction:
            self.connection.execute("ROLLBACK")
        self.connection.execute(self._begin)

    def close(self) -> None:
        if getattr(self, "connection", None) is not None and self.connection.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self.connection.execute("ROLLBACK")
        self._release()


def _flock(fd: int, wait: float, location: str) -> None:
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise StoreBusyError(_BUSY, location=location) from None
            time.sleep(0.2)


_BUSY = (
    "another publication is using this store; try again when it has finished (or give --store-wait SECONDS "
    "to wait for it)"
)

#: The PostgreSQL advisory lock one publication holds: one per schema, so several stores can share a database.
_ADVISORY_LOCK = "SELECT pg_try_advisory_lock(hashtext('ocds-regency store ' || current_schema()))"


class PostgresBackend(Backend):
    """A store in a PostgreSQL database (psycopg 3), locked with a session advisory lock."""

    _placeholder = "%s"

    def __init__(self, dsn: str, *, wait: float = 0.0, readonly: bool = False) -> None:
        self.location = mask_dsn(dsn)
        try:
            import psycopg
        except ImportError:
            raise StoreError(
                "a PostgreSQL store needs psycopg: pip install 'ocds-regency[postgresql]'", location=self.location
            ) from None
        self._psycopg = psycopg
        try:
            self.connection = psycopg.connect(dsn, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            message = str(exc).replace(dsn, self.location).splitlines()[0] if str(exc) else type(exc).__name__
            raise StoreError(f"can't connect to PostgreSQL: {message}", location=self.location) from None
        try:
            deadline = time.monotonic() + wait
            while not readonly:
                row = self.connection.execute(_ADVISORY_LOCK).fetchone()
                if row is not None and row[0]:
                    break
                if time.monotonic() >= deadline:
                    raise StoreBusyError(_BUSY, location=self.location)
                time.sleep(0.2)
            self.connection.autocommit = False
        except BaseException:
            self.connection.close()
            raise

    @property
    def blob_type(self) -> str:
        return "BYTEA"

    def execute(self, statement: str, params: Sequence[Any] = ()) -> None:
        self.connection.execute(statement, params)

    def executemany(self, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        with self.connection.cursor() as cursor:
            cursor.executemany(statement, rows)

    def query(self, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self.connection.execute(statement, params).fetchall()]

    def stream(self, statement: str, params: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]:
        with self.connection.cursor(name="ocds_regency_stream") as cursor:
            cursor.itersize = 2000
            cursor.execute(statement, params)
            for row in cursor:
                yield tuple(row)

    def table_names(self) -> set[str]:
        rows = self.query("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        return {str(row[0]) for row in rows}

    def commit(self) -> None:
        self.connection.commit()

    def rollback(self) -> None:
        self.connection.rollback()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.connection.rollback()
        self.connection.close()  # ends the session, which releases the advisory lock


def open_backend(location: str | os.PathLike[str], *, wait: float = 0.0, readonly: bool = False) -> Backend:
    """Open (creating if needed) the store at a file path or a ``postgresql://`` address.

    A ``readonly`` store is not locked (readers don't wait for a publication) and never created.

    Raises:
        StoreBusyError: another publication holds the store (after waiting ``wait`` seconds).
        StoreError: the store can't be used.
    """
    text = os.fspath(location)
    if text.startswith(("postgresql://", "postgres://")):
        return PostgresBackend(text, wait=wait, readonly=readonly)
    path = Path(text)
    if path.is_dir():
        raise StoreError("is a directory: give the store's file name, e.g. store.sqlite", location=text)
    if not path.parent.is_dir():
        raise StoreError("its directory does not exist", location=text)
    return SQLiteBackend(path, wait=wait, readonly=readonly)
