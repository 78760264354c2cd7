"""The limits every reader enforces on input it did not write, and the guard that checks JSON on the fly.

Input comes from files that a regency did not make itself, unattended, every night: a hostile or broken
file must cost bounded memory and time, and be refused with one line naming it. The limits are facts of
the data (OCDS and ISB rows are about ten levels deep; Excel stops at 1,048,576 rows and 32,767
characters a cell), with a wide margin.

:class:`JsonGuard` wraps a binary stream given to a JSON parser (ijson) and checks, in one linear pass at
C speed over each block, what the parser would otherwise choke on:

- nesting deeper than :data:`MAX_DEPTH` (ijson's cost grows with the square of the depth: 80 KB of ``[``
  once cost 4 GB);
- a number of more than :data:`MAX_NUMBER_DIGITS` digits (ijson's C backend crashes the interpreter on
  integers beyond Python's 4,300-digit conversion limit);
- a string longer than :data:`MAX_JSON_STRING_BYTES`.

It also keeps the parser linear on long strings: the parser re-reads a string that spans its buffers from
its start once per buffer (time growing with the square of its length: a 32 MB string took 10 s, a 200 MB
one would take minutes). So a block the guard hands on never ends inside a string: when a block does, the
guard reads on to the string's end and hands on the whole, and every string reaches the parser in one
piece. The guard itself is linear: each byte is checked once.
"""

from __future__ import annotations

import io
import re
from typing import IO

from ocds_regency.errors import InputError

__all__ = [
    "JSON_BUFFER",
    "MAX_CELL_CHARS",
    "MAX_DEPTH",
    "MAX_JSON_STRING_BYTES",
    "MAX_LINE_BYTES",
    "MAX_NUMBER_DIGITS",
    "MAX_RELEASES_PER_OCID",
    "MAX_SAMPLES",
    "MAX_SHEET_COLUMNS",
    "MAX_SHEET_ROWS",
    "MAX_XLSX_MEMBER_BYTES",
    "MAX_XLSX_RATIO",
    "MAX_XLSX_SHARED_STRINGS_BYTES",
    "JsonGuard",
    "check_depth",
    "check_json",
    "too_deep",
]

#: Deepest JSON nesting read, the one nesting limit of every reader, counted over the whole text from its top.
#: ISB rows are 2 levels deep (3 in a JSON array), OCDS releases about 7 (10 with extensions), the deepest
#: document ocds-regency writes (a record package with versioned releases) 13: 64 is five times that, and
#: keeps the parsers' cost (the square of the depth, for ijson) and the schema validator's recursion small.
MAX_DEPTH = 64
#: Most digits in a JSON number (a 64-bit integer has 20; Python can't convert more than 4,300).
MAX_NUMBER_DIGITS = 1000
#: Longest JSON string read. A string is held whole, about three times over while it is decoded (the bytes,
#: the parser's, Python's text): a longer one is refused rather than risking memory. No ISB or OCDS text
#: comes near it.
MAX_JSON_STRING_BYTES = 1 << 28
#: Buffer size given to the JSON parser (strings shorter than this are lexed once).
JSON_BUFFER = 1 << 20
#: Size of the pieces :class:`JsonGuard` reads on to the end of a string a block ends in (most end a few bytes on).
_READ_ON = 1 << 16
#: Longest CSV field or XLSX cell read, in characters (Excel's own limit is 32,767; Python's csv module
#: stops at 128 KiB by default, which refused real exports with long descriptions). A longer one makes its
#: row unreadable, with one line naming it.
MAX_CELL_CHARS = 1 << 24
#: Longest line of a CSV file, in bytes (or characters, for UTF-16): a line is held whole while it is split
#: into fields, so a longer one refuses the file, naming it.
MAX_LINE_BYTES = 1 << 28
#: Most rows read from one worksheet (Excel's own limit).
MAX_SHEET_ROWS = 1_048_576
#: Most columns of one worksheet (Excel's own limit).
MAX_SHEET_COLUMNS = 16_384
#: Largest uncompressed member of an XLSX workbook (a sheet's XML, the shared strings).
MAX_XLSX_MEMBER_BYTES = 1 << 30
#: Largest uncompressed shared-strings member of an XLSX workbook (held in memory whole, where sheets are
#: streamed; a real year's export has a few tens of MB).
MAX_XLSX_SHARED_STRINGS_BYTES = 1 << 28
#: Highest compression ratio of an XLSX member bigger than 1 MiB (real sheets compress 5-30 times).
MAX_XLSX_RATIO = 200
#: Releases of one ocid that ``compile`` merges (a process has a few dozen; a million is an attack).
MAX_RELEASES_PER_OCID = 100_000
#: Examples kept in a report for each (file, dataset, reason) of rejected rows or field issues.
MAX_SAMPLES = 100

# A string, closed or running to the end of the block (then without its closing quote, group 1).
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*(")?', re.DOTALL)
_STRING_REST = re.compile(rb'[^"\\]*(?:\\.[^"\\]*)*', re.DOTALL)
_NOT_STRUCTURE = bytes(c for c in range(256) if c not in b'"[]{}')
_SQUARE = bytes.maketrans(b"{}", b"[]")
#: Brackets taken at a time by :func:`_over` (at most this many levels gained within one).
_PIECE = 48
_DIGITS = bytes.maketrans(b"0123456789", b"0000000000").translate(
    bytes(48 if 48 <= c <= 57 else 32 for c in range(256))
)
_LONG_RUN = b"0" * (MAX_NUMBER_DIGITS + 1)
_DIGIT_BYTES = b"0123456789"
# Every run of MAX_NUMBER_DIGITS + 1 bytes holds two samples taken this far apart, one after the other.
_SAMPLE_STRIDE = (MAX_NUMBER_DIGITS + 1) // 2


def too_deep(source: str, position: str | None = None, limit: int = MAX_DEPTH) -> InputError:
    """The refusal of input nested deeper than ``limit`` (:data:`MAX_DEPTH`)."""
    return InputError(
        f"JSON nested more than {limit} levels deep: refused (ISB and OCDS data are about ten levels deep)",
        source=source,
        position=position,
    )


class JsonGuard:
    """A binary stream over another that refuses over-deep JSON, over-long numbers and strings as it is read,
    and never hands on a block that ends inside a string (see the module documentation).

    It has ``read`` only, no ``readinto``: the JSON parser then takes blocks of any size from it.

    Args:
        stream: the JSON bytes (UTF-8).
        source: the name used in messages.
        max_depth: the deepest nesting allowed.
        max_string: the longest string allowed, in bytes.

    Raises:
        InputError: (from :meth:`read`) the JSON is nested too deeply or holds a too-long number or string;
            the message names the source and the byte offset.
    """

    def __init__(
        self, stream: IO[bytes], source: str, max_depth: int = MAX_DEPTH, max_string: int = MAX_JSON_STRING_BYTES
    ) -> None:
        self._stream = stream
        self.source = source
        self.max_depth = max_depth
        self.max_string = max_string
        self._depth = 0
        self._in_string = False
        self._escape = False
        self._digits = 0  # length of the run of digits that ended the previous block
        self._string_bytes = 0  # bytes of the string that runs on past the previous block
        self._offset = 0
        # Bytes read and checked but not handed on yet: what followed the end of a string read on to (the
        # state above is the state at their end).
        self._pending = b""

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        """Read at least ``size`` bytes (fewer only at the end), checked, and on to the end of a string
        that runs past them (no further: the rest of the piece that ends the string is kept for the next
        read, so a block handed on is at most :data:`_READ_ON` bytes longer than asked for plus that string)."""
        size = -1 if size is None else size
        blocks = [self._pending] if self._pending else []
        have = len(self._pending)
        self._pending = b""
        if size < 0 or have < size:
            more = self._stream.read(size if size < 0 else size - have)
            if more:
                self._check(more)
                self._offset += len(more)
                blocks.append(more)
        while self._in_string and size > 0:
            # Read on in small pieces to the quote that closes the string, no further: once went on block
            # after block while each one ended inside another string (30 MB at a time in a file of compiled
            # releases, which are mostly text).
            escaped = self._escape
            more = self._stream.read(min(size, _READ_ON))
            if not more:
                break
            self._check(more)
            self._offset += len(more)
            end = _string_end(more, escaped)
            if end >= 0:
                blocks.append(more[: end + 1])
                self._pending = more[end + 1 :]
                break
            blocks.append(more)
        if len(blocks) == 1:
            return blocks[0]
        return b"".join(blocks)

    def _check(self, data: bytes) -> None:
        # Only parity matters for a run of backslashes; an odd one escapes the next block's first byte.
        if self._escape:
            data = b"\\" + data
        run = len(data) - len(data.rstrip(b"\\"))
        self._escape = run % 2 == 1
        if self._escape:
            data = data[:-1]
        started_in_string = self._in_string
        self._check_numbers(data, started_in_string)
        original = len(data)
        # Escaped backslashes and quotes don't delimit strings: without them, every quote does, and the
        # structure is what lies between pairs of quotes. All of it runs at C speed (bytes methods).
        data = _without_escaped_quotes(data)
        parts = _quoted_parts(data)
        outside = b"".join(parts[1 if started_in_string else 0 :: 2])
        if len(parts) % 2 == 0:
            self._in_string = not started_in_string
        if not self._in_string:
            self._string_bytes = 0
        elif b'"' in data:  # a string starts in this block (escapes after its quote are not counted)
            self._string_bytes = len(data) - data.rfind(b'"') - 1
        else:  # the string runs through the whole block
            self._string_bytes += original
        if self._string_bytes > self.max_string:
            raise InputError(
                f"a JSON string longer than {self.max_string >> 20} MiB: refused (no ISB or OCDS text is that long)",
                source=self.source,
                position=f"near byte {self._offset}",
            )
        opening = outside.count(b"[")
        if self._depth + opening > self.max_depth and _over(outside, max(self._depth, 0), self.max_depth):
            raise too_deep(self.source, f"near byte {self._offset}", self.max_depth)
        self._depth += opening - (len(outside) - opening)

    def _check_numbers(self, data: bytes, in_string: bool) -> None:
        lead = len(data) - len(data.lstrip(_DIGIT_BYTES))
        carried = self._digits + lead if not in_string else 0
        if lead == len(data):
            self._digits = carried
        else:
            self._digits = len(data) - len(data.rstrip(_DIGIT_BYTES))
        if carried > MAX_NUMBER_DIGITS or (_may_hold_long_run(data) and _long_number(data, in_string)):
            raise InputError(
                f"a JSON number with more than {MAX_NUMBER_DIGITS} digits: refused (no ISB or OCDS value has "
                "that many)",
                source=self.source,
                position=f"near byte {self._offset}",
            )


def _string_end(data: bytes, escaped: bool) -> int:
    """The position of the quote that ends a string ``data`` starts inside (``escaped``: its first byte is
    escaped by a backslash at the end of the previous block), or -1 if the string runs on past ``data``."""
    start = 0
    while True:
        quote = data.find(b'"', start)
        if quote < 0:
            return -1
        first = quote
        while first > 0 and data[first - 1] == 0x5C:  # the backslashes just before it
            first -= 1
        if (quote - first + (escaped and first == 0)) % 2 == 0:
            return quote
        start = quote + 1


def _without_escaped_quotes(data: bytes) -> bytes:
    """``data`` without its escaped backslashes and quotes (``\\\\`` and ``\\"``), so that every quote left
    delimits a string. Most text has neither (other escapes, ``\\u`` or ``\\/``, are left): two searches, no copy."""
    if b"\\" not in data:  # one search for a single byte: the fastest
        return data
    if b"\\\\" in data:
        data = data.replace(b"\\\\", b"")
    if b'\\"' in data:
        data = data.replace(b'\\"', b"")
    return data


def _quoted_parts(data: bytes) -> list[bytes]:
    """The brackets of ``data`` (without escaped backslashes and quotes), made square, split at its quotes:
    between two quotes alternately outside and inside a string (which comes first depends on where ``data``
    starts). All at C speed: one ``translate`` keeps the quotes and brackets (``{`` as ``[``, ``}`` as ``]``).

    Two adjacent quotes enclose nothing, inside or outside a string: dropping them changes nothing but the
    number of parts, which stays odd or even. Most strings hold no bracket, so most quotes go: four at a time
    first (a key and its text value leave four quotes in a row), then two: each match costs ``bytes.replace``
    a search, whatever its length, and half as many matches saved 6,000 instructions a release of the
    validation set (3 % of the guard's work; docs/benchmarks.md).
    """
    return data.translate(_SQUARE, _NOT_STRUCTURE).replace(b'""""', b"").replace(b'""', b"").split(b'"')


def _deepest_over(brackets: bytes, start: int, limit: int) -> bool:
    """Whether any value in ``brackets`` (the structural brackets of a block, read ``start`` levels deep) is
    nested more than ``limit`` levels, counting the ``start`` levels it is in; at C speed (bytes methods), no
    loop over the brackets.

    Each bracket moves the depth by one, so the innermost values are adjacent ``[]`` pairs (``{`` and ``}``
    count as ``[`` and ``]``): one ``bytes.replace`` removes all of them, which takes one level off every
    nested value and leaves the rest as it was. With the ``start`` levels put in front and every bracket
    closed at the end, a value is nested more than ``limit`` levels exactly when pairs are still left after
    ``limit`` removals. Real blocks are about ten deep: about ten passes over bytes that shrink with each one.
    (After a closing bracket without its opening, invalid JSON, depth counts from the lowest point reached.)
    """
    text = b"[" * start + brackets.translate(_SQUARE)
    text += b"]" * (start + len(brackets))  # enough to close every bracket left open
    for _ in range(limit):
        if b"[]" not in text:
            return False
        text = text.replace(b"[]", b"")
    return b"[]" in text


def _over(brackets: bytes, start: int, limit: int) -> bool:
    """:func:`_deepest_over`'s answer (the same, for any brackets made square: ``[`` and ``]`` only), mostly
    without its passes.

    The brackets are taken :data:`_PIECE` at a time, with a bound of the depth at each piece's start (counted as
    :func:`_deepest_over` counts it): within a piece the depth rises at most by the piece's opening brackets,
    so a piece that can't reach past ``limit`` from the bound is passed with one count. After it, the depth is
    at most the bound plus its opening brackets less its closing ones, or its opening brackets alone when the
    closing ones may have gone below the lowest point (more of them than the bound). Only when a piece could
    reach past ``limit`` does :func:`_deepest_over` decide, over all the brackets. Real blocks (tens of
    thousands of structural brackets, about ten deep) keep the bound below 30 with one count per piece.
    """
    if start > limit:
        return True
    depth = start
    for at in range(0, len(brackets), _PIECE):
        piece = brackets[at : at + _PIECE]
        opening = piece.count(b"[")
        if depth + opening > limit:
            return _deepest_over(brackets, start, limit)
        closing = len(piece) - opening
        depth = depth + opening - closing if depth >= closing else opening
    return False


def _may_hold_long_run(data: bytes) -> bool:
    """Whether ``data`` may hold a run of more than :data:`MAX_NUMBER_DIGITS` digits, at C speed without
    looking at every byte: such a run holds two consecutive samples taken every :data:`_SAMPLE_STRIDE` bytes,
    and every byte from the one to the other is a digit. Only pairs of samples that are both digits are
    looked at between (a few per MB of real data, each given up at its first byte that is not a digit).
    ``True`` means "may": :func:`_long_number` decides, from every byte."""
    samples = data[::_SAMPLE_STRIDE].translate(_DIGITS)  # a digit -> "0", anything else -> " "
    pair = samples.find(b"00")
    while pair >= 0:
        start = pair * _SAMPLE_STRIDE
        if data[start : start + _SAMPLE_STRIDE + 1].isdigit():
            return True
        pair = samples.find(b"00", pair + 1)
    return False


def _long_number(data: bytes, in_string: bool) -> bool:
    """Whether a run of too many digits in ``data`` is a number, not text (rare: only then strings are lexed)."""
    start = 0
    if in_string:
        rest = _STRING_REST.match(data)
        start = (rest.end() if rest else 0) + 1
    structure = _STRING.sub(rb"_\1", data[start:])
    return _LONG_RUN in structure.translate(_DIGITS)


def check_depth(data: bytes, source: str) -> None:
    """Apply :class:`JsonGuard`'s nesting check alone to whole JSON texts in memory (one or many, e.g. a range of
    JSON Lines): what a reader needs before orjson, which reads up to 1,024 levels and is linear in numbers and
    strings.

    Raises:
        InputError: a value is nested more than :data:`MAX_DEPTH` levels (the message names ``source``).
    """
    data = _without_escaped_quotes(data)  # escaped backslashes and quotes don't delimit strings
    outside = b"".join(_quoted_parts(data)[0::2])
    if outside.count(b"[") > MAX_DEPTH and _over(outside, 0, MAX_DEPTH):
        raise too_deep(source)


def check_json(data: str | bytes | bytearray, source: str) -> None:
    """Apply :class:`JsonGuard`'s checks to JSON text already in memory (raises :class:`InputError`)."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else bytes(data)
    guard = JsonGuard(io.BytesIO(raw), source)
    while guard.read(JSON_BUFFER):
        pass
