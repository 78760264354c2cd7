"""Shared machinery of the OCDS models: configuration, exact numbers, dates kept as given, key order.

Every model derives from `OcdsModel`. What it guarantees:

- Field names are snake_case in Python and the OCDS (camelCase) names in JSON; data read with
  `from_dict` / `from_json` must use the JSON names, Python code may use either.
- Unknown fields are kept (`extra="allow"`) and written back unchanged, in their place.
- The key order of the input is remembered and used when writing, so an unchanged object is written
  back byte for byte (fields set later are written after the original ones).
- Scalars are never coerced (`strict=True`): `"5"` is not an integer, `1` is not a boolean, `True` is not
  an id. The exceptions are numbers (`Number`: int, float, Decimal or numeric text, kept as `Decimal`) and
  dates (`DateTime`: text or an aware `datetime`, kept as text).
"""

from __future__ import annotations

import calendar
import json
import math
import re
import warnings
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, ClassVar, Self, TypeAlias, TypeVar

import orjson
from pydantic import (
    BaseModel,
    ConfigDict,
    GetCoreSchemaHandler,
    ModelWrapValidatorHandler,
    PlainSerializer,
    PlainValidator,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    model_serializer,
    model_validator,
)
from pydantic_core import PydanticCustomError, core_schema

from ocds_regency.errors import InputError, OcdsRegencyWarning, ParseError

__all__ = [
    "DateTime",
    "Id",
    "JSONAny",
    "NonNull",
    "Number",
    "OcdsModel",
    "PrecisionWarning",
    "dumps",
    "json_number",
    "loads",
    "parse_datetime",
    "to_dict",
    "to_json",
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


def _to_decimal(value: object) -> Decimal:
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
        return _non_integer(Decimal(repr(value)))
    elif isinstance(value, str):
        try:
            result = Decimal(value)
        except InvalidOperation:
            raise _invalid_number() from None
    else:
        raise _invalid_number()
    if not result.is_finite():
        raise _invalid_number()
    return result


def _non_integer(value: Decimal) -> Decimal:
    """Keep a number read from a JSON float (or a float) from passing for an integer.

    Only `Decimal`s with exponent 0 are written as integers. `-1.1079270422433236e+16` reads as such a
    Decimal; give it one decimal place (`-11079270422433236.0`) so that it is written back as a float.
    """
    sign, digits, exponent = value.as_tuple()
    if exponent == 0:
        return Decimal((sign, (*digits, 0), -1))  # exact, whatever the context's precision
    return value


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
        raise ParseError(f"not an ISO 8601 date-time with a UTC offset: {value!r}", value=value, kind="date-time")
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
        raise ParseError(f"can't represent the date-time {value!r}: {exc}", value=value, kind="date-time") from exc


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


# --------------------------------------------------------------------------------------------------------
# JSON text


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _parse_float(text: str) -> Decimal:
    return _non_integer(Decimal(text))


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


# --------------------------------------------------------------------------------------------------------
# The base model


class OcdsModel(BaseModel):
    """Base class of every OCDS object model.

    Build objects with Python field names (`Tender(procurement_method="open")`), read OCDS JSON with
    `from_json` / `from_dict`, write it with `to_json` / `to_dict`. `model_dump()` and `model_dump_json()`
    use the JSON names by default too; pass `exclude_unset=True` to leave out what was never set.

    Assignments are validated like input (`tender.status = "aktif"` raises `pydantic.ValidationError`);
    `unset` removes a field.
    """

    __slots__ = ("_ocds_order",)

    model_config = ConfigDict(
        extra="allow",
        strict=True,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        revalidate_instances="never",
        validate_assignment=True,
        defer_build=True,
    )

    __pydantic_extra__: dict[str, JSONAny]

    _name_to_alias: ClassVar[dict[str, str]] = {}
    _alias_to_name: ClassVar[dict[str, str]] = {}

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls._name_to_alias = {name: info.alias or name for name, info in cls.model_fields.items()}
        cls._alias_to_name = {alias: name for name, alias in cls._name_to_alias.items()}

    @model_validator(mode="wrap")
    @classmethod
    def _remember_key_order(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        model = handler(data)
        if type(data) is dict:
            object.__setattr__(model, "_ocds_order", tuple(data))
            extra = model.__pydantic_extra__
            if extra:
                names = cls._name_to_alias
                for key in extra:
                    # A JSON key spelled like a Python field name ("procurement_method") read by alias only is
                    # an unknown field, yet pydantic counts the field as set, which would write it as null.
                    if key in names and names[key] not in data:
                        model.__pydantic_fields_set__.discard(key)
        return model

    @model_serializer(mode="wrap")
    def _write_in_key_order(self, handler: SerializerFunctionWrapHandler, info: SerializationInfo) -> Any:
        result = handler(self)
        order: tuple[str, ...] | None = getattr(self, "_ocds_order", None)
        if order is None or type(result) is not dict or len(result) < 2:
            return result
        # The remembered keys are those of the input: JSON names, Python names, or unknown fields.
        by_alias = self.model_config.get("serialize_by_alias", False) if info.by_alias is None else info.by_alias
        rename = self._name_to_alias if by_alias else self._alias_to_name
        extra = self.__pydantic_extra__ or _EMPTY
        ordered = {}
        for key in order:
            output_key = key if key in extra else rename.get(key, key)
            if output_key in result:
                ordered[output_key] = result[output_key]
        if len(ordered) != len(result):
            ordered.update(result)
        return ordered

    def __copy__(self) -> Self:
        duplicate = super().__copy__()
        _copy_order(self, duplicate)
        return duplicate

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Self:
        duplicate = super().__deepcopy__(memo)
        _copy_order(self, duplicate)
        return duplicate

    def __getstate__(self) -> dict[Any, Any]:
        state = super().__getstate__()
        order = getattr(self, "_ocds_order", None)
        if order is not None:
            state = {**state, "_ocds_order": order}
        return state

    def __setstate__(self, state: dict[Any, Any]) -> None:
        order = state.get("_ocds_order")
        super().__setstate__({key: value for key, value in state.items() if key != "_ocds_order"})
        if order is not None:
            object.__setattr__(self, "_ocds_order", order)

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        # Only what is set: an OCDS object has dozens of optional fields.
        fields_set = self.model_fields_set
        for name, value in super().__repr_args__():
            if name is None or name in fields_set or name not in type(self).model_fields:
                yield name, value

    def unset(self, *names: str) -> None:
        """Remove fields, so that they are not written (as if never set).

        Assigning `None` writes `null`, which the schema forbids for lists and objects (the assignment is
        rejected there); `unset` leaves the field out instead. Unknown fields are removed too.

        Args:
            names: Python names, JSON names or unknown-field names.

        Raises:
            AttributeError: there is no such field or unknown field.
        """
        fields = type(self).model_fields
        extra = self.__pydantic_extra__ if self.__pydantic_extra__ is not None else {}
        for name in names:
            field_name = name if name in fields else self._alias_to_name.get(name)
            if field_name is not None and field_name in fields:
                self.__dict__[field_name] = fields[field_name].get_default(call_default_factory=True)
                self.__pydantic_fields_set__.discard(field_name)
            elif name in extra:
                del extra[name]
            else:
                raise AttributeError(f"{type(self).__name__} has no field {name!r}")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Build the object from decoded OCDS JSON (JSON field names only).

        Unknown fields are kept as they are (not copied). Decode with `loads` (or
        `json.loads(..., parse_float=Decimal)`) to keep every digit of every number; floats are accepted too
        and read through `repr`, which is exact for up to 15 significant digits.

        Raises:
            pydantic.ValidationError: the data doesn't fit the model; each error names the path of the field.
        """
        return cls.model_validate(data, by_alias=True, by_name=False)

    @classmethod
    def from_json(cls, data: str | bytes | bytearray) -> Self:
        """Build the object from OCDS JSON text, keeping every number exact.

        Raises:
            InputError: the text is not JSON.
            pydantic.ValidationError: the data doesn't fit the model.
        """
        return cls.from_dict(loads(data))

    def to_dict(self) -> dict[str, Any]:
        """Return the object as decoded OCDS JSON: JSON names, only the fields that were set.

        Numbers of `Number` fields are `Decimal`s (exact); use `to_json` for text.
        """
        return self.model_dump(by_alias=True, exclude_unset=True)

    def to_json(self, *, indent: bool = False) -> bytes:
        """Return the object as OCDS JSON (UTF-8): JSON names, only the fields set, exact numbers.

        Args:
            indent: indent by two spaces.
        """
        return dumps(self.to_dict(), indent=indent)


_EMPTY: dict[str, Any] = {}


def _copy_order(source: OcdsModel, target: OcdsModel) -> None:
    order = getattr(source, "_ocds_order", None)
    if order is not None:
        object.__setattr__(target, "_ocds_order", order)


def to_dict(model: OcdsModel) -> dict[str, Any]:
    """Return a model as decoded OCDS JSON (`OcdsModel.to_dict`)."""
    return model.to_dict()


def to_json(model: OcdsModel | Any, *, indent: bool = False) -> bytes:
    """Write a model (or any JSON value holding models) as OCDS JSON with exact numbers.

    Args:
        model: a model, or a dict / list that may contain models and `Decimal`s.
        indent: indent by two spaces.
    """
    if isinstance(model, OcdsModel):
        return model.to_json(indent=indent)
    return dumps(_unmodel(model), indent=indent)


def _unmodel(value: Any) -> Any:
    if isinstance(value, OcdsModel):
        return value.to_dict()
    if isinstance(value, dict):
        return {key: _unmodel(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_unmodel(item) for item in value]
    return value
