"""Where the rows' contents wait for their process: in memory up to a bound, beyond it in a temporary SQLite file.

The joins need every row before the first release (a contract row can come before its tender's), so a
conversion reads and groups the whole input first. What grouping needs of a row is small (its dataset, keys,
digest, where it came from); what mapping needs (the raw fields and the typed record, a few kilobytes) is
needed once, when the row's process is mapped. :class:`RowStore` keeps the contents of at most
``rows_in_memory`` rows in memory, the most recently used; the others are pickled into a temporary SQLite
database (deleted when it is closed) and read back when a row is next read. What is written out is what the
row has: its data, its view, and its record if it was made (:meth:`Row.contents
<ocds_regency.mapping._rows.Row.contents>`). A regency's year (about 25,000 rows) never leaves memory; a
national year costs one write and one read per row beyond the bound.

A :class:`~ocds_regency.mapping._rows.Row` whose contents are out of memory has its content slots (``data``,
``view``, the record and its issues) unset: reading any brings them back (``Row.__getattr__``), so code that
reads rows needs to know nothing of this.
"""

from __future__ import annotations

import pickle
import sqlite3
from collections import OrderedDict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ocds_regency.mapping._rows import Row

__all__ = ["DEFAULT_ROWS_IN_MEMORY", "RowStore"]

#: Rows whose contents a conversion keeps in memory by default (about half a gigabyte); the rest wait in SQLite.
DEFAULT_ROWS_IN_MEMORY = 100_000

#: Rows written or read per SQLite statement.
_BATCH = 500
#: Rows read beyond twice the bound between two settle points before the least recently used go out anyway.
_SLACK = 10_000


class RowStore:
    """The contents of a conversion's rows: at most ``limit`` in memory, the rest in a temporary SQLite file."""

    __slots__ = ("_db", "_resident", "limit")

    def __init__(self, limit: int = DEFAULT_ROWS_IN_MEMORY) -> None:
        if limit < 0:
            raise ValueError(f"rows_in_memory must be 0 or more, not {limit}")
        self.limit = limit
        #: rows whose contents are in memory, least recently brought in first.
        self._resident: OrderedDict[int, Row] = OrderedDict()
        self._db: sqlite3.Connection | None = None

    def __len__(self) -> int:
        return len(self._resident)

    def keep(self, row: Row) -> None:
        """Track a row whose contents are in memory (they may be written out when more rows come in, by
        :meth:`settle`)."""
        self._resident[row.index] = row

    def forget(self, row: Row) -> None:
        """Stop tracking a row nothing will read again (a superseded snapshot, an orphan)."""
        self._resident.pop(row.index, None)

    def trim(self, keep: int = 0) -> None:
        """Write out the least recently used contents until at most ``limit`` rows are in memory (but the
        ``keep`` most recent).

        A tenth of the bound more goes out at once, so that writes come in batches.
        """
        target = max(keep, self.limit - self.limit // 10)
        out: list[Row] = []
        while len(self._resident) > target:
            out.append(self._resident.popitem(last=False)[1])
        self._write([row for row in out if not row.spilled])
        for row in out:
            row.spilled = True
            row.unload()

    def retire(self, rows: Iterable[Row]) -> None:
        """Rows whose process has been mapped (or left unmapped): their contents are the first to go when memory
        is needed; those with a copy on file go now. A caller may still read them: they come back."""
        resident = self._resident
        for row in rows:
            if row.index not in resident:
                continue
            if row.spilled:
                del resident[row.index]
                row.unload()
            else:
                resident.move_to_end(row.index, last=False)

    def changed(self, row: Row) -> None:
        """The row's contents were replaced (a newer snapshot of it): the copy written out, if any, is stale."""
        row.spilled = False
        self.keep(row)

    def load(self, row: Row) -> None:
        """Bring back the contents of a row that was written out (they stay until the next :meth:`settle`)."""
        self._bring([row])

    def load_all(self, rows: Iterable[Row]) -> None:
        """Bring back, in a few reads, the contents of those of ``rows`` that were written out."""
        self._bring([row for row in rows if row.index not in self._resident and row.spilled])

    def _bring(self, rows: list[Row]) -> None:
        if not rows:
            return
        db = self._database()
        by_index = {row.index: row for row in rows}
        indexes = list(by_index)
        for start in range(0, len(indexes), _BATCH):
            chunk = indexes[start : start + _BATCH]
            marks = ",".join("?" * len(chunk))
            for index, payload in db.execute(f"SELECT idx, payload FROM rows WHERE idx IN ({marks})", chunk):
                row = by_index.pop(index)
                row.restore(pickle.loads(payload))
                self._resident[index] = row
        if by_index:  # pragma: no cover - every row out of memory has a copy on file; a bug, said plainly
            raise RuntimeError(f"the contents of {next(iter(by_index.values()))!r} are neither in memory nor on file")
        if len(self._resident) > 2 * self.limit + _SLACK:
            # Many rows read between two settle points (a pass over every process): the least recently used go
            # out now, never the ones just read (a row read again meanwhile is simply brought back).
            self.trim(keep=len(rows))

    def settle(self) -> None:
        """Write out contents beyond the bound: called where no row being read can lose its contents."""
        if len(self._resident) > self.limit:
            self.trim()

    def _write(self, rows: list[Row]) -> None:
        if not rows:
            return
        db = self._database()
        batch: list[tuple[int, bytes]] = []
        db.execute("BEGIN")
        for row in rows:
            batch.append((row.index, pickle.dumps(row.contents(), pickle.HIGHEST_PROTOCOL)))
            if len(batch) >= _BATCH:
                db.executemany("INSERT OR REPLACE INTO rows VALUES (?, ?)", batch)
                batch.clear()
        if batch:
            db.executemany("INSERT OR REPLACE INTO rows VALUES (?, ?)", batch)
        db.execute("COMMIT")

    def _database(self) -> sqlite3.Connection:
        if self._db is None:
            # An empty name is a private temporary database on disk, deleted when it is closed.
            self._db = sqlite3.connect("", isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode = OFF")
            self._db.execute("PRAGMA synchronous = OFF")
            self._db.execute("CREATE TABLE rows (idx INTEGER PRIMARY KEY, payload BLOB NOT NULL)")
        return self._db

    def close(self) -> None:
        """Delete the temporary database (the rows still in memory stay readable)."""
        if self._db is not None:
            self._db.close()
            self._db = None

    def __getstate__(self) -> Any:  # pragma: no cover - a store is never sent anywhere
        raise TypeError("a conversion's row store can't be pickled")
