"""Type aliases shared across the pipeline stages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeAlias

__all__ = ["JSONArray", "JSONObject", "JSONValue", "Pointer"]

#: Any JSON value as decoded by :mod:`json` or :mod:`orjson` (numbers may also be ``Decimal``).
JSONValue: TypeAlias = Any
#: A decoded JSON object.
JSONObject: TypeAlias = dict[str, Any]
#: A decoded JSON array.
JSONArray: TypeAlias = list[Any]
#: An RFC 6901 JSON Pointer, e.g. ``"/awards/0/value/amount"``.
Pointer: TypeAlias = str

ReadOnlyObject: TypeAlias = Mapping[str, Any]
