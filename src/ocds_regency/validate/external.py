"""Validate JSON against any JSON Schema (a third party's, of any draft), with jsonschema-rs or jsonschema.

OCDS validation (:func:`ocds_regency.validate.validate`) compiles the OCDS schemas with jsonschema-rs, which
is fast where it matters (every release of a large package). A schema from elsewhere may need the pure
Python :mod:`jsonschema` instead: it knows draft 3 (jsonschema-rs starts at draft 4), and it is the
reference implementation, for when an answer must not depend on a second engine. ``engine`` chooses:

- ``"auto"`` (default): jsonschema-rs when it takes the schema, else jsonschema;
- ``"rs"``: jsonschema-rs only (an error if it can't take the schema);
- ``"python"``: jsonschema only.

The draft comes from the schema's ``$schema`` (draft 2020-12 when there is none). Nothing is downloaded: a
``$ref`` to another document is an error unless that document is the schema itself.

```python
report = validate_with_schema("isb/RUP-PaketPenyedia.json", "paket.schema.json", engine="python")
report.ok, report.findings
```
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Literal

from ocds_regency import codec
from ocds_regency.errors import InputError, SchemaError
from ocds_regency.validate.findings import Finding, Lang, Report, Severity, escape_pointer, make_finding

__all__ = ["ENGINES", "Engine", "engine_for", "validate_with_schema"]

Engine = Literal["auto", "rs", "python"]
#: The engine names ``engine`` takes.
ENGINES: tuple[Engine, ...] = ("auto", "rs", "python")

#: The drafts jsonschema-rs implements, by their ``$schema`` URI (without a trailing ``#``).
_RS_DRAFTS = frozenset(
    {
        "http://json-schema.org/draft-04/schema",
        "http://json-schema.org/draft-06/schema",
        "http://json-schema.org/draft-07/schema",
        "https://json-schema.org/draft/2019-09/schema",
        "https://json-schema.org/draft/2020-12/schema",
    }
)


def _load(source: str | os.PathLike[str] | bytes | Any, what: str, error: type[Exception], name: str | None) -> Any:
    if isinstance(source, (str, os.PathLike)):
        label = name or str(source)
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise error(f"{label}: can't read the {what}: {exc.strerror or exc}") from None
    elif isinstance(source, (bytes, bytearray)):
        label, data = name or "<data>", bytes(source)
    else:
        return source
    try:
        return codec.loads(data, source=label)
    except codec.JsonTextError as exc:
        raise error(f"{label}: the {what} is not valid JSON: {exc}") from None


def _refuse(uri: str) -> Any:
    raise SchemaError(f"{uri}: a $ref to another document; ocds-regency never downloads schemas")


def engine_for(schema: Mapping[str, Any], engine: Engine = "auto") -> Literal["rs", "python"]:
    """The engine that validates against ``schema``: ``engine``, or for ``"auto"`` the one that can.

    Raises:
        SchemaError: ``engine`` is ``"rs"`` and jsonschema-rs doesn't implement the schema's draft.
    """
    if engine not in ENGINES:
        raise SchemaError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}")
    declared = str(schema.get("$schema", "https://json-schema.org/draft/2020-12/schema")).rstrip("#")
    takes = declared in _RS_DRAFTS
    if engine == "rs" and not takes:
        raise SchemaError(f"jsonschema-rs does not implement {declared}: use --engine python")
    if engine == "python" or not takes:
        return "python"
    return "rs"


def _errors_rs(schema: Mapping[str, Any], data: Any) -> Iterator[tuple[str, Any, str]]:
    import jsonschema_rs

    try:
        validator = jsonschema_rs.validator_for(dict(schema), validate_formats=True, retriever=_refuse)
    except ValueError as exc:  # jsonschema-rs's error for a schema it can't compile
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise SchemaError(f"jsonschema-rs can't compile the schema: {first}") from None
    for error in validator.iter_errors(data):
        pointer = "".join(f"/{escape_pointer(str(part))}" for part in error.instance_path)
        yield pointer, error.instance, error.message


def _errors_python(schema: Mapping[str, Any], data: Any) -> Iterator[tuple[str, Any, str]]:
    import jsonschema
    import referencing
    import referencing.exceptions

    cls = jsonschema.validators.validator_for(dict(schema), default=jsonschema.Draft202012Validator)
    try:
        cls.check_schema(dict(schema))
    except jsonschema.SchemaError as exc:
        raise SchemaError(f"not a valid {cls.__name__[:-9]} schema: {exc.message}") from None
    registry: referencing.Registry[Any] = referencing.Registry()  # empty, and it never retrieves
    validator = cls(dict(schema), registry=registry, format_checker=cls.FORMAT_CHECKER)
    try:
        for error in validator.iter_errors(data):
            pointer = "".join(f"/{escape_pointer(str(part))}" for part in error.absolute_path)
            yield pointer, error.instance, error.message
    except referencing.exceptions.Unresolvable as exc:
        raise SchemaError(f"a $ref can't be resolved without downloading: {exc}") from None


def validate_with_schema(
    source: str | os.PathLike[str] | bytes | Any,
    schema: str | os.PathLike[str] | Mapping[str, Any],
    *,
    engine: Engine = "auto",
    lang: Lang = "en",
    fail_on: Severity = "error",
    max_per_code: int = 1000,
    name: str | None = None,
    each: bool = False,
) -> Report:
    """Validate a JSON document (a path, bytes, or parsed data) against a JSON Schema.

    Each error is a ``schema.external`` finding at the instance's JSON Pointer, with the engine's message.
    With ``each``, the document must be a JSON array and each of its items is validated (an ISB dataset
    file, a list of rows, against the schema of one row); pointers start with the item's index.

    Raises:
        InputError: the document can't be read or isn't JSON.
        SchemaError: the schema can't be read, isn't a valid schema, refers to other documents, or the
            chosen engine can't take it.
    """
    document = _load(source, "document", InputError, name)
    loaded = _load(schema, "schema", SchemaError, None)
    if not isinstance(loaded, Mapping):
        raise SchemaError("the schema must be a JSON object")
    used = engine_for(loaded, engine)
    label = name or (str(source) if isinstance(source, (str, os.PathLike)) else "<data>")
    report = Report(source=label, kind="JSON document", fail_on=fail_on, max_per_code=max_per_code, lang=lang)
    check = _errors_rs if used == "rs" else _errors_python
    schema_name = Path(schema).name if isinstance(schema, (str, os.PathLike)) else "<schema>"
    if each:
        if not isinstance(document, list):
            raise InputError("not a JSON array (--each checks the items of an array)", source=label)
        for index, item in enumerate(document):
            for pointer, value, message in check(loaded, item):
                report.add(_finding(f"/{index}{pointer}", value, message, schema_name, used))
        return report
    for pointer, value, message in check(loaded, document):
        report.add(_finding(pointer, value, message, schema_name, used))
    return report


def _finding(pointer: str, value: Any, message: str, schema: str, engine: str) -> Finding:
    return make_finding("schema.external", pointer, value, message=message, schema=schema, engine=engine)
