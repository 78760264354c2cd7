"""The JSON codec: the rules of every JSON text ocds-regency reads or writes, in one place.

- :func:`dumps` writes compact (or 2-space indented) UTF-8 JSON with orjson, keys in their given order;
  :class:`~decimal.Decimal` amounts digit for digit as JSON numbers (never through a float, never as
  strings), tuples and sets as arrays, integers beyond 64 bits by a slower exact path with the same layout.
- :func:`loads` reads JSON fast with orjson (non-integers as floats: what the readers and the merge use);
  :func:`loads_exact` reads it keeping every number exact (non-integers as ``Decimal``: what the typed
  models use), within the nesting and number limits of every reader (:mod:`ocds_regency.read.limits`).

The file writers (:mod:`ocds_regency.write`) and the readers (:mod:`ocds_regency.read`) go through it.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import orjson

from ocds_regency.errors import InputError
from ocds_regency.read.limits import check_json

__all__ = ["JSONDecodeError", "dumps", "loads", "loads_exact", "non_integer"]

#: The error :func:`loads` raises on text that is not JSON (a ``ValueError``).
JSONDecodeError = orjson.JSONDecodeError
#: Decode JSON text fast: objects as dicts in key order, non-integers as floats (orjson).
loads = orjson.loads


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


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _parse_float(text: str) -> Decimal:
    return non_integer(Decimal(text))


def loads_exact(data: str | bytes | bytearray, *, source: str | None = None) -> Any:
    """Parse JSON text keeping every number exact: non-integers become `Decimal` (written back as read).

    Args:
        data: JSON text (UTF-8 bytes or str).
        source: a name for the text (a file name) used in error messages.

    Returns:
        The decoded value.

    Raises:
        InputError: the text is not JSON (or has `NaN` / `Infinity`, or breaks the readers' nesting and
            number limits); the message names the line and column.
    """
    check_json(data, source or "<json>")
    try:
        return json.loads(data, parse_float=_parse_float, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise InputError(exc.msg, source=source, position=f"line {exc.lineno} column {exc.colno}") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(str(exc), source=source) from exc
