"""The OCDS versions whose schemas are bundled: one directory per version, found by its name.

Each version is a directory ``schemas/ocds/<major.minor>/`` (installed as ``ocds_regency/schemas/ocds/``)
holding ``release-schema.json``, ``release-package-schema.json``, ``record-package-schema.json``,
``versioned-release-validation-schema.json`` and ``codelists.json``. Nothing else names a version: the
full version (``1.1.5``) and the canonical base URL of the schemas are read from the ``id`` of the release
schema, so supporting OCDS 1.2 means adding ``schemas/ocds/1.2/`` (``scripts/derive_schemas.py`` writes it)::

    from ocds_regency.standard import load_profile

    load_profile(version="1.1")                  # the bundled OCDS 1.1 (the default)
    load_profile(version="path/to/ocds-1.2")     # a directory laid out the same way
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from ocds_regency.errors import SchemaError

__all__ = [
    "DEFAULT_VERSION",
    "RECORD_PACKAGE_SCHEMA",
    "RELEASE_PACKAGE_SCHEMA",
    "RELEASE_SCHEMA",
    "VERSIONED_RELEASE_SCHEMA",
    "StandardVersion",
    "Upgrade",
    "bundled_versions",
    "find_upgrade",
    "minor_version",
    "standard_version",
]

#: The OCDS version (major.minor, the name of its schema directory) used when none is named.
DEFAULT_VERSION = "1.1"

RELEASE_SCHEMA = "release-schema.json"
RELEASE_PACKAGE_SCHEMA = "release-package-schema.json"
RECORD_PACKAGE_SCHEMA = "record-package-schema.json"
VERSIONED_RELEASE_SCHEMA = "versioned-release-validation-schema.json"
CODELISTS = "codelists.json"

#: The canonical URL of a schema file: ``https://standard.open-contracting.org/schema/1__1__5/release-schema.json``.
_SCHEMA_ID = re.compile(r"(?P<base>.*/(?P<version>\d+(?:__\d+)+)/)[^/]+\.json")


def _bundled_root() -> Traversable:
    return resources.files("ocds_regency.schemas") / "ocds"


@cache
def bundled_versions() -> tuple[str, ...]:
    """Return the OCDS versions whose schemas are bundled (``("1.1",)``), oldest first."""
    names = [entry.name for entry in _bundled_root().iterdir() if entry.is_dir() and entry.name[:1].isdigit()]
    return tuple(sorted(names, key=lambda name: tuple(int(part) for part in name.split("."))))


@dataclass(frozen=True, eq=False)
class StandardVersion:
    """The schemas and codelists of one OCDS version, read from its directory.

    Get one with :func:`standard_version`; the files are read once and shared (copy before changing).

    Attributes:
        directory: the directory of the version's files.
        version: the full version the release schema declares (``"1.1.5"``).
        base_url: the canonical URL of the version's schema files; ``$ref``s to it resolve to these files.
    """

    directory: Traversable
    version: str
    base_url: str
    _files: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def package_version(self) -> str:
        """The major.minor version, as a package's ``version`` declares it (``"1.1"``)."""
        return minor_version(self.version)

    def read(self, name: str) -> Any:
        """Return the decoded file ``name`` (``"release-schema.json"``), read once.

        Raises:
            FileNotFoundError: the version has no such file.
        """
        if name not in self._files:
            self._files[name] = json.loads((self.directory / name).read_text(encoding="utf-8"))
        return self._files[name]


def _open(directory: Traversable, label: str) -> StandardVersion:
    try:
        release = json.loads((directory / RELEASE_SCHEMA).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SchemaError(f"OCDS version {label}: no readable {RELEASE_SCHEMA} in {directory}: {exc}") from exc
    match = _SCHEMA_ID.fullmatch(str(release.get("id", "")))
    if match is None:
        raise SchemaError(
            f"OCDS version {label}: the id of {RELEASE_SCHEMA} is not a canonical schema URL "
            f"(https://standard.open-contracting.org/schema/1__1__5/release-schema.json)"
        )
    standard = StandardVersion(directory=directory, version=match["version"].replace("__", "."), base_url=match["base"])
    standard._files[RELEASE_SCHEMA] = release
    return standard


@cache
def _bundled(name: str) -> StandardVersion:
    return _open(_bundled_root() / name, name)


@cache
def _local(path: Path) -> StandardVersion:
    return _open(path, str(path))


def standard_version(version: str | os.PathLike[str] | StandardVersion = DEFAULT_VERSION) -> StandardVersion:
    """Return an OCDS version's schemas.

    Args:
        version: a bundled version (``"1.1"``; ``"1.1.5"`` names the same directory), the path of a
            directory laid out like the bundled ones, or a :class:`StandardVersion` (returned as is).

    Raises:
        SchemaError: no such bundled version, or the directory has no release schema with a canonical id.
    """
    if isinstance(version, StandardVersion):
        return version
    if isinstance(version, str) and re.fullmatch(r"\d+(?:\.\d+)+", version):
        name = minor_version(version)
        if name not in bundled_versions():
            raise SchemaError(
                f"OCDS {version} is not bundled (bundled: {', '.join(bundled_versions())}); "
                "give the directory of its schemas instead"
            )
        found = _bundled(name)
        if version.count(".") > 1 and found.version != version:
            raise SchemaError(f"OCDS {version} is not bundled: version {name} is {found.version}")
        return found
    return _local(Path(version).resolve())


def minor_version(version: str) -> str:
    """The major.minor part of a version (``"1.1.5"`` → ``"1.1"``): what a package's ``version`` declares."""
    return ".".join(version.split(".")[:2])


@dataclass(frozen=True)
class Upgrade:
    """An upgrade of OCDS data from the version a package declares to a newer one (ocdskit's, in place).

    Attributes:
        source: the major.minor version upgraded from (``"1.0"``).
        target: the major.minor version upgraded to (``"1.1"``).
        release: upgrades one release in place and returns it.
        record: upgrades one record in place and returns it.
    """

    source: str
    target: str
    release: Callable[[Any], Any]
    record: Callable[[Any], Any]


def _upgrades() -> dict[tuple[str, str], Upgrade]:
    from ocds_regency import kit  # kit reads packages, which declare this module's default version

    return {
        ("1.0", kit.UPGRADED_VERSION): Upgrade(
            "1.0", kit.UPGRADED_VERSION, kit.upgrade_release_10_11, kit.upgrade_record_10_11
        ),
    }


def find_upgrade(declared: str, target: str) -> Upgrade | None:
    """The upgrade of data declared as OCDS ``declared`` (``"1.0"``, ``"1.0.3"``) to ``target`` (``"1.1"``, the
    version of the profile it is validated or merged with), or ``None`` when there is none (the same version,
    or no known upgrade). The one table of upgrades, used by ``validate`` and ``compile``."""
    return _upgrades().get((minor_version(declared), minor_version(target)))
