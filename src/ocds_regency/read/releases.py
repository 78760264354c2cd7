"""Stream OCDS releases out of files or standard input, whatever the packaging.

Accepted, in any mix: release packages, record packages (their embedded releases), releases, JSON arrays of
any of these, JSON Lines (one per line) and concatenated JSON. Nothing is loaded whole: JSON Lines are read
line by line with :mod:`orjson`; anything else is parsed in one go when small, else split exactly into its
values at byte level, each release decoded by orjson as it comes; every value is decoded exactly
(:mod:`~ocds_regency.codec`: a repeated key refused, wide integers kept). Each release comes with its
source and position, so that an error can say where it came from::

    reader = ReleaseReader("releases.jsonl")
    for release, where in reader:          # where: "releases.jsonl, line 12"
        ...
    reader.packages                        # metadata of the packages read (without releases/records)
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from os import PathLike
from pathlib import Path
from typing import IO, Any, NoReturn, cast

from ocds_regency import codec
from ocds_regency._words import count_of
from ocds_regency.errors import InputError
from ocds_regency.read.limits import JsonGuard
from ocds_regency.read.ocid import OCID_FIRST
from ocds_regency.types import JSONObject

__all__ = [
    "OCID_FIRST",
    "InputPackage",
    "ReleaseReader",
    "SourcedRelease",
    "ocds_kind",
    "open_source",
    "read_values",
]


#: Inputs up to this size that are not JSON Lines are parsed in one go; larger ones are split into their releases.
#: One orjson call is the cheapest way to read a small document, but a document decoded whole is every release's
#: objects alive at once: a 9 MB package of 500 compiled releases became ~60 MB of objects (peak RSS 80 MB,
#: a fifth of `flatten`'s CPU in page faults), where splitting reads it in 26 MB with less CPU in all
#: (docs/benchmarks.md, "The release reader splits packages over 1 MB").
WHOLE_PARSE_LIMIT = 1 << 20
_CHUNK = 1 << 16
_SPLIT_BLOCK = 1 << 20
#: How far past an item of an array of like objects the next one's start is looked for (at least).
_SIBLING_WINDOW = 1 << 16
_OPEN_OBJECT, _CLOSE_OBJECT, _OPEN_ARRAY, _CLOSE_ARRAY = b"{}[]"
_QUOTE, _COMMA, _COLON = b'",:'
_UNSET: Any = object()  # no value decoded yet (None is JSON's null)
_NOT_END: Any = object()  # a candidate end that is not the end of the value
_NOT_WHITESPACE = re.compile(rb"[^ \t\r\n]")
# A whole string (unrolled: no backtracking state per character, so a 200 MB string is one match).
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
# What stands where a number, true, false or null is expected, up to the next structural byte (whatever it
# is: the decoder says whether it is JSON); at least one byte.
_BARE = re.compile(rb'[^ \t\r\n,:\[\]{}"]+|.', re.DOTALL)
# The structure of a value: strings (skipped whole), a quote whose string does not end here, brackets.
_STRUCTURE = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|"|[\[\]{}]', re.DOTALL)
# The first key of an object.
_FIRST_KEY = re.compile(rb'\{[ \t\r\n]*("[^"\\]*(?:\\.[^"\\]*)*")[ \t\r\n]*:', re.DOTALL)


@dataclass(slots=True)
class InputPackage:
    """The metadata of a release or record package read from the input (everything but its releases/records).

    Attributes:
        kind: ``"release package"`` or ``"record package"``.
        metadata: the package's other fields (``uri``, ``publisher``, ``version``, ``extensions``...).
        source: where the package was read.
    """

    kind: str
    metadata: JSONObject = field(default_factory=dict)
    source: str = ""


@dataclass(frozen=True, slots=True)
class SourcedRelease:
    """A release (or whatever stood where a release was expected) and where it was read.

    Attributes:
        release: the decoded value (normally a JSON object).
        source: the file name, or ``"<stdin>"``.
        position: where in the source: ``"line 12"``, ``"item 3"``, ``"line 2, releases[5]"``...
        package: the release or record package it came from, if any.
        raw: the release's JSON text, when it was read as one line of JSON Lines.
        ocid: with ``lazy=True``, the ocid of a line left undecoded (``release`` is then ``None``).
    """

    release: Any
    source: str
    position: str
    package: InputPackage | None = None
    raw: bytes | None = None
    ocid: str | None = None

    @property
    def where(self) -> str:
        """``source, position``."""
        return f"{self.source}, {self.position}"


Source = str | PathLike[str] | IO[bytes] | bytes


def open_source(source: Source, name: str) -> tuple[IO[bytes], bool]:
    """Open an input for reading bytes: a path, ``"-"`` (standard input), bytes, or a binary stream.

    Returns:
        The stream, and whether the caller must close it.

    Raises:
        InputError: the file can't be opened, or standard input is closed (named ``name``).
    """
    if isinstance(source, bytes):
        return io.BytesIO(source), True
    if isinstance(source, (str, PathLike)):
        if str(source) == "-":
            if sys.stdin is None:  # started with its standard input closed
                raise InputError("standard input is closed", source=name)
            return sys.stdin.buffer, False
        try:
            return Path(source).open("rb"), True
        except OSError as exc:
            raise InputError(f"can't open: {exc.strerror or exc}", source=name) from exc
    return source, False


class ReleaseReader:
    """Iterate over the releases of one input (a path, ``"-"`` for standard input, a binary stream, or bytes).

    Iterating yields :class:`SourcedRelease` objects; :attr:`packages` fills up as packages are read.

    Args:
        source: what to read.
        name: the name used in messages (default: the path, ``"<stdin>"`` or ``"<bytes>"``).
        lazy: leave JSON Lines that start with ``{"ocid": "..."`` undecoded: yield their text and ocid only
            (``release`` is ``None``), for a consumer that decodes them later, e.g. in another process.
            Such a line is not checked here: invalid JSON is found when it is decoded.

    Raises:
        InputError: (while iterating) the input can't be opened, or isn't valid JSON; the message names
            the source and the position (line, or the item after the last good release).
    """

    def __init__(self, source: Source, *, name: str | None = None, lazy: bool = False, unwrap: bool = True) -> None:
        self.source = source
        self.lazy = lazy
        self.unwrap = unwrap
        if name is None:
            if isinstance(source, bytes):
                name = "<bytes>"
            elif isinstance(source, (str, PathLike)):
                name = "<stdin>" if str(source) == "-" else str(source)
            else:
                name = getattr(source, "name", None) or "<stream>"
                if not isinstance(name, str):
                    name = "<stream>"
        self.name = name
        self.packages: list[InputPackage] = []
        self.count = 0

    def __iter__(self) -> Iterator[SourcedRelease]:
        stream, close = self._open()
        try:
            # Every byte passes the guard: too deep a nesting or too long a number is refused as it is read.
            yield from self._read(cast(IO[bytes], JsonGuard(stream, self.name)))
        finally:
            if close:
                stream.close()

    def _open(self) -> tuple[IO[bytes], bool]:
        return open_source(self.source, self.name)

    def _error(self, message: str, position: str | None = None) -> InputError:
        return InputError(message, source=self.name, position=position)

    def _read(self, stream: IO[bytes]) -> Iterator[SourcedRelease]:
        head = stream.read(_CHUNK)
        if isinstance(head, str):  # a text stream was given
            raise self._error("the input must be opened in binary mode")
        stripped = head.lstrip()
        if stripped.startswith(b"\xef\xbb\xbf"):  # UTF-8 byte order mark
            head = head.replace(b"\xef\xbb\xbf", b"", 1)
            stripped = head.lstrip()
        if not stripped:
            rest = stream.read(_CHUNK)
            if not rest.strip():
                return  # empty input: no releases
            head += rest
        newline = head.find(b"\n")
        first_line = head if newline < 0 else head[:newline]
        if first_line.strip():
            try:
                codec.loads(first_line, duplicates="keep", source=self.name)
            except codec.JsonTextError:
                pass
            else:
                if newline >= 0 or len(head) < _CHUNK:
                    yield from self._read_lines(head, stream)
                    return
        # Not JSON Lines: parse in one go if small, else split into values at byte level.
        need = WHOLE_PARSE_LIMIT - len(head) + 1  # the guard may have handed on more (a long string)
        data = head + stream.read(need) if need > 0 else head
        del head
        if len(data) <= WHOLE_PARSE_LIMIT:
            try:
                document = codec.loads(data, duplicates="refuse", source=self.name, nesting=False)  # guarded
            except codec.JsonTextError:
                pass  # concatenated JSON, a repeated key, or invalid: the streaming reader says which and where
            else:
                del data
                yield from self._document(document, "")
                return
        buffer = _Buffer(data, stream)
        del data  # the buffer lets go of what it has handed on
        yield from self._read_split(buffer)

    def _read_lines(self, head: bytes, stream: IO[bytes]) -> Iterator[SourcedRelease]:
        buffered = io.BufferedReader(_Chain(head, stream), buffer_size=1 << 20)
        loads = codec.loads
        lazy = OCID_FIRST.match if self.lazy else None
        number = 0
        for number, line in enumerate(buffered, 1):
            if lazy is not None:
                match = lazy(line)
                if match is not None:
                    self.count += 1
                    ocid = match.group(1).decode("utf-8", "replace")
                    yield SourcedRelease(None, self.name, f"line {number}", None, line, ocid)
                    continue
            if line.isspace():  # stops at the first other byte (strip would copy the line)
                continue
            try:
                value = loads(line, duplicates="refuse", source=self.name, nesting=False)  # the stream is guarded
            except codec.DuplicateKeyError as exc:
                raise self._error(str(exc), f"line {number}") from None
            except codec.JsonTextError as exc:
                hint = " (truncated?)" if not line.endswith(b"\n") else ""
                raise self._error(f"invalid JSON{hint}: {exc}", f"line {number}") from None
            if type(value) is dict and (not self.unwrap or ("releases" not in value and "records" not in value)):
                self.count += 1
                yield SourcedRelease(value, self.name, f"line {number}", None, line)
            else:
                yield from self._document(value, f"line {number}")

    def _document(self, value: Any, where: str) -> Iterator[SourcedRelease]:
        prefix = f"{where}, " if where else ""
        if type(value) is list:
            for index, item in enumerate(value):
                yield from self._document(item, f"{prefix}item {index + 1}")
            return
        if not self.unwrap and type(value) is dict:
            pass
        elif type(value) is dict and type(value.get("releases")) is list and "ocid" not in value:
            package = self._package("release package", value, ("releases",))
            for index, release in enumerate(value["releases"]):
                self.count += 1
                yield SourcedRelease(release, self.name, f"{prefix}releases[{index}]", package)
            return
        elif type(value) is dict and type(value.get("records")) is list and "ocid" not in value:
            package = self._package("record package", value, ("records",))
            for index, record in enumerate(value["records"]):
                yield from self._record(record, f"{prefix}records[{index}]", package)
            return
        self.count += 1
        yield SourcedRelease(value, self.name, where or "value 1")

    def _record(self, record: Any, where: str, package: InputPackage | None) -> Iterator[SourcedRelease]:
        if type(record) is not dict or type(record.get("releases")) is not list:
            raise self._error("a record without a `releases` array", where)
        for index, release in enumerate(record["releases"]):
            if type(release) is dict and "url" in release and "ocid" not in release:
                raise self._error(
                    f"the record of {record.get('ocid')!r} has linked releases (`url`), which can't be merged: "
                    "give the release packages they point to instead",
                    f"{where}.releases[{index}]",
                )
            self.count += 1
            yield SourcedRelease(release, self.name, f"{where}.releases[{index}]", package)

    def _package(self, kind: str, value: JSONObject, skip: tuple[str, ...]) -> InputPackage:
        metadata = {key: item for key, item in value.items() if key not in skip}
        package = InputPackage(kind, metadata, self.name)
        self.packages.append(package)
        return package

    # -- JSON that is not JSON Lines, split exactly into values at byte level -----------------------------

    def _read_split(self, buffer: _Buffer) -> Iterator[SourcedRelease]:
        """Read concatenated JSON values (one document, usually): packages stream their releases/records."""
        documents = 0
        while True:
            first = self._next(buffer)
            if first < 0:
                return
            documents += 1
            where = f"value {documents}"
            if first == _OPEN_OBJECT and self.unwrap:
                yield from self._split_object(buffer, where)
            elif first == _OPEN_ARRAY:
                yield from self._split_array(buffer, where)
            elif first == _OPEN_OBJECT:
                self.count += 1
                yield SourcedRelease(self._value(buffer, where), self.name, where)
            else:
                yield from self._document(self._value(buffer, where), where)

    def _split_array(self, buffer: _Buffer, where: str) -> Iterator[SourcedRelease]:
        """The items of a top-level array: each decoded whole, or streamed if it is a very large object."""
        buffer.position += 1
        index = 0
        while self._next(buffer, after_item=index > 0, closing=_CLOSE_ARRAY) >= 0:
            index += 1
            label = f"{where}, item {index}"
            if buffer.data[buffer.position] == _OPEN_OBJECT and self.unwrap:
                end, value = buffer.end_of_sibling(WHOLE_PARSE_LIMIT)
                if end is None and not buffer.eof:  # larger than a small document: its members one by one
                    yield from self._split_object(buffer, label)
                    continue
                yield from self._document(self._take(buffer, end, label, value), label)
            else:
                yield from self._document(self._value(buffer, label), label)

    def _split_object(self, buffer: _Buffer, where: str) -> Iterator[SourcedRelease]:
        """Read one object member by member: a package (streaming its releases/records) or a release."""
        buffer.position += 1
        fields: JSONObject = {}
        package: InputPackage | None = None
        members = 0
        while self._next(buffer, after_item=members > 0, closing=_CLOSE_OBJECT) >= 0:
            members += 1
            key = self._key(buffer)
            if key in ("releases", "records") and buffer.data[buffer.position] == _OPEN_ARRAY and "ocid" not in fields:
                if package is None:  # metadata read so far; fields after the array are added at the end
                    kind = "release package" if key == "releases" else "record package"
                    package = self._package(kind, fields, ())
                buffer.position += 1
                index = 0
                while self._next(buffer, after_item=index > 0, closing=_CLOSE_ARRAY) >= 0:
                    label = f"{where}, {key}[{index}]"
                    index += 1
                    item = self._value(buffer, label, sibling=True)
                    if key == "releases":
                        self.count += 1
                        yield SourcedRelease(item, self.name, label, package)
                    else:
                        yield from self._record(item, label, package)
                continue
            value = self._value(buffer, where)
            if key in fields:
                try:
                    codec.refuse_duplicate(fields[key], value, key)
                except codec.DuplicateKeyError as exc:
                    raise self._error(str(exc), where) from None
            fields[key] = value
        if package is not None:
            package.metadata.update(fields)
        else:
            self.count += 1
            yield SourcedRelease(fields, self.name, where)

    def _next(self, buffer: _Buffer, *, after_item: bool = False, closing: int = 0) -> int:
        """Move to the next value (past a ``,`` after an item); its first byte, or -1 at ``closing`` (passed)
        or at the end of the input (top level only)."""
        found = buffer.skip_whitespace()
        if closing:
            if found == closing:
                buffer.position += 1
                return -1
            if after_item:
                if found != _COMMA:
                    self._unexpected(buffer, found, "`,` or the end of the array or object")
                buffer.position += 1
                found = buffer.skip_whitespace()
        if found < 0 and closing:
            self._unexpected(buffer, found, "a value")
        return found

    def _key(self, buffer: _Buffer) -> str:
        """An object's key, and past its ``:``."""
        match = _STRING.match(buffer.data, buffer.position)  # whole: no block ends inside a string (JsonGuard)
        if match is None:
            self._unexpected(buffer, buffer.data[buffer.position], "a key")
        key = self._decode(match.group(), f"near byte {buffer.offset + buffer.position}")
        buffer.position = match.end()
        colon = buffer.skip_whitespace()
        if colon != _COLON:
            self._unexpected(buffer, colon, "`:`")
        buffer.position += 1
        if buffer.skip_whitespace() < 0:
            self._unexpected(buffer, -1, "a value")
        return cast(str, key)

    def _value(self, buffer: _Buffer, where: str, *, sibling: bool = False) -> Any:
        """The next value, decoded exactly. ``sibling``: an item of an array of like objects (found faster)."""
        first = buffer.data[buffer.position]
        if first in (_OPEN_OBJECT, _OPEN_ARRAY):
            end, value = buffer.end_of_sibling(None) if sibling and first == _OPEN_OBJECT else (None, _UNSET)
            if end is None:
                end = buffer.end_of_item(None)
            return self._take(buffer, end, where, value)
        return self._take(buffer, buffer.end_of_scalar(), where)

    def _take(self, buffer: _Buffer, end: int | None, where: str, value: Any = _UNSET) -> Any:
        """Decode ``data[position:end]`` (``value``: orjson's reading of it, if done) and move past it."""
        if end is None:
            self._truncated()
        raw = buffer.data[buffer.position : end]
        buffer.position = end
        if value is not _UNSET and codec.trusted(raw, value):
            return value
        return self._decode(raw, where)

    def _decode(self, raw: bytes, where: str) -> Any:
        try:
            return codec.loads(raw, duplicates="refuse", nesting=False)  # the stream is guarded
        except codec.DuplicateKeyError as exc:
            raise self._error(str(exc), where) from None
        except codec.JsonTextError as exc:
            raise self._error(f"invalid JSON after {count_of(self.count, 'release')}: {exc}", where) from None

    def _truncated(self) -> NoReturn:
        raise self._error(
            f"invalid or truncated JSON after {count_of(self.count, 'release')}: the input ends inside a value",
            "end of input",
        )

    def _unexpected(self, buffer: _Buffer, found: int, expected: str) -> NoReturn:
        if found < 0:
            self._truncated()
        raise self._error(
            f"invalid or truncated JSON after {count_of(self.count, 'release')}: "
            f"{chr(found)!r} where {expected} was expected",
            f"near byte {buffer.offset + buffer.position}",
        )


class _Chain(io.RawIOBase):
    """A read-only binary stream: some bytes already read, then the rest of a stream (which may hand on
    more than is asked for: :class:`~ocds_regency.read.limits.JsonGuard` does, to the end of a string)."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if not self._head:
            self._head = memoryview(self._rest.read(len(buffer)))
            if not self._head:
                return 0
        size = min(len(buffer), len(self._head))
        buffer[:size] = self._head[:size]
        self._head = self._head[size:]
        if not self._head:
            self._head = memoryview(b"")  # a slice would keep the whole buffer alive
        return size

    def read(self, size: int | None = -1) -> bytes:
        """The bytes not yet handed on, at least ``size`` of them (all, if ``size`` is negative)."""
        if size == 0:
            return b""  # the JSON parser asks for nothing first, to see whether it gets bytes or text
        if self._head:
            data = bytes(self._head)
            self._head = memoryview(b"")
            return data + self._rest.read() if size is None or size < 0 else data
        return self._rest.read(-1 if size is None else size)


@cache
def _sibling_start(first_key: bytes) -> re.Pattern[bytes]:
    """Where an object likely ends when the next item of its array starts with the same key: ``}, {"ocid":``."""
    return re.compile(rb"\}[ \t\r\n]*,[ \t\r\n]*\{[ \t\r\n]*" + re.escape(first_key) + rb"[ \t\r\n]*:")


class _Buffer:
    """The input being split into JSON values at byte level: ``data[position:]`` is not consumed yet.

    The value that starts at ``position`` is found exactly, mostly at C speed, then decoded by orjson (and
    :mod:`~ocds_regency.codec`, exactly, when orjson may have lost something). The blocks come from
    :class:`~ocds_regency.read.limits.JsonGuard` (depth, numbers and strings already checked), which never ends
    a block inside a string: a string that starts in the buffer ends in it.

    The end of an object in an array of objects that start with the same key (releases in a package) is
    found by looking for the next one's start (``}, {"ocid":``), confirmed by orjson: a candidate from which
    the object parses as one whole value is its end (a JSON value is never the start of a longer one), and
    the parse is the decoding. Otherwise (the last item, different first keys, a candidate inside the object)
    its strings and brackets are walked to the bracket that closes it. Memory: a block, plus the largest value.
    """

    def __init__(self, data: bytes, stream: IO[bytes]) -> None:
        self.data = data
        self.stream = stream
        self.position = 0
        self.offset = 0  # bytes dropped before data[0]
        self.eof = False
        self.item_size = 0  # the last item's size, for the window where the next one's end is looked for
        # The bytes from the last item's closing brace to the next one's first key and colon, as last found
        # (``}, {"ocid":``): looked for as they are first, a search for a few bytes instead of a pattern.
        self.separator = b""

    def fill(self) -> bool:
        """Read more, dropping the consumed bytes; ``False`` at the end of the input.

        At least as much is read as is held unconsumed: a value being looked for is re-scanned at most a
        logarithmic number of times, in linear time overall."""
        if self.eof:
            return False
        more = self.stream.read(max(_SPLIT_BLOCK, len(self.data) - self.position))
        if not more:
            self.eof = True
            return False
        self.offset += self.position
        self.data = self.data[self.position :] + more
        self.position = 0
        return True

    def skip_whitespace(self) -> int:
        """Move to the next byte that is not white space and return it (-1 at the end of the input)."""
        while True:
            match = _NOT_WHITESPACE.search(self.data, self.position)
            if match is not None:
                self.position = match.start()
                return self.data[self.position]
            self.position = len(self.data)
            if not self.fill():
                return -1

    def next_item(self) -> int:
        """After an item of an array: past the ``,``, the first byte of the next item; ``]`` at the array's end
        (not passed); -1 for anything else, a trailing comma included (not JSON)."""
        following = self.skip_whitespace()
        if following == _COMMA:
            self.position += 1
            following = self.skip_whitespace()
            return -1 if following == _CLOSE_ARRAY else following
        return following if following == _CLOSE_ARRAY else -1

    def end_of_scalar(self) -> int | None:
        """The end of the string, number, ``true``, ``false`` or ``null`` at ``position`` (or of what stands
        there instead); ``None`` if the input ends inside a string."""
        while True:
            data, start = self.data, self.position
            match = (_STRING if data[start] == _QUOTE else _BARE).match(data, start)
            if match is not None and (match.end() < len(data) or self.eof):
                return match.end()
            if not self.fill():
                return None if match is None else match.end()

    def end_of_sibling(
        self, limit: int | None, known: Callable[[memoryview], bool] | None = None
    ) -> tuple[int | None, Any]:
        """The end of the object at ``position``, an item of an array, and orjson's reading of it when that
        was how it was found (else ``_UNSET``); ``None`` as :meth:`end_of_item` says.

        ``known``: says whether a candidate's bytes are those of an object read whole before (e.g. by an
        earlier run, by their digest): such a candidate is the end (a JSON value is never the start of a longer
        one) and is not decoded (``_UNSET``)."""
        first = _FIRST_KEY.match(self.data, self.position)
        if first is not None:
            pattern = _sibling_start(first.group(1))
            window = max(_SIBLING_WINDOW, 4 * self.item_size)
            if limit is not None:
                window = min(window, limit)
            while len(self.data) - self.position < window and self.fill():
                pass
            data, start = self.data, self.position
            # The separator found last, if it leads to the same key, is looked for first by one search for its
            # bytes (a few times faster than the pattern); its candidate is confirmed like any other. If it is
            # not there, or not the end, the pattern looks from the start: any spacing between the two items.
            literal = self.separator
            if literal.endswith(first.group(1) + b":"):
                at = data.find(literal, start, start + window)
                if at >= 0:
                    value = self._candidate(data, start, at + 1, known)
                    if value is not _NOT_END:
                        self.item_size = at + 1 - start
                        return at + 1, value
            search = start
            for _try in range(3):
                match = pattern.search(data, search, start + window)
                if match is None:
                    break
                end = match.start() + 1
                value = self._candidate(data, start, end, known)
                if value is _NOT_END:
                    search = end  # inside the object (or not JSON: the walk below finds out)
                    continue
                self.separator = match.group()
                self.item_size = end - start
                return end, value
        walked = self.end_of_item(limit)
        if walked is not None:
            self.item_size = walked - self.position
        return walked, _UNSET

    @staticmethod
    def _candidate(data: bytes, start: int, end: int, known: Callable[[memoryview], bool] | None) -> Any:
        """orjson's reading of ``data[start:end]`` (``_UNSET`` if ``known`` knows its bytes), or ``_NOT_END`` if
        those bytes are not one JSON value: ``end`` is not the end of the object that starts at ``start``."""
        try:
            with memoryview(data) as view:
                if known is not None and known(view[start:end]):
                    return _UNSET
                return codec.fast_loads(view[start:end])  # trusted or decoded again by _take
        except codec.FastDecodeError:
            return _NOT_END

    def end_of_item(self, limit: int | None) -> int | None:
        """The end of the object or array at ``position``: just after the bracket that closes it, found by
        walking its strings and brackets. ``None`` if it runs past ``limit`` bytes, or past the end of the
        input (``eof`` is then set)."""
        depth = 0
        walked = 0  # bytes of the value walked, from position
        while True:
            data, start = self.data, self.position
            for match in _STRUCTURE.finditer(data, start + walked):
                byte = data[match.start()]
                if byte == _QUOTE:
                    if match.end() - match.start() == 1:
                        break  # a string that does not end in the buffer: only at the end of the input
                    continue
                if byte in (_OPEN_OBJECT, _OPEN_ARRAY):
                    depth += 1
                else:
                    depth -= 1
                    if depth == 0:
                        return match.end()
                walked = match.end() - start
            else:
                walked = len(data) - start
            if limit is not None and walked > limit:
                return None
            if not self.fill():
                return None


def ocds_kind(head: bytes) -> str | None:
    """Name the OCDS document that JSON text starts with, or ``None`` if it is not OCDS.

    Looks at the keys of the first object (of a JSON array, JSON Lines or a single document) in ``head``,
    the first bytes of a file: ``"release package"``, ``"record package"``, ``"record"`` or ``"release"``.
    ISB rows never have an ``ocid``, packages their ``releases``/``records`` array.
    """
    import ijson  # here: most runs never look at a head this way (imported lazily: start-up)

    keys: set[str] = set()
    try:
        for prefix, event, value in ijson.parse(io.BytesIO(head.lstrip(b"\xef\xbb\xbf")), multiple_values=True):
            if event == "map_key" and prefix in ("", "item"):
                keys.add(value)
            elif event == "end_map" and prefix in ("", "item"):
                break
    except (ijson.common.JSONError, ijson.common.IncompleteJSONError, UnicodeDecodeError):
        pass  # a cut or invalid head: judge from the keys seen so far
    if "ocid" not in keys:
        if "records" in keys:
            return "record package"
        if "releases" in keys and ({"uri", "publisher", "version", "publishedDate"} & keys):
            return "release package"
        return None
    if "releases" in keys and "id" not in keys:
        return "record"
    if keys & {"id", "date", "tag", "initiationType"}:
        return "release"
    return None


def read_values(source: Source, *, name: str | None = None) -> Iterator[tuple[Any, str]]:
    """Iterate over the top-level JSON values of an input, whatever its form, with where each was read.

    A JSON array gives its items, JSON Lines their lines, concatenated JSON its documents, a single
    document itself; packages and records are given whole (not split into releases as
    :class:`ReleaseReader` does).

    Raises:
        InputError: the input can't be opened or isn't valid JSON (the message says where).
    """
    reader = ReleaseReader(source, name=name, unwrap=False)
    for item in reader:
        yield item.release, item.position
