"""OCDS documents as a whole: an input opened as one :class:`Document` (its kind, metadata and items).

:func:`open_input` opens whatever :func:`~ocds_regency.validate.validate` is given: one package, release
or record (:func:`open_document`), or several values (JSON Lines, a JSON array, concatenated JSON, a list),
which are read with :func:`~ocds_regency.read.releases.read_values`, the release reader's value mode.
:func:`open_document` turns a path, bytes or already-parsed data into a :class:`Document`: its kind,
the package metadata and an iterable over the releases (or records). Files up to
``stream_threshold`` bytes are parsed at once with orjson (fastest); bigger packages are read with
ijson one release at a time, so memory stays bounded whatever the file size:

1. a short event pass reads the metadata that precedes the ``releases``/``records`` array;
2. a pass over that array yields one item at a time;
3. the top-level keys are listed by a C-speed pass; metadata found *after* the array (rare) is read
   with one more pass per key.

Unusable input raises :class:`~ocds_regency.errors.InputError` naming the source and, when known, the
position: not JSON, not UTF-8, a top-level array, a JSON value that is neither a package nor a release
or record, nesting deeper than :data:`~ocds_regency.read.limits.MAX_DEPTH` (the one nesting limit of every
reader), or a non-package document too big to hold in memory. Every pass over a file goes through the
readers' guard (:class:`~ocds_regency.read.limits.JsonGuard`), and every value is decoded by the JSON codec
(:mod:`ocds_regency.codec`: repeated keys refused, integers of any size exact).
"""

from __future__ import annotations

import io
import itertools
import operator
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal, NamedTuple, cast

from ocds_regency import codec
from ocds_regency.errors import InputError
from ocds_regency.read.limits import JsonGuard, too_deep
from ocds_regency.read.releases import _UNSET, read_values
from ocds_regency.read.releases import _Buffer as _Splitter  # the release reader's byte splitter, shared

_TOP_LIST = "the top level is a JSON array; expected a release package, record package, release or record object"

__all__ = [
    "STREAM_THRESHOLD",
    "Document",
    "DocumentKind",
    "DocumentSource",
    "from_values",
    "open_document",
    "open_input",
    "streamed_values",
]

#: What :func:`open_document` and :func:`open_input` read: a file path, JSON bytes, or parsed data.
DocumentSource = str | os.PathLike[str] | bytes | Mapping[str, Any] | list[Any]

#: Files larger than this are validated as a stream (release by release).
STREAM_THRESHOLD = 32 * 1024 * 1024
#: A document that is not a package and is larger than this is refused (it can't be streamed).
MAX_DOCUMENT_BYTES = 512 * 1024 * 1024

#: ``"releases"`` / ``"records"``: several releases or records without a package around them (JSON Lines,
#: concatenated JSON, a JSON array, or several packages whose items are checked together).
DocumentKind = Literal["release package", "record package", "release", "record", "releases", "records"]


@dataclass
class Document:
    """A document ready to validate.

    Attributes:
        source: name of the input (file path or ``"<data>"``).
        kind: what the document is.
        metadata: the package fields other than ``releases``/``records`` (the whole document for a
            single release or record).
        has_items: whether the package has a ``releases``/``records`` key that is an array.
        items: a callable returning a fresh iterator over the releases or records (call it again for
            a second pass).
        late_keys: metadata keys found only after a streamed item array had been read; they are
            added to :attr:`metadata` when the iterator is exhausted.
        count: how many releases or records there are, when known before reading them (not streamed).
    """

    source: str
    kind: DocumentKind
    metadata: dict[str, Any]
    has_items: bool
    items: Callable[[], Iterator[Any]]
    late_keys: set[str] = field(default_factory=set)
    count: int | None = None

    @property
    def key(self) -> str:
        """``"releases"`` or ``"records"`` for packages, ``""`` otherwise."""
        if self.kind in ("release package", "releases"):
            return "releases"
        return "records" if self.kind in ("record package", "records") else ""

    @property
    def packaged(self) -> bool:
        """Whether the items come in one package whose metadata is checked too."""
        return self.kind in ("release package", "record package")


def _kind_of(data: Mapping[str, Any], source: str) -> DocumentKind:
    if "records" in data:
        return "record package"
    if "releases" in data:
        return "record" if "ocid" in data and "uri" not in data else "release package"
    if "ocid" in data or "tag" in data or "initiationType" in data:
        return "release"
    raise InputError(
        "not an OCDS package, release or record: the top-level object has no 'releases', 'records' or 'ocid'",
        source=source,
    )


def from_data(data: object, source: str = "<data>") -> Document:
    """A :class:`Document` over already-parsed JSON data."""
    if isinstance(data, list):
        raise InputError(
            _TOP_LIST,
            source=source,
        )
    if not isinstance(data, dict):
        raise InputError(f"the top level is a JSON {type(data).__name__}, not an object", source=source)
    kind = _kind_of(data, source)
    if kind in ("release package", "record package"):
        key = "releases" if kind == "release package" else "records"
        items = data.get(key)
        metadata = {k: v for k, v in data.items() if k != key}
        if isinstance(items, list):
            return Document(source, kind, metadata, True, lambda: iter(items), count=len(items))
        metadata[key] = items
        return Document(source, kind, metadata, False, lambda: iter(()))
    return Document(source, kind, data, False, lambda: iter(()))


def from_values(values: Iterable[tuple[Any, str]], source: str) -> Document:
    """A :class:`Document` over several top-level JSON values: releases, records, or packages of them.

    The items of the packages are checked together with the bare releases or records, under the union of
    the extensions the packages declare; the packages' own metadata is not checked (validate a package
    file on its own for that).

    Raises:
        InputError: the values mix releases and records, or one is not an object.
    """
    items: list[Any] = []
    extensions: dict[str, None] = {}
    kinds: set[str] = set()
    for value, where in values:
        if not isinstance(value, dict):
            raise InputError(
                f"a JSON {type(value).__name__} where a release, record or package was expected",
                source=source,
                position=where,
            )
        found = _kind_of(value, f"{source}, {where}")
        if found in ("release package", "record package"):
            key = "releases" if found == "release package" else "records"
            declared = value.get("extensions")
            if isinstance(declared, list):
                extensions.update(dict.fromkeys(url for url in declared if isinstance(url, str)))
            listed = value.get(key)
            if isinstance(listed, list):
                items.extend(listed)
            kinds.add("records" if key == "records" else "releases")
        else:
            items.append(value)
            kinds.add("records" if found == "record" else "releases")
    if len(kinds) > 1:
        raise InputError("the input mixes releases and records: validate them separately", source=source)
    if not kinds:
        raise InputError("no release, record or package in the input", source=source)
    kind: DocumentKind = "records" if kinds == {"records"} else "releases"
    metadata: dict[str, Any] = {"extensions": list(extensions)} if extensions else {}
    return Document(source, kind, metadata, True, lambda: iter(items), count=len(items))


def streamed_values(values: Callable[[], Iterator[tuple[Any, str]]], source: str) -> Document | None:
    """A :class:`Document` that reads bare releases or records afresh on each pass (nothing held in
    memory), or ``None`` when the input starts with a package (see :func:`from_values` for those).

    Raises:
        InputError: (while iterating) a value is a package or of the other kind than the first one.
    """
    first = next(values(), None)
    if first is None:
        raise InputError("no release, record or package in the input", source=source)
    value, where = first
    if not isinstance(value, dict):
        return None  # from_values says what is wrong
    found = _kind_of(value, f"{source}, {where}")
    if found not in ("release", "record"):
        return None

    def items() -> Iterator[Any]:
        for item, position in values():
            kind = _kind_of(item, f"{source}, {position}") if isinstance(item, dict) else None
            if kind != found:
                what = f"a {kind}" if kind else f"a JSON {type(item).__name__}"
                raise InputError(f"{what} among {found}s: validate them separately", source=source, position=position)
            yield item

    return Document(source, "records" if found == "record" else "releases", {}, True, items)


def _decode_error(exc: Exception, raw: bytes, source: str) -> InputError:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(raw) > 1 and (raw[0] == 0 or raw[1] == 0)):
        return InputError("the file is UTF-16 encoded; OCDS JSON must be UTF-8", source=source)
    message = str(exc)
    position = None
    pos = getattr(exc, "pos", None)
    if isinstance(pos, int):
        line = raw.count(b"\n", 0, pos) + 1
        column = pos - (raw.rfind(b"\n", 0, pos) + 1) + 1
        position = f"line {line}, column {column}"
    if "utf-8" in message.lower() or "surrogates" in message.lower():
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as bad:
            line = raw.count(b"\n", 0, bad.start) + 1
            position = f"line {line}, byte {bad.start}"
        return InputError("not valid UTF-8 (OCDS JSON must be UTF-8 encoded)", source=source, position=position)
    if "recursion" in message.lower() or "depth" in message.lower():
        return too_deep(source, position)
    return InputError(f"not valid JSON: {message.split(':', 1)[0]}", source=source, position=position)


def from_bytes(raw: bytes, source: str = "<data>") -> Document:
    """A :class:`Document` over JSON text in memory."""
    document = _one_document(raw, source, several=False)
    assert document is not None  # several=False: an error is raised instead
    return document


def _one_document(raw: bytes, source: str, *, several: bool) -> Document | None:
    """The :class:`Document` of one JSON value in memory, decoded once (orjson; the codec again only when orjson
    may have lost something). ``several``: text that is not one JSON value may be several (concatenated JSON):
    ``None`` when it is, rather than an error.

    Raises:
        InputError: the text is empty, not JSON, breaks a limit, repeats a key or is not an OCDS document.
    """
    text = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    if not text.strip():
        raise InputError("the input is empty", source=source)
    codec.check_limits(text, source)  # before orjson, which reads up to 1,024 levels
    try:
        data = codec.fast_loads(text)
    except codec.FastDecodeError as exc:
        if several and _has_second_value(raw):
            return None
        raise _decode_error(exc, text, source) from None
    if not codec.trusted(text, data):  # a repeated key or a wide integer: decode exactly, refuse repeats
        try:
            data = codec.loads(text, duplicates="refuse", nesting=False)
        except codec.JsonTextError as exc:
            raise InputError(exc.message, source=source) from None
    return from_data(data, source)


def _first_char(handle: IO[bytes]) -> bytes:
    head = handle.read(4096)
    handle.seek(0)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(head) > 1 and (head[0] == 0 or head[1] == 0)):
        return b"\x00"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return stripped[:1]


class _Recorder:
    """A binary file wrapper that keeps the chunks read since :meth:`mark` was last called."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.chunks: list[bytes] = []
        self.marked = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.handle.read(size)
        self.chunks.append(chunk)
        return chunk

    def mark(self) -> None:
        """Forget every chunk but the last two (the one being parsed may have started in the previous)."""
        if len(self.chunks) > 2:
            del self.chunks[:-2]


def _trailing_metadata(tail: bytes) -> dict[str, Any] | None:
    """Top-level members after the item array, given bytes that contain the array's closing ``]``.

    Tries each ``]`` from the left: the one that closes the item array is the only one after which the
    rest of the file is ``}`` or ``, "key": value, ... }`` (anything before it is inside the last item,
    whose closing brackets would unbalance the rest).
    """
    position = tail.find(b"]")
    while position != -1:
        rest = tail[position + 1 :].strip()
        if rest == b"}":
            return {}
        if rest.startswith(b","):
            try:
                value = codec.loads(b"{" + rest[1:], duplicates="refuse", nesting=False)  # the file passed the guard
            except codec.JsonTextError:
                value = None
            if isinstance(value, dict):
                return value
        position = tail.find(b"]", position + 1)
    return None


class _Stream:
    """Streaming access to a package file."""

    def __init__(self, path: Path, source: str) -> None:
        self.path = path
        self.source = source

    def _open(self) -> IO[bytes]:
        handle = open(self.path, "rb")  # noqa: SIM115 - closed by the callers
        if handle.read(3) != b"\xef\xbb\xbf":
            handle.seek(0)
        return handle

    def _guarded(self, handle: IO[bytes] | _Recorder) -> IO[bytes]:
        """The file read through the limits of every reader (nesting, numbers, strings)."""
        return cast(IO[bytes], JsonGuard(handle, self.source))  # type: ignore[arg-type]

    def _error(self, exc: Exception, where: str | None = None) -> InputError:
        raw = exc.args[0] if exc.args else ""
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
        text = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
        lowered = text.lower()
        if "utf8" in lowered or "utf-8" in lowered or isinstance(exc, UnicodeDecodeError):
            return InputError("not valid UTF-8 (OCDS JSON must be UTF-8 encoded)", source=self.source, position=where)
        return InputError(f"not valid JSON: {text}", source=self.source, position=where)

    def head(self) -> tuple[dict[str, Any], str | None, bool]:
        """Metadata before the item array, the array key (or ``None``), and whether it is an array."""
        import ijson  # here: only a streamed package's head needs it (imported lazily: start-up)

        metadata: dict[str, Any] = {}
        with self._open() as handle:
            events = ijson.parse(self._guarded(handle), use_float=False)
            try:
                prefix, event, value = next(events)
                if event == "start_array":
                    raise InputError(
                        _TOP_LIST,
                        source=self.source,
                    )
                if event != "start_map":
                    raise InputError("the top level is not a JSON object", source=self.source)
                for prefix, event, value in events:
                    if prefix == "" and event == "map_key":
                        key = value
                        if key in ("releases", "records"):
                            _prefix, first, _value = next(events)
                            if first == "start_array":
                                return metadata, key, True
                            metadata[key] = self._build(events, first, _value)
                            continue
                        _prefix, first, _value = next(events)
                        metadata[key] = self._build(events, first, _value)
                    elif prefix == "" and event == "end_map":
                        return metadata, None, False
            except ijson.JSONError as exc:
                raise self._error(exc) from None
            except UnicodeDecodeError as exc:
                raise self._error(exc) from None
        return metadata, None, False

    def top_level_keys(self) -> list[str]:
        """The top-level keys in document order (one pass at C speed)."""
        import ijson

        with self._open() as handle:
            events1, events2 = itertools.tee(ijson.parse(self._guarded(handle)))
            selectors = map(operator.not_, map(operator.itemgetter(0), events2))
            try:
                return [value for _p, event, value in itertools.compress(events1, selectors) if event == "map_key"]
            except (ijson.JSONError, UnicodeDecodeError) as exc:
                raise self._error(exc) from None

    def value_of(self, key: str) -> Any:
        """The value of one top-level key (one pass)."""
        with self._open() as handle:
            for value in codec.items(handle, key, source=self.source):
                return value
        return None

    def _build(self, events: Iterator[tuple[str, str, Any]], event: str, value: Any) -> Any:
        try:
            return codec.build_value(events, event, value)
        except codec.JsonTextError as exc:
            raise InputError(exc.message, source=self.source) from None

    def items(self, key: str, document: Document) -> Iterator[Any]:
        """The items of the top-level array ``key``, one at a time.

        Once the array is exhausted, the top-level members that follow it are added to the
        document's metadata (and their names to its ``late_keys``). Items are parsed by orjson
        (:func:`_fast_items`); at the first thing that reader doesn't handle (bad JSON included), the
        ijson reader takes over from the same item, and reports the error if there is one.
        """
        count = 0
        try:
            for item in _fast_items(self.path, key, self.source):
                if type(item) is _Trailer:
                    self._add_trailing(item.members, document)
                    return
                yield item
                count += 1
        except _FallbackError:
            pass
        yield from self._ijson_items(key, document, count)

    def _add_trailing(self, trailing: Mapping[str, Any], document: Document) -> None:
        for late, value in trailing.items():
            if late not in document.metadata:
                document.metadata[late] = value
                document.late_keys.add(late)

    def _ijson_items(self, key: str, document: Document, skip: int) -> Iterator[Any]:
        """The items of ``key`` read by ijson, without the first ``skip`` ones (already read)."""
        import ijson

        count = 0
        with self._open() as handle:
            recorder = _Recorder(handle)
            try:
                events = ijson.parse(self._guarded(recorder), use_float=False)  # integers exact
                for item in _strict_items(events, f"{key}.item"):
                    recorder.mark()
                    if count >= skip:
                        yield item
                    count += 1
                trailing = _trailing_metadata(b"".join(recorder.chunks)) if count else None
            except (ijson.JSONError, UnicodeDecodeError) as exc:
                raise self._error(exc, f"in {key} item {count}") from None
            except codec.JsonTextError as exc:  # a key repeated with another value
                raise InputError(exc.message, source=self.source, position=f"in {key} item {count}") from None
        if trailing is None:
            # No item, or the end of the array couldn't be told apart: list the keys in one more pass.
            keys = self.top_level_keys()
            after = keys[keys.index(key) + 1 :] if key in keys else []
            trailing = {late: self.value_of(late) for late in after if late not in document.metadata}
        self._add_trailing(trailing, document)


# ------------------------------------------------------------------------------------ fast item reader
_CHUNK = 1 << 20
#: Largest package head (metadata before the item array) the fast reader scans for the array's start,
#: and the most it reads after the array for the members that follow it.
_LOOKAHEAD = 1 << 23
#: Strings, a lone quote (a string cut by the end of the buffer), and the structural characters.
_HEAD_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"|"|[{}\[\]:,]')


class _FallbackError(Exception):
    """The fast reader met something it doesn't handle: the ijson reader takes over."""


def _array_start(head: bytes, key: str) -> int:
    """Offset just after the ``[`` that opens the top-level array ``key`` in ``head``.

    Raises:
        _FallbackError: not found in ``head``.
    """
    wanted = codec.dumps(key)
    depth = 0
    previous = before = b""
    for match in _HEAD_TOKEN.finditer(head):
        token = match.group()
        if token == b'"':
            raise _FallbackError  # read more first
        if token in (b"{", b"["):
            if token == b"[" and depth == 1 and previous == b":" and before == wanted:
                return match.end()
            depth += 1
        elif token in (b"}", b"]"):
            depth -= 1
        before, previous = previous, token
    raise _FallbackError


class _Trailer(NamedTuple):
    """The top-level members after the item array (the fast reader's last yield)."""

    members: dict[str, Any]


def _parse_item(buffer: _Splitter) -> Any:
    """Parse the object starting at ``buffer.position`` and move past it.

    Its end is found by the release reader's byte splitter (:mod:`ocds_regency.read.releases`: the next
    item's start confirmed by orjson, else its strings and brackets walked), and it is decoded exactly: orjson's
    reading when :func:`~ocds_regency.codec.trusted`, else the codec's (a key repeated with another value, or
    text that is not JSON, is left to the ijson reader, which says where).
    """
    end, item = buffer.end_of_sibling(None)  # may read more, dropping what was consumed: position is the start
    if end is None:
        raise _FallbackError  # the input ends inside the item
    raw = buffer.data[buffer.position : end]
    if item is _UNSET or not codec.trusted(raw, item):
        try:
            item = codec.loads(raw, duplicates="refuse", nesting=False)  # the file is guarded
        except codec.JsonTextError:
            raise _FallbackError from None
    buffer.position = end
    return item


def _fast_items(path: Path, key: str, source: str) -> Iterator[Any]:
    """The items of the top-level array ``key`` parsed by orjson, then a :class:`_Trailer`.

    Raises:
        _FallbackError: anything unusual (not JSON, not UTF-8, an item that isn't an object, ...).
        InputError: the file breaks a limit of every reader (read through :class:`JsonGuard`).
    """
    with open(path, "rb") as file:
        handle = cast(IO[bytes], JsonGuard(file, source))
        head = handle.read(_CHUNK)
        buffer = _Splitter(head[3:] if head.startswith(b"\xef\xbb\xbf") else head, handle)
        while True:
            try:
                buffer.position = _array_start(buffer.data, key)
                break
            except _FallbackError:
                if len(buffer.data) > _LOOKAHEAD or not buffer.fill():
                    raise
        following = buffer.skip_whitespace()
        while following != 0x5D:  # "]"
            if following != 0x7B:  # "{": items that aren't objects go to the ijson reader
                raise _FallbackError
            item = _parse_item(buffer)
            if type(item) is not dict:
                raise _FallbackError
            yield item
            following = buffer.next_item()  # -1 (refused above) for anything but `,` or `]`
        tail = buffer.data[buffer.position :]
        while len(tail) <= _LOOKAHEAD:
            more = handle.read(_CHUNK)
            if not more:
                break
            tail += more
        else:
            raise _FallbackError
    trailing = _trailing_metadata(tail)
    if trailing is None:
        raise _FallbackError
    yield _Trailer(trailing)


def _strict_items(events: Iterator[tuple[str, str, Any]], prefix: str) -> Iterator[Any]:
    """The values at ``prefix`` (``"releases.item"``) of ijson's ``parse`` events, built by the codec (a key
    repeated in one object with another value refused; ``ijson.items`` would keep the last one silently)."""
    for event_prefix, event, value in events:
        if event_prefix == prefix and event not in ("end_map", "end_array", "map_key"):
            yield codec.build_value(events, event, value)


def _stream_document(path: Path, source: str) -> Document:
    stream = _Stream(path, source)
    metadata, key, is_array = stream.head()
    if key is None:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise InputError(
                f"a {size // 2**20} MB document that is not a package (no 'releases' or 'records' array) "
                "can't be validated as a stream",
                source=source,
            )
        return from_bytes(path.read_bytes(), source)
    kind: DocumentKind = "release package" if key == "releases" else "record package"
    if key == "releases" and "ocid" in metadata and "uri" not in metadata:
        kind = "record"
    if kind == "record":
        return from_bytes(path.read_bytes(), source)
    document = Document(source, kind, metadata, is_array, lambda: iter(()))
    document.items = lambda: stream.items(key, document)
    return document


def open_document(
    source: DocumentSource, *, name: str | None = None, stream_threshold: int = STREAM_THRESHOLD
) -> Document:
    """Open one JSON document: a package, a release or a record (see :func:`open_input` for several).

    Args:
        source: a file path, JSON bytes, or parsed data (a dict; a list is refused).
        name: the name to use in messages (defaults to the path, or ``"<data>"``).
        stream_threshold: files larger than this many bytes are streamed.

    Raises:
        InputError: the input can't be read or is not an OCDS document.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        return from_bytes(bytes(source), name or "<data>")
    if isinstance(source, (Mapping, list)):
        data = source if isinstance(source, (dict, list)) else dict(source)
        return from_data(data, name or "<data>")
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        label = name or str(source)
        try:
            size = path.stat().st_size
            if path.is_dir():
                raise InputError("is a directory, not a JSON file", source=label)
            if size <= stream_threshold:
                return from_bytes(path.read_bytes(), label)
            with open(path, "rb") as handle:
                first = _first_char(handle)
        except OSError as exc:
            raise InputError(f"can't be read: {exc.strerror or exc}", source=label) from None
        if not first:
            raise InputError("the input is empty", source=label)
        if first == b"\x00":
            raise InputError("the file is UTF-16 encoded; OCDS JSON must be UTF-8", source=label)
        if first == b"[":
            raise InputError(
                _TOP_LIST,
                source=label,
            )
        if first != b"{":
            raise InputError("not valid JSON: expected an object at the start", source=label)
        return _stream_document(path, label)
    if isinstance(source, io.IOBase):  # pragma: no cover - documented as unsupported
        raise TypeError("pass a path, bytes or parsed data, not a file object")
    raise TypeError(f"can't validate a {type(source).__name__}")


#: Bytes looked at to tell one document from several values.
_HEAD = 1 << 16


def _several(head: bytes) -> bool:
    """Whether JSON text holds several values (an array, JSON Lines or concatenated JSON), from its start."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] == b"[":
        return True
    end = text.find(b"\n")
    if end < 0:
        return False
    try:
        codec.fast_loads(text[:end])  # a probe: is the first line a JSON value?
    except codec.FastDecodeError:
        return False
    return bool(text[end:].strip())


def _has_second_value(data: bytes) -> bool:
    """Whether bytes that are not one JSON document are concatenated JSON documents."""
    try:
        values = read_values(data)
        return next(values, None) is not None and next(values, None) is not None
    except InputError:
        return False


def open_input(
    source: DocumentSource, *, name: str | None = None, stream_threshold: int = STREAM_THRESHOLD
) -> Document:
    """Open an OCDS input as one :class:`Document`, whatever it holds.

    One package, release or record gives its :class:`Document` (:func:`open_document`); several values (a
    list, a JSON array, JSON Lines, concatenated JSON) give a ``"releases"`` or ``"records"`` document of
    their items (:func:`from_values`). A file of bare releases or records bigger than ``stream_threshold``
    is read afresh on each pass (:func:`streamed_values`; its :attr:`Document.count` is ``None``).

    Args:
        source: a file path, JSON bytes, or parsed data (a dict, or a list of values).
        name: the name to use in messages (defaults to the path, or ``"<data>"``).
        stream_threshold: files larger than this many bytes are streamed.

    Raises:
        InputError: the input can't be read or is not OCDS.
    """
    if isinstance(source, list):
        label = name or "<data>"
        return from_values(((item, f"item {i + 1}") for i, item in enumerate(source)), label)
    if isinstance(source, Mapping):
        return open_document(source, name=name, stream_threshold=stream_threshold)
    # One document is decoded once, here (not probed first, then decoded again by open_document).
    several = False
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        several = _several(data[:_HEAD])
        if not several:
            document = _one_document(data, name or "<data>", several=True)
            if document is not None:
                return document
            several = True
    elif isinstance(source, (str, os.PathLike)) and Path(source).is_file():
        whole: bytes | None = None
        try:
            with open(source, "rb") as handle:
                head = handle.read(_HEAD)
                several = _several(head)
                if not several and Path(source).stat().st_size <= stream_threshold:
                    whole = head + handle.read()
        except OSError:
            several = False  # open_document says why it can't be read
        if whole is not None:
            document = _one_document(whole, name or str(source), several=True)
            if document is not None:
                return document
            several = True
    if not several:
        return open_document(source, name=name, stream_threshold=stream_threshold)
    label = name or ("<data>" if isinstance(source, (bytes, bytearray, memoryview)) else str(source))
    if isinstance(source, (str, os.PathLike)) and Path(source).stat().st_size > stream_threshold:
        # A big file of releases or records: read afresh on each pass, never held in memory.
        path = source
        document = streamed_values(lambda: read_values(path, name=label), label)
        if document is not None:
            return document
    values = bytes(source) if isinstance(source, (bytearray, memoryview)) else source
    return from_values(list(read_values(values, name=label)), label)
