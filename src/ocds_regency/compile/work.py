"""The merge work of the compile engine: one group, a batch of groups or a range of a file, to output bytes.

Everything a run needs to merge lives in one :class:`GroupMerger` (the rules, the output kind, whether
records link releases), made by each run and handed to its worker processes: two runs in one process never
share state. Problems come back as exceptions (:class:`~ocds_regency.errors.InputError`,
:class:`~ocds_regency.errors.MergeError` with its ``ocid``, ``path`` and ``index``), which cross the pipe
from a worker as they are.
"""

from __future__ import annotations

import enum
import re
import warnings
from typing import Any

from ocds_regency import codec
from ocds_regency.errors import InputError, MergeError, OcdsRegencyError
from ocds_regency.merge import Merger
from ocds_regency.merge.rules import MergeRules
from ocds_regency.package import extensions_used, linked_release, record_bytes
from ocds_regency.read.limits import MAX_RELEASES_PER_OCID, check_depth
from ocds_regency.read.ocid import LINE_SPACE, ocid_member
from ocds_regency.write import dumps

__all__ = ["RANGE_LINE", "Batch", "GroupMerger", "Output", "Range", "Result", "Task"]


class Output(enum.Enum):
    """What :class:`~ocds_regency.compile.Compiler` produces for each ocid."""

    COMPILED = "compiled"
    VERSIONED = "versioned"
    RECORD = "record"
    RECORD_VERSIONED = "record+versioned"


#: (ocid, output bytes or None, distinct warnings, problems, the ids of the bundled extensions found so far
#: by the merger when this group added one, else ``()``; see :attr:`GroupMerger.extensions`).
Result = tuple[str, bytes | None, list[str], list[OcdsRegencyError], tuple[str, ...]]
#: A release of a group: its JSON, the ``uri`` of its package (or ``""``), where it was read (for messages).
Task = tuple[bytes, str, str]
#: Groups sent to a worker: (ocid, releases).
Batch = list[tuple[str, list[Task]]]
#: A range of whole groups of a JSON Lines file: path, name for messages, byte offset, length, first line.
Range = tuple[str, str, int, int, int]

#: A line that holds a release with a plain ocid first (group 1: the ocid), or a blank line (no group 1);
#: the ocid is the one :data:`~ocds_regency.read.ocid.OCID_FIRST` takes from the same line.
RANGE_LINE = re.compile(LINE_SPACE + rb"*(?:" + ocid_member() + rb"|\n|\Z)")


def _decode(entries: list[Task], errors: list[OcdsRegencyError], nesting: bool = False) -> list[tuple[Any, int]]:
    decoded = []
    for position, (data, _uri, where) in enumerate(entries):
        try:
            # lines passed the reader's guard (or, byte ranges, the worker's: see Worker.range) unless ``nesting``
            release = codec.loads(data, duplicates="refuse", nesting=nesting)
        except codec.DuplicateKeyError as exc:
            errors.append(InputError(f"{where}: {exc}"))
            continue
        except codec.JsonTextError as exc:
            hint = "" if data.endswith(b"\n") else " (truncated?)"
            errors.append(InputError(f"{where}: invalid JSON{hint}: {exc}"))
            continue
        if type(release) is not dict:
            errors.append(InputError(f"{where}: a release must be a JSON object, not {type(release).__name__}"))
            continue
        decoded.append((release, position))
    return decoded


class GroupMerger:
    """Merge groups of releases of one ocid into the output of a run.

    Args:
        rules: the merge rules.
        output: what each group becomes.
        linked: in records, link releases that came from a package with a ``uri`` instead of embedding them.
        strict: see :class:`~ocds_regency.merge.Merger`.
    """

    def __init__(self, rules: MergeRules, output: Output, *, linked: bool = False, strict: bool = False) -> None:
        self.merger = Merger(rules, strict=strict)
        self.output = output
        self.linked = linked
        #: Records: the ids of the bundled extensions whose fields the records' compiled releases use (see
        #: :func:`~ocds_regency.package.extensions_used`), which the record package declares. Found where each
        #: compiled release is serialised, in the process that merges it: the compiled release holds every field
        #: of the releases, compactly, so it alone is scanned, not the record (its versioned release, about three
        #: times as long, only adds the history, including fields that were only ever null).
        self.extensions: set[str] = set()

    def group(
        self, ocid: str, entries: list[Task], decoded: list[Any] | None = None, *, nesting: bool = False
    ) -> Result:
        """Merge one group (decoding its releases unless given; ``nesting``: check each one's nesting, for lines
        that did not pass a guard).

        A :class:`~ocds_regency.errors.MergeError` comes back as the same class, its message prefixed with
        where the offending release was read and the ocid, its ``index`` the release's position in
        ``entries``.
        """
        errors: list[OcdsRegencyError] = []
        count = len(decoded) if decoded is not None else len(entries)
        if count > MAX_RELEASES_PER_OCID:
            where = entries[0][2] if entries else ocid
            message = (
                f"{where}: {ocid}: {count:,} releases for one ocid: refused, the limit is {MAX_RELEASES_PER_OCID:,} "
                "(a contracting process has a few dozen; merging this many would take hours)"
            )
            return ocid, None, [], [InputError(message)], ()
        if decoded is not None:
            pairs = [(release, position) for position, release in enumerate(decoded)]
        else:
            pairs = _decode(entries, errors, nesting)
            if not pairs:
                return ocid, None, [], errors, ()
        out: bytes | None = None
        known = len(self.extensions)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                out = self._merge(ocid, entries, pairs)
            except MergeError as exc:
                index = exc.index
                position = pairs[index][1] if index is not None and 0 <= index < len(pairs) else pairs[0][1]
                message = f"{entries[position][2]}: {ocid}: {exc}"
                errors.append(type(exc)(message, ocid=ocid, path=exc.path, index=position))
        seen: dict[str, None] = {}
        for warning in caught:
            seen.setdefault(str(warning.message))
        return ocid, out, list(seen), errors, tuple(self.extensions) if len(self.extensions) > known else ()

    def _merge(self, ocid: str, entries: list[Task], pairs: list[tuple[Any, int]]) -> bytes:
        merger = self.merger
        releases = [release for release, _ in pairs]
        output = self.output
        if output is Output.COMPILED:
            return dumps(merger.create_compiled_release(releases))
        if output is Output.VERSIONED:
            return dumps(merger.create_versioned_release(releases))
        versioned: bytes | None = None
        if output is Output.RECORD_VERSIONED:
            both = merger.create_both(releases)
            compiled, versioned = both[0], dumps(both[1])
        else:
            compiled = merger.create_compiled_release(releases)
        listed: list[bytes | dict[str, Any]] = []
        for release, position in pairs:
            data, uri, _where = entries[position]
            listed.append(linked_release(release, uri) if (self.linked and uri) else data)
        compiled_bytes = dumps(compiled)
        extensions_used(compiled_bytes, self.extensions)
        return record_bytes(ocid, listed, compiled_bytes, versioned)

    def batch(self, batch: Batch) -> list[Result]:
        """Merge groups read by the reading process."""
        return [self.group(ocid, entries) for ocid, entries in batch]

    def range(self, task: Range) -> list[Result]:
        """Read a range of whole ocid groups from the file itself, and merge each group."""
        path, name, offset, length, number = task
        try:
            with open(path, "rb") as source:
                source.seek(offset)
                block = source.read(length)
        except OSError as exc:
            return [
                ("", None, [], [InputError(f"{name}: can't read lines {number} and after: {exc.strerror or exc}")], ())
            ]
        if len(block) < length:
            block += b"\n"  # the file shrank: what is missing can't be merged (the last line is reported truncated)
        try:
            check_depth(block, name)  # the nesting limit of every reader, as the reading process's guard checks it
            nesting = False
        except InputError:
            nesting = True  # some line is too deep: each line is checked on its own, so that its refusal names it
        match = RANGE_LINE.match
        results: list[Result] = []
        current: bytes | None = None
        entries: list[Task] = []
        start = 0
        size = len(block)
        while start < size:
            end = block.find(b"\n", start)
            stop = size if end < 0 else end + 1
            found = match(block, start, stop)
            key = found.group(1) if found is not None else None
            if key is None:
                if block[start:stop].strip():  # the file changed since it was scanned
                    results.append(("", None, [], [InputError(f"{name}, line {number}: not a release line")], ()))
            else:
                if key != current:
                    if current is not None:
                        results.append(self.group(current.decode("utf-8", "replace"), entries, nesting=nesting))
                    current = key
                    entries = []
                entries.append((block[start:stop], "", f"{name}, line {number}"))
            number += 1
            start = stop
        if current is not None:
            results.append(self.group(current.decode("utf-8", "replace"), entries, nesting=nesting))
        return results

    def message(self, message: tuple[str, Any]) -> list[Result]:
        """Do what a message from the reading process asks: ``("range", Range)`` or ``("batch", Batch)``."""
        kind, task = message
        return self.range(task) if kind == "range" else self.batch(task)
