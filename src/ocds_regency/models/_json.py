"""JSON text with exact numbers: `loads` reads non-integers as `Decimal`, `dumps` writes them digit for digit."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import orjson

from ocds_regency.errors import InputError
from ocds_regency.models._types import non_integer

__all__ = ["dumps", "loads"]


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _parse_float(text: str) -> Decimal:
    return non_integer(Decimal(text))


def loads(data: str | bytes | bytearray, *, source: str | None = None) -> Any:
    """Parse JSON text keeping every number exact: non-integers become `Decimal`.

    Args:
        data: JSON text (UTF-8 bytes or str).
        source: a name for the text (a file name) used in error messages.

    Returns:
        The decoded value.

    Raises:
        InputError: the text is not JSON (or has `NaN` / `Infinity`); the message names the line and column.
    """
    try:
        return json.loads(data, parse_float=_parse_float, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise InputError(exc.msg, source=source, position=f"line {exc.lineno} column {exc.colno}") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(str(exc), source=source) from exc


def _fragment(value: object) -> orjson.Fragment:
    if isinstance(value, Decimal) and value.is_finite():
        return orjson.Fragment(str(value))
    raise TypeError(f"{type(value).__name__} {value!r} can't be written as JSON")


def _write_slow(value: Any, indent: bool, level: int, parts: list[str]) -> None:
    # Used only when orjson refuses the value: it can't write integers beyond 64 bits. Same layout as orjson.
    if isinstance(value, dict):
        if not value:
            parts.append("{}")
            return
        inner = "\n" + "  " * (level + 1) if indent else ""
        parts.append("{")
        for position, (key, item) in enumerate(value.items()):
            if not isinstance(key, str):
                raise TypeError(f"object keys must be strings, got {key!r}")
            parts.append(("," if position else "") + inner + json.dumps(key, ensure_ascii=False) + ":")
            if indent:
                parts.append(" ")
            _write_slow(item, indent, level + 1, parts)
        parts.append(("\n" + "  " * level if indent else "") + "}")
    elif isinstance(value, (list, tuple)):
        if not value:
            parts.append("[]")
            return
        inner = "\n" + "  " * (level + 1) if indent else ""
        parts.append("[")
        for position, item in enumerate(value):
            parts.append(("," if position else "") + inner)
            _write_slow(item, indent, level + 1, parts)
        parts.append(("\n" + "  " * level if indent else "") + "]")
    elif isinstance(value, Decimal):
        _fragment(value)  # rejects NaN and infinities
        parts.append(str(value))
    elif isinstance(value, (str, bool, float)) or value is None:
        parts.append(orjson.dumps(value).decode())
    elif isinstance(value, int):
        parts.append(str(int(value)))
    else:
        parts.append(orjson.dumps(value, default=_fragment).decode())


def dumps(value: Any, *, indent: bool = False) -> bytes:
    """Write a JSON value as UTF-8 JSON, `Decimal`s as exact numbers.

    Args:
        value: dicts, lists, strings, numbers (`int`, `float`, `Decimal`), booleans and `None`.
        indent: indent by two spaces.

    Returns:
        The JSON text.

    Raises:
        TypeError: the value holds something that is not JSON (or a NaN/infinite `Decimal`).
    """
    options = orjson.OPT_INDENT_2 if indent else 0
    try:
        return orjson.dumps(value, default=_fragment, option=options)
    except orjson.JSONEncodeError:
        pass  # integers beyond 64 bits, or something that is not JSON: the slow writer tells them apart
    parts: list[str] = []
    _write_slow(value, indent, 0, parts)
    return "".join(parts).encode()
