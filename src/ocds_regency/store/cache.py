"""Skip the processes whose sources did not change: a re-publication with a store maps only what changed.

A process's releases depend on its own rows and on what its mapping looks up elsewhere. When a process
is mapped with a store, :class:`ProcessCache` records both:

- its **fingerprint**: a digest of its rows (dataset, file, position and every field, the extraction stamps
  included, in the order the mapping sees them: a row read from a JSON text by the digest of that text, see
  :mod:`ocds_regency.store.rows`), of the conversion options (:attr:`Options.salt
  <ocds_regency.mapping.Options.salt>`), of the data's extraction time (:attr:`Context.extracted
  <ocds_regency.mapping._rows.Context.extracted>`) and of the library version;
- its **dependencies**: every answer its mapping got from outside the process, as it got it: the work units
  of ``RUP-MasterSatker`` and the reference rows of :class:`~ocds_regency.mapping.lookups.Lookups` it cited
  (a digest of each, and the state the row was in: already used, issues already counted), the re-tender
  links of its DCE package code, the party each supplier it names resolved to across the input, and whether
  the report already held the budget structure of its buyer;
- its **journal**: what its mapping did to the conversion report and to rows it shares (rows used, issues,
  rejections, withheld values, releases counted, budget structures).

On the next run, a process with the same fingerprint whose dependencies still give the same answers (checked
in process order, so that what earlier processes did to shared rows is taken into account) is not mapped: its
journal is replayed into the report, and its releases are the ones in the store (they would be kept there
unchanged). Its record (compiled and versioned release, merge warnings) is taken from the store too while
its history has not grown. Anything else is mapped, compared with the store and recorded again. The outputs
are those of a run that maps every process (``PublishOptions.full``); tests compare them byte for byte.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, cast

import orjson

from ocds_regency import __version__
from ocds_regency.i18n import Lang, Message
from ocds_regency.isb.datasets import ProcessKind
from ocds_regency.mapping._draft import Process
from ocds_regency.mapping._rows import Context, Row
from ocds_regency.mapping.ids import release_stage
from ocds_regency.mapping.lookups import Lookups
from ocds_regency.mapping.parties import ProcessSuppliers, Supplier
from ocds_regency.mapping.report import ConversionReport, FieldIssue
from ocds_regency.store import ReleaseStore

__all__ = ["CACHE_FORMAT", "ProcessCache"]

#: Version of what the cache records; a change (like a new library version) makes every entry stale.
CACHE_FORMAT = 3

_DUMP_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS


def _json(value: Any) -> bytes:
    return orjson.dumps(value, option=_DUMP_OPTIONS, default=str)


def _journal_json(journal: Any) -> bytes:
    # Not sorted: a replayed event must give the report what the mapping gave it, key order included (a
    # budget structure's keys are in the order report.json shows them).
    return orjson.dumps(journal, option=orjson.OPT_NON_STR_KEYS, default=str)


def row_fingerprint(row: Row) -> str:
    """A digest of everything a row is: its dataset, file, position and every field as read (for a row read from
    a JSON text, the digest of that text: the same text is the same fields, and the row need not be decoded)."""
    hasher = hashlib.sha256()
    hasher.update(_json([row.dataset, row.source, row.position]))
    if row.text_digest is not None:
        hasher.update(b"text")
        hasher.update(row.text_digest)
    else:
        hasher.update(_json(row.data))
    return hasher.hexdigest()[:32]  # 128 bits: what tells two rows apart, half the size in the store


def _party(party: Any) -> list[Any] | None:
    """What a resolved supplier party is (codes, numbers, names, a person or not), comparable as JSON."""
    if party is None:
        return None
    return [sorted(party.kds), sorted(party.npwps), sorted(party.names), bool(party.individual)]


def _supplier(supplier: Supplier) -> list[Any]:
    return [supplier.name, supplier.npwp16, supplier.is_individual, supplier.kd_penyedia, list(supplier.npwps)]


def _state(row: Row) -> list[Any]:
    return [row.used, sorted(list(note) for note in row.notes)]


def _same_state(row: Row, state: Sequence[Any]) -> bool:
    """Whether ``_state(row) == state`` (a row that noted nothing is compared without sorting)."""
    if row.used != state[0]:
        return False
    notes = row.notes
    if not notes:
        return not state[1]
    return bool(sorted(list(note) for note in notes) == state[1])


class _Recorder:
    """What one process's mapping asked outside the process and did to the report and shared rows."""

    def __init__(self, cache: ProcessCache) -> None:
        self.cache = cache
        self.deps: list[list[Any]] = []
        #: the questions already recorded (an answer can't change while the process is mapped: once is enough).
        self._asked: set[bytes] = set()
        self.events: list[list[Any]] = []
        #: id(row) -> (dependency index of its first answer, the row), for the rows shared with other processes.
        self.touched: dict[int, tuple[int, Row]] = {}
        #: budget structures this process itself added to the report.
        self.budgets: set[str] = set()

    def asked(self, question: list[Any]) -> bool:
        """Whether this question was recorded already (else it is now)."""
        key = _json(question)
        if key in self._asked:
            return True
        self._asked.add(key)
        return False

    def row(self, kind: list[Any], row: Row | None) -> None:
        """A row answered a look-up (``None``: nothing did); its state is recorded when first seen."""
        if self.asked(kind):
            return
        if row is None:
            self.deps.append([*kind, None, None])
            return
        first = id(row) not in self.touched
        if first:
            self.touched[id(row)] = (len(self.deps), row)
        self.deps.append([*kind, self.cache.fingerprint_of(row), _state(row) if first else None])


class _Master(Mapping[str, Row]):
    """The work units of ``RUP-MasterSatker`` as a process sees them: every look-up recorded."""

    def __init__(self, inner: Mapping[str, Row], recorder: _Recorder) -> None:
        self._inner = inner
        self._recorder = recorder

    def __getitem__(self, code: str) -> Row:
        row = self._inner.get(code)
        self._recorder.row(["master", code], row)
        if row is None:
            raise KeyError(code)
        return row

    def __iter__(self) -> Iterator[str]:  # pragma: no cover - the mapping looks codes up, never lists them
        raise TypeError("the work units are looked up by code while a process is recorded")

    def __len__(self) -> int:  # pragma: no cover - as __iter__
        return len(self._inner)


class _Lookups(Lookups):
    """The reference rows as the process being recorded sees them (``classify`` goes through ``find``)."""

    __slots__ = ("_inner", "recorder")

    def __init__(self, inner: Lookups) -> None:  # the rows stay in ``inner``
        self._inner = inner
        self.recorder: _Recorder | None = None

    def find(self, dataset: str, key: str | None, *, satker: str | None = None) -> Row | None:
        row = self._inner.find(dataset, key, satker=satker)
        if self.recorder is not None:
            self.recorder.row(["lookup", dataset, key, satker], row)
        return row


class _Versions(dict[tuple[str, str], list[tuple[int, str, str, str]]]):
    """The SPSE packages of each DCE package code, as the process being recorded sees them."""

    recorder: _Recorder | None = None

    def get(self, key: tuple[str, str], default: Any = None) -> Any:
        found = super().get(key, default)
        if self.recorder is not None:
            question = ["versions", str(key[0]), key[1]]
            if not self.recorder.asked(question):
                self.recorder.deps.append([*question, _versions(found)])
        return found


def _versions(found: Any) -> list[list[Any]]:
    return [list(entry) for entry in sorted(found or ())]


class _Suppliers(ProcessSuppliers):
    """A process's suppliers, each party it resolves to recorded."""

    __slots__ = ("recorder",)

    def __init__(self, inner: ProcessSuppliers, recorder: _Recorder) -> None:
        super().__init__(inner.directory)
        self.share(inner)
        self.recorder = recorder

    def resolve(self, supplier: Supplier) -> Any:
        party = super().resolve(supplier)
        question = ["supplier", _supplier(supplier)]
        if not self.recorder.asked(question):
            self.recorder.deps.append([*question, _party(party)])
        return party


class _Counts:
    """A counter of the report (withheld values, releases by stage), every change recorded."""

    def __init__(self, inner: Any, recorder: _Recorder, kind: str) -> None:
        self._inner = inner
        self._recorder = recorder
        self._kind = kind

    def __getitem__(self, key: str) -> int:
        return int(self._inner[key])

    def __setitem__(self, key: str, value: int) -> None:
        self._recorder.events.append(["count", self._kind, key, value - self._inner[key]])
        self._inner[key] = value


class _Budgets:
    """The report's budget structures: whether one is known is a dependency, adding one an event."""

    def __init__(self, inner: dict[str, dict[str, str | None]], recorder: _Recorder) -> None:
        self._inner = inner
        self._recorder = recorder

    def __contains__(self, key: object) -> bool:
        known = key in self._inner
        if key not in self._recorder.budgets and not self._recorder.asked(["budget", key]):
            self._recorder.deps.append(["budget", key, known])
        return known

    def __getitem__(self, key: str) -> dict[str, str | None]:
        return self._inner[key]

    def __setitem__(self, key: str, value: dict[str, str | None]) -> None:
        self._recorder.budgets.add(key)
        self._recorder.events.append(["budget", key, value])
        self._inner[key] = value


class _Report:
    """The conversion report while one process is recorded: what the mapping does to it is journaled."""

    def __init__(self, inner: ConversionReport, recorder: _Recorder) -> None:
        self._inner = inner
        self._recorder = recorder
        self.withheld = _Counts(inner.withheld, recorder, "withheld")
        self.releases = _Counts(inner.releases, recorder, "releases")
        self.budgets = _Budgets(inner.budgets, recorder)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def count_used(self, source: str, dataset: str | None, rows: int = 1) -> None:
        self._recorder.events.append(["used", source, dataset, rows])
        self._inner.count_used(source, dataset, rows)

    def reject(self, source: str, position: str, dataset: str | None, reason: str, message: Message) -> None:
        english, indonesian = message.text("en"), message.text("id")
        self._recorder.events.append(["reject", source, position, dataset, reason, english, indonesian, message.code])
        self._inner.reject(source, position, dataset, reason, message)

    def add_issue(self, issue: FieldIssue) -> None:
        self._recorder.events.append(["issue", *_issue(issue)])
        self._inner.add_issue(issue)

    def count_withheld(self, source: str, category: str, name: str, values: int = 1) -> None:
        self._recorder.events.append(["withheld", source, category, name, values])
        self._inner.count_withheld(source, category, name, values)


def _issue(issue: FieldIssue) -> list[Any]:
    value = issue.as_dict()["value"]
    return [
        issue.source, issue.position, issue.dataset, issue.field, value, issue.reason,
        issue.message, issue.message_id, issue.withheld, issue.code,
    ]  # fmt: skip


class _Rendered(Message):
    """A message replayed from the journal, already rendered in both languages."""

    __slots__ = ("english", "indonesian")

    def __init__(self, code: str | None, english: str, indonesian: str) -> None:
        super().__init__(code or "")
        self.english = english
        self.indonesian = indonesian

    def text(self, lang: Lang = "en") -> str:
        return self.indonesian if lang == "id" else self.english


class ProcessCache:
    """Skips unchanged processes of a conversion against a release store (see the module docstring).

    Args:
        store: the open store (its ``process_cache`` table).
        ctx: the conversion's context (once every row has been read and grouped).
        full: map every process (the cache is still written, for the next run).
    """

    def __init__(self, store: ReleaseStore, ctx: Context, *, full: bool = False) -> None:
        self.store = store
        self.ctx = ctx
        self.full = full
        self.entries = {} if full else store.cached_processes()
        self._fingerprints: dict[int, str] = {}
        base = hashlib.sha256()
        base.update(_json([CACHE_FORMAT, __version__, ctx.options.salt, str(ctx.extracted)]))
        self._base = base
        self._lookups = _Lookups(ctx.lookups)
        self._versions = _Versions(ctx.versions)
        self.reused = 0

    def fingerprint_of(self, row: Row) -> str:
        """A row's digest (computed once a run)."""
        found = self._fingerprints.get(id(row))
        if found is None:
            found = self._fingerprints[id(row)] = row_fingerprint(row)
        return found

    def fingerprint(self, process: Process) -> str:
        """The digest of a process's rows and of what every process depends on (options, extraction, version)."""
        hasher = self._base.copy()
        hasher.update(_json([str(process.kind), process.key, process.ocid, process.partial]))
        hasher.update("".join(map(self.fingerprint_of, process.all_rows())).encode())  # (one update: the same digest)
        return hasher.hexdigest()

    # ------------------------------------------------------------------------------------------ reuse

    def reuse(self, process: Process) -> bool:
        """Whether the process can be skipped; when it can, its journal has been replayed into the report."""
        entry = self.entries.get(process.ocid)
        if entry is None or entry.fingerprint != self.fingerprint(process):
            return False
        # (decoded here, for this process only: what a large store remembers is not all held decoded at once)
        rows = self._check(process, orjson.loads(entry.deps))
        if rows is None:
            return False
        self._replay(process, orjson.loads(entry.journal), rows)
        self.reused += 1
        return True

    def _check(self, process: Process, deps: Sequence[list[Any]]) -> dict[int, Row] | None:
        """The shared rows the dependencies name (by dependency index), or ``None`` if any answer changed."""
        rows: dict[int, Row] = {}
        report = self.ctx.report
        for index, dep in enumerate(deps):
            kind = dep[0]
            if kind in ("master", "lookup"):
                if kind == "master":
                    row = process.master.get(dep[1])
                else:
                    row = self.ctx.lookups.find(dep[1], dep[2], satker=dep[3])
                fingerprint, state = dep[-2], dep[-1]
                if (None if row is None else self.fingerprint_of(row)) != fingerprint:
                    return None
                if row is not None:
                    if state is not None and not _same_state(row, state):
                        return None
                    rows[index] = row
            elif kind == "versions":
                if _versions(self.ctx.versions.get((ProcessKind(dep[1]), dep[2]))) != dep[3]:
                    return None
            elif kind == "supplier":
                name, npwp16, individual, kd, npwps = dep[1]
                party = process.suppliers.resolve(Supplier(name, npwp16, individual, kd, tuple(npwps)))
                if _party(party) != dep[2]:
                    return None
            elif kind == "budget":
                if (dep[1] in report.budgets) != dep[2]:
                    return None
            else:  # pragma: no cover - written by another format (the library version is in the fingerprint)
                return None
        return rows

    def _replay(self, process: Process, journal: Mapping[str, Any], rows: Mapping[int, Row]) -> None:
        report = self.ctx.report
        for event in journal["events"]:
            kind = event[0]
            if kind == "used":
                report.count_used(event[1], event[2], event[3])
            elif kind == "issue":
                source, position, dataset, field, value, reason, english, indonesian, withheld, code = event[1:]
                report.add_issue(
                    FieldIssue(source, position, dataset, field, value, reason, english, indonesian, withheld, code)
                )
            elif kind == "reject":
                source, position, dataset, reason, english, indonesian, code = event[1:]
                report.reject(source, position, dataset, reason, _Rendered(code, english, indonesian))
            elif kind == "withheld":
                report.count_withheld(event[1], event[2], event[3], event[4])
            elif kind == "count":
                counter = report.withheld if event[1] == "withheld" else report.releases
                counter[event[2]] += event[3]
            elif kind == "budget":
                report.budgets[event[1]] = event[2]
        own = process.all_rows()
        for row, (used, dropped, undated) in zip(own, journal["own"], strict=True):
            row.used, row.dropped = bool(used), bool(dropped)
            if undated:
                process.undated.add(row.index)
        for index, used, notes in journal["shared"]:
            row = rows[index]
            row.used = row.used or bool(used)
            for note in notes:
                row.note(tuple(note))

    # ------------------------------------------------------------------------------------------ record

    @contextmanager
    def recording(self, process: Process) -> Iterator[_Recorder]:
        """Map a process inside this block: what it looks up and does is recorded (see :meth:`save`)."""
        recorder = _Recorder(self)
        ctx = self.ctx
        report, lookups, versions = ctx.report, ctx.lookups, ctx.versions
        master, suppliers = process.master, process.suppliers
        ctx.report = cast(ConversionReport, _Report(report, recorder))
        self._lookups.recorder = self._versions.recorder = recorder
        ctx.lookups, ctx.versions = self._lookups, self._versions
        process.master = _Master(master, recorder)
        process.suppliers = _Suppliers(suppliers, recorder)
        try:
            yield recorder
        finally:
            ctx.report, ctx.lookups, ctx.versions = report, lookups, versions
            self._lookups.recorder = self._versions.recorder = None
            process.master, process.suppliers = master, suppliers

    def save(self, process: Process, recorder: _Recorder, group: Sequence[Mapping[str, Any]]) -> None:
        """Keep what was recorded for the next run (call it once the store has the process's releases).

        A process whose conversion gives one stage twice is never skipped: the store compares each stage
        with its last release, so the first of the two would be released again on each run.
        """
        stages = [release_stage(str(release["ocid"]), str(release["id"])) for release in group]
        if not group or len(set(stages)) != len(stages):
            self.store.forget_process(process.ocid)
            return
        own = [[row.used, row.dropped, row.index in process.undated] for row in process.all_rows()]
        shared = []
        for index, row in recorder.touched.values():
            state = recorder.deps[index][-1]
            notes = sorted(list(note) for note in row.notes - {tuple(note) for note in state[1]})
            became_used = row.used and not state[0]
            if notes or became_used:
                shared.append([index, became_used, notes])
        journal = {"events": recorder.events, "own": own, "shared": shared}
        self.store.save_process(process.ocid, self.fingerprint(process), _json(recorder.deps), _journal_json(journal))
