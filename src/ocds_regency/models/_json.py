"""JSON text with exact numbers: `loads` reads non-integers as `Decimal`, `dumps` writes them digit for digit."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from ocds_regency import write
from ocds_regency.errors import InputError
from ocds_regency.models._types import non_integer
from ocds_regency.read.limits import check_json

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
    check_json(data, source or "<json>")  # nesting and number limits of every reader (read/limits.py)
    try:
        return json.loads(data, parse_float=_parse_float, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise InputError(exc.msg, source=source, position=f"line {exc.lineno} column {exc.colno}") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(str(exc), source=source) from exc


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
    return write.dumps(value, pretty=indent)
