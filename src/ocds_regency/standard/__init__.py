"""What the standard says, bundled and offline: OCDS schemas (one directory per version), codelists, extensions.

A :class:`Profile` is one OCDS version's release schema with a chosen set of extensions applied (their JSON
Merge Patches and codelist changes), plus the package schemas wired to it. Profiles are immutable and cached,
so every stage (map, validate, merge) can share one::

    from ocds_regency.standard import load_profile

    profile = load_profile(["bids", "budgetBreakdown"])
    profile.release_schema["properties"]["bids"]          # added by the bids extension
    profile.codelists["partyRole"].codes                  # includes "sourceParty"
    profile.package_version                               # "1.1": the version is a setting of the profile

Loading reads only files inside the installed package (and local extension directories you name);
``$ref``s to the standard's canonical URLs resolve to the bundled files.
"""

from __future__ import annotations

import copy
import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ocds_regency.errors import ExtensionError, SchemaError
from ocds_regency.standard.extensions import (
    BUNDLED_EXTENSION_IDS,
    PROJECT_EXTENSION_IDS,
    Extension,
    apply_merge_patch,
    bundled_extensions,
    find_bundled_extension,
    load_extension,
    load_extension_directory,
)
from ocds_regency.standard.versions import (
    DEFAULT_VERSION,
    RECORD_PACKAGE_SCHEMA,
    RELEASE_PACKAGE_SCHEMA,
    RELEASE_SCHEMA,
    VERSIONED_RELEASE_SCHEMA,
    StandardVersion,
    Upgrade,
    bundled_versions,
    find_upgrade,
    minor_version,
    standard_version,
)

__all__ = [
    "BUNDLED_EXTENSION_IDS",
    "DEFAULT_VERSION",
    "MERGED_OBJECT_DEFINITION",
    "OCDS_PACKAGE_VERSION",
    "OCDS_VERSION",
    "OCID_PREFIX",
    "PROJECT_EXTENSION_IDS",
    "SCHEMA_BASE_URL",
    "Codelist",
    "Extension",
    "Profile",
    "StandardVersion",
    "Upgrade",
    "apply_merge_patch",
    "bundled_extensions",
    "bundled_versions",
    "core_schema",
    "derive_versioned_release_schema",
    "find_bundled_extension",
    "find_upgrade",
    "load_extension",
    "load_extension_directory",
    "load_profile",
    "minor_version",
    "read_schema",
    "standard_version",
]

#: The major.minor OCDS version used when none is named, and written in packages (their ``version``).
#: The same as :data:`~ocds_regency.standard.versions.DEFAULT_VERSION`, the name of its schema directory.
OCDS_PACKAGE_VERSION = DEFAULT_VERSION
#: The full OCDS version of the default schemas (``"1.1.5"``), as their release schema's ``id`` says.
OCDS_VERSION = standard_version(DEFAULT_VERSION).version
#: An ocid prefix as the Open Contracting Partnership assigns it: ``ocds-`` and six lowercase letters or
#: digits. Every ocid starts with one and a hyphen (the validator's ``ocds.ocid_prefix`` rule).
OCID_PREFIX = re.compile(r"ocds-[a-z0-9]{6}")
#: Base URL of the default version's canonical schema files; ``$ref``s to it resolve to the bundled copies.
SCHEMA_BASE_URL = standard_version(DEFAULT_VERSION).base_url


def read_schema(path: str | os.PathLike[str]) -> Any:
    """Read a schema from a local JSON file (a URL is refused: schemas are never fetched).

    Raises:
        SchemaError: the path is a URL, or the file can't be read or is not JSON (the message names it).
    """
    if str(path).startswith(("http://", "https://")):
        raise SchemaError(f"{path}: schemas are never fetched; download it and pass the local file")
    try:
        return json.loads(Path(path).read_bytes())
    except OSError as exc:
        raise SchemaError(f"{path}: can't read the schema: {exc.strerror or exc}") from exc
    except ValueError as exc:
        raise SchemaError(f"{path}: the schema is not valid JSON: {exc}") from exc


def core_schema(name: str, version: str | os.PathLike[str] | StandardVersion = DEFAULT_VERSION) -> dict[str, Any]:
    """Return a fresh copy of a core schema file of an OCDS version, e.g. ``"release-schema.json"``.

    Args:
        name: the file name.
        version: the OCDS version (see :func:`~ocds_regency.standard.versions.standard_version`).

    Raises:
        FileNotFoundError: the version has no schema of this name.
        SchemaError: no such version.
    """
    return copy.deepcopy(standard_version(version).read(name))


@dataclass(frozen=True)
class Codelist:
    """An OCDS codelist.

    Attributes:
        name: the codelist name without ``.csv`` (``"method"``).
        codes: the codes in their published order.
        open: ``True`` for an open codelist (other codes allowed), ``False`` for a closed one.
    """

    name: str
    codes: tuple[str, ...]
    open: bool

    def __contains__(self, code: object) -> bool:
        return code in self._set

    @cached_property
    def _set(self) -> frozenset[str]:
        return frozenset(self.codes)


def _walk_codelist_nodes(schema: Any, codelist_file: str) -> Iterable[dict[str, Any]]:
    if isinstance(schema, dict):
        if schema.get("codelist") == codelist_file:
            yield schema
        for value in schema.values():
            yield from _walk_codelist_nodes(value, codelist_file)
    elif isinstance(schema, list):
        for value in schema:
            yield from _walk_codelist_nodes(value, codelist_file)


def _set_enum(node: dict[str, Any], codes: tuple[str, ...]) -> None:
    target = node["items"] if "enum" not in node and isinstance(node.get("items"), dict) else node
    if "enum" not in target:
        return
    had_null = None in target["enum"]
    target["enum"] = [*codes, None] if had_null else list(codes)


# ------------------------------------------------------------------------------ versioned releases
#: Keywords with no meaning for validation, dropped from the versioned-release schema.
_NON_VALIDATION_KEYWORDS = ("title", "description", "default", "omitWhenMerged", "wholeListMerge", "versionId")
#: Versioned definitions shared by the plain string fields, as in the published versioned schema.
_COMMON_VERSIONED = {
    "StringNullUriVersioned": "uri",
    "StringNullDateTimeVersioned": "date-time",
    "StringNullVersioned": None,
}
#: Definition accepting the merge's form of an object the published schema versions as a whole.
MERGED_OBJECT_DEFINITION = "VersionedMergedObject"
_AMENDMENT_CHANGES = "/definitions/Amendment/properties/changes"


def _versioned_values(value: Any) -> dict[str, Any]:
    """The schema of a field's list of versioned values, each ``value`` matching ``value``."""
    return {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "releaseDate": {"format": "date-time", "type": "string"},
                "releaseID": {"type": "string"},
                "value": value,
                "releaseTag": {"type": "array", "items": {"type": "string"}},
            },
        },
    }


def _type_list(schema: Mapping[str, Any]) -> list[str]:
    types = schema.get("type", [])
    return sorted([types] if isinstance(types, str) else types, key=lambda name: (name == "null", name))


def _drop_omitted(schema: Any) -> None:
    """Remove the properties marked ``omitWhenMerged`` (and their ``required`` entries), in place."""
    if isinstance(schema, list):
        for item in schema:
            _drop_omitted(item)
    elif isinstance(schema, dict):
        properties = schema.get("properties")
        if isinstance(properties, dict):
            for name in [
                name for name, sub in properties.items() if isinstance(sub, dict) and sub.get("omitWhenMerged")
            ]:
                del properties[name]
                if name in schema.get("required", ()):
                    schema["required"].remove(name)
        for value in schema.values():
            _drop_omitted(value)


def _suffix_refs(schema: Any, suffix: str) -> None:
    if isinstance(schema, list):
        for item in schema:
            _suffix_refs(item, suffix)
    elif isinstance(schema, dict):
        for key, value in schema.items():
            if key == "$ref" and isinstance(value, str):
                schema[key] = value + suffix
            else:
                _suffix_refs(value, suffix)


def _array_item_id_pointers(schema: Mapping[str, Any]) -> set[str]:
    """Pointers to the ``id`` fields of objects merged by ``id`` in arrays: those stay unversioned."""
    definitions = schema.get("definitions", {})
    found: set[str] = set()

    def visit(node: Any, pointer: str) -> None:
        if isinstance(node, list):
            for i, item in enumerate(node):
                visit(item, f"{pointer}/{i}")
            return
        if not isinstance(node, dict):
            return
        types = _type_list(node)
        if "array" in types:
            if node.get("wholeListMerge"):
                return
            items = node.get("items")
            if isinstance(items, dict):
                ref = items.get("$ref")
                target = definitions.get(ref.rsplit("/", 1)[-1], {}) if isinstance(ref, str) else items
                if any(name != "object" for name in _type_list(target)):
                    return  # arrays of non-objects (or mixed) are replaced whole
                if "id" in target.get("properties", {}):
                    found.add(f"{ref[1:] if isinstance(ref, str) else pointer}/properties/id")
        for key, value in node.items():
            visit(value, f"{pointer}/{key}")

    visit(schema, "")
    return found


def _common_definition(schema: Mapping[str, Any]) -> str | None:
    if schema.get("type") != ["string", "null"]:
        return None
    if any(key not in ("type", "format", *_NON_VALIDATION_KEYWORDS) for key in schema):
        return None
    for name, fmt in _COMMON_VERSIONED.items():
        if schema.get("format") == fmt:
            return name
    return None


class _VersionedDeriver:
    def __init__(self, id_pointers: set[str], merged_objects: bool) -> None:
        self.id_pointers = id_pointers
        self.merged_objects = merged_objects

    def fields(self, node: dict[str, Any], pointer: str) -> None:
        for key, value in list(node.get("properties", {}).items()):
            self.field(node, f"{pointer}/properties/{key}", key, value)
        for key, value in node.get("definitions", {}).items():
            self.fields(value, f"{pointer}/definitions/{key}")

    def field(self, node: dict[str, Any], pointer: str, key: str, value: dict[str, Any]) -> None:
        if pointer in self.id_pointers:
            return  # an id of an object in an array identifies it: not versioned
        types = _type_list(value)
        if "properties" in value and types in ([], ["array"]):
            types = ["object"]
        if not types:
            ref = value.get("$ref")
            if isinstance(ref, str) and "deprecated" not in value and f"{ref[1:]}/properties/id" in self.id_pointers:
                value["$ref"] = ref + "VersionedId"  # an object with an id outside an array: its id is versioned
            return
        common = _common_definition(value)
        if common is not None:
            node["properties"][key] = {"$ref": f"#/definitions/{common}"}
            return
        if types == ["object"] and "properties" in value:
            self.fields(value, pointer)
            return
        new = copy.deepcopy(value)
        items = value.get("items")
        if types == ["array"] and isinstance(items, dict):
            if value.get("wholeListMerge"):
                if "$ref" in items:
                    new["items"]["$ref"] = items["$ref"] + "Unversioned"
            elif "$ref" in items or pointer == _AMENDMENT_CHANGES:
                return  # merged by id (or, for deprecated changes, left as is): the items' fields are versioned
        versioned = _versioned_values(new)
        if self.merged_objects and "object" in types:
            # The reference merge versions the leaves of such an object, not the object: accept both forms.
            versioned["type"] = ["array", "object"]
            if isinstance(value.get("properties"), dict):
                inner: dict[str, Any] = {"properties": copy.deepcopy(value["properties"])}
                self.fields(inner, pointer)
                versioned["properties"] = inner["properties"]
            versioned["additionalProperties"] = (
                False
                if value.get("additionalProperties") is False
                else {"$ref": f"#/definitions/{MERGED_OBJECT_DEFINITION}"}
            )
        node["properties"][key] = versioned


def _referenced_definitions(schema: Any, found: set[str]) -> None:
    if isinstance(schema, list):
        for item in schema:
            _referenced_definitions(item, found)
    elif isinstance(schema, dict):
        for key, value in schema.items():
            if key == "$ref" and isinstance(value, str) and value.startswith("#/definitions/"):
                found.add(value.removeprefix("#/definitions/"))
            else:
                _referenced_definitions(value, found)


_SUBSCHEMA_MAPS = ("properties", "definitions", "patternProperties")
_SUBSCHEMA_LISTS = ("allOf", "anyOf", "oneOf")


def _drop_non_validation_keywords(schema: Any) -> None:
    if not isinstance(schema, dict):
        return
    for keyword in _NON_VALIDATION_KEYWORDS:
        schema.pop(keyword, None)
    for key in _SUBSCHEMA_MAPS:
        if isinstance(schema.get(key), dict):
            for sub in schema[key].values():
                _drop_non_validation_keywords(sub)
    for key in _SUBSCHEMA_LISTS:
        if isinstance(schema.get(key), list):
            for sub in schema[key]:
                _drop_non_validation_keywords(sub)
    for key in ("items", "additionalProperties", "not"):
        _drop_non_validation_keywords(schema.get(key))


def derive_versioned_release_schema(
    release_schema: Mapping[str, Any], *, merged_objects: bool = False
) -> dict[str, Any]:
    """Derive the versioned-release validation schema from a (patched) release schema.

    The result follows the rules of the published ``versioned-release-validation-schema.json`` (it is
    equal to it for the core release schema): every field becomes a list of
    ``{"releaseDate", "releaseID", "value", "releaseTag"}`` versions, except ``ocid``, the ``id`` of
    objects in arrays, and the fields marked ``omitWhenMerged`` (dropped); arrays merged by ``id`` keep
    their objects, whose fields are versioned; arrays replaced whole, arrays of strings and objects
    without declared fields (``Organization.details``) are versioned as a whole.

    Args:
        release_schema: a release schema, e.g. :attr:`Profile.release_schema`.
        merged_objects: also accept, where an object is versioned as a whole, the form the reference
            merge (ocdsmerge, and :mod:`ocds_regency.merge`) produces: an object whose leaves are
            versioned (``{"scale": [{"releaseID": ..., "value": "sme"}]}``), its declared fields
            checked like any versioned field.

    Returns:
        A new schema (Draft 4), sharing nothing with ``release_schema``.
    """
    schema: dict[str, Any] = copy.deepcopy(dict(release_schema))
    release_id = str(schema.get("id", ""))
    base = release_id.rsplit("/", 1)[0] + "/" if release_id.endswith("/" + RELEASE_SCHEMA) else SCHEMA_BASE_URL
    schema["id"] = base + VERSIONED_RELEASE_SCHEMA
    _drop_omitted(schema)
    definitions: dict[str, Any] = schema.setdefault("definitions", {})
    unversioned = {f"{name}Unversioned": copy.deepcopy(value) for name, value in definitions.items()}
    _suffix_refs(unversioned, "Unversioned")
    id_pointers = _array_item_id_pointers(schema)
    deriver = _VersionedDeriver(id_pointers, merged_objects)
    ocid = schema["properties"].pop("ocid", None)
    deriver.fields(schema, "")
    if ocid is not None:
        schema["properties"]["ocid"] = ocid
    for name, fmt in _COMMON_VERSIONED.items():
        definitions[name] = _versioned_values({"type": ["string", "null"], **({"format": fmt} if fmt else {})})
    if merged_objects:
        definitions[MERGED_OBJECT_DEFINITION] = {
            "type": ["array", "object"],
            "items": _versioned_values({})["items"],
            "additionalProperties": {"$ref": f"#/definitions/{MERGED_OBJECT_DEFINITION}"},
        }
    while True:
        referenced: set[str] = set()
        _referenced_definitions(schema, referenced)
        missing = sorted(referenced - set(definitions))
        if not missing:
            break
        for name in missing:
            if name.endswith("VersionedId") and name.removesuffix("VersionedId") in definitions:
                base = name.removesuffix("VersionedId")
                definition = copy.deepcopy(definitions[base])
                pointer = f"/definitions/{base}/properties/id"
                _VersionedDeriver(id_pointers - {pointer}, merged_objects).field(
                    definition, pointer, "id", definition["properties"]["id"]
                )
            elif name in unversioned:
                definition = unversioned[name]
            else:
                raise ExtensionError(f"the release schema refers to an undefined definition: {name}")
            definitions[name] = definition
    _drop_non_validation_keywords(schema)
    return schema


@dataclass(frozen=True, eq=False)
class Profile:
    """An OCDS version's release schema (bundled, 1.1.5 by default) with a set of extensions applied.

    Build one with :func:`load_profile`; the schemas it returns are shared read-only structures, copy
    them before changing them.

    Attributes:
        extensions: the applied extensions, in application order.
        release_schema: the release schema with every extension's patch applied.
        codelists: codelist name -> :class:`Codelist`, with extension additions and removals applied.
        standard: the OCDS version whose schemas the profile is built on.
    """

    extensions: tuple[Extension, ...]
    release_schema: Mapping[str, Any] = field(repr=False)
    codelists: Mapping[str, Codelist] = field(repr=False)
    standard: StandardVersion = field(default_factory=standard_version)

    @property
    def version(self) -> str:
        """The full OCDS version of the profile's schemas (``"1.1.5"``)."""
        return self.standard.version

    @property
    def package_version(self) -> str:
        """The major.minor OCDS version (``"1.1"``): what a package of this profile's data declares."""
        return self.standard.package_version

    @property
    def extension_ids(self) -> tuple[str, ...]:
        """Ids of the applied extensions."""
        return tuple(extension.id for extension in self.extensions)

    @cached_property
    def release_package_schema(self) -> Mapping[str, Any]:
        """The release package schema (its ``releases`` resolve to this profile's release schema)."""
        return self.standard.read(RELEASE_PACKAGE_SCHEMA)  # type: ignore[no-any-return]

    @cached_property
    def record_package_schema(self) -> Mapping[str, Any]:
        """The record package schema (its releases resolve to this profile's release schema)."""
        return self.standard.read(RECORD_PACKAGE_SCHEMA)  # type: ignore[no-any-return]

    @cached_property
    def versioned_release_schema(self) -> Mapping[str, Any]:
        """The versioned-release validation schema derived from this profile's release schema.

        Extension fields are versioned like core ones; for the core schema it equals the published
        ``versioned-release-validation-schema.json``. See :func:`derive_versioned_release_schema`.
        """
        return derive_versioned_release_schema(self.release_schema)

    def schemas_by_url(self) -> dict[str, Mapping[str, Any]]:
        """Map each canonical schema URL to this profile's schema, for offline ``$ref`` resolution."""
        base = self.standard.base_url
        return {
            base + RELEASE_SCHEMA: self.release_schema,
            base + RELEASE_PACKAGE_SCHEMA: self.release_package_schema,
            base + RECORD_PACKAGE_SCHEMA: self.record_package_schema,
            base + VERSIONED_RELEASE_SCHEMA: self.versioned_release_schema,
        }

    def registry(self) -> Any:
        """Return a :class:`referencing.Registry` holding this profile's schemas under their URLs.

        Pass it to :mod:`jsonschema` validators so that ``$ref``s never leave the machine.
        """
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT4

        return Registry().with_resources(
            (url, Resource.from_contents(schema, default_specification=DRAFT4))
            for url, schema in self.schemas_by_url().items()
        )


def _build_profile(extensions: tuple[Extension, ...], standard: StandardVersion) -> Profile:
    schema: Any = core_schema(RELEASE_SCHEMA, standard)
    core_lists = standard.read("codelists.json")
    codes: dict[str, list[str]] = {name: list(info["codes"]) for name, info in core_lists.items()}
    openness: dict[str, bool] = {name: bool(info["open"]) for name, info in core_lists.items()}
    changed: set[str] = set()
    for extension in extensions:
        try:
            schema = apply_merge_patch(schema, extension.release_patch)
        except (TypeError, AttributeError) as exc:  # pragma: no cover - malformed patches are rejected earlier
            raise ExtensionError(f"{extension.id}: its release schema patch can't be applied: {exc}") from exc
        for filename, ext_codes in extension.codelists.items():
            stem = filename.removesuffix(".csv")
            if stem.startswith("+"):
                name = stem[1:]
                existing = codes.setdefault(name, [])
                existing.extend(code for code in ext_codes if code not in existing)
                changed.add(name)
            elif stem.startswith("-"):
                name = stem[1:]
                removed = set(ext_codes)
                codes[name] = [code for code in codes.get(name, []) if code not in removed]
                changed.add(name)
            else:
                codes[stem] = list(ext_codes)
                used = any(True for _ in _walk_codelist_nodes(extension.release_patch, filename))
                openness[stem] = stem in extension.open_codelists if used else openness.get(stem, True)
    for name in changed:
        for node in _walk_codelist_nodes(schema, f"{name}.csv"):
            if not node.get("openCodelist", False):
                _set_enum(node, tuple(codes[name]))
    codelists = {
        name: Codelist(name=name, codes=tuple(values), open=openness.get(name, True)) for name, values in codes.items()
    }
    return Profile(
        extensions=extensions,
        release_schema=schema,
        codelists=MappingProxyType(codelists),
        standard=standard,
    )


@cache
def _cached_profile(extensions: tuple[Extension, ...], standard: StandardVersion) -> Profile:
    return _build_profile(extensions, standard)


def load_profile(
    extensions: Iterable[str | Path | Extension] = (),
    *,
    version: str | os.PathLike[str] | StandardVersion = DEFAULT_VERSION,
) -> Profile:
    """Return an OCDS version's release schema profile with these extensions applied, in order.

    Args:
        extensions: bundled extension ids (``"bids"``, ``"indonesia"``), repository names, extension URLs naming a
            bundled extension, paths of local extension directories, or :class:`Extension` objects.
            Duplicates are applied once. ``load_profile()`` is the plain OCDS 1.1.5 release schema.
        version: the OCDS version: a bundled one (``"1.1"``, the default; see :func:`bundled_versions`), or
            the directory of another version's schemas, laid out like ``schemas/ocds/1.1/``.

    Raises:
        UnknownExtensionError: an extension is neither bundled nor a directory.
        ExtensionError: an extension directory is invalid.
        SchemaError: the version is not bundled, or its directory has no usable release schema.
    """
    standard = standard_version(version)
    resolved: list[Extension] = []
    for reference in extensions:
        extension = load_extension(reference)
        if all(extension is not seen for seen in resolved):
            resolved.append(extension)
    return _cached_profile(tuple(resolved), standard)
