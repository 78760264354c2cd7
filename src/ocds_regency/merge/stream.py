"""Compile any number of inputs into compiled releases, versioned releases or records, streaming.

This is what ``ocds-regency compile`` runs: read releases (:mod:`ocds_regency.read.releases`), group them
by ocid (:mod:`ocds_regency.merge.group`), merge each group (on several processes for large inputs) and
yield each output object as JSON bytes, in ocid order. Problems never stop the run: a bad input stops
that input, a bad release or a group that can't be merged is reported (with source, position and ocid)
through ``on_error`` and skipped, so that everything else is still merged and written.
"""

from __future__ import annotations

import contextlib
import enum
import gc
import multiprocessing
import os
import pickle
import queue
import sys
import threading
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

import orjson

from ocds_regency.errors import InputError, MergeError, OcdsRegencyError
from ocds_regency.merge import Merger
from ocds_regency.merge.exceptions import NonObjectReleaseError
from ocds_regency.merge.group import DEFAULT_MEMORY_LIMIT, Entry, Group, Grouper
from ocds_regency.merge.rules import MergeRules
from ocds_regency.package import linked_release, record_bytes
from ocds_regency.read.releases import SourcedRelease
from ocds_regency.write import dumps

__all__ = ["Compiler", "Output", "VersionMismatchError", "default_workers"]


class Output(enum.Enum):
    """What :class:`Compiler` produces for each ocid."""

    COMPILED = "compiled"
    VERSIONED = "versioned"
    RECORD = "record"
    RECORD_VERSIONED = "record+versioned"


class VersionMismatchError(InputError):
    """Inputs declare different OCDS versions (or OCDS 1.0 without the 1.0 merge rules)."""


#: Groups merged in the main process before a worker pool is started.
_INLINE_GROUPS = 64
#: A batch sent to a worker holds at most this many groups or bytes of releases.
_BATCH_GROUPS = 128
_BATCH_BYTES = 4 * 1024 * 1024
#: Batches sent to each worker and not yet returned, at most (bounds memory; more than one keeps a worker
#: busy while this process is descheduled or writing).
_IN_FLIGHT = 2

_merger: Merger | None = None
_output: Output = Output.COMPILED
_linked = False


def _init_worker(rules: MergeRules, output: Output, linked: bool, strict: bool) -> None:
    global _merger, _output, _linked
    _merger = Merger(rules, strict=strict)
    _output = output
    _linked = linked
    gc.disable()  # merged data holds no reference cycles


#: (ocid, output bytes or None, distinct warnings, errors as (message, class name)).
Result = tuple[str, bytes | None, list[str], list[tuple[str, str]]]


def _decode(entries: list[tuple[bytes, str, str]], errors: list[tuple[str, str]]) -> list[tuple[Any, int]]:
    decoded = []
    for position, (data, _uri, where) in enumerate(entries):
        try:
            release = orjson.loads(data)
        except orjson.JSONDecodeError as exc:
            hint = "" if data.endswith(b"\n") else " (truncated?)"
            errors.append((f"{where}: invalid JSON{hint}: {exc}", "InputError"))
            continue
        if type(release) is not dict:
            errors.append((f"{where}: a release must be a JSON object, not {type(release).__name__}", "InputError"))
            continue
        decoded.append((release, position))
    return decoded


def _work(ocid: str, entries: list[tuple[bytes, str, str]], decoded: list[Any] | None = None) -> Result:
    """Merge one group (decoding its releases unless given)."""
    assert _merger is not None
    errors: list[tuple[str, str]] = []
    if decoded is not None:
        pairs = [(release, position) for position, release in enumerate(decoded)]
    else:
        pairs = _decode(entries, errors)
        if not pairs:
            return ocid, None, [], errors
    releases = [release for release, _ in pairs]
    out: bytes | None = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            if _output is Output.COMPILED:
                out = dumps(_merger.create_compiled_release(releases))
            elif _output is Output.VERSIONED:
                out = dumps(_merger.create_versioned_release(releases))
            else:
                if _output is Output.RECORD_VERSIONED:
                    compiled, versioned = _merger.create_both(releases)
                    versioned_bytes: bytes | None = dumps(versioned)
                else:
                    compiled = _merger.create_compiled_release(releases)
                    versioned_bytes = None
                listed: list[bytes | dict[str, Any]] = []
                for release, position in pairs:
                    data, uri, _where = entries[position]
                    listed.append(linked_release(release, uri) if (_linked and uri) else data)
                out = record_bytes(ocid, listed, dumps(compiled), versioned_bytes)
        except MergeError as exc:
            index = exc.index
            position = pairs[index][1] if index is not None and 0 <= index < len(pairs) else pairs[0][1]
            errors.append((f"{entries[position][2]}: {ocid}: {exc}", type(exc).__name__))
    seen: dict[str, None] = {}
    for warning in caught:
        seen.setdefault(str(warning.message))
    return ocid, out, list(seen), errors


def _work_batch(batch: list[tuple[str, list[tuple[bytes, str, str]]]]) -> list[Result]:
    return [_work(ocid, entries) for ocid, entries in batch]


class _Workers:
    """Worker processes fed through pipes, without helper threads in this process (multiprocessing.Pool's
    threads contend for the GIL with the reading process). Batch ``n`` goes to worker ``n % count``; each
    worker takes batches off its pipe in a thread of its own as they come (so sending never waits for a
    result to be read), merges them in order and sends the results back, which are read in order."""

    def __init__(self, count: int, init: tuple[Any, ...]) -> None:
        context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
        self.connections: list[Connection] = []
        self.processes: list[BaseProcess] = []
        for _ in range(count):
            ours, theirs = context.Pipe()
            process = context.Process(target=_serve, args=(theirs, init), daemon=True)  # type: ignore[attr-defined]
            process.start()
            theirs.close()
            self.connections.append(ours)
            self.processes.append(process)
        self.sent = 0
        self.received = 0

    def send(self, batch: list[tuple[str, list[tuple[bytes, str, str]]]]) -> None:
        self.connections[self.sent % len(self.connections)].send_bytes(pickle.dumps(batch, protocol=5))
        self.sent += 1

    def receive(self) -> list[Result]:
        data = self.connections[self.received % len(self.connections)].recv_bytes()
        self.received += 1
        results: list[Result] | BaseException = pickle.loads(data)
        if isinstance(results, BaseException):
            raise results
        return results

    @property
    def pending(self) -> int:
        return self.sent - self.received

    def close(self) -> None:
        for connection in self.connections:
            with contextlib.suppress(OSError):
                connection.send_bytes(b"")
            connection.close()
        for process in self.processes:
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()


def _serve(connection: Connection, init: tuple[Any, ...]) -> None:
    _init_worker(*init)
    # A thread takes batches off the pipe as soon as they come, so that the reading process never blocks
    # sending one while this process blocks sending a result: several batches can be in flight.
    inbox: queue.SimpleQueue[bytes] = queue.SimpleQueue()

    def receive() -> None:
        while True:
            try:
                data = connection.recv_bytes()
            except (EOFError, OSError):
                data = b""
            inbox.put(data)
            if not data:
                return

    threading.Thread(target=receive, daemon=True).start()
    while data := inbox.get():
        try:
            answer: Any = _work_batch(pickle.loads(data))
        except BaseException as exc:  # sent back and raised in the reading process
            answer = exc
        del data
        connection.send_bytes(pickle.dumps(answer, protocol=5))


def default_workers() -> int:
    """One process per CPU but one, at most 4; 1 (merge in this process) on one or two CPUs.

    Shipping releases to worker processes and results back costs about a fifth of the merge itself, and the
    reading process needs a CPU too, so extra processes only pay off with a third CPU (measured on 2 shared
    vCPUs: 2 workers were no faster than 1).
    """
    cpus = os.cpu_count() or 1
    return 1 if cpus <= 2 else min(cpus - 1, 4)


class Compiler:
    """Merge releases from any inputs into one output object per ocid.

    Args:
        rules: the merge rules.
        output: compiled releases, versioned releases, or records (with or without versioned releases).
        linked: in records, link releases that came from a package with a ``uri`` instead of embedding them.
        strict: see :class:`~ocds_regency.merge.Merger`.
        workers: processes that merge (``None``: :func:`default_workers`); large inputs only, small ones are
            merged in this process.
        memory_limit: bytes of release JSON held in memory while grouping before spilling to disk.
        stream: ``True`` to trust that the input is grouped by ocid and stream it, ``False`` to group all of
            it, ``None`` to decide (see :class:`~ocds_regency.merge.group.Grouper`; with several inputs,
            ``None`` groups all of it, since each input is usually grouped but not all of them together).
        allow_ocds_10: accept OCDS 1.0 packages (only sensible with rules from the 1.0 schema).
        on_error: called with each problem (the run goes on); default: raise it.
        on_warning: called with each distinct warning of each ocid, as ``"<ocid>: <message>"``.
        on_input_done: called once every input has been read (before the last groups are merged), e.g. to
            write package metadata that depends on the input packages.
    """

    def __init__(
        self,
        rules: MergeRules,
        *,
        output: Output = Output.COMPILED,
        linked: bool = False,
        strict: bool = False,
        workers: int | None = None,
        memory_limit: int = DEFAULT_MEMORY_LIMIT,
        stream: bool | None = None,
        allow_ocds_10: bool = False,
        on_error: Callable[[OcdsRegencyError], None] | None = None,
        on_warning: Callable[[str], None] | None = None,
        on_input_done: Callable[[], None] | None = None,
    ) -> None:
        self.rules = rules
        self.output = output
        self.linked = linked
        self.strict = strict
        self.workers = workers if workers is not None else default_workers()
        self.memory_limit = memory_limit
        self.stream = stream
        self.allow_ocds_10 = allow_ocds_10
        self.on_error = on_error
        self.on_warning = on_warning
        self.on_input_done = on_input_done
        self.errors = 0
        self.written = 0
        self._version: tuple[str, str] | None = None

    def _error(self, error: OcdsRegencyError) -> None:
        self.errors += 1
        if self.on_error is None:
            raise error
        self.on_error(error)

    def _check_version(self, item: SourcedRelease) -> bool:
        package = item.package
        if package is None or "version" not in package.metadata:
            return True
        version = str(package.metadata["version"])
        if version.startswith("1.0") and not self.allow_ocds_10:
            self._error(
                VersionMismatchError(
                    f"the package declares OCDS {version}, which merges differently from 1.1: upgrade it "
                    "(e.g. `ocdskit upgrade 1.0:1.1`) or pass the 1.0 release schema with --schema",
                    source=item.source,
                    position=item.position,
                )
            )
            return False
        minor = ".".join(version.split(".")[:2])
        if self._version is None:
            self._version = (minor, item.where)
        elif self._version[0] != minor:
            self._error(
                VersionMismatchError(
                    f"the package declares OCDS {version}, but {self._version[1]} declared {self._version[0]}; "
                    "merge one version at a time",
                    source=item.source,
                    position=item.position,
                )
            )
            return False
        return True

    def run(self, inputs: Sequence[Iterable[SourcedRelease]]) -> Iterator[bytes]:
        """Read every input in turn and yield one JSON object (bytes) per ocid.

        Raises:
            OcdsRegencyError: only if ``on_error`` is ``None``.
        """
        init = (self.rules, self.output, self.linked, self.strict)
        _init_worker(*init)
        gc_was_enabled = gc.isenabled()
        gc.disable()
        inputs = list(inputs)
        stream = self.stream if (self.stream is not None or len(inputs) == 1) else False
        grouper = Grouper(memory_limit=self.memory_limit, stream=stream)
        pool: _Workers | None = None
        batch: list[tuple[str, list[tuple[bytes, str, str]]]] = []
        batch_bytes = 0
        inline = 0

        def flush_batch() -> None:
            nonlocal pool, batch, batch_bytes
            if not batch:
                return
            if pool is None:
                pool = _Workers(self.workers, init)
            pool.send(batch)
            batch = []
            batch_bytes = 0

        def drain(limit: int) -> Iterator[bytes]:
            while pool is not None and pool.pending > limit:
                for result in pool.receive():
                    yield from self._handle(result)

        def dispatch(group: Group) -> Iterator[bytes]:
            nonlocal inline, batch_bytes
            ocid, entries = group
            task = [(entry.data, entry.uri, entry.where) for entry in entries]
            if pool is None and (self.workers <= 1 or inline < _INLINE_GROUPS):
                inline += 1
                decoded = [entry.release for entry in entries]
                yield from self._handle(_work(ocid, task, None if None in decoded else decoded))
                return
            batch.append((ocid, task))
            batch_bytes += sum(len(entry.data) for entry in entries)
            if len(batch) >= _BATCH_GROUPS or batch_bytes >= _BATCH_BYTES:
                # At most _IN_FLIGHT batches per worker: enough to keep it busy while this process reads,
                # few enough to bound memory.
                yield from drain(self.workers * _IN_FLIGHT - 1)
                flush_batch()

        try:
            for source in inputs:
                try:
                    for item in source:
                        release = item.release
                        if release is None and item.ocid is not None and item.raw is not None:
                            # decoded later (in a worker): only the ocid was read
                            ready = self._add(grouper, item.ocid, Entry(item.raw, "", item.where))
                            for group in ready:
                                yield from dispatch(group)
                            continue
                        if type(release) is not dict:
                            self._error(
                                NonObjectReleaseError(
                                    f"{item.where}: a release must be a JSON object, not {type(release).__name__}"
                                )
                            )
                            continue
                        ocid = release.get("ocid")
                        if not isinstance(ocid, str) or not ocid:
                            self._error(InputError("a release without an `ocid`", source=item.where))
                            continue
                        if item.package is not None and not self._check_version(item):
                            continue
                        uri = str(item.package.metadata.get("uri") or "") if item.package is not None else ""
                        data = item.raw if item.raw is not None else dumps(release)
                        ready = self._add(grouper, ocid, Entry(data, uri, item.where, release))
                        for group in ready:
                            yield from dispatch(group)
                except InputError as exc:
                    self._error(exc)  # this input stops here; what was read is still merged
            if self.on_input_done is not None:
                self.on_input_done()
            for group in grouper.finish():
                yield from dispatch(group)
            yield from drain(self.workers * _IN_FLIGHT - 1)
            flush_batch()
            yield from drain(0)
        finally:
            grouper.close()
            if pool is not None:
                pool.close()
            if gc_was_enabled:
                gc.enable()

    def _add(self, grouper: Grouper, ocid: str, entry: Entry) -> list[Group]:
        try:
            return grouper.add(ocid, entry)
        except InputError as exc:
            self._error(exc)
            return []

    def _handle(self, result: Result) -> Iterator[bytes]:
        from ocds_regency.merge import exceptions

        ocid, out, messages, errors = result
        if self.on_warning is not None:
            for message in messages:
                self.on_warning(f"{ocid}: {message}")
        for message, kind in errors:
            if kind == "InputError":
                self._error(InputError(message))
                continue
            cls = getattr(exceptions, kind, None)
            if not (isinstance(cls, type) and issubclass(cls, MergeError)):
                cls = MergeError
            self._error(cls(message, ocid=ocid))
        if out is not None:
            self.written += 1
            yield out
