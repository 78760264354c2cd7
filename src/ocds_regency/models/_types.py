"""Field types shared by the OCDS models: exact numbers, dates kept as given, absent-but-never-null.

- `Number`: a JSON number kept exactly as a `Decimal` (int, float read through `repr`, Decimal, or numeric
  text from Python code but not in data read by `from_dict`), written as a JSON number.
- `DateTime`: an RFC 3339 date-time with a UTC offset, kept as the text given (an aware `datetime` is
  accepted and stored as its `isoformat()`); `parse_datetime` turns it into a `datetime`.
- `Id`: a string or an integer, whichever was given.
- `NonNull[X]`: may be left out (`None`) but not `null`.
- `JSONAny`: any JSON value, kept as given.
"""

from __future__ import annotations

import calendar
import math
import re
import warnings
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Annotated, Any, TypeAlias, TypeVar

from pydantic import GetCoreSchemaHandler, PlainSerializer, PlainValidator, ValidationInfo
from pydantic_core import PydanticCustomError, core_schema

from ocds_regency.codec import non_integer
from ocds_regency.errors import OcdsRegencyWarning, ParseError
from ocds_regency.i18n import Message

__all__ = [
    "DATA_CONTEXT",
    "NOT_NULLABLE",
    "DateTime",
    "Id",
    "JSONAny",
    "NonNull",
    "Number",
    "PrecisionWarning",
    "json_number",
    "non_integer",
    "parse_datetime",
]

T = TypeVar("T")


class PrecisionWarning(OcdsRegencyWarning):
    """A number can't be written exactly by pydantic's JSON modes.

    `model_dump(mode="json")` and `model_dump_json()` can only write a non-integer number as a binary
    float. That is exact for every decimal of up to 15 significant digits (any realistic amount of money),
    but not beyond. `to_json` (and `OcdsModel.to_json`) always writes the exact value: use them.
    """


# --------------------------------------------------------------------------------------------------------
# Numbers


def _invalid_number() -> PydanticCustomError:
    return PydanticCustomError(
        "ocds_number", "Input should be a finite JSON number (int, float, Decimal or numeric text)"
    )


#: Validation context that marks the input as decoded JSON data (`OcdsModel.from_dict` passes it): there a
#: string is never a number.
DATA_CONTEXT: Mapping[str, Any] = MappingProxyType({"ocds_regency.data": True})


def _to_decimal(value: object, info: ValidationInfo) -> Decimal:
    """Validate a JSON number without going through binary floating point where it can be avoided."""
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, bool):
        raise _invalid_number()
    elif isinstance(value, int):
        return Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise _invalid_number()
        # repr() is the shortest text that reads back as the same float: 999995334.78, not 999995334.779999971.
        return non_integer(Decimal(repr(value)))
    elif isinstance(value, str):
        if info.context is not None and info.context.get("ocds_regency.data"):
            raise PydanticCustomError("ocds_number", "Input should be a JSON number, not a string")
        try:
            result = Decimal(value)
        except InvalidOperation:
            raise _invalid_number() from None
    else:
        raise _invalid_number()
    if not result.is_finite():
        raise _invalid_number()
    return result


def json_number(value: Decimal) -> int | float:
    """Return the JSON-mode stand-in for an exact number: an int for integers, else a float.

    Integers (no exponent) stay integers of any size. Other values become floats, which is exact for up to
    15 significant digits; beyond that a `PrecisionWarning` says that the float is only the nearest one.
    """
    _sign, digits, exponent = value.as_tuple()
    if exponent == 0:
        return int(value)
    result = float(value)
    if len(digits) <= 15 and -300 < value.adjusted() < 300:
        return result
    if math.isfinite(result) and Decimal(repr(result)) == value:
        return result
    if isinstance(exponent, int) and exponent > 0:
        return int(value)
    warnings.warn(
        f"the number {value} can't be written exactly as a JSON float ({result!r}); "
        "write it with ocds_regency.models.to_json() to keep every digit",
        PrecisionWarning,
        stacklevel=2,
    )
    return result


def _jsonable(value: Any) -> Any:
    """Replace the `Decimal`s inside a JSON value by JSON numbers (for pydantic's JSON modes)."""
    if isinstance(value, Decimal):
        return json_number(value)
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    return value


#: A JSON number kept exactly as a `Decimal`.
#:
#: Accepts `int`, `Decimal`, numeric text and `float` (read through `repr`, so `999995334.78` stays exactly
#: that); rejects booleans, NaN and infinities. Python mode dumps the `Decimal`; JSON modes write a number.
Number: TypeAlias = Annotated[
    Decimal,
    PlainValidator(_to_decimal, json_schema_input_type=int | float | str | Decimal),
    PlainSerializer(json_number, return_type=int | float, when_used="json"),
]

#: An id that the schema allows to be a string or an integer; the type given is kept.
Id: TypeAlias = str | int

#: Any JSON value (unknown fields, `former_value`, the versioned release). Kept as given; `Decimal`s inside it are
#: written as numbers.
JSONAny: TypeAlias = Annotated[Any, PlainSerializer(_jsonable, when_used="json")]


# --------------------------------------------------------------------------------------------------------
# Dates

_DATETIME = re.compile(
    r"(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt]"
    r"(?:[01]\d|2[0-3]):[0-5]\d:(?:[0-5]\d|60)(?:\.\d+)?"
    r"(?:[Zz]|[+-](?:[01]\d|2[0-3]):[0-5]\d)"
)


def _check_datetime(value: object) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise PydanticCustomError("ocds_datetime", "A datetime needs a UTC offset (tzinfo): this one is naive")
        return value.isoformat()
    if not isinstance(value, str):
        raise PydanticCustomError("ocds_datetime", "Input should be an ISO 8601 date-time string or an aware datetime")
    match = _DATETIME.fullmatch(value)
    if match is None or int(match[3]) > calendar.monthrange(int(match[1]), int(match[2]))[1]:
        raise PydanticCustomError(
            "ocds_datetime",
            "Input should be an ISO 8601 date-time with a UTC offset, like 2024-03-01T09:30:00+07:00",
        )
    return value


#: An ISO 8601 (RFC 3339) date-time with a UTC offset, kept exactly as the text given.
#:
#: An aware `datetime` is accepted too and stored as its `isoformat()`; `parse_datetime` turns the text
#: back into a `datetime`.
DateTime: TypeAlias = Annotated[str, PlainValidator(_check_datetime, json_schema_input_type=str | datetime)]


def parse_datetime(value: str) -> datetime:
    """Parse an OCDS date-time (as stored in the models) into an aware `datetime`.

    Fractions of a second beyond microseconds are truncated.

    Args:
        value: an RFC 3339 date-time such as `"2024-03-01T09:30:00+07:00"` or `"2024-03-01T02:30:00Z"`.

    Returns:
        The timezone-aware datetime.

    Raises:
        ParseError: the text is not an RFC 3339 date-time, or is a leap second (`:60`), which `datetime`
            can't represent.
    """
    if not isinstance(value, str) or _DATETIME.fullmatch(value) is None:
        raise ParseError(Message("parse.not-a-datetime", value=repr(value)), value=value, kind="date-time")
    text = value.upper()
    offset = UTC
    if text.endswith("Z"):
        text = text[:-1]
    else:
        sign = -1 if text[-6] == "-" else 1
        offset = timezone(sign * timedelta(hours=int(text[-5:-3]), minutes=int(text[-2:])))
        text = text[:-6]
    if "." in text:
        text, fraction = text.split(".")
        text += "." + fraction[:6].ljust(6, "0")
    try:
        return datetime.fromisoformat(text).replace(tzinfo=offset)
    except ValueError as exc:
        raise ParseError(
            Message("parse.datetime-unrepresentable", value=repr(value), detail=str(exc)), value=value, kind="date-time"
        ) from exc


# --------------------------------------------------------------------------------------------------------
# Absent but never null


class _NotNullable:
    """Validate `X | None` as plain `X`: `None` stays the default (absent) but `null` input is an error.

    It works on pydantic's core schema (the nullable wrapper is dropped), so no Python runs per field.
    """

    __slots__ = ()

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        schema = handler(source)
        if schema["type"] == "nullable":
            inner: core_schema.CoreSchema = schema["schema"]
            return inner
        return schema  # pragma: no cover - NonNull always wraps an optional type

    def __repr__(self) -> str:
        return "NotNullable"


NOT_NULLABLE = _NotNullable()

NonNull: TypeAlias = Annotated[T | None, NOT_NULLABLE]
