"""Decode one JSON text (a line of JSON Lines, a small document) exactly, fast when that is safe.

:mod:`orjson` is fast, but it settles two things silently that a reader of files it did not write must not:

- a **repeated key** in one object keeps its last value (``{"hps": 1000, "hps": 2000}`` is ``2000``);
- an **integer beyond 64 bits** becomes a float (``2**64`` loses its last digits), and one beyond a double
  is refused as if it were not JSON.

:func:`loads` uses orjson, then checks at C speed whether its result can be trusted: no run of 19 digits
(the shortest integer orjson may turn into a float) and as many colons (keys) written back as the text has.
Only when either check fails (rare in real data) is the text decoded again by :mod:`json`, exactly:
integers of any size stay integers (the input has passed :class:`~ocds_regency.read.limits.JsonGuard`'s
digit limit), and each object is built by a ``duplicates`` policy:

- ``"keep"`` (ISB rows): a repeated key's value is kept as ``"key (2)"``, like a repeated CSV column, so
  that the row's parser reports a conflicting value as a field issue;
- ``"refuse"`` (OCDS releases): a key repeated with another value, or with an array or object, raises
  :class:`DuplicateKeyError` (a repeat of the same plain value is harmless and dropped).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Literal

import orjson

from ocds_regency.errors import InputError
from ocds_regency.read.limits import MAX_DEPTH, check_json

__all__ = ["DuplicateKeyError", "Duplicates", "JsonTextError", "KeepDuplicates", "loads", "refuse_duplicate"]

#: What to do with a key repeated in one object (see the module documentation).
Duplicates = Literal["keep", "refuse"]

# 19 digits: orjson reads -2**63 - 1 (19 digits) and 2**64 (20) as floats. Found by mapping every digit
# to "0" and anything else to " " (bytes.translate runs at memory speed, a regular expression does not).
_DIGITS = bytes(48 if 48 <= code <= 57 else 32 for code in range(256))
_LONG_DIGITS = b"0" * 19


class JsonTextError(ValueError):
    """The text is not JSON that can be read (the message says why, in one line)."""


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


class KeepDuplicates(dict[str, Any]):
    """A JSON object that keeps a repeated key's value as ``"key (2)"``, ``"key (3)"``..., like a repeated
    CSV column, so that conflicting values are reported rather than settled by position."""

    def __setitem__(self, key: str, value: Any) -> None:
        if key in self:
            number = 2
            while f"{key} ({number})" in self:
                number += 1
            key = f"{key} ({number})"
        super().__setitem__(key, value)


def refuse_duplicate(previous: Any, value: Any, key: str) -> None:
    """Raise :class:`DuplicateKeyError` unless a key's two values are the same JSON value."""
    if type(previous) is not type(value) or previous != value:  # 1, 1.0 and true are equal in Python, not in JSON
        raise DuplicateKeyError(key)


def _keep(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    built = KeepDuplicates()
    for key, value in pairs:
        built[key] = value
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


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise JsonTextError(f"the number {text[:40]} is beyond the range of a double")
    return value


def _fast_is_exact(data: bytes, value: Any) -> bool:
    """Whether orjson's ``value`` of ``data`` lost nothing: no integer that may have become a float, no key
    repeated in an object.

    Every colon of ``data`` ends a key or stands in a string; orjson writes ``value`` back with one colon
    per key it kept and the same strings (unless the text has ``\\u`` escapes, which orjson writes back as
    characters, maybe colons; those texts take the exact path). A key dropped takes its colon away, and the
    value it had, with any colons in its strings: ``data`` has as many colons as orjson's output only if no
    key was dropped. (Colons are counted, not ``":``: a search for one byte runs at memory speed.)
    """
    if _LONG_DIGITS in data.translate(_DIGITS):
        return False
    if b":" not in data:
        return True  # no key at all (no object, or only empty ones)
    if b"\\" in data and b"\\u" in data:
        return False
    return data.count(b":") == orjson.dumps(value).count(b":")


def is_exact(data: bytes, value: Any) -> bool:
    """Whether orjson's ``value`` of the JSON text ``data`` lost nothing (no repeated key, no integer that may
    have become a float): a fast reader that decoded ``data`` with orjson keeps ``value`` only then, and
    otherwise decodes again with :func:`loads`."""
    return _fast_is_exact(data, value)


def loads(
    data: bytes, *, duplicates: Duplicates, decimals: bool = False, source: str = "", nesting: bool = True
) -> Any:
    """Decode one JSON text exactly (see the module documentation).

    Args:
        data: the JSON text (UTF-8).
        duplicates: ``"keep"`` or ``"refuse"`` repeated keys.
        decimals: numbers with a fraction or exponent as exact :class:`~decimal.Decimal` (as the ISB array
            reader gives them) instead of floats.
        source: the name used in messages of the limits (nesting, digits).
        nesting: check the nesting limit (:data:`~ocds_regency.read.limits.MAX_DEPTH`) when the text has more
            brackets than that. ``False`` when the text has passed a reader's guard already, or when orjson's
            own limit (1,024 levels, in bounded memory) is enough: releases have hundreds of brackets, and
            checking each one's nesting again would double the cost of decoding it.

    Raises:
        JsonTextError: the text is not valid JSON, a number is beyond a double, a key is repeated
            (:class:`DuplicateKeyError`), or a limit of :mod:`ocds_regency.read.limits` is exceeded; the message
            is one line.
    """
    if nesting and data.count(b"[") + data.count(b"{") > MAX_DEPTH:
        try:
            check_json(data, source)  # orjson would read up to 1,024 levels; the readers stop at MAX_DEPTH
        except InputError as exc:
            raise JsonTextError(exc.message) from None
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        fast_error: str | None = str(exc)
    else:
        fast_error = None
        if _fast_is_exact(data, value):
            if decimals and _has_float(value):
                return _exact(data, duplicates, decimals, source, None)
            return value
    return _exact(data, duplicates, decimals, source, fast_error)


def _exact(data: bytes, duplicates: Duplicates, decimals: bool, source: str, fast_error: str | None) -> Any:
    try:
        check_json(data, source)  # depth and digits: json's scanner would recurse or refuse 4,300+ digits
    except InputError as exc:
        raise JsonTextError(exc.message) from None
    try:
        return json.loads(
            data,
            object_pairs_hook=_HOOKS[duplicates],
            parse_float=Decimal if decimals else _finite_float,
            parse_constant=_constant,
        )
    except JsonTextError:
        raise
    except (ValueError, RecursionError) as exc:  # json.JSONDecodeError, UnicodeDecodeError
        raise JsonTextError(fast_error or " ".join(str(exc).split())) from None


def _has_float(value: Any) -> bool:
    if type(value) is float:
        return True
    if type(value) is dict:
        return any(_has_float(item) for item in value.values())
    if type(value) is list:
        return any(_has_float(item) for item in value)
    return False
