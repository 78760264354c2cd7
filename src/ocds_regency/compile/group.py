"""Group releases by ``ocid`` in bounded memory.

:class:`Grouper` takes releases (as JSON bytes) in input order and gives them back grouped by ``ocid``:

* if the first ``memory_limit`` bytes of input are grouped by ocid in ascending order (as exports sorted by
  ocid are), the input is taken to be grouped: each group is handed on as soon as the next ocid starts, so
  the input streams straight through with one group in memory;
* otherwise (or from the first ocid out of order on) releases are collected: in memory up to
  ``memory_limit`` bytes of JSON, then in a temporary SQLite file; :meth:`Grouper.finish` returns the
  collected groups ordered by ocid. Within a group, releases keep their input order.

If, after streaming started, releases of an ocid turn up whose group was already handed on (input grouped
only in parts), :meth:`Grouper.add` raises :class:`NonContiguousOcidError` for them; ``stream=False``
collects everything from the start, which is always complete (and ordered by ocid) but never streams.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from ocds_regency.errors import InputError

if TYPE_CHECKING:
    import sqlite3

__all__ = ["DEFAULT_MEMORY_LIMIT", "Entry", "Group", "Grouper", "NonContiguousOcidError"]

#: Bytes of release JSON kept in memory before spilling to disk.
DEFAULT_MEMORY_LIMIT = 32 * 1024 * 1024


class NonContiguousOcidError(InputError):
    """Releases of an ocid appear again after that ocid's releases were already merged and written."""


class Entry(NamedTuple):
    """One release in a group (a named tuple: one is made per release read, and a frozen dataclass costs
    several times more to make).

    Attributes:
        data: the release as JSON bytes.
        uri: the URI of the package it came from (``""`` if none).
        where: its source and position, for messages.
        release: the decoded release, kept only while the group streams through (saves decoding again).
    """

    data: bytes
    uri: str
    where: str
    release: Any = None


#: An ocid and its releases, in input order.
Group = tuple[str, list[Entry]]


def _bare(entry: Entry) -> Entry:
    return entry if entry.release is None else Entry(entry.data, entry.uri, entry.where)


class Grouper:
    """Group releases by ocid, streaming grouped input and spilling the rest to disk beyond a limit.

    Args:
        memory_limit: bytes of release JSON held in memory before the collected releases go to disk; also
            the size of the probe that decides whether the input streams.
        stream: ``True``: trust that the input is grouped and stream it; ``False``: collect everything;
            ``None`` (auto): stream once the first ``memory_limit`` bytes of input turned out to be grouped
            by ocid in ascending order (an input that ends within the probe is simply grouped in memory).
        spill_dir: directory of the temporary SQLite file (default: the system's temporary directory).
        emitted: ocids whose groups were already handed on elsewhere (e.g. the part of a file merged in
            ranges): more releases of them raise :class:`NonContiguousOcidError`.
    """

    def __init__(
        self,
        *,
        memory_limit: int = DEFAULT_MEMORY_LIMIT,
        stream: bool | None = None,
        spill_dir: str | os.PathLike[str] | None = None,
        emitted: Iterable[str] = (),
    ) -> None:
        self.memory_limit = memory_limit
        self.spill_dir = spill_dir
        self._probing = stream is None
        self._streaming = stream is not False
        self._probe: list[Group] = []
        self._probe_bytes = 0
        self._current: str | None = None
        self._current_entries: list[Entry] = []
        self._emitted: set[str] = set(emitted)
        self._collected: dict[str, list[Entry]] = {}
        self._collected_bytes = 0
        self._db: sqlite3.Connection | None = None
        self._db_path: str | None = None
        self._pending: list[tuple[str, int, str, str, bytes]] = []
        self._seq = 0
        self.spilled = False

    @property
    def streaming(self) -> bool:
        """Whether groups are currently handed on as soon as they are complete."""
        return self._streaming and not self._probing

    def add(self, ocid: str, entry: Entry) -> list[Group]:
        """Add one release; return the groups that are complete (only while streaming).

        Raises:
            NonContiguousOcidError: the ocid's group was already returned.
        """
        if self._streaming:
            current = self._current
            if ocid == current:
                self._current_entries.append(entry)
                if self._probing:
                    self._probe_bytes += len(entry.data)
                    if self._probe_bytes > self.memory_limit:
                        return self._end_probe()
                return []
            if current is None or ocid > current:
                done: list[Group] = []
                if current is not None:
                    done.append((current, self._current_entries))
                    self._emitted.add(current)
                self._current = ocid
                self._current_entries = [entry]
                if self._probing:  # held back: keep the JSON only (decoded releases take several times more)
                    self._probe.extend((held, [_bare(item) for item in entries]) for held, entries in done)
                    self._probe_bytes += len(entry.data)
                    if self._probe_bytes > self.memory_limit:
                        return self._end_probe()
                    return []
                return done
            # Out of order: collect from now on, starting with what was held back.
            self._streaming = False
            held = [*self._probe, *([(current, self._current_entries)] if current is not None else [])]
            if self._probing:
                self._emitted.clear()
            self._probing = False
            self._probe = []
            self._current = None
            self._current_entries = []
            for held_ocid, entries in held:
                for pending in entries:
                    self._collect(held_ocid, pending)
        if ocid in self._emitted:
            raise NonContiguousOcidError(
                f"more releases of {ocid} after its merged release was written (the input is grouped by ocid "
                "only in parts); run again without streaming (--no-stream) to merge them all",
                source=entry.where,
            )
        self._collect(ocid, entry)
        return []

    def remaining(self) -> int:
        """How many groups :meth:`finish` will still return (all of them once the input is read)."""
        count = len(self._probe) + (self._current is not None)
        if self._db is None:
            return count + len(self._collected)
        self._flush()
        (distinct,) = self._db.execute("SELECT COUNT(DISTINCT ocid) FROM releases").fetchone()
        return count + int(distinct)

    def _end_probe(self) -> list[Group]:
        self._probing = False
        done, self._probe = self._probe, []
        return done

    def _collect(self, ocid: str, entry: Entry) -> None:
        entry = _bare(entry)
        if self._db is not None:
            self._seq += 1
            self._pending.append((ocid, self._seq, entry.uri, entry.where, entry.data))
            if len(self._pending) >= 2000:
                self._flush()
            return
        self._collected.setdefault(ocid, []).append(entry)
        self._collected_bytes += len(entry.data) + 200
        if self._collected_bytes > self.memory_limit:
            self._spill()

    def _spill(self) -> None:
        import sqlite3  # here: only a large shuffled input spills

        handle, path = tempfile.mkstemp(prefix="ocds-regency-group-", suffix=".sqlite", dir=self.spill_dir)
        os.close(handle)
        self._db_path = path
        self._db = sqlite3.connect(path, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute("CREATE TABLE releases (ocid TEXT, seq INTEGER, uri TEXT, position TEXT, data BLOB)")
        self.spilled = True
        collected, self._collected = self._collected, {}
        self._collected_bytes = 0
        for ocid, entries in collected.items():
            for entry in entries:
                self._collect(ocid, entry)
        self._flush()

    def _flush(self) -> None:
        if self._db is not None and self._pending:
            self._db.execute("BEGIN")
            self._db.executemany("INSERT INTO releases VALUES (?, ?, ?, ?, ?)", self._pending)
            self._db.execute("COMMIT")
            self._pending = []

    def finish(self) -> Iterator[Group]:
        """Return the remaining groups: the one in progress, then the collected ones ordered by ocid."""
        if self._probe:
            yield from self._end_probe()
        if self._current is not None:
            self._emitted.add(self._current)
            yield self._current, self._current_entries
            self._current = None
            self._current_entries = []
        if self._db is None:
            collected, self._collected = self._collected, {}
            for ocid in sorted(collected):
                yield ocid, collected.pop(ocid)
            return
        self._flush()
        self._db.execute("CREATE INDEX releases_ocid ON releases (ocid, seq)")
        rows = self._db.execute("SELECT ocid, uri, position, data FROM releases ORDER BY ocid, seq")
        for ocid, group in groupby(rows, key=itemgetter(0)):
            yield ocid, [Entry(data, uri, where) for _, uri, where, data in group]
        self.close()

    def close(self) -> None:
        """Delete the temporary file, if any."""
        if self._db is not None:
            self._db.close()
            self._db = None
        if self._db_path is not None:
            with contextlib.suppress(OSError):
                os.unlink(self._db_path)
            self._db_path = None

    def __enter__(self) -> Grouper:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
