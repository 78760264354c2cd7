"""JSON Schema validation with jsonschema-rs, compiled once per profile, offline.

The schemas compiled here are derived from the profile's schemas in three ways, all documented in
``docs/validation.md``:

* ``uniqueItems`` is removed everywhere: OCDS means unique ``id``s (and ``(ocid, id)`` for releases,
  ``ocid`` for records), which :mod:`ocds_regency.validate.fields` and the package reader check in
  linear time, instead of the engine's deep-equality comparison.
* ``enum`` is removed from closed-codelist fields of the release schema: closed codelists are checked
  by the field walker, which reports every path (the engines' enum errors say nothing more and would
  duplicate it).
* The ``versionedRelease`` schema is derived from the profile's release schema, and where it versions
  an object as a whole (``Organization.details``) it also accepts the reference merge's form: an
  object whose leaves are versioned.
* Package schemas are split: the package metadata, each record's envelope and each release are
  validated separately, so that a package is validated release by release while it is being read.

Every ``$ref`` to the standard's canonical URLs resolves to the bundled schemas through a retriever
that never touches the network (and refuses any other URL).
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Iterator, Mapping
from functools import cache, cached_property
from typing import Any

import jsonschema_rs

from ocds_regency.errors import InputError, SchemaError
from ocds_regency.standard import Profile, derive_versioned_release_schema
from ocds_regency.validate.fields import compile_rules, fused_schema, lint_schema
from ocds_regency.validate.findings import Finding, escape_pointer, make_finding, truncate

__all__ = ["SchemaSet", "schema_set"]


def _strip(schema: Any, *, codelist_enums: bool) -> Any:
    """Copy ``schema`` without ``uniqueItems`` (and without closed-codelist ``enum``s if asked)."""
    if isinstance(schema, Mapping):
        out = {k: _strip(v, codelist_enums=codelist_enums) for k, v in schema.items() if k != "uniqueItems"}
        if codelist_enums and "codelist" in out and not out.get("openCodelist", False):
            out.pop("enum", None)
            items = out.get("items")
            if isinstance(items, dict):
                items.pop("enum", None)
        return out
    if isinstance(schema, list):
        return [_strip(v, codelist_enums=codelist_enums) for v in schema]
    return schema


_FORMAT_CODES = {"date-time": "schema.date_time", "uri": "schema.uri"}


@contextlib.contextmanager
def _depth_guard(base: str) -> Iterator[None]:
    """Turn the schema engine's recursion failure on a deeply nested instance into an :class:`InputError`."""
    try:
        yield
    except ValueError as exc:
        if "recursion" in str(exc).lower():
            raise InputError(
                "JSON nested too deeply; OCDS data is only about ten levels deep", position=base or "/"
            ) from None
        raise


class SchemaSet:
    """The compiled validators for one :class:`~ocds_regency.standard.Profile`.

    Use :func:`schema_set` to get the cached instance for a profile. The validator that clears releases (the
    release and lint schemas fused) is compiled at once, so that a schema that can't be used fails before
    anything is read; the others (the linted schema for the errors of a release it doesn't clear, versioned
    releases, records, package metadata) when first used: a release package never compiles the
    versioned-release or record schemas, nor a clean one the linted schema.
    """

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self.release_clear  # noqa: B018 - compiled now: an unusable schema fails here

    @cached_property
    def _by_url(self) -> dict[str, Any]:
        """The profile's schemas by URL, for the ``$ref``s the compiled schemas make to another file (read only
        when one is resolved)."""
        return {url: _strip(s, codelist_enums=False) for url, s in self.profile.schemas_by_url().items()}

    def _retrieve(self, uri: str) -> Any:
        try:
            return self._by_url[uri.replace("http://", "https://", 1)]
        except KeyError:
            raise SchemaError(f"{uri}: not a bundled schema; ocds-regency never downloads schemas") from None

    def _compile(self, schema: Any) -> jsonschema_rs.Draft4Validator:
        try:
            return jsonschema_rs.Draft4Validator(schema, validate_formats=True, retriever=self._retrieve)
        except (ValueError, jsonschema_rs.ValidationError) as exc:  # a $ref that can't be resolved offline
            detail = " ".join(str(exc).split("\n\n", 1)[0].split())
            raise SchemaError(
                f"the schema (with the extensions applied) can't be used: {detail} (an extension whose patch "
                "refers to another file by URL can't be used offline: put the definition in the patch)"
            ) from None

    @cached_property
    def _release_schema(self) -> Any:
        return _strip(self.profile.release_schema, codelist_enums=True)

    @cached_property
    def release(self) -> jsonschema_rs.Draft4Validator:
        """The release schema alone."""
        return self._compile(self._release_schema)

    @cached_property
    def release_linted(self) -> jsonschema_rs.Draft4Validator:
        """The release schema and the field walk's lint schema in one document, so that a clean release is
        converted and checked once: errors under the top-level ``allOf`` come from the lint part."""
        release = self._release_schema
        lint = lint_schema(compile_rules(self.profile))
        linted = dict(release)
        linted["definitions"] = {**release.get("definitions", {}), **lint.pop("definitions")}
        linted["allOf"] = [lint]
        return self._compile(linted)

    @cached_property
    def release_clear(self) -> jsonschema_rs.Draft4Validator:
        """Whether a release passes :attr:`release_linted` with nothing to report, at the cost of one walk: the
        release and lint schemas fused node by node (:func:`~ocds_regency.validate.fields.fused_schema`, at
        least as strict as the linted schema); the linted schema itself if they can't be fused."""
        fused = fused_schema(self._release_schema, compile_rules(self.profile))
        if fused is not None:
            with contextlib.suppress(SchemaError):  # a pattern the engine can't restrict: the linted schema
                return self._compile(fused)
        return self.release_linted

    @cached_property
    def versioned_release(self) -> jsonschema_rs.Draft4Validator:
        """Versioned releases: derived from the profile's release schema (extension fields versioned too), also
        accepting the reference merge's form of objects the published schema versions as a whole."""
        versioned = derive_versioned_release_schema(self.profile.release_schema, merged_objects=True)
        return self._compile(_strip(versioned, codelist_enums=False))

    @cached_property
    def release_package(self) -> jsonschema_rs.Draft4Validator:
        """A release package's metadata (its releases are checked one by one)."""
        release_package = _strip(self.profile.release_package_schema, codelist_enums=False)
        release_package["properties"]["releases"] = {"type": "array", "minItems": 1}
        return self._compile(release_package)

    @cached_property
    def _record_schemas(self) -> tuple[Any, Any, Any]:
        """The record package's metadata, a record's envelope and a linked release, split apart."""
        record_package = _strip(self.profile.record_package_schema, codelist_enums=False)
        record_def = copy.deepcopy(record_package["definitions"]["record"])
        linked = copy.deepcopy(record_def["properties"]["releases"]["oneOf"][0]["items"])
        record_def["properties"]["releases"] = {"type": "array", "minItems": 1}
        record_def["properties"]["compiledRelease"] = {"type": "object"}
        record_def["properties"]["versionedRelease"] = {"type": "object"}
        record_package["properties"]["records"] = {"type": "array", "minItems": 1}
        record_package.pop("definitions", None)
        return record_package, record_def, linked

    @cached_property
    def record_package(self) -> jsonschema_rs.Draft4Validator:
        """A record package's metadata (its records are checked one by one)."""
        return self._compile(self._record_schemas[0])

    @cached_property
    def record(self) -> jsonschema_rs.Draft4Validator:
        """A record's envelope (its releases, compiled and versioned release are checked apart)."""
        return self._compile(self._record_schemas[1])

    @cached_property
    def linked_release(self) -> jsonschema_rs.Draft4Validator:
        """A linked release of a record."""
        return self._compile(self._record_schemas[2])

    def release_errors(
        self, release: Any, base: str, index: int | None = None, ocid: str | None = None
    ) -> tuple[list[Finding], bool]:
        """Schema findings of one release, and whether the field walk's lint schema passed it.

        Raises:
            InputError: the release is nested too deeply for the engine.
        """
        with _depth_guard(base):
            if self.release_clear.is_valid(release):
                return [], True
            errors = list(self.release_linted.iter_errors(release))
        findings = []
        lint_ok = True
        for error in errors:
            path = error.evaluation_path
            if path and path[0] == "allOf":
                lint_ok = False
            else:
                findings.append(_finding(error, base, index, ocid))
        return findings, lint_ok

    def errors(
        self,
        validator: jsonschema_rs.Draft4Validator,
        instance: Any,
        base: str,
        index: int | None = None,
        ocid: str | None = None,
    ) -> Iterator[Finding]:
        """Yield every schema error of ``instance`` as a finding, with paths prefixed by ``base``.

        Raises:
            InputError: ``instance`` is nested too deeply for the engine.
        """
        with _depth_guard(base):
            errors = list(validator.iter_errors(instance))
        for error in errors:
            yield _finding(error, base, index, ocid)


def _finding(error: Any, base: str, index: int | None, ocid: str | None) -> Finding:
    path = base + "".join("/" + escape_pointer(str(part)) for part in error.instance_path)
    kind = type(error.kind).__name__
    detail = error.kind.as_dict()
    schema_path = error.schema_path
    if "patternProperties" in schema_path:
        field = str(error.instance_path[-1]) if error.instance_path else ""
        return make_finding("ocds.language_variant", path, error.instance, index=index, ocid=ocid, field=field)
    if kind == "Required":
        prop = str(detail.get("property", ""))
        return make_finding("schema.required", f"{path}/{escape_pointer(prop)}", index=index, ocid=ocid, field=prop)
    if kind == "Type":
        types = [t for t in detail.get("types", []) if t != "null"] or detail.get("types", [])
        code = "schema.number" if types and set(types) <= {"number", "integer"} else "schema.type"
        return make_finding(code, path, error.instance, index=index, ocid=ocid, expected=" or ".join(types))
    if kind == "Format":
        fmt = str(detail.get("format", ""))
        return make_finding(
            _FORMAT_CODES.get(fmt, "schema.format"), path, error.instance, index=index, ocid=ocid, format=fmt
        )
    if kind == "Enum":
        allowed = truncate(", ".join(str(o) for o in detail.get("options", [])), 120)
        return make_finding("schema.enum", path, error.instance, index=index, ocid=ocid, allowed=allowed)
    if kind == "Pattern":
        return make_finding(
            "schema.pattern", path, error.instance, index=index, ocid=ocid, pattern=detail.get("pattern")
        )
    if kind in ("MinLength", "MinItems", "Minimum"):
        code = {"MinLength": "schema.min_length", "MinItems": "schema.min_items", "Minimum": "schema.minimum"}[kind]
        return make_finding(code, path, error.instance, index=index, ocid=ocid, limit=detail.get("limit"))
    return make_finding(
        "schema.other", path, error.instance, index=index, ocid=ocid, detail=truncate(error.message, 160)
    )


@cache
def schema_set(profile: Profile) -> SchemaSet:
    """The compiled :class:`SchemaSet` for ``profile`` (compiled once per profile and process)."""
    return SchemaSet(profile)
