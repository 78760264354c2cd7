"""What the standard says, bundled and offline: OCDS 1.1.5 schemas, codelists and extensions.

A :class:`Profile` is the release schema with a chosen set of extensions applied (their JSON Merge
Patches and codelist changes), plus the package schemas wired to it. Profiles are immutable and cached,
so every stage (map, validate, merge) can share one::

    from ocds_regency.standard import load_profile

    profile = load_profile(["bids", "budgetBreakdown"])
    profile.release_schema["properties"]["bids"]          # added by the bids extension
    profile.codelists["partyRole"].codes                  # includes "sourceParty"

Loading reads only files inside the installed package (and local extension directories you name);
``$ref``s to the standard's canonical URLs resolve to the bundled files.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ocds_regency.errors import ExtensionError
from ocds_regency.standard.extensions import (
    BUNDLED_EXTENSION_IDS,
    Extension,
    apply_merge_patch,
    bundled_extensions,
    find_bundled_extension,
    load_extension,
    load_extension_directory,
)

__all__ = [
    "BUNDLED_EXTENSION_IDS",
    "OCDS_VERSION",
    "SCHEMA_BASE_URL",
    "Codelist",
    "Extension",
    "Profile",
    "apply_merge_patch",
    "bundled_extensions",
    "core_schema",
    "find_bundled_extension",
    "load_extension",
    "load_extension_directory",
    "load_profile",
]

#: The OCDS version whose schemas are bundled.
OCDS_VERSION = "1.1.5"
#: The major.minor version written in packages.
OCDS_PACKAGE_VERSION = "1.1"
#: Base URL of the canonical schema files; ``$ref``s to it resolve to the bundled copies.
SCHEMA_BASE_URL = "https://standard.open-contracting.org/schema/1__1__5/"

RELEASE_SCHEMA = "release-schema.json"
RELEASE_PACKAGE_SCHEMA = "release-package-schema.json"
RECORD_PACKAGE_SCHEMA = "record-package-schema.json"
VERSIONED_RELEASE_SCHEMA = "versioned-release-validation-schema.json"


@cache
def _read_bundled(name: str) -> Any:
    text = (resources.files("ocds_regency") / "schemas" / name).read_text(encoding="utf-8")
    return json.loads(text)


def core_schema(name: str) -> dict[str, Any]:
    """Return a fresh copy of a bundled core schema file, e.g. ``"release-schema.json"``.

    Raises:
        FileNotFoundError: no bundled schema has this name.
    """
    return copy.deepcopy(_read_bundled(name))


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


@dataclass(frozen=True, eq=False)
class Profile:
    """The bundled OCDS 1.1.5 release schema with a set of extensions applied.

    Build one with :func:`load_profile`; the schemas it returns are shared read-only structures, copy
    them before changing them.

    Attributes:
        extensions: the applied extensions, in application order.
        release_schema: the release schema with every extension's patch applied.
        codelists: codelist name -> :class:`Codelist`, with extension additions and removals applied.
    """

    extensions: tuple[Extension, ...]
    release_schema: Mapping[str, Any] = field(repr=False)
    codelists: Mapping[str, Codelist] = field(repr=False)

    @property
    def extension_ids(self) -> tuple[str, ...]:
        """Ids of the applied extensions."""
        return tuple(extension.id for extension in self.extensions)

    @cached_property
    def release_package_schema(self) -> Mapping[str, Any]:
        """The release package schema (its ``releases`` resolve to this profile's release schema)."""
        return _read_bundled(RELEASE_PACKAGE_SCHEMA)  # type: ignore[no-any-return]

    @cached_property
    def record_package_schema(self) -> Mapping[str, Any]:
        """The record package schema (its releases resolve to this profile's release schema)."""
        return _read_bundled(RECORD_PACKAGE_SCHEMA)  # type: ignore[no-any-return]

    @cached_property
    def versioned_release_schema(self) -> Mapping[str, Any]:
        """The bundled core versioned-release validation schema (extensions not applied)."""
        return _read_bundled(VERSIONED_RELEASE_SCHEMA)  # type: ignore[no-any-return]

    def schemas_by_url(self) -> dict[str, Mapping[str, Any]]:
        """Map each canonical schema URL to this profile's schema, for offline ``$ref`` resolution."""
        return {
            SCHEMA_BASE_URL + RELEASE_SCHEMA: self.release_schema,
            SCHEMA_BASE_URL + RELEASE_PACKAGE_SCHEMA: self.release_package_schema,
            SCHEMA_BASE_URL + RECORD_PACKAGE_SCHEMA: self.record_package_schema,
            SCHEMA_BASE_URL + VERSIONED_RELEASE_SCHEMA: self.versioned_release_schema,
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


def _build_profile(extensions: tuple[Extension, ...]) -> Profile:
    schema: Any = core_schema(RELEASE_SCHEMA)
    core_lists = _read_bundled("codelists.json")
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
    )


@cache
def _cached_profile(extensions: tuple[Extension, ...]) -> Profile:
    return _build_profile(extensions)


def load_profile(extensions: Iterable[str | Path | Extension] = ()) -> Profile:
    """Return the release schema profile with these extensions applied, in order.

    Args:
        extensions: bundled extension ids (``"bids"``), repository names, extension URLs naming a
            bundled extension, paths of local extension directories, or :class:`Extension` objects.
            Duplicates are applied once. ``load_profile()`` is the plain OCDS 1.1.5 release schema.

    Raises:
        UnknownExtensionError: an extension is neither bundled nor a directory.
        ExtensionError: an extension directory is invalid.
    """
    resolved: list[Extension] = []
    for reference in extensions:
        extension = load_extension(reference)
        if all(extension is not seen for seen in resolved):
            resolved.append(extension)
    return _cached_profile(tuple(resolved))


def all_bundled_profile() -> Profile:
    """Return the profile with every bundled extension applied."""
    return load_profile(BUNDLED_EXTENSION_IDS)
