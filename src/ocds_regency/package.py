"""Records, release packages and record packages, with ocdskit's metadata conventions.

Package metadata gathered from the input packages (:class:`PackageMetadataBuilder`):

* ``publisher``, ``license``, ``publicationPolicy``: the last input package that has one wins;
* ``extensions``: the ordered union of the input packages' extensions;
* ``packages`` (record packages): the ``uri`` of every input release package, in input order;
* ``uri``, ``publishedDate``, ``version``, ``publisher``: set by the caller (``--uri`` ...); ``publisher``
  given by the caller replaces the inputs'.

Empty ``extensions`` / ``packages`` and missing ``license`` / ``publicationPolicy`` are left out. Where
ocdskit leaves ``publishedDate`` empty and ``publisher`` as ``{}``, we default to the current time and
``{"name": ""}`` so that the package validates against the schema. A missing ``uri`` becomes a valid
placeholder (:func:`placeholder_uri`); :func:`metadata_warnings` says what the publisher should still give.

When the releases come without a package (JSON Lines of releases), :func:`extensions_used` finds the
bundled extensions whose fields they use, so that the output package declares them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from functools import cache
from typing import Any

import orjson

from ocds_regency.standard import OCDS_PACKAGE_VERSION
from ocds_regency.types import JSONObject
from ocds_regency.write import dumps

__all__ = [
    "PLACEHOLDER_URI",
    "PackageMetadataBuilder",
    "compile_package",
    "extension_urls_in",
    "extensions_used",
    "linked_release",
    "make_record",
    "metadata_warnings",
    "placeholder_uri",
    "record_bytes",
    "record_package",
    "release_package",
]


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


#: The start of every placeholder package ``uri`` (a URN: valid, but a sign that no ``--uri`` was given).
PLACEHOLDER_URI = "urn:ocds-regency:"


def placeholder_uri(name: str, prefix: str | None = None) -> str:
    """A valid package ``uri`` for when the publisher gave none: ``urn:ocds-regency:PREFIX/NAME``.

    Args:
        name: the package's file name, e.g. ``"record-package.json"``.
        prefix: the publisher's ocid prefix, when known.
    """
    return f"{PLACEHOLDER_URI}{prefix or 'unknown'}/{name}"


def metadata_warnings(metadata: Mapping[str, Any]) -> list[str]:
    """What a package's metadata still lacks for publication: a real ``uri``, a publisher name.

    Returns:
        One English sentence per problem (empty when the metadata is complete).
    """
    problems = []
    uri = metadata.get("uri")
    if not isinstance(uri, str) or not uri or uri.startswith(PLACEHOLDER_URI):
        problems.append(
            f"no --uri given: the package's uri is the placeholder {uri!r}; give the address where it will be "
            "published"
        )
    publisher = metadata.get("publisher")
    name = publisher.get("name") if isinstance(publisher, Mapping) else None
    if not isinstance(name, str) or not name.strip():
        problems.append("no --publisher-name given: the package's publisher has no name")
    return problems


@cache
def _extension_markers() -> tuple[re.Pattern[bytes], dict[bytes, str]]:
    """A pattern of the JSON keys that only a bundled extension adds (``b'"bids":'``), and key -> extension."""
    from ocds_regency.standard import BUNDLED_EXTENSION_IDS, PROJECT_EXTENSION_IDS, core_schema, load_extension

    core = core_schema("release-schema.json")

    def added(patch: Mapping[str, Any], base: Mapping[str, Any], out: set[str]) -> None:
        properties = base.get("properties") or {}
        for name, sub in (patch.get("properties") or {}).items():
            if sub is None:
                continue
            if name not in properties:
                out.add(name)
            elif isinstance(sub, Mapping):
                added(sub, properties[name], out)
        definitions = base.get("definitions") or {}
        for name, sub in (patch.get("definitions") or {}).items():
            if name in definitions and isinstance(sub, Mapping):
                added(sub, definitions[name], out)

    owner: dict[bytes, str] = {}
    for ext_id in (*BUNDLED_EXTENSION_IDS, *PROJECT_EXTENSION_IDS):
        keys: set[str] = set()
        added(load_extension(ext_id).release_patch, core, keys)
        for key in keys:
            owner.setdefault(key.encode(), ext_id)
    alternatives = b"|".join(re.escape(key) for key in sorted(owner))
    return re.compile(b'"(' + alternatives + b')":'), owner


def extensions_used(data: bytes, found: set[str] | None = None) -> set[str]:
    """The ids of the bundled extensions whose fields appear in serialised OCDS data.

    A key in compact JSON text (as ocds-regency writes it: no space before the colon) is a quoted name
    followed by a colon, which can't occur inside a string value (its quotes would be escaped), so one
    pass of a byte pattern is exact.

    Args:
        data: compact JSON text of releases, records or packages.
        found: ids already found (updated in place and returned).
    """
    found = set() if found is None else found
    pattern, owner = _extension_markers()
    if len(found) < len(set(owner.values())):
        found.update(owner[key] for key in set(pattern.findall(data)))
    return found


def extension_urls_in(ids: Iterable[str]) -> list[str]:
    """The URLs to declare for bundled extension ids, in the bundled order."""
    from ocds_regency.standard import BUNDLED_EXTENSION_IDS, PROJECT_EXTENSION_IDS, load_extension

    wanted = set(ids)
    urls = []
    for ext_id in (*BUNDLED_EXTENSION_IDS, *PROJECT_EXTENSION_IDS):
        if ext_id in wanted:
            url = load_extension(ext_id).url
            if url:
                urls.append(url)
    return urls


class PackageMetadataBuilder:
    """Collect package metadata from input packages and the caller's settings.

    Args:
        uri: the output package's ``uri``.
        published_date: its ``publishedDate`` (default: now, in UTC).
        version: its ``version`` (default: :data:`~ocds_regency.standard.OCDS_PACKAGE_VERSION`).
        publisher: its ``publisher`` (default: the last input package's).
    """

    def __init__(
        self,
        *,
        uri: str = "",
        published_date: str | None = None,
        version: str = OCDS_PACKAGE_VERSION,
        publisher: Mapping[str, Any] | None = None,
    ) -> None:
        self.uri = uri
        self.published_date = published_date if published_date is not None else _now()
        self.version = version
        self.publisher = dict(publisher) if publisher else None
        self._publisher: Any = None
        self._license: Any = None
        self._policy: Any = None
        self._extensions: dict[str, None] = {}
        self._packages: list[str] = []

    def add(self, package: Mapping[str, Any], *, kind: str = "release package") -> None:
        """Take the metadata of one input package (without its releases or records)."""
        if "publisher" in package:
            self._publisher = package["publisher"]
        if "license" in package:
            self._license = package["license"]
        if "publicationPolicy" in package:
            self._policy = package["publicationPolicy"]
        extensions = package.get("extensions")
        if isinstance(extensions, list):
            self._extensions.update(dict.fromkeys(str(extension) for extension in extensions))
        uri = package.get("uri")
        if uri and kind == "release package":
            self._packages.append(str(uri))

    def add_extensions(self, urls: Iterable[str]) -> None:
        """Declare more extensions (after those of the input packages)."""
        self._extensions.update(dict.fromkeys(urls))

    @property
    def extensions(self) -> list[str]:
        """The ordered union of the input packages' extensions."""
        return list(self._extensions)

    def metadata(self, *, record_package: bool = True) -> JSONObject:
        """Return the output package's metadata, in the usual field order (without releases/records)."""
        publisher = self.publisher or self._publisher or {"name": ""}
        out: JSONObject = {"uri": self.uri, "publisher": publisher, "publishedDate": self.published_date}
        if self._license is not None:
            out["license"] = self._license
        if self._policy is not None:
            out["publicationPolicy"] = self._policy
        out["version"] = self.version
        if self._extensions:
            out["extensions"] = list(self._extensions)
        if record_package and self._packages:
            out["packages"] = list(self._packages)
        return out


def linked_release(release: Mapping[str, Any], package_uri: str) -> JSONObject:
    """Return the linked-release form of a release: ``{"url": <package uri>#<release id>, "date", "tag"}``."""
    linked: JSONObject = {"url": f"{package_uri}#{release.get('id')}"}
    if "date" in release:
        linked["date"] = release["date"]
    if "tag" in release:
        linked["tag"] = release["tag"]
    return linked


def make_record(
    ocid: str,
    releases: Sequence[JSONObject],
    compiled: JSONObject | None,
    versioned: JSONObject | None = None,
    *,
    package_uris: Sequence[str] | None = None,
) -> JSONObject:
    """Build a record: ``ocid``, ``releases`` (embedded, or linked where a package URI is given),
    ``compiledRelease`` and optionally ``versionedRelease``.

    Args:
        ocid: the contracting process.
        releases: its releases, in input order.
        compiled: its compiled release.
        versioned: its versioned release, if wanted.
        package_uris: for each release, the URI of its package (``""`` to embed it); ``None`` embeds all.
    """
    if package_uris is None:
        listed: list[JSONObject] = list(releases)
    else:
        listed = [
            linked_release(release, uri) if uri else release
            for release, uri in zip(releases, package_uris, strict=True)
        ]
    record: JSONObject = {"ocid": ocid, "releases": listed}
    if compiled is not None:
        record["compiledRelease"] = compiled
    if versioned is not None:
        record["versionedRelease"] = versioned
    return record


def record_bytes(
    ocid: str,
    releases: Sequence[bytes | JSONObject],
    compiled: bytes | None,
    versioned: bytes | None = None,
) -> bytes:
    """Serialise a record from already serialised parts (releases are copied byte for byte)."""
    parts = [b'{"ocid":', orjson.dumps(ocid), b',"releases":[']
    parts.append(b",".join(item.strip() if isinstance(item, bytes) else dumps(item) for item in releases))
    parts.append(b"]")
    if compiled is not None:
        parts.append(b',"compiledRelease":')
        parts.append(compiled)
    if versioned is not None:
        parts.append(b',"versionedRelease":')
        parts.append(versioned)
    parts.append(b"}")
    return b"".join(parts)


def release_package(releases: Iterable[JSONObject], metadata: Mapping[str, Any]) -> JSONObject:
    """Return a release package: ``metadata`` (see :meth:`PackageMetadataBuilder.metadata`) plus ``releases``."""
    package = {key: value for key, value in metadata.items() if key != "packages"}
    package["releases"] = list(releases)
    return package


def record_package(records: Iterable[JSONObject], metadata: Mapping[str, Any]) -> JSONObject:
    """Return a record package: ``metadata`` plus ``records``."""
    package = dict(metadata)
    package["records"] = list(records)
    return package


def compile_package(
    releases: Iterable[Any],
    *,
    versioned: bool = False,
    uri: str | None = None,
    publisher: Mapping[str, Any] | str | None = None,
    published_date: str | None = None,
    extensions: Iterable[str] = (),
    profile: Any = None,
    as_model: bool = False,
) -> Any:
    """Turn releases (dicts, :class:`~ocds_regency.models.Release` models, or release packages) into a
    record package with valid metadata, in one call (like ``ocdskit``'s ``merge(..., return_package=True)``).

    Each contracting process becomes a record with its releases, its compiled release and (with
    ``versioned``) its versioned release, in ocid order. The package declares the extensions of the input
    packages, those named in ``extensions`` and the bundled ones whose fields the records use. A missing
    ``uri`` becomes a valid placeholder (see :func:`metadata_warnings`).

    ```python
    from ocds_regency import compile_package

    package = compile_package(releases, uri="https://example.org/records.json", publisher="Kabupaten Contoh")
    ```

    Args:
        releases: releases (dicts or models), or release packages (dicts or models) whose releases to take.
        versioned: add a versioned release to each record.
        uri: the package's uri.
        publisher: the publisher's name, or a publisher object (``{"name": ..., "uri": ...}``).
        published_date: the package's ``publishedDate`` (default: now).
        extensions: extension URLs to declare besides the ones found.
        profile: the :class:`~ocds_regency.standard.Profile` whose merge rules to use (default: core OCDS
            with the bundled extensions the releases use).
        as_model: return a :class:`~ocds_regency.models.RecordPackage` model instead of a dict.

    Raises:
        MergeError: releases of a process can't be merged (the error names the ocid and the path).
    """
    from ocds_regency.merge import Merger, plain_releases
    from ocds_regency.standard import find_bundled_extension, load_profile

    if isinstance(publisher, str):
        publisher = {"name": publisher}
    builder = PackageMetadataBuilder(
        uri=uri or placeholder_uri("record-package.json"),
        published_date=published_date,
        publisher=publisher or {"name": ""},
    )
    groups: dict[str, list[JSONObject]] = {}
    found: set[str] = set()
    for item in plain_releases(releases):
        if isinstance(item, Mapping) and isinstance(item.get("releases"), list) and "ocid" not in item:
            builder.add({key: value for key, value in item.items() if key != "releases"})
            listed: Iterable[Any] = plain_releases(item["releases"])
        else:
            listed = (item,)
        for release in listed:
            ocid = release.get("ocid") if isinstance(release, Mapping) else None
            groups.setdefault(str(ocid), []).append(release)
            extensions_used(dumps(release), found)
    declared = {ext.id for url in builder.extensions if (ext := find_bundled_extension(url)) is not None}
    builder.add_extensions(extensions)
    builder.add_extensions(extension_urls_in(found - declared))
    if profile is None:
        profile = load_profile(sorted(found))
    merger = Merger(profile=profile)
    records = []
    for ocid in sorted(groups):
        group = groups[ocid]
        if versioned:
            compiled, versioned_release = merger.create_both(group)
        else:
            compiled, versioned_release = merger.create_compiled_release(group), None
        records.append(make_record(ocid, group, compiled, versioned_release))
    package = record_package(records, builder.metadata())
    if as_model:
        from ocds_regency.models import RecordPackage

        return RecordPackage.from_dict(package)
    return package
