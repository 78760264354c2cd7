"""OCDS extensions: the bundled ones, local extension directories, and JSON Merge Patch.

An extension is a JSON Merge Patch (RFC 7386) onto the release schema plus codelist files: a plain
``name.csv`` is a new codelist, ``+name.csv`` adds codes to an existing one and ``-name.csv`` removes
codes from one. Bundled extensions are found by short id (``"bids"``), by repository name
(``"ocds_bid_extension"``) or by any URL that names the repository (the ``extension.json`` URLs that
packages list in ``extensions``). Nothing here ever touches the network.

Besides the five community extensions (derived from the standard by ``scripts/derive_schemas.py``),
ocds-regency ships one extension of its own, ``indonesia`` (:data:`PROJECT_EXTENSION_IDS`): fields for
Indonesian information that OCDS has no field for. It is found by id or by its URL under the project's
documentation site.
"""

from __future__ import annotations

import copy
import csv
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ocds_regency.errors import ExtensionError, UnknownExtensionError

__all__ = [
    "BUNDLED_EXTENSION_IDS",
    "PROJECT_EXTENSION_IDS",
    "Extension",
    "apply_merge_patch",
    "bundled_extensions",
    "find_bundled_extension",
    "load_extension",
    "load_extension_directory",
]

#: Short ids of the OCDS community extensions shipped with ocds-regency, in a stable order.
BUNDLED_EXTENSION_IDS: tuple[str, ...] = ("bids", "location", "budgetBreakdown", "partyScale", "procedure")
#: Short ids of the extensions written by the ocds-regency project and shipped with it (found like the
#: bundled ones, by id or by their ``url``).
PROJECT_EXTENSION_IDS: tuple[str, ...] = ("indonesia",)


@dataclass(frozen=True, eq=False)
class Extension:
    """An OCDS extension ready to apply to the release schema.

    Attributes:
        id: short id (``"bids"`` for bundled ones; the directory name for local ones).
        name: English name from ``extension.json``.
        release_patch: the JSON Merge Patch onto the release schema.
        codelists: codelist file name (``"bidStatus.csv"``, ``"+partyRole.csv"``) -> codes.
        open_codelists: codelist names (without ``.csv`` or prefix) the patch uses as open codelists.
        repository: the repository name of a bundled extension (``"ocds_bid_extension"``), else ``None``.
        path: the directory a local extension was read from, else ``None``.
        url: the canonical ``extension.json`` URL of a project extension (see
            :data:`PROJECT_EXTENSION_IDS`), else ``None``.
    """

    id: str
    name: str
    release_patch: Mapping[str, Any] = field(repr=False)
    codelists: Mapping[str, tuple[str, ...]] = field(repr=False)
    open_codelists: frozenset[str] = field(default=frozenset(), repr=False)
    repository: str | None = None
    path: Path | None = None
    url: str | None = None

    @property
    def bundled(self) -> bool:
        """Whether the extension ships with ocds-regency."""
        return self.path is None


def apply_merge_patch(target: Any, patch: Any) -> Any:
    """Apply a JSON Merge Patch (RFC 7386) and return the result; neither argument is modified.

    Objects are merged key by key, ``null`` removes a key, and any other value replaces the target.
    """
    if not isinstance(patch, Mapping):
        return copy.deepcopy(patch)
    result: dict[str, Any] = dict(target) if isinstance(target, Mapping) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = apply_merge_patch(result.get(key), value)
    return result


def _codelist_openness(schema: Any, found: dict[str, bool]) -> None:
    if isinstance(schema, Mapping):
        name = schema.get("codelist")
        if isinstance(name, str):
            stem = name.removesuffix(".csv")
            found[stem] = found.get(stem, True) and bool(schema.get("openCodelist", False))
        for value in schema.values():
            _codelist_openness(value, found)
    elif isinstance(schema, list):
        for value in schema:
            _codelist_openness(value, found)


def _from_data(data: Mapping[str, Any]) -> Extension:
    openness: dict[str, bool] = {}
    _codelist_openness(data["release-schema"], openness)
    return Extension(
        id=data["id"],
        name=data["name"],
        release_patch=data["release-schema"],
        codelists={name: tuple(info["codes"]) for name, info in data["codelists"].items()},
        open_codelists=frozenset(name for name, is_open in openness.items() if is_open),
        repository=data["repository"],
        url=data.get("url"),
    )


@cache
def bundled_extensions() -> Mapping[str, Extension]:
    """Return the bundled extensions by short id."""
    root = resources.files("ocds_regency.schemas") / "extensions"
    found: dict[str, Extension] = {}
    for ext_id in _all_ids():
        data = json.loads((root / f"{ext_id}.json").read_text(encoding="utf-8"))
        found[ext_id] = _from_data(data)
    return found


_REPO_IN_URL = re.compile(r"(ocds_[A-Za-z0-9_]+_extension)")
#: A project extension's URL in any version of the documentation site (``/en/latest/``, ``/en/1.0/``).
_PROJECT_URL = re.compile(
    r"https?://ocds-regency\.readthedocs\.io/(?:[^/?#]+/){0,2}extension/([A-Za-z0-9_-]+)/extension\.json"
)


def find_bundled_extension(reference: str) -> Extension | None:
    """Find a bundled extension by short id, repository name, or a URL naming its repository (or project URL)."""
    extensions = bundled_extensions()
    if reference in extensions:
        return extensions[reference]
    lowered = reference.lower()
    for extension in extensions.values():
        if extension.id.lower() == lowered or (extension.repository or "").lower() == lowered:
            return extension
    project = _PROJECT_URL.fullmatch(reference.strip())
    if project is not None:
        found = extensions.get(project.group(1))
        return found if found is not None and found.url is not None else None
    match = _REPO_IN_URL.search(reference)
    if match:
        for extension in extensions.values():
            if extension.repository == match.group(1):
                return extension
    return None


def _read_codes(path: Path) -> tuple[str, ...]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames is None or "Code" not in reader.fieldnames:
                raise ExtensionError(f"{path}: codelist has no 'Code' column")
            return tuple(row["Code"] for row in reader if row.get("Code"))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ExtensionError(f"{path}: codelist can't be read: {exc}") from exc


def load_extension_directory(path: str | Path) -> Extension:
    """Load an extension from a local directory (``extension.json``, ``release-schema.json``, codelists).

    Raises:
        UnknownExtensionError: the path is not a directory.
        ExtensionError: the directory lacks ``extension.json`` or holds invalid JSON or codelists.
    """
    directory = Path(path)
    if not directory.is_dir():
        raise UnknownExtensionError(f"{directory}: not a bundled extension and not an extension directory")
    return _load_directory(directory.resolve())


def _read_object(path: Path, not_an_object: str) -> dict[str, Any]:
    """The JSON object in an extension's file ``path``; :class:`ExtensionError` (saying ``not_an_object``
    when it holds another JSON value) if it can't be read."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ExtensionError(f"{path}: can't be read as JSON: {exc}") from exc
    if not isinstance(value, dict):
        raise ExtensionError(f"{path}: {not_an_object}")
    return value


@cache
def _load_directory(directory: Path) -> Extension:
    if not directory.is_dir():
        raise UnknownExtensionError(f"{directory}: not a bundled extension and not an extension directory")
    meta_path = directory / "extension.json"
    if not meta_path.is_file():
        raise ExtensionError(f"{directory}: an extension directory needs an extension.json file")
    meta = _read_object(meta_path, "must hold a JSON object")
    patch: Any = {}
    schemas = meta.get("schemas", ["release-schema.json"])
    if "release-schema.json" in schemas:
        patch_path = directory / "release-schema.json"
        if patch_path.is_file():
            patch = _read_object(patch_path, "a release schema patch must be a JSON object")
        elif "schemas" in meta:
            raise ExtensionError(f"{patch_path}: named in extension.json but missing")
    codelist_names = meta.get("codelists")
    if codelist_names is None:
        codelist_dir = directory / "codelists"
        codelist_names = sorted(p.name for p in codelist_dir.glob("*.csv")) if codelist_dir.is_dir() else []
    codelists = {name: _read_codes(directory / "codelists" / name) for name in codelist_names}
    name = meta.get("name")
    if isinstance(name, dict):
        name = name.get("en") or next(iter(name.values()), None)
    openness: dict[str, bool] = {}
    _codelist_openness(patch, openness)
    return Extension(
        id=directory.name,
        name=str(name or directory.name),
        release_patch=patch,
        codelists=codelists,
        open_codelists=frozenset(n for n, is_open in openness.items() if is_open),
        path=directory,
    )


def _all_ids() -> tuple[str, ...]:
    return (*BUNDLED_EXTENSION_IDS, *PROJECT_EXTENSION_IDS)


def load_extension(reference: str | Path | Extension) -> Extension:
    """Return an extension from a bundled id/repository name/URL, a local directory, or as given.

    Raises:
        UnknownExtensionError: nothing bundled matches and the reference is not a directory.
        ExtensionError: the directory is not a valid extension.
    """
    if isinstance(reference, Extension):
        return reference
    if isinstance(reference, str):
        bundled = find_bundled_extension(reference)
        if bundled is not None:
            return bundled
        if "://" in reference:
            raise UnknownExtensionError(
                f"{reference}: not a bundled extension ({', '.join(_all_ids())}); "
                "ocds-regency never downloads extensions: pass a local extension directory instead"
            )
    path = Path(reference)
    if not path.exists():
        raise UnknownExtensionError(
            f"{reference}: unknown extension; use one of {', '.join(_all_ids())} "
            "or the path of a local extension directory"
        )
    return load_extension_directory(path)
