"""Compile any number of inputs into compiled releases, versioned releases or records, streaming.

This is what ``ocds-regency compile`` runs: read releases (:mod:`ocds_regency.read.releases`), group them
by ocid (:mod:`ocds_regency.compile.group`), merge each group (:mod:`ocds_regency.compile.work`; on
several processes for large inputs, :mod:`ocds_regency.compile.pool`) and yield each output object as JSON
bytes, in ocid order. Problems never stop the run: a bad input stops
that input, a bad release or a group that can't be merged is reported (with source, position and ocid)
through ``on_error`` and skipped, so that everything else is still merged and written.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence

from ocds_regency import _collector as collector
from ocds_regency import codec
from ocds_regency.compile.group import DEFAULT_MEMORY_LIMIT, Entry, Group, Grouper
from ocds_regency.compile.pool import Workers
from ocds_regency.compile.work import RANGE_LINE, Batch, GroupMerger, Output, Range, Result
from ocds_regency.errors import InputError, OcdsRegencyError
from ocds_regency.merge.exceptions import NonObjectReleaseError
from ocds_regency.merge.rules import MergeRules
from ocds_regency.read.releases import InputPackage, ReleaseReader, SourcedRelease
from ocds_regency.standard import DEFAULT_VERSION, Upgrade, find_upgrade, minor_version
from ocds_regency.write import dumps

__all__ = ["Compiler", "Output", "VersionMismatchError", "default_workers", "range_workers"]


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
#: A file input at least this large, of JSON Lines grouped by ocid, is merged in ranges read by the workers.
RANGE_MIN_SIZE = 16 * 1024 * 1024
#: A range sent to a worker ends at the first group boundary at least this many bytes after its start.
RANGE_BYTES = 2 * 1024 * 1024
_SCAN_BLOCK = 1 << 22


def default_workers() -> int:
    """One process per CPU but one, at most 4; 1 (merge in this process) on one or two CPUs.

    Shipping releases to worker processes and results back costs about a fifth of the merge itself, and the
    reading process needs a CPU too, so extra processes only pay off with a third CPU (measured on 2 shared
    vCPUs: 2 workers were no faster than 1).
    """
    cpus = os.cpu_count() or 1
    return 1 if cpus <= 2 else min(cpus - 1, 4)


def range_workers() -> int:
    """Workers for a large file of JSON Lines grouped by ocid, merged in ranges: one per CPU, at most 4.

    Such a file is split into ranges of whole groups that the workers read from the file themselves, so the
    reading process only finds where groups start and writes the output, and a worker per CPU pays off.
    On one CPU: 1 (merge in this process).
    """
    cpus = os.cpu_count() or 1
    return 1 if cpus < 2 else min(cpus, 4)


def _line_number(position: str) -> int:
    """The line of a position such as ``"line 12"`` (0 if it names none)."""
    if not position.startswith("line "):
        return 0
    digits = position[5:].split(",", 1)[0]
    return int(digits) if digits.isdigit() else 0


class Compiler:
    """Merge releases from any inputs into one output object per ocid.

    Args:
        rules: the merge rules.
        output: compiled releases, versioned releases, or records (with or without versioned releases).
        linked: in records, link releases that came from a package with a ``uri`` instead of embedding them.
        strict: see :class:`~ocds_regency.merge.Merger`.
        workers: processes that merge (``None``: :func:`range_workers` for a large file of JSON Lines grouped
            by ocid, :func:`default_workers` for other inputs); large inputs only, small ones are merged in
            this process.
        memory_limit: bytes of release JSON held in memory while grouping before spilling to disk.
        stream: ``True`` to trust that the input is grouped by ocid and stream it, ``False`` to group all of
            it, ``None`` to decide (see :class:`~ocds_regency.compile.group.Grouper`; with several inputs,
            ``None`` groups all of it, since each input is usually grouped but not all of them together).
        version: the OCDS version (major.minor) the rules are for, the profile's
            (:attr:`~ocds_regency.standard.Profile.package_version`): a package declaring an older version
            that can be upgraded to it (OCDS 1.0 to 1.1, see :func:`~ocds_regency.standard.find_upgrade`) has
            its releases upgraded first.
        allow_ocds_10: merge OCDS 1.0 packages as they are (only sensible with rules from the 1.0 schema)
            instead of upgrading them.
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
        version: str = DEFAULT_VERSION,
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
        self.range_workers = workers if workers is not None else range_workers()
        self.memory_limit = memory_limit
        self.stream = stream
        self.version = version
        self.allow_ocds_10 = allow_ocds_10
        self.on_error = on_error
        self.on_warning = on_warning
        self.on_input_done = on_input_done
        self.errors = 0
        self.written = 0
        #: Records: the ids of the bundled extensions whose fields the records written so far use (their
        #: compiled releases), which a record package declares; found by the process that merged each record.
        self.extensions: set[str] = set()
        self._version: tuple[str, str] | None = None
        self._pool: Workers | None = None
        self._grouper: Grouper | None = None  # of the run in progress (for expected_records)
        self._dispatched = 0
        self._counted = True
        # packages whose releases are upgraded (kept, so that their ids stay theirs), with the upgrade
        self._upgraded: dict[int, tuple[InputPackage, Upgrade]] = {}

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
        if id(package) in self._upgraded:
            self._upgraded[id(package)][1].release(item.release)
            return True
        upgrade = None if self.allow_ocds_10 else find_upgrade(version, self.version)
        if upgrade is not None:
            # Upgraded with ocdskit (1.0: organisations to parties, amendments, transactions), then merged.
            upgrade.release(item.release)
            self._upgraded[id(package)] = (package, upgrade)
            package.metadata["version"] = upgrade.target  # what its releases are now
            if self.on_warning is not None:
                self.on_warning(
                    f"{item.source}: the package declares OCDS {version}: upgraded to {upgrade.target} with ocdskit"
                )
            version = upgrade.target
        minor = minor_version(version)
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

        A single large file of JSON Lines grouped by ocid is merged in ranges (see :meth:`_ranges`) when
        there are several workers; anything else goes through :class:`~ocds_regency.compile.group.Grouper`.
        The cyclic garbage collector is paused meanwhile: merged data holds no reference cycles.

        Raises:
            OcdsRegencyError: only if ``on_error`` is ``None``.
        """
        with collector.paused():
            yield from self._run(inputs)

    def _run(self, inputs: Sequence[Iterable[SourcedRelease]]) -> Iterator[bytes]:
        merging = GroupMerger(self.rules, self.output, linked=self.linked, strict=self.strict)
        inputs = list(inputs)
        stream = self.stream if (self.stream is not None or len(inputs) == 1) else False
        grouper = Grouper(memory_limit=self.memory_limit, stream=stream)
        self._grouper = grouper
        self._dispatched = 0
        self._counted = True
        self._pool = None
        batch: Batch = []
        batch_bytes = 0
        inline = 0

        def flush_batch() -> None:
            nonlocal batch, batch_bytes
            if not batch:
                return
            if self._pool is None:
                self._pool = Workers(self.workers, merging)
            self._pool.send(batch)
            batch = []
            batch_bytes = 0

        def dispatch(group: Group) -> Iterator[bytes]:
            nonlocal inline, batch_bytes
            self._dispatched += 1
            ocid, entries = group
            task = [(entry.data, entry.uri, entry.where) for entry in entries]
            if self._pool is None and (self.workers <= 1 or inline < _INLINE_GROUPS):
                inline += 1
                decoded = [entry.release for entry in entries]
                yield from self._handle(merging.group(ocid, task, None if None in decoded else decoded))
                return
            batch.append((ocid, task))
            batch_bytes += sum(len(entry.data) for entry in entries)
            if len(batch) >= _BATCH_GROUPS or batch_bytes >= _BATCH_BYTES:
                # At most _IN_FLIGHT batches per worker: enough to keep it busy while this process reads,
                # few enough to bound memory.
                yield from self._drain(_IN_FLIGHT * len(self._pool.connections) - 1 if self._pool else 0)
                flush_batch()

        def consume(source: Iterable[SourcedRelease], skip_before: int = 0) -> Iterator[bytes]:
            for item in source:
                if skip_before:  # already merged in ranges
                    if item.release is None and _line_number(item.position) < skip_before:
                        continue
                    skip_before = 0
                release = item.release
                if release is None and item.ocid is not None and item.raw is not None:
                    # decoded later (in a worker): only the ocid was read
                    for group in self._add(grouper, item.ocid, Entry(item.raw, "", item.where)):
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
                for group in self._add(grouper, ocid, Entry(data, uri, item.where, release)):
                    yield from dispatch(group)

        try:
            ranged = self._range_input(inputs, stream)
            for source in inputs:
                try:
                    if source is ranged:
                        assert isinstance(source, ReleaseReader)
                        self._counted = False  # groups merged in ranges are found by the workers
                        rest = yield from self._ranges(source, stream, merging)
                        if rest is None:
                            continue
                        line, emitted = rest
                        if emitted:
                            grouper.close()
                            grouper = Grouper(memory_limit=self.memory_limit, stream=True, emitted=emitted)
                            self._grouper = grouper
                        yield from consume(source, line)
                    else:
                        yield from consume(source)
                except InputError as exc:
                    self._error(exc)  # this input stops here; what was read is still merged
            if self.on_input_done is not None:
                self.on_input_done()
            for group in grouper.finish():
                yield from dispatch(group)
            if self._pool is not None:
                yield from self._drain(_IN_FLIGHT * len(self._pool.connections) - 1)
            flush_batch()
            yield from self._drain(0)
        finally:
            grouper.close()
            self._grouper = None
            if self._pool is not None:
                self._pool.close()
                self._pool = None

    def expected_records(self) -> int | None:
        """How many merged objects this run yields in all, once every input is read (in ``on_input_done``):
        the groups handed on so far plus those still held; ``None`` when it can't be known (before the input
        is read, or when a file was merged in ranges). A group that fails to merge yields nothing, so the
        run may yield fewer."""
        if self._grouper is None or not self._counted:
            return None
        return self._dispatched + self._grouper.remaining()

    def _drain(self, limit: int) -> Iterator[bytes]:
        """Handle results until at most ``limit`` batches or ranges are in flight."""
        pool = self._pool
        while pool is not None and pool.pending > limit:
            for result in pool.receive():
                yield from self._handle(result)

    def _range_input(
        self, inputs: list[Iterable[SourcedRelease]], stream: bool | None
    ) -> Iterable[SourcedRelease] | None:
        """The input to merge in ranges, if any: the only input, a regular file of at least
        :data:`RANGE_MIN_SIZE` bytes read by a lazy :class:`ReleaseReader`, whose first line is a release with
        its ocid first, with several workers and streaming allowed."""
        if len(inputs) != 1 or stream is False or self.range_workers < 2:
            return None
        source = inputs[0]
        if not (isinstance(source, ReleaseReader) and source.lazy and isinstance(source.source, (str, os.PathLike))):
            return None
        path = os.fspath(source.source)
        if path == "-":
            return None
        try:
            info = os.stat(path)
            if not stat.S_ISREG(info.st_mode) or info.st_size < RANGE_MIN_SIZE:
                return None
            with open(path, "rb") as file:
                head = file.read(1 << 20)
        except OSError:
            return None
        newline = head.find(b"\n")
        if newline < 0:
            return None
        found = RANGE_LINE.match(head, 0, newline + 1)
        if found is None or found.group(1) is None:
            return None
        try:  # the reader takes a file whose first line is valid JSON for JSON Lines
            codec.fast_loads(head[:newline])  # a probe
        except codec.FastDecodeError:
            return None
        return source

    def _ranges(
        self, reader: ReleaseReader, stream: bool | None, merging: GroupMerger
    ) -> Generator[bytes, None, tuple[int, set[str]] | None]:
        """Merge a file of JSON Lines grouped by ocid in ranges of whole groups, read by the workers.

        This process only reads the start of each line (the ocid, in :data:`_SCAN_BLOCK` blocks) to find
        where groups start, and sends ranges of about :data:`RANGE_BYTES` (whole groups) to the workers,
        at most :data:`_IN_FLIGHT` per worker at a time; each worker reads its range from the file, merges
        and sends back the output, yielded in file order. The output is the same as the
        :class:`~ocds_regency.compile.group.Grouper` path's: with ``stream=None``, the ocids of the first
        ``memory_limit`` bytes of releases must ascend, else nothing is done here.

        Returns:
            ``None`` once the whole file is merged; else the line from which the rest of the file must be read
            the ordinary way (a line that is not a release with its ocid first, or an ocid out of order,
            was found in the group that starts there), with the ocids already merged.
        """
        path = os.fspath(reader.source)  # type: ignore[arg-type]
        name = reader.name
        count = self.range_workers
        match = RANGE_LINE.match
        probing = stream is None
        limit = self.memory_limit
        probe_bytes = 0
        held: list[Range] = []  # ranges found while probing: sent once the probe succeeds
        emitted: set[str] = set()
        key: bytes | None = None
        ocid = ""
        group_offset = range_offset = 0
        group_line = range_line = 1
        number = 0

        def submit(task: Range) -> Iterator[bytes]:
            if self._pool is None:
                self._pool = Workers(count, merging)
            yield from self._drain(_IN_FLIGHT * len(self._pool.connections) - 1)
            self._pool.send_range(task)

        with open(path, "rb", buffering=0) as source:
            offset = 0
            size = _SCAN_BLOCK
            while block := source.read(size):
                last = len(block) < size
                start = 0
                length = len(block)
                while start < length:
                    end = block.find(b"\n", start, length)
                    if end < 0 and not last:
                        break  # a partial line: read again with the next block
                    stop = length if end < 0 else end + 1
                    number += 1
                    found = match(block, start, stop)
                    if found is None:
                        return (
                            yield from self._stop_ranges(
                                probing, group_line, emitted, range_offset, range_line, group_offset, submit, path, name
                            )
                        )
                    here = found.group(1)
                    if here is not None:
                        if here != key:
                            new = here.decode("utf-8", "replace")
                            if key is not None:
                                if new <= ocid:
                                    return (
                                        yield from self._stop_ranges(
                                            probing,
                                            group_line,
                                            emitted,
                                            range_offset,
                                            range_line,
                                            group_offset,
                                            submit,
                                            path,
                                            name,
                                        )
                                    )
                                emitted.add(ocid)
                            key, ocid = here, new
                            group_offset, group_line = offset + start, number
                            if group_offset - range_offset >= RANGE_BYTES:
                                task = (path, name, range_offset, group_offset - range_offset, range_line)
                                if probing:
                                    held.append(task)
                                else:
                                    yield from submit(task)
                                range_offset, range_line = group_offset, group_line
                        if probing:
                            probe_bytes += stop - start
                            if probe_bytes > limit:
                                probing = False
                                for task in held:
                                    yield from submit(task)
                                held = []
                    start = stop
                if last:
                    offset += length
                    break
                if not start:
                    size *= 2  # a line longer than a block
                offset += start
                source.seek(offset)
        held.append((path, name, range_offset, offset - range_offset, range_line))
        for task in held:
            if task[3]:
                yield from submit(task)
        return None

    def _stop_ranges(
        self,
        probing: bool,
        line: int,
        emitted: set[str],
        range_offset: int,
        range_line: int,
        group_offset: int,
        submit: Callable[[Range], Iterator[bytes]],
        path: str,
        name: str,
    ) -> Generator[bytes, None, tuple[int, set[str]]]:
        """Send the groups before ``line`` (unless still probing: then nothing was sent, all of the file is
        left to the ordinary path) and wait for their output."""
        if probing:
            return 1, set()
        if group_offset > range_offset:
            yield from submit((path, name, range_offset, group_offset - range_offset, range_line))
        yield from self._drain(0)
        return line, emitted

    def _add(self, grouper: Grouper, ocid: str, entry: Entry) -> list[Group]:
        try:
            return grouper.add(ocid, entry)
        except InputError as exc:
            self._error(exc)
            return []

    def _handle(self, result: Result) -> Iterator[bytes]:
        ocid, out, messages, errors, extensions = result
        if extensions:
            self.extensions.update(extensions)
        if self.on_warning is not None:
            for message in messages:
                self.on_warning(f"{ocid}: {message}")
        for error in errors:
            self._error(error)
        if out is not None:
            self.written += 1
            yield out
