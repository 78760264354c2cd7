"""The release store: every release ever published, so that a re-publication releases only what changed.

```python
from ocds_regency.store import ReleaseStore

with ReleaseStore.open("published/store.sqlite", seen="2025-11-05T02:00:00+07:00") as store:
    for group in releases_by_process:            # the conversion's releases of one ocid
        update = store.update(group)             # compare with the stored history, stage by stage
        update.history                           # every release of the process, old and new
    for ocid, history in store.gone():           # processes no longer in the source: kept
        ...
    summary = store.finish()                     # what changed since the last run
    store.commit()                               # one transaction per run
```

Per process and stage, the release the conversion made is compared with the last stored release of that
stage (by a fingerprint of its content, without its id):

- **unchanged**: the stored release is kept as it is (same id, date and bytes);
- **changed**: a new release is stored, with a new id, dated when the change was seen (the run's
  ``seen`` time) or by the source's own date when it is later than every release of the process, and
  stating the process as the source has it now (see :meth:`ReleaseStore.update`). A change of the
  value or period of the tender, an award or a contract adds an OCDS ``amendments`` entry (``date``,
  ``rationale``, ``amendsReleaseID``, ``releaseID``) to the changed object;
- **new**: a process or stage not in the store yet keeps the conversion's release as it is.

A process the source no longer has keeps its releases and is reported as gone. Nothing is ever deleted.
The store is SQLite (a file, the default) or PostgreSQL (a ``postgresql://`` address); see
``docs/store.md`` for the tables.
"""

from __future__ import annotations

import copy
import hashlib
import os
import warnings
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

import orjson

from ocds_regency import __version__, codec
from ocds_regency._closing import ClosesOnExit
from ocds_regency.mapping.ids import release_stage
from ocds_regency.store._backends import (
    SCHEMA_VERSION,
    Backend,
    StoreBusyError,
    StoreError,
    mask_dsn,
    open_backend,
)
from ocds_regency.store.outputs import OutputCache
from ocds_regency.write import dumps

__all__ = [
    "SCHEMA_VERSION",
    "CachedProcess",
    "ChangeSummary",
    "OutputCache",
    "ProcessChange",
    "ProcessUpdate",
    "ReleaseStore",
    "StoreBusyError",
    "StoreError",
    "StoredRelease",
    "load_release",
    "mask_dsn",
]

#: Objects whose value or period changes are recorded as OCDS amendments: section -> watched fields.
AMENDED_FIELDS: Mapping[str, tuple[str, ...]] = {
    "tender": ("value", "tenderPeriod", "contractPeriod"),
    "awards": ("value", "contractPeriod"),
    "contracts": ("value", "period"),
}

#: Changes listed per release in the report and the history (the rest are counted).
MAX_LISTED_CHANGES = 8

_IGNORED = frozenset({"id", "date", "amendments"})


@dataclass(frozen=True)
class StoredRelease:
    """One release in the store.

    Attributes:
        release_id: the release's ``id``.
        ocid: its process.
        stage: its stage (``planning``, ``tender``, ``award``, ``contract``, ``implementation``, ...).
        seq: its position in the process's history (0, 1, ...).
        date: its ``date``.
        tags: its ``tag``.
        fingerprint: digest of the conversion's content it was made from (its id left out).
        run_id: the run that stored it.
        changes: what changed from the previous release of the stage (empty for a first release).
        data: the release, exactly as published (JSON bytes).
        source: the conversion's release it was made from, when that differs from :attr:`data` (a
            release published for a change states the whole process); ``None`` when the same.
    """

    release_id: str
    ocid: str
    stage: str
    seq: int
    date: str
    tags: tuple[str, ...]
    fingerprint: str
    run_id: int
    changes: tuple[str, ...]
    data: bytes
    source: bytes | None = None

    @property
    def stage_release(self) -> bytes:
        """The conversion's release of the stage (what the next run compares with)."""
        return self.data if self.source is None else self.source


@dataclass(frozen=True)
class ProcessChange:
    """A process that is new, changed or gone since the previous run.

    Attributes:
        ocid: the process.
        status: ``"new"``, ``"changed"`` or ``"gone"``.
        stages: the stages that got a new release.
        changes: what changed, per stage (``"contract: contracts[K-1].value.amount 100 → 120"``).
    """

    ocid: str
    status: Literal["new", "changed", "gone"]
    stages: tuple[str, ...] = ()
    changes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (for ``report.json``)."""
        return {"ocid": self.ocid, "status": self.status, "stages": list(self.stages), "changes": list(self.changes)}


@dataclass(frozen=True)
class ProcessUpdate:
    """What :meth:`ReleaseStore.update` did with one process.

    Attributes:
        history: every release of the process, in the order it was stored.
        change: how the process differs from the previous run (``None`` when unchanged).
        given: the conversion's releases that are stored exactly as they were given (by id), so that
            :meth:`releases` doesn't parse their JSON again.
    """

    history: tuple[StoredRelease, ...]
    change: ProcessChange | None
    given: Mapping[str, dict[str, Any]] = field(default_factory=dict)

    def releases(self) -> list[tuple[dict[str, Any], bytes]]:
        """Every release of the process as a dict (amounts as exact decimals) with its published bytes."""
        return [(self.given.get(s.release_id) or load_release(s.data), s.data) for s in self.history]


@dataclass
class ChangeSummary:
    """What changed in the store during one run (the report's "since the last publication").

    Attributes:
        run_id: this run's number (1 for the first publication with the store).
        seen: the run's time.
        previous_seen: the time of the previous run, if any.
        new: processes seen for the first time.
        changed: processes with at least one new release.
        unchanged: processes whose releases were all kept.
        gone: processes the source no longer has (their releases are kept).
        new_releases: releases added by this run.
        kept_releases: releases already in the store.
        processes: the new, changed and gone processes (``to_dict`` leaves the new ones out on the
            first publication, when every process is new).
    """

    run_id: int
    seen: str
    previous_seen: str | None = None
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    gone: int = 0
    new_releases: int = 0
    kept_releases: int = 0
    processes: list[ProcessChange] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the ``changes`` section of ``report.json``)."""
        return {
            "run": self.run_id,
            "seen": self.seen,
            "previous_seen": self.previous_seen,
            "new": self.new,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "gone": self.gone,
            "new_releases": self.new_releases,
            "kept_releases": self.kept_releases,
            # on the first publication every process is new: counted, not listed
            "processes": [p.to_dict() for p in self.processes if self.previous_seen is not None or p.status != "new"],
        }


@dataclass(frozen=True)
class CachedProcess:
    """What the store remembers of how a process was mapped (see :mod:`ocds_regency.store.cache`).

    Attributes:
        fingerprint: the digest of its rows and of what every process depends on.
        deps: the answers its mapping got from outside the process (JSON, decoded when the process's fingerprint
            is the run's: the entries of a large store are not all held decoded at once).
        journal: what its mapping did to the conversion report and to shared rows (JSON, decoded when used).
    """

    fingerprint: str
    deps: str
    journal: str


#: Processes whose histories and cached records are read at once (see :meth:`ReleaseStore.expect`).
READ_AHEAD = 250

#: Cache rows written at once.
_CACHE_BATCH = 200
#: zlib level of the records in the cache (they are read far more often than written; 1 is nearly as small).
_LEVEL = 1

_SAVE_PROCESS = (
    "INSERT INTO process_cache (ocid, written_by, fingerprint, deps, journal, run_id) VALUES (?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (ocid) DO UPDATE SET written_by = excluded.written_by, fingerprint = excluded.fingerprint, "
    "deps = excluded.deps, journal = excluded.journal, run_id = excluded.run_id"
)
_SAVE_RECORD = (
    "INSERT INTO process_cache (ocid, written_by, fingerprint, deps, journal, run_id, record_seq, record_shape, "
    "record, record_warnings) VALUES (?, ?, '', '[]', '{}', ?, ?, ?, ?, ?) "
    "ON CONFLICT (ocid) DO UPDATE SET record_seq = excluded.record_seq, record_shape = excluded.record_shape, "
    "record = excluded.record, record_warnings = excluded.record_warnings"
)


def load_release(data: bytes) -> dict[str, Any]:
    """A stored release as a dict, with decimal amounts kept exact (as :class:`~decimal.Decimal`), decoded by
    the JSON codec (integers of any size exact, a repeated key refused, the readers' limits)."""
    # nesting unchecked: the store holds only releases ocds-regency wrote from input that passed a reader's limits
    value = codec.loads(data, duplicates="refuse", decimals=True, nesting=False)
    if not isinstance(value, dict):  # pragma: no cover - the store only holds releases
        raise TypeError("a stored release is not a JSON object")
    return value


def fingerprint(release: Mapping[str, Any]) -> str:
    """Digest of a release's content without its id (what the store compares)."""
    content = {k: v for k, v in release.items() if k != "id"}
    return hashlib.sha256(dumps(content)).hexdigest()


def _instant(value: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo is not None else None


def _sort_key(value: str) -> tuple[float, str]:
    moment = _instant(value)
    return (moment.timestamp() if moment is not None else float("-inf"), value)


def _later(a: str, b: str) -> bool:
    """``a`` is strictly later than ``b`` (as instants; as text when either can't be read)."""
    first, second = _instant(a), _instant(b)
    if first is None or second is None:
        return a > b
    return first > second


def _flatten(value: Any, path: str, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if key in _IGNORED and path.count(".") < 2:
                continue
            _flatten(item, f"{path}.{key}" if path else key, out)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            label = item.get("id") if isinstance(item, dict) and item.get("id") is not None else index
            _flatten(item, f"{path}[{label}]", out)
    else:
        out[path] = value


def _text(value: Any) -> str:
    if value is None:
        return "∅"
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def describe_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[str, ...]:
    """What differs between two releases of one stage: figures first (amounts, dates, statuses).

    Returns up to :data:`MAX_LISTED_CHANGES` lines ``"path: old → new"``, then ``"+N other fields"``.
    """
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    _flatten({k: v for k, v in old.items() if k not in _IGNORED}, "", before)
    _flatten({k: v for k, v in new.items() if k not in _IGNORED}, "", after)
    paths = [p for p in sorted(before.keys() | after.keys()) if before.get(p) != after.get(p)]

    def weight(path: str) -> int:
        leaf = path.rsplit(".", 1)[-1]
        if leaf == "amount":
            return 0
        if leaf.endswith("Date") or leaf == "status":
            return 1
        return 2

    paths.sort(key=lambda p: (weight(p), p))
    lines = [f"{p}: {_text(before.get(p))} → {_text(after.get(p))}" for p in paths[:MAX_LISTED_CHANGES]]
    if len(paths) > MAX_LISTED_CHANGES:
        lines.append(f"+{len(paths) - MAX_LISTED_CHANGES} other fields")
    return tuple(lines)


def _objects(release: Mapping[str, Any], section: str) -> dict[str, dict[str, Any]]:
    value = release.get(section)
    if section == "tender":
        return {"": value} if isinstance(value, dict) else {}
    if not isinstance(value, list):
        return {}
    return {str(item["id"]): item for item in value if isinstance(item, dict) and item.get("id") is not None}


def amendments(
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    *,
    earlier: Mapping[tuple[str, str], list[dict[str, Any]]],
    date: str,
    previous_id: str,
    release_id: str,
) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """The ``amendments`` of each tender, award or contract whose value or period changed between two
    releases of one stage (``old`` and ``new``, as the conversion made them).

    Each list holds the object's earlier amendments (``earlier``, see :func:`amendment_history`) and a
    new entry saying when (``date``), what (``rationale``: the old and new figures), and linking
    the two releases (``amendsReleaseID``, ``releaseID``).

    Returns:
        ``{(section, object id): amendments}``; the tender's object id is ``""``.
    """
    result: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for section, watched in AMENDED_FIELDS.items():
        before = _objects(old, section)
        for key, obj in _objects(new, section).items():
            previous = before.get(key)
            if previous is None:
                continue
            changed = [name for name in watched if name in obj and previous.get(name) != obj.get(name)]
            if not changed:
                continue
            parts = []
            for name in changed:
                flat_old: dict[str, Any] = {}
                flat_new: dict[str, Any] = {}
                _flatten(previous.get(name), name, flat_old)
                _flatten(obj.get(name), name, flat_new)
                for path in sorted(flat_old.keys() | flat_new.keys()):
                    if flat_old.get(path) != flat_new.get(path):
                        parts.append(f"{path} {_text(flat_old.get(path))} → {_text(flat_new.get(path))}")
            entries = list(earlier.get((section, key), []))
            entries.append(
                {
                    "id": str(len(entries) + 1),
                    "date": date,
                    "rationale": "Berubah di sumber / changed in the source: " + "; ".join(parts),
                    "amendsReleaseID": previous_id,
                    "releaseID": release_id,
                }
            )
            result[(section, key)] = entries
    return result


def amendment_history(releases: Sequence[Mapping[str, Any]]) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """The amendments of each tender, award and contract in a process's releases (the latest list wins)."""
    found: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for release in releases:
        for section in AMENDED_FIELDS:
            for key, obj in _objects(release, section).items():
                listed = obj.get("amendments")
                if isinstance(listed, list) and listed:
                    found[(section, key)] = [a for a in listed if isinstance(a, dict)]
    return found


def _apply_amendments(release: dict[str, Any], found: Mapping[tuple[str, str], list[dict[str, Any]]]) -> None:
    for (section, key), entries in found.items():
        target = _objects(release, section).get(key)
        if target is not None:
            target["amendments"] = entries


#: Fields of a compiled release that a release states for itself.
_OWN = ("ocid", "id", "date", "tag")


_COLUMNS = "release_id, ocid, stage, seq, date, tags, fingerprint, run_id, changes, data, source"


def _stored(row: Sequence[Any]) -> StoredRelease:
    return StoredRelease(
        release_id=str(row[0]),
        ocid=str(row[1]),
        stage=str(row[2]),
        seq=int(row[3]),
        date=str(row[4]),
        tags=tuple(orjson.loads(row[5])),
        fingerprint=str(row[6]),
        run_id=int(row[7]),
        changes=tuple(orjson.loads(row[8])),
        data=bytes(row[9]),
        source=None if row[10] is None else bytes(row[10]),
    )


class ReleaseStore(ClosesOnExit):
    """Every release ever published, in SQLite or PostgreSQL, compared process by process with a new run.

    Open it with :meth:`open`; it is locked for this run until :meth:`close` (a second publication on
    the same store waits ``wait`` seconds, then gets :class:`StoreBusyError`). Everything a run writes
    is one transaction: :meth:`commit` makes it permanent; closing without committing (an error, a
    refused publication, a killed process) leaves the store as it was.

    Args:
        backend: the open connection.
        seen: the run's time (RFC 3339): the date of releases whose source gave no newer date.
    """

    def __init__(self, backend: Backend, *, seen: str) -> None:
        self.backend = backend
        self.seen = seen
        self.location = backend.location
        backend.prepare(f"ocds-regency {__version__}")
        last = backend.query("SELECT run_id, seen FROM runs ORDER BY run_id DESC LIMIT 1")
        self.previous_run: int | None = int(last[0][0]) if last else None
        self.previous_seen: str | None = str(last[0][1]) if last else None
        self.run_id = (self.previous_run or 0) + 1
        self._summary = ChangeSummary(run_id=self.run_id, seen=seen, previous_seen=self.previous_seen)
        self._seen: list[tuple[str, int, int]] = []
        self._cache_rows: list[tuple[Any, ...]] = []
        self._record_rows: list[tuple[Any, ...]] = []
        self._outputs: list[OutputCache] = []
        self._finished = False
        #: the processes the run will ask for, in order (see :meth:`expect`): ocid -> position.
        self._expected: dict[str, int] = {}
        self._order: list[str] = []
        #: read ahead, each taken once: histories, and cached records (seq, shape, packed record, warnings).
        self._histories: dict[str, tuple[StoredRelease, ...]] = {}
        self._records: dict[str, tuple[int, str, bytes, str] | None] = {}

    @classmethod
    def open(
        cls, location: str | os.PathLike[str], *, seen: str = "", wait: float = 0.0, readonly: bool = False
    ) -> ReleaseStore:
        """Open the store at a file path (SQLite, created when missing) or a ``postgresql://`` address.

        Args:
            location: the SQLite file or the PostgreSQL address.
            seen: the run's time (see the class); not needed to read.
            wait: seconds to wait for another publication holding the store.
            readonly: only to read (``history``): no lock, and the store must exist.

        Raises:
            StoreBusyError: another publication holds the store.
            StoreError: the store can't be used (damaged, foreign, newer, unreachable).
        """
        backend = open_backend(location, wait=wait, readonly=readonly)
        try:
            return cls(backend, seen=seen)
        except BaseException:
            backend.close()
            raise

    # ------------------------------------------------------------------------------------------ reading

    def history(self, ocid: str) -> tuple[StoredRelease, ...]:
        """Every stored release of a process, oldest first."""
        if self._ahead(ocid):
            return self._histories.pop(ocid)
        rows = self.backend.query(
            self.backend.sql(f"SELECT {_COLUMNS} FROM releases WHERE ocid = ? ORDER BY seq"), (ocid,)
        )
        return tuple(_stored(row) for row in rows)

    def expect(self, ocids: Sequence[str]) -> None:
        """Say which processes the run will ask about next, in order (the conversion's): their histories and
        cached records are then read :data:`READ_AHEAD` processes at a time, in two queries, instead of one
        query each per process. Asking in another order, or about another process, still works (one query)."""
        self._order = list(ocids)
        self._expected = {ocid: n for n, ocid in enumerate(self._order)}
        self._histories.clear()
        self._records.clear()

    def _ahead(self, ocid: str) -> bool:
        """Whether the history of ``ocid`` is read ahead (reading the next chunk of expected processes when
        ``ocid`` starts it)."""
        if ocid in self._histories:
            return True
        start = self._expected.get(ocid)
        if start is None:
            return False
        self._read_ahead(self._order[start : start + READ_AHEAD])
        return True

    def _read_ahead(self, ocids: Sequence[str]) -> None:
        self._flush_cache()  # (a record saved in this run is read back as it was saved)
        for ocid in ocids:
            self._expected.pop(ocid, None)  # read once: asked again later, it is queried
        self._histories.clear()
        self._records.clear()
        marks = ", ".join("?" * len(ocids))
        found: dict[str, list[StoredRelease]] = {ocid: [] for ocid in ocids}
        rows = self.backend.query(
            self.backend.sql(f"SELECT {_COLUMNS} FROM releases WHERE ocid IN ({marks}) ORDER BY ocid, seq"),
            tuple(ocids),
        )
        for row in rows:
            found[str(row[1])].append(_stored(row))
        self._histories = {ocid: tuple(history) for ocid, history in found.items()}
        self._records = dict.fromkeys(ocids)
        rows = self.backend.query(
            self.backend.sql(
                "SELECT ocid, record_seq, record_shape, record, record_warnings FROM process_cache "
                f"WHERE ocid IN ({marks}) AND written_by = ? AND record IS NOT NULL"
            ),
            (*ocids, self._written_by),
        )
        for ocid, seq, shape, record, listed in rows:
            self._records[str(ocid)] = (int(seq), str(shape), bytes(record), str(listed))

    def run_times(self) -> dict[int, str]:
        """When each run happened (run id -> ``seen``)."""
        return {int(run): str(seen) for run, seen in self.backend.query("SELECT run_id, seen FROM runs")}

    def count_releases(self) -> int:
        """The number of releases in the store."""
        return int(self.backend.query("SELECT COUNT(*) FROM releases")[0][0])

    # ------------------------------------------------------------------------------------------ writing

    def update(
        self,
        group: Sequence[dict[str, Any]],
        compile_current: Callable[[Sequence[dict[str, Any]]], dict[str, Any]] | None = None,
    ) -> ProcessUpdate:
        """Compare the releases the conversion made for one process with its stored history, and store
        what is new (see the module docstring).

        Args:
            group: the conversion's releases of one process (one ocid), as dicts.
            compile_current: merges releases into a compiled release (e.g.
                :meth:`ocds_regency.merge.Merger.create_compiled_release`). A release published for a
                change is dated after the process's other releases, so it states the process as the
                source has it now (the compiled release of ``group``): otherwise its stage's snapshot
                would hide later stages in the compiled release (a tender ``active`` again after its
                award). Without it, the stage's release alone is published.
        """
        ocid = str(group[0]["ocid"])
        history = list(self.history(ocid))
        self._records.pop(ocid, None)  # what was read ahead of the process is not its state after this run
        latest: dict[str, StoredRelease] = {}
        for stored in history:
            latest[stored.stage] = stored
        used = {stored.release_id for stored in history}
        seq = history[-1].seq + 1 if history else 0
        stages: list[str] = []
        changes: list[str] = []
        rows: list[tuple[Any, ...]] = []
        given: dict[str, dict[str, Any]] = {}
        by_id = {stored.release_id: stored for stored in history}
        current: dict[str, Any] | None = None
        for release in group:
            stage = release_stage(ocid, str(release["id"]))
            digest = fingerprint(release)
            previous = latest.get(stage)
            if previous is not None and previous.fingerprint == digest:
                kept = by_id.get(str(release["id"]))
                if kept is not None and kept.data == dumps(release):
                    given[kept.release_id] = release
                continue
            described: tuple[str, ...] = ()
            source: bytes | None = None
            if previous is None:
                out = dict(release)
                if str(out["id"]) in used:  # pragma: no cover - a new stage has a new id
                    out["id"] = f"{out['id']}-r{seq}"
            else:
                old = load_release(previous.stage_release)
                described = describe_changes(old, release)
                newest = max((stored.date for stored in history), key=_sort_key)
                date = str(release["date"])
                if not _later(date, newest):  # the source gave no newer date of its own
                    date = self.seen if not _later(newest, self.seen) else newest
                identifier = str(release["id"])
                if identifier in used:
                    identifier = f"{identifier}-r{seq}"
                if compile_current is not None:
                    if current is None:
                        with warnings.catch_warnings():
                            warnings.simplefilter("ignore")  # the publication's own merge reports them
                            current = compile_current(group)
                    body = {k: v for k, v in copy.deepcopy(current).items() if k not in _OWN}
                else:
                    body = {k: v for k, v in copy.deepcopy(release).items() if k not in _OWN}
                out = {"ocid": ocid, "id": identifier, "date": date, "tag": list(release.get("tag", [])), **body}
                earlier = amendment_history([load_release(stored.data) for stored in history if stored.source])
                found = amendments(
                    old,
                    release,
                    earlier=earlier,
                    date=date,
                    previous_id=previous.release_id,
                    release_id=identifier,
                )
                _apply_amendments(out, {**earlier, **found})
                changes.extend(f"{stage}: {line}" for line in described)
                source = dumps(release)
            data = dumps(out)
            if previous is None:
                given[str(out["id"])] = out
            stored = StoredRelease(
                release_id=str(out["id"]),
                ocid=ocid,
                stage=stage,
                seq=seq,
                date=str(out["date"]),
                tags=tuple(str(t) for t in out.get("tag", [])),
                fingerprint=digest,
                run_id=self.run_id,
                changes=described,
                data=data,
                source=source,
            )
            rows.append(
                (
                    stored.release_id,
                    ocid,
                    stage,
                    seq,
                    stored.date,
                    orjson.dumps(list(stored.tags)).decode(),
                    digest,
                    self.run_id,
                    orjson.dumps(list(described)).decode(),
                    data,
                    source,
                )
            )
            used.add(stored.release_id)
            latest[stage] = stored
            history.append(stored)
            stages.append(stage)
            seq += 1
        if rows:
            self.backend.executemany(
                self.backend.sql(f"INSERT INTO releases ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                rows,
            )
        first_run = history[0].run_id if history else self.run_id
        self._seen.append((ocid, first_run, self.run_id))
        summary = self._summary
        summary.new_releases += len(rows)
        summary.kept_releases += len(history) - len(rows)
        change: ProcessChange | None = None
        if rows and len(rows) == len(history):
            summary.new += 1
            change = ProcessChange(ocid, "new", tuple(stages))
        elif rows:
            summary.changed += 1
            change = ProcessChange(ocid, "changed", tuple(stages), tuple(changes))
        else:
            summary.unchanged += 1
        if change is not None:
            summary.processes.append(change)
        return ProcessUpdate(tuple(history), change, given)

    def keep(self, ocid: str) -> tuple[StoredRelease, ...]:
        """Count a process whose source did not change (its conversion is not even made): its history, as
        :meth:`update` would have kept it."""
        history = self.history(ocid)
        self._seen.append((ocid, history[0].run_id if history else self.run_id, self.run_id))
        self._summary.unchanged += 1
        self._summary.kept_releases += len(history)
        return history

    # ------------------------------------------------------------------------------------ process cache

    def cached_processes(self) -> dict[str, CachedProcess]:
        """What this version of ocds-regency remembers of each process's mapping (see ``store/cache.py``)."""
        rows = self.backend.query(
            self.backend.sql(
                "SELECT ocid, fingerprint, deps, journal FROM process_cache WHERE written_by = ? AND fingerprint <> ''"
            ),
            (self._written_by,),
        )
        return {str(ocid): CachedProcess(str(digest), str(deps), str(journal)) for ocid, digest, deps, journal in rows}

    @property
    def _written_by(self) -> str:
        return f"ocds-regency {__version__}"

    def save_process(self, ocid: str, fingerprint: str, deps: bytes, journal: bytes) -> None:
        """Remember how a process was mapped in this run (its fingerprint, dependencies and journal)."""
        self._cache_rows.append((ocid, self._written_by, fingerprint, deps.decode(), journal.decode(), self.run_id))
        if len(self._cache_rows) >= _CACHE_BATCH:
            self._flush_cache()

    def forget_process(self, ocid: str) -> None:
        """Make sure the next run maps the process again."""
        self._cache_rows.append((ocid, self._written_by, "", "[]", "{}", self.run_id))

    def cached_record(self, ocid: str, seq: int, shape: str) -> tuple[bytes, list[str]] | None:
        """The record (compiled and versioned release) merged from the process's history up to ``seq``, and the
        merge's warnings; ``None`` when it is not in the store (another history, ``shape`` or version).

        ``shape`` says how the record was merged: whether it has a versioned release, and with which OCDS
        version's merge rules (e.g. ``"versioned 1.1"``)."""
        if ocid in self._records:
            ahead = self._records.pop(ocid)
            if ahead is None or ahead[0] != seq or ahead[1] != shape:
                return None
            return zlib.decompress(ahead[2]), list(orjson.loads(ahead[3]))
        self._flush_cache()
        rows = self.backend.query(
            self.backend.sql(
                "SELECT record, record_warnings FROM process_cache WHERE ocid = ? AND record_seq = ? "
                "AND record_shape = ? AND written_by = ? AND record IS NOT NULL"
            ),
            (ocid, seq, shape, self._written_by),
        )
        if not rows:
            return None
        return zlib.decompress(bytes(rows[0][0])), list(orjson.loads(rows[0][1]))

    def save_record(self, ocid: str, seq: int, shape: str, record: bytes, warnings: Sequence[str]) -> None:
        """Remember the record merged from the process's history up to ``seq`` (see :meth:`cached_record`)."""
        self._records.pop(ocid, None)
        packed = zlib.compress(record, _LEVEL)
        listed = orjson.dumps(list(warnings)).decode()
        self._record_rows.append((ocid, self._written_by, self.run_id, seq, shape, packed, listed))
        if len(self._record_rows) >= _CACHE_BATCH:
            self._flush_cache()

    def outputs(self, kind: str, *, reuse: bool = True, preload: bool = False) -> OutputCache:
        """What this run derives from each release or compiled release alone, kept for the next runs (see
        :mod:`ocds_regency.store.outputs`); ``reuse=False`` reads nothing (a full run) but still writes.

        The first call of a run removes the entries an other version of ocds-regency wrote."""
        if not self._outputs:
            self.backend.execute(
                self.backend.sql("DELETE FROM output_cache WHERE written_by <> ?"), (self._written_by,)
            )
        cache = OutputCache(
            self.backend, kind, written_by=self._written_by, run_id=self.run_id, reuse=reuse, preload=preload
        )
        self._outputs.append(cache)
        return cache

    def _flush_cache(self) -> None:
        for outputs in self._outputs:
            outputs.flush()
        if self._cache_rows:
            self.backend.executemany(self.backend.sql(_SAVE_PROCESS), self._cache_rows)
            self._cache_rows = []
        if self._record_rows:
            self.backend.executemany(self.backend.sql(_SAVE_RECORD), self._record_rows)
            self._record_rows = []

    def _flush_seen(self) -> None:
        if self._seen:
            self.backend.executemany(
                self.backend.sql(
                    "INSERT INTO processes (ocid, first_run, last_seen_run) VALUES (?, ?, ?) "
                    "ON CONFLICT (ocid) DO UPDATE SET last_seen_run = excluded.last_seen_run"
                ),
                self._seen,
            )
            self._seen = []

    def gone(self) -> Iterator[tuple[str, tuple[StoredRelease, ...]]]:
        """The processes the source no longer has (not given to :meth:`update` in this run), with their
        releases. Call it after the last :meth:`update`; each is counted as gone in the summary."""
        self._flush_seen()
        ocids = [
            str(row[0])
            for row in self.backend.query(
                self.backend.sql("SELECT ocid FROM processes WHERE last_seen_run < ? ORDER BY ocid"), (self.run_id,)
            )
        ]
        self.expect(ocids)
        for ocid in ocids:
            history = self.history(ocid)
            self._summary.gone += 1
            self._summary.kept_releases += len(history)
            self._summary.processes.append(ProcessChange(ocid, "gone"))
            yield ocid, history

    def finish(self) -> ChangeSummary:
        """Record the run and return what changed (call :meth:`commit` to keep it)."""
        if not self._finished:
            self._flush_seen()
            self._flush_cache()
            summary = self._summary
            self.backend.execute(
                self.backend.sql(
                    "INSERT INTO runs (run_id, seen, written_by, new_processes, changed_processes, gone_processes, "
                    "new_releases) VALUES (?, ?, ?, ?, ?, ?, ?)"
                ),
                (
                    self.run_id,
                    self.seen,
                    f"ocds-regency {__version__}",
                    summary.new,
                    summary.changed,
                    summary.gone,
                    summary.new_releases,
                ),
            )
            order = {"new": 0, "changed": 1, "gone": 2}
            summary.processes.sort(key=lambda p: (order[p.status], p.ocid))
            self._finished = True
        return self._summary

    def commit(self) -> None:
        """Make this run's releases permanent."""
        self.backend.commit()

    def close(self) -> None:
        """Release the store; what was not committed is forgotten."""
        self.backend.close()
