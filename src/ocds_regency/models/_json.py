"""JSON text with exact numbers: `loads` reads non-integers as `Decimal`, `dumps` writes them digit for digit.

Both are the JSON codec's (:mod:`ocds_regency.codec`): `loads` refuses a key repeated with another value and
keeps integers of any size, within the readers' limits; `dumps` takes `indent` where the codec says `pretty`.
"""

from __future__ import annotations

from typing import Any

from ocds_regency import codec
from ocds_regency.errors import InputError

__all__ = ["dumps", "loads"]


def loads(data: str | bytes | bytearray, *, source: str | None = None) -> Any:
    """Decode JSON text with every number exact (non-integers as `Decimal`, written back as read).

    Args:
        data: the JSON text.
        source: a name for the text (a file name) used in error messages.

    Raises:
        InputError: the text is not JSON (or has `NaN`, a key repeated with another value, or breaks the
            readers' nesting and number limits); the message is one line and names the line and column.
    """
    try:
        return codec.loads(data, duplicates="refuse", decimals=True, source=source or "<json>")
    except codec.JsonTextError as exc:
        raise InputError(exc.detail, source=source, position=exc.at) from None


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
    return codec.dumps(value, pretty=indent)
