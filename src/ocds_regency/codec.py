"""The JSON codec: the rules of every JSON text ocds-regency reads or writes, in one place.

**Writing.** :func:`dumps` writes compact (or 2-space indented) UTF-8 JSON with orjson, keys in their given
order; :class:`~decimal.Decimal` amounts digit for digit as JSON numbers (never through a float, never as
strings), tuples and sets as arrays, integers beyond 64 bits by a slower exact path with the same layout.

**Reading.** Every reader decodes with this module (ISB JSON and JSON Lines, OCDS releases and packages,
``validate``, ``compile``, ``flatten``, ``flags``, the ocdskit commands, the store, the typed models), so one
set of rules holds everywhere:

- **repeated keys** follow a policy (:data:`Duplicates`): ``"keep"`` (ISB rows) keeps a repeated key's value
  as ``"key (2)"``, like a repeated CSV column, so that the row's parser reports a conflicting value as a field
  issue; ``"refuse"`` (OCDS) raises :class:`DuplicateKeyError` for a key repeated with another value (a
  repeat of the same value is harmless and dropped);
- **integers** of any size stay exact integers; **other numbers** are floats (what the merge and the
  readers of releases use; one beyond a double is refused) or, with ``decimals=True``, exact
  :class:`~decimal.Decimal` values that stay non-integers when written back (:func:`non_integer`);
- **limits**: the nesting, number and string limits of :mod:`ocds_regency.read.limits` (one nesting limit,
  :data:`~ocds_regency.read.limits.MAX_DEPTH`).

Three ways in, one set of rules:

- :func:`loads`: a text in memory (a line of JSON Lines, a small document). orjson decodes it first (fast);
  its result is trusted only when :func:`trusted` says it lost nothing (written back, it is the text itself,
  or the text but for white space between its lines; or no integer written back as a float, and as many
  colons written back as the text has), which is the one
  rule for when the fast path's result stands. Otherwise (rare in real data) :mod:`json` decodes the text
  again, exactly, under the duplicates policy. A reader that needs orjson's own error positions (the fast
  item scanner of :mod:`ocds_regency.read.documents`) uses :func:`fast_loads` and :func:`trusted` the same way.
- :func:`build_value`: a value out of ijson's ``parse`` events (a streamed package), under the policy.
- :func:`items`: the values at an ijson prefix of a stream (``releases.item``, ``records.item``, the rows of
  an ISB array, the ocdskit commands' input), read through the readers' guard and built under the policy by
  ijson's C builder (``decimals=True``) or by :func:`build_value`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from functools import cache
from typing import IO, Any, Literal

import orjson

from ocds_regency.errors import InputError
from ocds_regency.read.limits import JSON_BUFFER, MAX_DEPTH, JsonGuard, check_json

__all__ = [
    "DuplicateKeyError",
    "Duplicates",
    "FastDecodeError",
    "JsonTextError",
    "build_value",
    "check_limits",
    "describe_error",
    "dumps",
    "fast_loads",
    "items",
    "loads",
    "non_integer",
    "refuse_duplicate",
    "trusted",
]


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise TypeError(f"{value} can't be written as JSON")
        return orjson.Fragment(str(value).encode())
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"Type is not JSON serializable: {type(value).__name__}")


def _write_slow(value: Any, pretty: bool, level: int, parts: list[str]) -> None:
    # Used only when orjson refuses the value: it can't write integers beyond 64 bits. Same layout as orjson.
    if isinstance(value, dict):
        if not value:
            parts.append("{}")
            return
        inner = "\n" + "  " * (level + 1) if pretty else ""
        parts.append("{")
        for position, (key, item) in enumerate(value.items()):
            if not isinstance(key, str):
                raise TypeError(f"object keys must be strings, got {key!r}")
            parts.append(("," if position else "") + inner + json.dumps(key, ensure_ascii=False) + ":")
            if pretty:
                parts.append(" ")
            _write_slow(item, pretty, level + 1, parts)
        parts.append(("\n" + "  " * level if pretty else "") + "}")
    elif isinstance(value, (list, tuple)):
        if not value:
            parts.append("[]")
            return
        inner = "\n" + "  " * (level + 1) if pretty else ""
        parts.append("[")
        for position, item in enumerate(value):
            parts.append(("," if position else "") + inner)
            _write_slow(item, pretty, level + 1, parts)
        parts.append(("\n" + "  " * level if pretty else "") + "]")
    elif isinstance(value, bool) or value is None or isinstance(value, (str, float)):
        parts.append(orjson.dumps(value).decode())
    elif isinstance(value, int):
        parts.append(str(int(value)))
    else:
        parts.append(orjson.dumps(value, default=_default).decode())


def dumps(value: Any, *, pretty: bool = False) -> bytes:
    """Serialise to compact (or 2-space indented) UTF-8 JSON bytes, keys in their given order.

    This is the one JSON writer of ocds-regency: `Decimal` amounts are written digit for digit as JSON
    numbers (never through a float, never as strings), tuples and sets as arrays, and integers beyond
    64 bits (which orjson refuses) by a slower exact path with the same layout.

    Raises:
        TypeError: a value can't be written as JSON (or is a NaN/infinite `Decimal`).
    """
    option = orjson.OPT_INDENT_2 if pretty else 0
    try:
        return orjson.dumps(value, default=_default, option=option)
    except orjson.JSONEncodeError:
        pass  # integers beyond 64 bits, or something that is not JSON: the slow writer tells them apart
    parts: list[str] = []
    _write_slow(value, pretty, 0, parts)
    return "".join(parts).encode()


def non_integer(value: Decimal) -> Decimal:
    """Keep a number read from a JSON float (or a float) from passing for an integer.

    Only `Decimal`s with exponent 0 are written as integers. `-1.1079270422433236e+16` reads as such a
    Decimal; give it one decimal place (`-11079270422433236.0`) so that it is written back as a float.
    """
    sign, digits, exponent = value.as_tuple()
    if exponent == 0:
        return Decimal((sign, (*digits, 0), -1))  # exact, whatever the context's precision
    return value


# ------------------------------------------------------------------------------------------------- reading

#: What to do with a key repeated in one object (see the module documentation).
Duplicates = Literal["keep", "refuse"]

#: The fast path alone (orjson): objects as dicts in key order, non-integers as floats. Its result stands
#: only where :func:`trusted` says so; :func:`loads` applies that rule itself.
fast_loads = orjson.loads
#: The error :func:`fast_loads` raises on text that is not JSON (a ``ValueError`` with ``pos`` and ``msg``).
FastDecodeError = orjson.JSONDecodeError

# 19 digits: orjson reads -2**63 - 1 (19 digits) and 2**64 (20) as floats. Found by mapping every digit
# to "0" and anything else to " " (bytes.translate runs at memory speed, a regular expression does not).
_DIGITS = bytes(48 if 48 <= code <= 57 else 32 for code in range(256))
_LONG_DIGITS = b"0" * 19
#: Bytes of a long text whose brackets :func:`check_limits` counts first.
_COUNTED = 1 << 16
#: Lines this long or shorter are compared without the white space between their strings (a package's
#: first line, ``{"releases": [``); a longer line that differs from orjson's output takes the colon counts.
_SHORT_LINE = 256
# A string (kept, group 1) or white space outside strings (dropped).
_WHITE_OUTSIDE_STRINGS = re.compile(rb'("[^"\\]*(?:\\.[^"\\]*)*")|[ \t\r]+', re.DOTALL)


class JsonTextError(InputError):
    """The text is not JSON that can be read (the message says why, in one line, without the file: the reader
    adds the file and position).

    Attributes:
        at: where in the text, when the text is not JSON (``"line 2 column 1"``), else ``None``.
        detail: what is wrong there, without the location (``"Expecting value"``), else the message.
    """

    def __init__(self, message: str, *, at: str | None = None, detail: str | None = None) -> None:
        super().__init__(message)
        self.at = at
        self.detail = detail or message


class DuplicateKeyError(JsonTextError):
    """A key is repeated in one object with another value: which one holds can't be told.

    Attributes:
        key: the repeated key.
    """

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(
            f"the key {key!r} is given twice in one object with different values: which one holds can't be told"
        )


def refuse_duplicate(previous: Any, value: Any, key: str) -> None:
    """Raise :class:`DuplicateKeyError` unless a key's two values are the same JSON value."""
    if not same_json(previous, value):
        raise DuplicateKeyError(key)


def same_json(first: Any, second: Any) -> bool:
    """Whether two decoded values are the same JSON value: Python's ``==`` holds ``1``, ``1.0`` and ``true``
    equal, at any depth (``{"a": false} == {"a": 0}``), JSON does not."""
    if type(first) is not type(second):
        return False
    if type(first) is dict:
        return first.keys() == second.keys() and all(same_json(item, second[name]) for name, item in first.items())
    if type(first) is list:
        return len(first) == len(second) and all(map(same_json, first, second))
    return bool(first == second)


def _kept_key(mapping: dict[str, Any], key: str) -> str:
    """The key a repeat of ``key`` is kept under: ``"key (2)"``, ``"key (3)"``..."""
    number = 2
    while f"{key} ({number})" in mapping:
        number += 1
    return f"{key} ({number})"


def _keep(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    built: dict[str, Any] = {}
    for key, value in pairs:
        built[_kept_key(built, key) if key in built else key] = value
    return built


def _refuse(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    built: dict[str, Any] = {}
    for key, value in pairs:
        if key in built:
            refuse_duplicate(built[key], value, key)
        built[key] = value
    return built


_HOOKS: dict[str, Callable[[list[tuple[str, Any]]], dict[str, Any]]] = {"keep": _keep, "refuse": _refuse}


def _constant(name: str) -> Any:
    raise JsonTextError(f"{name} is not a JSON number")


def _float(text: str | Decimal) -> float:
    """A number with a fraction or an exponent as a float, as orjson reads it.

    Raises:
        JsonTextError: the number is beyond the range of a double.
    """
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise JsonTextError(f"the number {str(text)[:40]} is beyond the range of a double")
    return value


def _decimal(text: str) -> Decimal:
    return non_integer(Decimal(text))


def trusted(data: bytes, value: Any) -> bool:
    r"""Whether orjson's ``value`` of the JSON text ``data`` lost nothing: no integer that may have become a
    float, no key repeated in an object. The one rule for keeping the fast path's result.

    orjson writes ``value`` back once. When that is ``data`` itself (followed by white space at most), nothing
    was lost: a dropped key or an integer read as a float would be written otherwise. That is the case of
    every release ocds-regency writes (compact, by orjson) unless it holds an amount with trailing zeros,
    and it costs one comparison. The same holds, line by line, for a text in lines that is orjson's output
    but for white space between its tokens (:func:`_lines_written`: a package with one release a line).
    Otherwise (another layout, such as ``", "`` and ``": "``, or other number texts):

    - no integer became a float: an integer orjson reads as a float is at least 2**63 in magnitude, and orjson
      writes every float of 10**16 or more with an exponent ``e+`` (``1.8446744073709552e+19``), so without
      ``e+`` in orjson's output (:func:`_exponent`) none did. A ``+`` alone does not count: dates
      (``+07:00``) and telephone numbers (``+62``) have one in every release. With ``e+`` (a float that wide,
      or a string that holds it), no run of 19 digits in ``data`` (the shortest integer orjson may turn into
      a float);
    - every colon of ``data`` ends a key or stands in a string; orjson writes ``value`` back with one colon
      per key it kept and the same strings: a ``\u`` escape is written back as the character it stands for,
      which is a colon only for ``\u003a`` (texts with one take the exact path; any other escape, such as the
      ``\u00e9`` of text written with ASCII only, writes back no colon). A key dropped takes its colon away,
      and the value it had, with any colons in its strings: ``data`` has as many colons as orjson's output
      only if no key was dropped. (Colons are counted, not ``":``: a search for one byte runs at memory speed.)
    """
    written = orjson.dumps(value)
    if data.startswith(written) and (len(data) == len(written) or data[len(written) :].isspace()):
        return True
    if b"\n" in data and _lines_written(data, written):
        return True
    if _exponent(written) and _LONG_DIGITS in data.translate(_DIGITS):
        return False
    if b":" not in data:
        return True  # no key at all (no object, or only empty ones)
    if b"\\" in data and b"\\u" in data and (b"\\u003a" in data or b"\\u003A" in data):
        return False  # an escaped colon: written back as a colon, it can't be told from a key's
    return data.count(b":") == written.count(b":")


def _exponent(written: bytes) -> bool:
    """Whether orjson's output holds a float written with an exponent (``e+``): each ``+`` is found by a
    search for one byte (at memory speed; a search for ``e+`` is several times slower) and the byte before it
    looked at. Past a few ``+`` that are not exponents (dates, telephone numbers), one search for ``e+``."""
    at = written.find(b"+")
    for _ in range(32):
        if at < 0:
            return False
        if written[at - 1] == 0x65:  # "e"
            return True
        at = written.find(b"+", at + 1)
    return b"e+" in written


def _lines_written(data: bytes, written: bytes) -> bool:
    """Whether ``written`` is ``data`` less white space, line by line: each line of ``data``, stripped (and,
    if short, without the white space between its strings), is the next part of ``written``.

    A JSON text in lines (a package with one release a line, as ``compile`` and most publishers write it):
    one search for each line break and one comparison per line, at memory speed, where counting colons reads
    every byte twice (lines shorter than 1 KB on average answer no: for them, counting costs less).

    Only white space outside strings is taken out (a line starts and ends outside any string, as a JSON
    string can't hold a line break), so the text compared has the same tokens as ``data``: when it is
    orjson's output, ``data`` is orjson's output but for its spacing, and nothing was lost, as when
    ``written`` is ``data`` itself. A line that differs otherwise (other spacing inside a long line, another
    escape or number text, a key given twice) answers no, and :func:`trusted` counts the colons."""
    at = start = lines = 0
    size = len(data)
    while start < size:
        lines += 1
        if lines > 16 and lines << 10 > start:
            return False  # lines of less than 1 KB on average (indented JSON): counting colons costs less
        end = data.find(b"\n", start)
        if end < 0:
            end = size
        line = data[start:end].strip(b" \t\r")
        if not written.startswith(line, at):
            if len(line) > _SHORT_LINE:
                return False
            line = _WHITE_OUTSIDE_STRINGS.sub(rb"\1", line)
            if not written.startswith(line, at):
                return False
        at += len(line)
        start = end + 1
    return at == len(written)


def loads(
    data: bytes | bytearray | memoryview | str,
    *,
    duplicates: Duplicates = "refuse",
    decimals: bool = False,
    source: str = "",
    nesting: bool = True,
) -> Any:
    """Decode one JSON text (see the module documentation): orjson, trusted only when :func:`trusted` says so,
    else :mod:`json`, exactly.

    Args:
        data: the JSON text (UTF-8 bytes, or str).
        duplicates: ``"keep"`` or ``"refuse"`` repeated keys.
        decimals: numbers with a fraction or exponent as exact :class:`~decimal.Decimal` (non-integers when
            written back) instead of floats.
        source: the name used in messages of the limits (nesting, digits).
        nesting: check the nesting limit (:data:`~ocds_regency.read.limits.MAX_DEPTH`) when the text has more
            brackets than that. ``False`` only for text that has passed a reader's guard already: releases
            have hundreds of brackets, and checking each one's nesting again would double the cost of
            decoding it.

    Raises:
        JsonTextError: the text is not valid JSON, a number is beyond a double, a key is repeated
            (:class:`DuplicateKeyError`), or a limit of :mod:`ocds_regency.read.limits` is exceeded; the message
            is one line.
    """
    if isinstance(data, str):
        try:
            data = data.encode()
        except UnicodeEncodeError as exc:
            raise JsonTextError(f"not valid UTF-8: {exc.reason}") from None
    elif not isinstance(data, bytes):
        data = bytes(data)
    if nesting:
        try:
            check_limits(data, source)
        except InputError as exc:
            raise JsonTextError(exc.message) from None
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        fast_error: str | None = str(exc)
    else:
        fast_error = None
        if trusted(data, value) and not (decimals and _has_float(value)):
            return value
    return _exact(data, duplicates, decimals, source, fast_error)


def check_limits(data: bytes, source: str) -> None:
    """Refuse JSON text nested deeper than :data:`~ocds_regency.read.limits.MAX_DEPTH` before orjson reads it
    (orjson would read up to 1,024 levels). Only text with more brackets than that is scanned; a long text
    whose first 64 KB have that many already (a package of releases) is scanned without counting the rest.
    (A long flat text, such as an ISB row with a long string, is counted whole: cheaper than scanning it.)

    Raises:
        InputError: the text breaks a limit of :mod:`ocds_regency.read.limits` (the message names ``source``).
    """
    head = len(data) > _COUNTED and data.count(b"[", 0, _COUNTED) + data.count(b"{", 0, _COUNTED) > MAX_DEPTH
    if head or data.count(b"[") + data.count(b"{") > MAX_DEPTH:
        check_json(data, source)


def _check(data: bytes, source: str) -> None:
    try:
        check_json(data, source)
    except InputError as exc:
        raise JsonTextError(exc.message) from None


def _exact(data: bytes, duplicates: Duplicates, decimals: bool, source: str, fast_error: str | None) -> Any:
    _check(data, source)  # depth and digits: json's scanner would recurse or refuse 4,300+ digits
    try:
        return json.loads(
            data,
            object_pairs_hook=_HOOKS[duplicates],
            parse_float=_decimal if decimals else _float,
            parse_constant=_constant,
        )
    except JsonTextError:
        raise
    except json.JSONDecodeError as exc:
        at = f"line {exc.lineno} column {exc.colno}"
        raise JsonTextError(fast_error or f"{exc.msg}: {at}", at=at, detail=exc.msg) from None
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError
        raise JsonTextError(fast_error or " ".join(str(exc).split())) from None


def _has_float(value: Any) -> bool:
    if type(value) is float:
        return True
    if type(value) is dict:
        return any(_has_float(item) for item in value.values())
    if type(value) is list:
        return any(_has_float(item) for item in value)
    return False


# ------------------------------------------------------------------------------------------ streamed values


@cache
def _builder_type() -> type[Any]:
    """The builder of :func:`build_value`, a subclass of ijson's, made on first use: ijson is imported only when
    a value is built from its events (a streamed package), not at every start-up."""
    import ijson

    class _Builder(ijson.ObjectBuilder):  # type: ignore[misc]  # ijson is untyped
        """Builds a value from ijson's events under the duplicates policy, numbers with a fraction as floats.

        An array or object is still empty when it is added: a repeat whose value is one is compared once the
        whole value is built (:meth:`check`).
        """

        key: str  # set by ijson's builder at each map_key event

        def __init__(self, duplicates: Duplicates) -> None:
            super().__init__()
            self.duplicates = duplicates
            self.pending: list[tuple[Any, dict[str, Any], str]] = []

        def _add(self, value: Any) -> None:
            if type(value) is Decimal:
                value = _float(value)
            if self.containers:
                top = self.containers[-1]
                if type(top) is dict and self.key in top and self.duplicates == "keep":
                    self.key = _kept_key(top, self.key)
                elif type(top) is dict and self.key in top:
                    key = self.key
                    previous = top[key]
                    if type(value) is dict or type(value) is list:
                        self.pending.append((previous, top, key))
                    else:
                        refuse_duplicate(previous, value, key)
            super()._add(value)

        def check(self) -> None:
            """Compare the repeats whose value was an array or object."""
            for previous, top, key in self.pending:
                refuse_duplicate(previous, top[key], key)

    return _Builder


def build_value(
    events: Iterator[tuple[str, str, Any]], event: str, value: Any, duplicates: Duplicates = "refuse"
) -> Any:
    """The JSON value that starts with ijson's ``(event, value)``, built from the following ``events`` (consumed
    up to the end of the value) under the ``duplicates`` policy, numbers with a fraction as floats.

    The events are those of ``ijson.parse(..., use_float=False)`` over a stream that passed the readers'
    guard (:class:`~ocds_regency.read.limits.JsonGuard`), which bounds the nesting.

    Raises:
        JsonTextError: a key is repeated in one of its objects with another value
            (:class:`DuplicateKeyError`), or a number is beyond the range of a double.
    """
    if event != "start_map" and event != "start_array":
        return _float(value) if type(value) is Decimal else value
    builder = _builder_type()(duplicates)
    builder.event(event, value)
    depth = 1
    for _prefix, inner_event, inner_value in events:
        builder.event(inner_event, inner_value)
        if inner_event == "start_map" or inner_event == "start_array":
            depth += 1
        elif inner_event == "end_map" or inner_event == "end_array":
            depth -= 1
            if depth == 0:
                break
    builder.check()
    return builder.value


def _object_type(
    base: type[dict[str, Any]], duplicates: Duplicates, pending: list[tuple[Any, Any, str]], building: list[bool]
) -> type:
    """The type of the objects ijson's C builder makes for :func:`items`: ``base`` under the duplicates
    policy, numbers with a fraction kept non-integers (:func:`non_integer`).

    Repeats are compared once the item is built (an array or object is still empty when added, and ijson's C
    builder can't pass on an exception raised while it adds a key): each earlier value goes to ``pending``, one
    list per call of :func:`items`, to be compared with the value that stands. The policy holds while ijson builds
    (``building[0]``), not when the caller changes a value it was given.
    """
    setitem = base.__setitem__

    class Decoded(base):  # type: ignore[valid-type,misc]  # a subclass of the given mapping type
        __slots__ = ()

        def __setitem__(self, key: str, value: Any) -> None:
            if not building[0]:
                setitem(self, key, value)
                return
            if type(value) is Decimal:
                value = non_integer(value)
            if key in self:
                if duplicates == "keep":
                    key = _kept_key(self, key)
                else:  # compared with the last value once the item is built (nothing may raise in here)
                    pending.append((self[key], self, key))
            setitem(self, key, value)

    Decoded.__name__ = Decoded.__qualname__ = base.__name__
    return Decoded


def _check_repeats(value: Any, pending: list[tuple[Any, Any, str]]) -> None:
    """Compare the repeated keys of ``value``'s objects (in ``pending``) with the values that stand, and drop
    them from ``pending``. ijson's C builder may have built (part of) the next items already: their repeats
    stay in ``pending`` until their own turn. Only runs when a key was repeated (rare)."""
    mine: set[int] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            mine.add(id(item))
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    kept = [entry for entry in pending if id(entry[1]) not in mine]
    repeats = [entry for entry in pending if id(entry[1]) in mine]
    pending[:] = kept
    for previous, mapping, key in repeats:
        refuse_duplicate(previous, mapping[key], key)


def describe_error(exc: Exception) -> str:
    """One readable line for an error of the ijson parser (its messages span lines and may be ``bytes``)."""
    detail = exc.args[0] if exc.args else exc
    text = detail.decode("utf-8", "replace") if isinstance(detail, bytes) else str(detail)
    first = " ".join(text.split("\n", 1)[0].split())
    if "invalid bytes in utf8" in text.lower() or "utf-8" in text.lower():
        return f"not valid UTF-8 JSON ({first}): is the file in another encoding? save it as UTF-8"
    return f"not valid JSON ({first}); truncated file?"


def items(
    stream: IO[bytes] | Any,
    prefix: str,
    *,
    source: str,
    duplicates: Duplicates = "refuse",
    decimals: bool = False,
    several: bool = False,
    map_type: type[dict[str, Any]] = dict,
) -> Iterator[Any]:
    """The JSON values at ijson's ``prefix`` of a stream (``""``: the top-level values), one at a time, read
    through the readers' guard (:class:`~ocds_regency.read.limits.JsonGuard`).

    Args:
        stream: the JSON bytes (UTF-8), with a ``read`` method.
        prefix: where the values are (``"releases.item"``, ``"item"``, ``""``...).
        source: the name used in messages.
        duplicates: ``"keep"`` or ``"refuse"`` repeated keys.
        decimals: numbers with a fraction as exact :class:`~decimal.Decimal` (built by ijson's C builder,
            fast) instead of floats (built from ijson's events).
        several: the stream may hold several JSON values one after the other (JSON Lines, concatenated JSON).
        map_type: the type of the objects built (``decimals`` only; e.g. :class:`collections.OrderedDict`).

    Raises:
        InputError: the stream is not valid JSON, breaks a limit, or repeats a key with another value; the
            message names ``source`` and the position (the item after the last good one).
    """
    import ijson  # here, not at start-up: most runs read no stream through ijson

    guarded = JsonGuard(stream, source)
    number = 0
    try:
        if decimals:
            pending: list[tuple[Any, Any, str]] = []
            building = [True]
            built = ijson.items(
                guarded,
                prefix,
                use_float=False,
                multiple_values=several,
                buf_size=JSON_BUFFER,
                map_type=_object_type(map_type, duplicates, pending, building),
            )
            for value in built:
                if pending:
                    _check_repeats(value, pending)
                number += 1
                building[0] = False
                yield value
                building[0] = True
            return
        events = ijson.parse(guarded, use_float=False, multiple_values=several, buf_size=JSON_BUFFER)
        for event_prefix, event, value in events:
            if event_prefix == prefix and event not in ("end_map", "end_array", "map_key"):
                number += 1
                yield build_value(events, event, value, duplicates)
    except ijson.JSONError as exc:
        where = f"after item {number}" if number else "before the first item"
        raise InputError(describe_error(exc), source=source, position=where) from None
    except JsonTextError as exc:
        raise InputError(exc.message, source=source, position=f"item {number + 1}") from None
