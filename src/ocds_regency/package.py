"""Package metadata, records, release packages and record packages, with ocdskit's metadata conventions.

What a package declares besides its releases or records is one value, :class:`PackageMetadata` (``uri``,
``publisher``, ``publishedDate``, ``license``, ``publicationPolicy``, ``version``, ``extensions``), built
once by the caller (the command line builds it from ``--uri``, ``--publisher-name`` ...) and written by
every command that writes packages: ``publish``, ``convert --package``, ``compile --package``, the ocdskit
commands and the Dask runs. :meth:`PackageMetadata.fields` is the one place that turns it into a package's
fields; the OCDS version comes from :data:`~ocds_regency.standard.OCDS_PACKAGE_VERSION`.

Metadata gathered from input packages (:class:`PackageMetadataBuilder`, for ``compile``):

* ``publisher``, ``license``, ``publicationPolicy``: the caller's value, else the last input package that
  has one;
* ``extensions``: the ordered union of the input packages' extensions, then the caller's;
* ``packages`` (record packages): the ``uri`` of every input release package, in input order.

Empty ``extensions`` / ``packages`` and missing ``license`` / ``publicationPolicy`` are left out. Where
ocdskit leaves ``publishedDate`` empty and ``publisher`` as ``{}``, we default to the current time and
``{"name": ""}`` so that the package validates against the schema. A missing ``uri`` becomes a valid
placeholder (``urn:ocds-regency:PREFIX/NAME``); :func:`metadata_warnings` says what the publisher should
still give.

When the releases come without a package (JSON Lines of releases), :func:`extensions_used` finds the
bundled extensions whose fields they use, so that the output package declares them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import cache
from typing import Any

import orjson

from ocds_regency.errors import OcdsRegencyError
from ocds_regency.standard import OCDS_PACKAGE_VERSION
from ocds_regency.types import JSONObject
from ocds_regency.write import dumps

__all__ = [
    "PLACEHOLDER_URI",
    "MetadataError",
    "PackageMetadata",
    "PackageMetadataBuilder",
    "Publisher",
    "compile_package",
    "extension_urls_in",
    "extensions_used",
    "linked_release",
    "make_record",
    "metadata_warnings",
    "now",
    "record_bytes",
    "record_package",
    "release_package",
]


def now() -> str:
    """The current time in UTC, to the second, as a package's ``publishedDate`` (``2025-11-04T01:00:00Z``)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


#: The start of every placeholder package ``uri`` (a URN: valid, but a sign that no ``--uri`` was given).
PLACEHOLDER_URI = "urn:ocds-regency:"

#: The characters a ``uri`` ends with when it is a base that file names are appended to.
_BASE_ENDINGS = ("/", "#", ":")

_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})")
_EXAMPLE_DATE = "2025-11-04T08:00:00+07:00"


class MetadataError(OcdsRegencyError, ValueError):
    """A package metadata value is unusable (a ``publishedDate`` that is not an RFC 3339 date-time)."""


@dataclass(frozen=True, slots=True)
class Publisher:
    """A package's ``publisher``: its name and, optionally, web address and identifier.

    Attributes:
        name: e.g. ``"Pemerintah Kabupaten Contoh"`` (empty when unknown, which the validator reports).
        uri: the publisher's web address.
        scheme: the identifier scheme (an org-id.guide list code).
        uid: the publisher's identifier in that scheme.
    """

    name: str = ""
    uri: str | None = None
    scheme: str | None = None
    uid: str | None = None

    def as_json(self) -> JSONObject:
        """The ``publisher`` object: ``name``, then ``uri``, ``scheme`` and ``uid`` when given (ocdskit's order)."""
        out: JSONObject = {"name": self.name}
        for key, value in (("uri", self.uri), ("scheme", self.scheme), ("uid", self.uid)):
            if value:
                out[key] = value
        return out


@dataclass(frozen=True, slots=True)
class PackageMetadata:
    """What the packages written by a run declare besides their releases or records.

    ```python
    metadata = PackageMetadata(
        uri="https://data.contoh.go.id/ocds/2025/",
        publisher=Publisher("Pemerintah Kabupaten Contoh"),
        license="https://creativecommons.org/licenses/by/4.0/",
    )
    metadata.package_uri("record-package.json")   # 'https://data.contoh.go.id/ocds/2025/record-package.json'
    ```

    Attributes:
        uri: where the packages are served. A base (ending in ``/``, ``#`` or ``:``) gets each file's name
            appended; any other address is the uri of the one package written (a run writing several files
            makes it a base by adding ``/``). ``None``: a ``urn:ocds-regency:PREFIX/`` placeholder.
        publisher: the publisher; ``None``: the input packages' (``compile``), else one with no name.
        published_date: ``publishedDate`` (RFC 3339); ``None``: now (see :meth:`dated`), or for
            ``convert``, the newest release date.
        license: the data licence URL, if any.
        publication_policy: the publication policy URL, if any.
        version: the OCDS version declared (default :data:`~ocds_regency.standard.OCDS_PACKAGE_VERSION`).
        extensions: extension URLs to declare, besides those the data needs (which each writer adds).
    """

    uri: str | None = None
    publisher: Publisher | None = None
    published_date: str | None = None
    license: str | None = None
    publication_policy: str | None = None
    version: str = OCDS_PACKAGE_VERSION
    extensions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.published_date is not None:
            _check_date(self.published_date)
        if not isinstance(self.extensions, tuple):
            object.__setattr__(self, "extensions", tuple(self.extensions))

    def dated(self) -> PackageMetadata:
        """This metadata with ``published_date`` set (to now, when not given): one date for every file."""
        return self if self.published_date else replace(self, published_date=now())

    def base(self, prefix: str | None = None) -> str:
        """The base URL that file names are appended to (a placeholder with ``prefix`` when no ``uri``)."""
        if not self.uri:
            return f"{PLACEHOLDER_URI}{prefix or 'unknown'}/"
        return self.uri if self.uri.endswith(_BASE_ENDINGS) else self.uri + "/"

    def package_uri(self, name: str, prefix: str | None = None) -> str:
        """The ``uri`` of the package written as the file ``name``.

        Args:
            name: the file name, e.g. ``"record-package.json"``.
            prefix: the publisher's ocid prefix, for the placeholder when no ``uri`` was given.
        """
        if self.uri and not self.uri.endswith(_BASE_ENDINGS):
            return self.uri
        return self.base(prefix) + name

    def fields(
        self,
        uri: str,
        *,
        extensions: Iterable[str] = (),
        packages: Sequence[str] = (),
        inherited: Mapping[str, Any] | None = None,
    ) -> JSONObject:
        """The package's metadata fields, in ocdskit's order (``uri``, ``publisher``, ``publishedDate``,
        ``license``, ``publicationPolicy``, ``version``, ``extensions``, ``packages``).

        Args:
            uri: the package's uri (see :meth:`package_uri`).
            extensions: extension URLs the data needs, declared after :attr:`extensions`.
            packages: for a record package, the uris of the release packages it links to.
            inherited: fields of the input packages, used where this metadata gives none (``publisher``,
                ``license``, ``publicationPolicy``; their ``extensions`` come first).
        """
        inherited = inherited or {}
        publisher = self.publisher.as_json() if self.publisher is not None else inherited.get("publisher")
        out: JSONObject = {
            "uri": uri,
            "publisher": publisher if publisher is not None else {"name": ""},
            "publishedDate": self.published_date or now(),
        }
        license_url = self.license or inherited.get("license")
        if license_url is not None:
            out["license"] = license_url
        policy = self.publication_policy or inherited.get("publicationPolicy")
        if policy is not None:
            out["publicationPolicy"] = policy
        out["version"] = self.version
        declared = dict.fromkeys([*inherited.get("extensions", ()), *self.extensions, *extensions])
        if declared:
            out["extensions"] = list(declared)
        if packages:
            out["packages"] = list(packages)
        return out


def metadata_warnings(metadata: Mapping[str, Any]) -> list[str]:
    """What a package's metadata still lacks for publication: a real ``uri``, a publisher name.

    Returns:
        One English sentence per problem (empty when the metadata is complete).
    """
    problems = []
    uri = metadata.get("uri")
    if not isinstance(uri, str) or not uri or uri.startswith(PLACEHOLDER_URI):
        problems.append(
            f"no --uri given: the package's uri is the placeholder {uri!r}; give the address where it will be published"
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
    # The keys as a tree of alternatives (b(?:ids|udgetBreakdown)|...), behind a look-ahead for their first
    # letters: at each quote of the text the pattern tries one branch, not every key (a third less CPU).
    firsts = re.escape(bytes(sorted({key[0] for key in owner})))
    return re.compile(b'"(?=[' + firsts + b"])(" + _alternatives(sorted(owner)) + b')":'), owner


def _alternatives(keys: list[bytes]) -> bytes:
    """A pattern matching exactly ``keys`` (sorted, non-empty), their common starts factored out."""
    branches: dict[bytes, list[bytes]] = {}
    for key in keys:
        branches.setdefault(key[:1], []).append(key[1:])
    optional = branches.pop(b"", None) is not None  # one key is a prefix of the others
    parts = [re.escape(first) + (_alternatives(rest) if rest != [b""] else b"") for first, rest in branches.items()]
    if len(parts) == 1 and not optional:
        return parts[0]
    return b"(?:" + b"|".join(parts) + b")" + (b"?" if optional else b"")


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


def _check_date(value: str) -> None:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None or not _RFC3339.fullmatch(value):
        raise MetadataError(
            f"published date must be an RFC 3339 date-time with an offset, like {_EXAMPLE_DATE}: {value!r}"
        )


class PackageMetadataBuilder:
    """Collect package metadata from input packages, under the caller's :class:`PackageMetadata`.

    Args:
        given: the caller's metadata; what it leaves out is taken from the input packages (see the module).
        uri: the output package's ``uri`` (default: the one ``given`` makes for ``record-package.json``).
    """

    def __init__(self, given: PackageMetadata | None = None, *, uri: str | None = None) -> None:
        self.given = (given or PackageMetadata()).dated()
        self.uri = uri if uri is not None else self.given.package_uri("record-package.json")
        self._inherited: JSONObject = {}
        self._extensions: dict[str, None] = {}
        self._packages: list[str] = []

    def add(self, package: Mapping[str, Any], *, kind: str = "release package") -> None:
        """Take the metadata of one input package (without its releases or records)."""
        for key in ("publisher", "license", "publicationPolicy"):
            if key in package:
                self._inherited[key] = package[key]
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
        """The ordered union of the input packages' extensions (and those added)."""
        return list(self._extensions)

    def metadata(self, *, record_package: bool = True) -> JSONObject:
        """Return the output package's metadata, in the usual field order (without releases/records)."""
        return self.given.fields(
            self.uri,
            packages=self._packages if record_package else (),
            inherited={**self._inherited, "extensions": list(self._extensions)},
        )


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
    metadata: PackageMetadata | None = None,
    *,
    versioned: bool = False,
    profile: Any = None,
    as_model: bool = False,
) -> Any:
    """Turn releases (dicts, :class:`~ocds_regency.models.Release` models, or release packages) into a
    record package with valid metadata, in one call (like ``ocdskit``'s ``merge(..., return_package=True)``).

    Each contracting process becomes a record with its releases, its compiled release and (with
    ``versioned``) its versioned release, in ocid order. The package declares the extensions of the input
    packages, those of ``metadata`` and the bundled ones whose fields the records use. A missing ``uri``
    becomes a valid placeholder (see :func:`metadata_warnings`).

    ```python
    from ocds_regency import compile_package
    from ocds_regency.package import PackageMetadata, Publisher

    metadata = PackageMetadata(uri="https://example.org/records.json", publisher=Publisher("Kabupaten Contoh"))
    package = compile_package(releases, metadata)
    ```

    Args:
        releases: releases (dicts or models), or release packages (dicts or models) whose releases to take.
        metadata: the package's metadata; what it leaves out comes from the input packages (publisher,
            licence ...), ``publishedDate`` defaults to now.
        versioned: add a versioned release to each record.
        profile: the :class:`~ocds_regency.standard.Profile` whose merge rules to use (default: core OCDS
            with the bundled extensions the releases use).
        as_model: return a :class:`~ocds_regency.models.RecordPackage` model instead of a dict.

    Raises:
        MergeError: releases of a process can't be merged (the error names the ocid and the path).
    """
    from ocds_regency.merge import Merger, plain_releases
    from ocds_regency.standard import find_bundled_extension, load_profile

    builder = PackageMetadataBuilder(metadata)
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
    declared |= {ext.id for url in builder.given.extensions if (ext := find_bundled_extension(url)) is not None}
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
